// A small complete Program for tests: C[16,3] = A[16,32]·B[32,3] (DeepBench gemm M=16, N=3, K=32) on the default
// ISA, with layouts (A as weights, B as inputs, C channel-packed), a compressed blocked GEMM and a clamping
// epilogue. `clamp` false leaves the epilogue out, which makes the program wrong.
#pragma once

#include "inlay/ir/spec_reader.h"
#include "inlay/program/program.h"

namespace inlay::test {

inline Program smallGemmProgram(bool clamp = true) {
  Program p;
  p.isa = defaultIsa();
  p.op = parseOperators(R"({"name": "g", "op": "gemm", "shape": {"M": 16, "N": 3, "K": 32}})", "<test>").at(0);
  p.strategy = "";
  auto d = [](int i) { return QuasiAffine::coord(i); };

  Layout a{"A", {16, 32}, 1, {"kb", "o", "c"}, {2, 16, 16}, {d(1), 16 * d(0) + d(2)}};
  Layout b{"B", {32, 3}, 1, {"n", "kb", "c"}, {3, 2, 16}, {16 * d(1) + d(2), d(0)}};
  Layout c{"C", {16, 3}, 1, {"n", "o"}, {3, 16}, {d(1), d(0)}};
  p.buffers = {{"uops", BufferRole::Uop, MemType::Uop, 0, 12, std::nullopt, ""},
               {"A", BufferRole::Weight, MemType::Wgt, 4096, 512, a, "A"},
               {"B", BufferRole::Input, MemType::Inp, 8192, 96, b, "B"},
               {"C", BufferRole::Output, MemType::Out, 12288, 48, c, "C"}};
  p.dramBytes = 16384;
  // Compressed blocked GEMM: uop r (batch row n) = dst r, src 2r; iter_out walks the 2 K blocks.
  p.uops = {{0, 0, 0}, {1, 2, 0}, {2, 4, 0}};
  auto mem = [](Opcode opcode, MemType t, uint32_t dram, uint32_t x, DepFlags dep) {
    MemInsn m;
    m.opcode = opcode;
    m.memType = t;
    m.dramBase = dram;
    m.ySize = 1;
    m.xSize = x;
    m.dep = dep;
    return m;
  };
  auto loop = [](AluOp op, int32_t imm, DepFlags dep) {
    AluInsn insn;
    insn.op = op;
    insn.useImm = true;
    insn.imm = imm;
    insn.loop = {0, 1, 1, 3, 0, 1, 0, 1};
    insn.dep = dep;
    return insn;
  };
  p.insns.push_back(mem(Opcode::Load, MemType::Uop, 0, 3, {}));
  p.insns.push_back(mem(Opcode::Load, MemType::Inp, 8192 / 16, 6, {}));
  p.insns.push_back(mem(Opcode::Load, MemType::Wgt, 4096 / 256, 2, {false, false, false, true}));
  GemmInsn g;
  g.loop = {0, 3, 2, 1, 0, 1, 1, 0};
  g.wgtFactorOut = 1;
  g.wgtFactorIn = 2;
  g.dep = {true, false, false, !clamp};
  p.insns.push_back(g);
  if (clamp) {
    p.insns.push_back(loop(AluOp::Min, 127, {}));
    p.insns.push_back(loop(AluOp::Max, -128, {false, false, false, true}));
  }
  p.insns.push_back(mem(Opcode::Store, MemType::Out, 12288 / 16, 3, {true, false, false, false}));
  p.insns.push_back(FinishInsn{});
  return p;
}

/// `p` with its Output buffer moved to DRAM byte `offset` (a multiple of 4 KiB beyond the other buffers) and every
/// STORE following it: the same computation in a DRAM image that ends at `offset` + 4 KiB.
inline Program withOutputAt(Program p, uint64_t offset) {
  for (DramBuffer& b : p.buffers) {
    if (b.role != BufferRole::Output) continue;
    const uint64_t shift = (offset - b.offset) / static_cast<uint64_t>(p.isa.outElemBytes());
    for (Instruction& insn : p.insns)
      if (auto* m = std::get_if<MemInsn>(&insn); m && m->opcode == Opcode::Store)
        m->dramBase += static_cast<uint32_t>(shift);
    b.offset = offset;
    p.dramBytes = offset + kDramPageBytes;
  }
  return p;
}

}  // namespace inlay::test

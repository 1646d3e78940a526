// Helpers for hand-built simulator programs: instruction constructors, a DRAM image builder and an int8 matrix
// model, so that each test states its program and computes its expected output independently of the simulator.
#pragma once

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "inlay/isa/encoding.h"
#include "inlay/program/program.h"
#include "inlay/sim/simulator.h"

namespace inlay::test {

inline DepFlags deps(bool popPrev, bool popNext, bool pushPrev, bool pushNext) {
  return DepFlags{popPrev, popNext, pushPrev, pushNext};
}

inline MemInsn load(MemType t, uint32_t sram, uint32_t dram, uint32_t y, uint32_t x, uint32_t stride,
                    DepFlags dep = {}) {
  MemInsn m;
  m.opcode = Opcode::Load;
  m.memType = t;
  m.sramBase = sram;
  m.dramBase = dram;
  m.ySize = y;
  m.xSize = x;
  m.xStride = stride;
  m.dep = dep;
  return m;
}

inline MemInsn store(uint32_t sram, uint32_t dram, uint32_t y, uint32_t x, uint32_t stride, DepFlags dep = {}) {
  MemInsn m = load(MemType::Out, sram, dram, y, x, stride, dep);
  m.opcode = Opcode::Store;
  return m;
}

inline MemInsn nop(Module module, DepFlags dep) {
  MemInsn m = load(module == Module::Load ? MemType::Inp : MemType::Uop, 0, 0, 0, 0, 0, dep);
  if (module == Module::Store) {
    m.opcode = Opcode::Store;
    m.memType = MemType::Out;
  }
  return m;
}

inline GemmInsn gemm(uint32_t bgn, uint32_t end, uint32_t iterOut, uint32_t iterIn, uint32_t dstOut, uint32_t dstIn,
                     uint32_t srcOut, uint32_t srcIn, uint32_t wgtOut, uint32_t wgtIn, DepFlags dep = {},
                     bool reset = false) {
  GemmInsn g;
  g.dep = dep;
  g.resetReg = reset;
  g.loop = {bgn, end, iterOut, iterIn, dstOut, dstIn, srcOut, srcIn};
  g.wgtFactorOut = wgtOut;
  g.wgtFactorIn = wgtIn;
  return g;
}

inline AluInsn alu(AluOp op, uint32_t bgn, uint32_t end, uint32_t iterIn, uint32_t dstIn, uint32_t srcIn,
                   std::optional<int32_t> imm, DepFlags dep = {}) {
  AluInsn a;
  a.dep = dep;
  a.op = op;
  a.loop = {bgn, end, 1, iterIn, 0, dstIn, 0, srcIn};
  a.useImm = imm.has_value();
  a.imm = imm.value_or(0);
  return a;
}

/// A program over a flat DRAM of fixed regions (byte offsets, 4 KiB aligned): the uop image, then free space.
struct HandProgram {
  static constexpr uint64_t kUopBase = 0;  // uop image; dram_base of LOAD UOP counts 4-byte uops
  Program program;
  std::vector<uint8_t> dram;

  explicit HandProgram(Isa isa = defaultIsa(), uint64_t dramBytes = 1 << 20) {
    program.isa = std::move(isa);
    program.dramBytes = dramBytes;
    dram.assign(dramBytes, 0);
  }
  void setUops(const std::vector<Uop>& uops) {
    program.uops = uops;
    for (size_t k = 0; k < uops.size(); ++k) {
      uint32_t w = encodeUop(uops[k], program.isa);
      std::memcpy(dram.data() + kUopBase + 4 * k, &w, 4);
    }
  }
  void add(const Instruction& insn) { program.insns.push_back(insn); }
  SimResult run(const SimOptions& options = {}) { return simulate(program, dram, options); }
  /// Runs a fresh copy of the initial DRAM; the receiver keeps its initial state.
  std::pair<SimResult, std::vector<uint8_t>> runCopy(const SimOptions& options = {}) const {
    std::vector<uint8_t> copy = dram;
    SimResult r = simulate(program, copy, options);
    return {r, copy};
  }
};

inline std::vector<int8_t> randomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(rng() >> 56);
  return v;
}

}  // namespace inlay::test

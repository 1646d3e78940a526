// A hand-assembled program that obeys every rule of the program checks (sim/program_checks.h), and copies of it that
// each break one, for the checks' tests here and `inlay sim`'s in tests/cli: smallGemmProgram's C = A·B (M=16, N=3,
// K=32) computed in its two K blocks, the second reusing the INP and WGT slots of the first, so that it needs a
// token for each kind of hazard: RAW load → compute (l2g), WAR compute → load (g2l), RAW compute → store (g2s), and
// the store ordered before FINISH (s2g). Between the two blocks the load module spends a while on a load whose
// data no GEMM reads (as a prefetch would), so that under the timed schedule the first GEMM has read its INP before
// the second block overwrites it: without the WAR token the race is real, but this run's output does not show it.
#pragma once

#include <string>

#include "inlay/program/program.h"
#include "program/small_gemm_program.h"

namespace inlay::test {

/// The instructions by index (what each break names).
enum KSplitInsn : int64_t {
  kLoadUop = 0,
  kLoadInp0 = 1,
  kLoadWgt0 = 2,  // push_next (l2g) → kGemm0
  kGemm0 = 3,     // pop_prev; push_prev (g2l) → kLoadInp1
  kSlowLoad = 4,  // 64 rows into INP[16, 272), which no GEMM reads
  kLoadInp1 = 5,  // pop_next: overwrites the INP that kGemm0 reads
  kLoadWgt1 = 6,  // push_next (l2g) → kGemm1
  kGemm1 = 7,     // pop_prev
  kMin = 8,
  kMax = 9,     // push_next (g2s) → kStore
  kStore = 10,  // pop_prev; push_prev (s2g) → kFinish
  kFinish = 11
};

inline Program kSplitProgram() {
  Program p = smallGemmProgram();
  p.strategy = "";
  p.uops = {{0, 0, 0}, {1, 1, 0}, {2, 2, 0}};  // batch row n: ACC n, INP n, WGT 0
  p.buffers[2].bytes = 4096;                   // B: room for the slow load's rows past the packed tensor
  auto mem = [](Opcode opcode, MemType t, uint32_t dram, uint32_t y, uint32_t x, uint32_t stride, DepFlags dep) {
    MemInsn m;
    m.opcode = opcode;
    m.memType = t;
    m.dramBase = dram;
    m.ySize = y;
    m.xSize = x;
    m.xStride = stride;
    m.dep = dep;
    return m;
  };
  // INP element (n, kb) of B is at n·2 + kb: the K block kb is 3 rows of 1 element, stride 2. WGT element kb of A.
  auto loadInp = [&](uint32_t kb, DepFlags dep) {
    return mem(Opcode::Load, MemType::Inp, 8192 / 16 + kb, 3, 1, 2, dep);
  };
  auto loadWgt = [&](uint32_t kb, DepFlags dep) {
    return mem(Opcode::Load, MemType::Wgt, 4096 / 256 + kb, 1, 1, 1, dep);
  };
  auto gemm = [](DepFlags dep) {
    GemmInsn g;
    g.loop = {0, 3, 1, 1, 0, 0, 0, 0};
    g.dep = dep;
    return g;
  };
  auto clamp = [](AluOp op, int32_t imm, DepFlags dep) {
    AluInsn a;
    a.op = op;
    a.useImm = true;
    a.imm = imm;
    a.loop = {0, 1, 1, 3, 0, 1, 0, 1};
    a.dep = dep;
    return a;
  };
  p.insns = {mem(Opcode::Load, MemType::Uop, 0, 1, 3, 3, {}),
             loadInp(0, {}),
             loadWgt(0, {false, false, false, true}),
             gemm({true, false, true, false}),
             mem(Opcode::Load, MemType::Inp, 8192 / 16, 64, 4, 4, {}),
             loadInp(1, {false, true, false, false}),
             loadWgt(1, {false, false, false, true}),
             gemm({true, false, false, false}),
             clamp(AluOp::Min, 127, {}),
             clamp(AluOp::Max, -128, {false, false, false, true}),
             mem(Opcode::Store, MemType::Out, 12288 / 16, 1, 3, 3, {true, false, true, false}),
             FinishInsn{{false, true, false, false}}};
  std::get<MemInsn>(p.insns[kSlowLoad]).sramBase = 16;
  return p;
}

inline DepFlags& depsOf(Program& p, int64_t insn) {
  return std::visit([](auto& x) -> DepFlags& { return x.dep; }, p.insns[static_cast<size_t>(insn)]);
}

/// The WAR token removed: kLoadInp1 may overwrite the INP that kGemm0 has not read yet.
inline Program kSplitMissingWar() {
  Program p = kSplitProgram();
  depsOf(p, kGemm0).pushPrev = false;
  depsOf(p, kLoadInp1).popNext = false;
  return p;
}

/// The first RAW token removed: kGemm0 may read INP and WGT before the loads wrote them (l2g stays balanced).
inline Program kSplitMissingRaw() {
  Program p = kSplitProgram();
  depsOf(p, kLoadWgt0).pushNext = false;
  depsOf(p, kGemm0).popPrev = false;
  return p;
}

/// The s2g pair removed: FINISH may come before the STORE completes.
inline Program kSplitFinishBeforeStore() {
  Program p = kSplitProgram();
  depsOf(p, kStore).pushPrev = false;
  depsOf(p, kFinish).popNext = false;
  return p;
}

/// An extra g2l push that no load pops: a token left in the queue for whatever runs next.
inline Program kSplitUnbalanced() {
  Program p = kSplitProgram();
  depsOf(p, kGemm1).pushPrev = true;
  return p;
}

}  // namespace inlay::test

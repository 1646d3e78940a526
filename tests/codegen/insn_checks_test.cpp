// The program checks (sim/program_checks.h, plus insn_checks.h's page rule for generated programs): clean on a real
// program, and each rule caught on a hand-corrupted copy of it, at the corrupted instruction, so that the checks
// cannot pass silently; the analytic accumulator-hazard search against brute force.
#include <doctest/doctest.h>

#include <functional>
#include <random>

#include "inlay/codegen/generate.h"
#include "inlay/sim/simulator.h"
#include "insn_checks.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

/// A padded, strided conv in two output tiles: INP loads with zero padding, WGT loads, reset GEMMs, GEMMs, the ALU
/// epilogue, stores and every token queue in use.
const Program& realProgram() {
  static const Program program = [] {
    ConvShape s;
    s.c = 40, s.h = 12, s.w = 12, s.k = 48, s.r = 3, s.s = 3, s.sh = 2, s.ph = s.pw = 1, s.shift = 5;
    return generate(makeConv(s), defaultIsa(), Strategy::Fixed).program;
  }();
  return program;
}

int64_t findInsn(const Program& p, const std::function<bool(const Instruction&)>& pred, bool last = false) {
  const auto n = static_cast<int64_t>(p.insns.size());
  for (int64_t k = 0; k < n; ++k) {
    const int64_t i = last ? n - 1 - k : k;
    if (pred(p.insns[static_cast<size_t>(i)])) return i;
  }
  FAIL("no such instruction");
  return -1;
}

bool isGemm(const Instruction& x, bool reset) {
  const auto* g = std::get_if<GemmInsn>(&x);
  return g && g->resetReg == reset;
}
bool isLoad(const Instruction& x, MemType t, bool padded = false) {
  const auto* m = std::get_if<MemInsn>(&x);
  return m && m->opcode == Opcode::Load && m->memType == t && m->xSize > 0 && (!padded || m->yPad0 || m->xPad0);
}
bool isStore(const Instruction& x) {
  const auto* m = std::get_if<MemInsn>(&x);
  return m && m->opcode == Opcode::Store && m->xSize > 0;
}
MemInsn& mem(Program& p, int64_t i) { return std::get<MemInsn>(p.insns[static_cast<size_t>(i)]); }
GemmInsn& gemm(Program& p, int64_t i) { return std::get<GemmInsn>(p.insns[static_cast<size_t>(i)]); }
AluInsn& alu(Program& p, int64_t i) { return std::get<AluInsn>(p.insns[static_cast<size_t>(i)]); }
DepFlags& dep(Program& p, int64_t i) {
  return std::visit([](auto& x) -> DepFlags& { return x.dep; }, p.insns[static_cast<size_t>(i)]);
}

int64_t firstGemm(const Program& p) {
  return findInsn(p, [](const Instruction& x) { return isGemm(x, false); });
}
int64_t firstAlu(const Program& p) {
  return findInsn(p, [](const Instruction& x) { return std::holds_alternative<AluInsn>(x); });
}

/// A corruption of the real program, the rule that must catch it and where (-1: a program-level rule).
struct Corruption {
  const char* what;
  const char* rule;
  std::function<int64_t(Program&)> apply;  // corrupts, returns the instruction the violation must name
};

}  // namespace

TEST_CASE("insn checks: a real program passes, and each rule catches its corruption at the instruction") {
  const Program& real = realProgram();
  {
    const std::vector<InsnViolation> v = findGeneratedViolations(real);
    std::string text;
    for (const InsnViolation& x : v) text += "\n" + describeViolation(real, x);
    REQUIRE_MESSAGE(v.empty(), text);
  }
  const Isa& isa = real.isa;
  const std::vector<Corruption> corruptions{
      // Loop counts: two affine loops, each 1..16383.
      {"GEMM iter_out 16384", rule::kLoopIterations,
       [](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.iterOut = 16384;
         return i;
       }},
      {"GEMM iter_in 0", rule::kLoopIterations,
       [](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.iterIn = 0;
         return i;
       }},
      {"ALU iter_in 16384", rule::kLoopIterations,
       [](Program& p) {
         const int64_t i = firstAlu(p);
         alu(p, i).loop.iterIn = 16384;
         return i;
       }},
      // Micro-op ranges and indices.
      {"GEMM uop_end past the micro-op buffer", rule::kUopRange,
       [&](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.uopEnd = static_cast<uint32_t>(isa.uopDepth() + 1);
         return i;
       }},
      {"GEMM empty uop range", rule::kUopRange,
       [](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.uopEnd = gemm(p, i).loop.uopBgn;
         return i;
       }},
      {"GEMM uops from slots never loaded", rule::kUopLoaded,
       [&](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.uopBgn = static_cast<uint32_t>(isa.uopDepth() - 1);
         gemm(p, i).loop.uopEnd = static_cast<uint32_t>(isa.uopDepth());
         return i;
       }},
      {"GEMM dst beyond the ACC depth", rule::kUopIndex,
       [&](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.iterOut = 3;
         gemm(p, i).loop.dstFactorOut = static_cast<uint32_t>(isa.accDepth() - 1);
         return i;
       }},
      {"GEMM writes one ACC index twice in a row", rule::kAccHazard,
       [](Program& p) {
         const int64_t i = firstGemm(p);
         UopLoop& l = gemm(p, i).loop;
         l.uopEnd = l.uopBgn + 1, l.iterOut = 1, l.iterIn = 2, l.dstFactorIn = 0;
         return i;
       }},
      {"a reset GEMM writes one ACC index twice in a row", rule::kAccHazard,
       [](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isGemm(x, true); });
         UopLoop& l = gemm(p, i).loop;
         l.uopEnd = l.uopBgn + 1, l.iterOut = 1, l.iterIn = 3, l.dstFactorIn = 0;
         return i;
       }},
      {"ALU writes one ACC index twice in a row", rule::kAccHazard,
       [](Program& p) {
         const int64_t i = firstAlu(p);
         UopLoop& l = alu(p, i).loop;
         l.uopEnd = l.uopBgn + 1, l.iterOut = 2, l.iterIn = 1, l.dstFactorOut = 0;
         return i;
       }},
      {"ALU MUL without aluMul", rule::kAluOp,
       [](Program& p) {
         const int64_t i = firstAlu(p);
         alu(p, i).op = AluOp::Mul;
         return i;
       }},
      // DMA: pads ≤ 15, never on WGT or STORE; memory types; SRAM and DRAM bounds.
      {"INP pad 16", rule::kDmaPad,
       [](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isLoad(x, MemType::Inp, true); });
         mem(p, i).xPad0 = 16;
         return i;
       }},
      {"WGT pad", rule::kDmaPadType,
       [](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isLoad(x, MemType::Wgt); });
         mem(p, i).yPad1 = 1;
         p.isa.padWgt = true;  // VTA's load module never pads WGT, whatever the ISA file says
         return i;
       }},
      {"STORE pad", rule::kDmaPadType,
       [](Program& p) {
         const int64_t i = findInsn(p, isStore);
         mem(p, i).xPad1 = 1;
         return i;
       }},
      {"STORE from ACC", rule::kDmaType,
       [](Program& p) {
         const int64_t i = findInsn(p, isStore);
         mem(p, i).memType = MemType::Acc;
         return i;
       }},
      {"INP load past the SRAM depth", rule::kDmaSram,
       [&](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isLoad(x, MemType::Inp); });
         mem(p, i).sramBase = static_cast<uint32_t>(isa.inpDepth() - 1);
         return i;
       }},
      {"WGT load outside the weight buffer", rule::kDmaDram,
       [](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isLoad(x, MemType::Wgt); });
         mem(p, i).dramBase += static_cast<uint32_t>(p.buffer(BufferRole::Weight)->bytes / 256);
         return i;
       }},
      // Tokens.
      {"pop_prev on a load-module instruction", rule::kTokenFlags,
       [](Program& p) {
         const int64_t i = findInsn(p, [](const Instruction& x) { return isLoad(x, MemType::Inp); });
         mem(p, i).dep.popPrev = true;
         return i;
       }},
      {"a load's l2g push dropped", rule::kTokenBalance,
       [](Program& p) {
         const int64_t i = findInsn(
             p, [](const Instruction& x) { return moduleOf(x) == Module::Load && depOf(x).pushNext; }, true);
         dep(p, i).pushNext = false;
         return -1;
       }},
      {"the same drop starves compute", rule::kDeadlock,
       [](Program& p) {
         const int64_t i = findInsn(
             p, [](const Instruction& x) { return moduleOf(x) == Module::Load && depOf(x).pushNext; }, true);
         dep(p, i).pushNext = false;
         return findInsn(
             p, [](const Instruction& x) { return moduleOf(x) == Module::Compute && depOf(x).popPrev; }, true);
       }},
      {"an extra g2s push on FINISH", rule::kTokenBalance,
       [](Program& p) {
         dep(p, static_cast<int64_t>(p.insns.size()) - 1).pushNext = true;
         return -1;
       }},
      {"balanced tokens in a cycle: compute waits for a store that waits for compute", rule::kDeadlock,
       [](Program& p) {
         const int64_t c = findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Compute; });
         dep(p, c).popNext = true;
         const int64_t s = findInsn(p, [](const Instruction& x) { return isStore(x) && !depOf(x).pushPrev; });
         dep(p, s).pushPrev = true;
         return c;
       }},
      // Hazards between modules: a token pair removed leaves the counts balanced but the SRAM unprotected.
      {"RAW: the first l2g pair removed", rule::kRace,
       [](Program& p) {
         dep(p, findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Load && depOf(x).pushNext; }))
             .pushNext = false;
         dep(p, findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Compute && depOf(x).popPrev; }))
             .popPrev = false;
         return firstGemm(p);  // reads INP/WGT the load has not been ordered before
       }},
      {"WAR: the first g2l pair removed", rule::kRace,
       [](Program& p) {
         const int64_t push =
             findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Compute && depOf(x).pushPrev; });
         const int64_t pop =
             findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Load && depOf(x).popNext; });
         dep(p, push).pushPrev = false;
         dep(p, pop).popNext = false;
         return int64_t{-2};  // the overwriting load or a later GEMM, whichever the order meets first
       }},
      {"RAW on OUT: the first g2s pair removed", rule::kRace,
       [](Program& p) {
         dep(p, findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Compute && depOf(x).pushNext; }))
             .pushNext = false;
         const int64_t s = findInsn(p, [](const Instruction& x) { return isStore(x) && depOf(x).popPrev; });
         dep(p, s).popPrev = false;
         return s;  // stores OUT rows the ALU epilogue has not been ordered before
       }},
      // FINISH.
      {"FINISH dropped", rule::kFinish,
       [](Program& p) {
         p.insns.pop_back();
         return static_cast<int64_t>(p.insns.size()) - 1;
       }},
      {"FINISH in the middle", rule::kFinish,
       [](Program& p) {
         p.insns.insert(p.insns.begin() + 1, FinishInsn{});
         return int64_t{1};
       }},
      {"the end-of-stream sync removed: FINISH may overtake the last stores", rule::kFinish,
       [](Program& p) {
         for (size_t k = p.insns.size() - 4; k < p.insns.size(); ++k) dep(p, static_cast<int64_t>(k)) = DepFlags{};
         return static_cast<int64_t>(p.insns.size()) - 1;
       }},
      // Encodability.
      {"GEMM dst_factor_out wider than its field", rule::kEncoding,
       [&](Program& p) {
         const int64_t i = firstGemm(p);
         gemm(p, i).loop.dstFactorOut = static_cast<uint32_t>(isa.accDepth());
         return i;
       }},
      {"ALU immediate beyond 16 bits", rule::kEncoding,
       [](Program& p) {
         const int64_t i = firstAlu(p);
         alu(p, i).imm = 40000;
         return i;
       }},
      {"a micro-op index wider than its field", rule::kUopEncoding,
       [&](Program& p) {
         p.uops[0].dst = static_cast<uint32_t>(isa.accDepth());
         return -1;
       }},
      {"a DRAM buffer off its page", rule::kBufferAlign,
       [](Program& p) {
         p.buffers[1].offset += 256;
         return -1;
       }},
  };
  for (const Corruption& c : corruptions) {
    const std::string what = c.what;
    CAPTURE(what);
    Program p = real;
    const int64_t at = c.apply(p);
    const std::vector<InsnViolation> v = findGeneratedViolations(p, 64);
    std::string text;
    for (const InsnViolation& x : v) text += "\n" + describeViolation(p, x);
    INFO("found:" << text);
    const bool caught = std::any_of(
        v.begin(), v.end(), [&](const InsnViolation& x) { return x.rule == c.rule && (at == -2 || x.insn == at); });
    CHECK_MESSAGE(caught, "expected [" << c.rule << "] at insn " << at);
  }
}

TEST_CASE("insn checks: the deadlock the checker finds is the simulator's") {
  Program p = realProgram();
  dep(p, findInsn(p, [](const Instruction& x) { return moduleOf(x) == Module::Compute; })).popNext = true;
  dep(p, findInsn(p, [](const Instruction& x) { return isStore(x) && !depOf(x).pushPrev; })).pushPrev = true;
  const std::vector<InsnViolation> v = findInsnViolations(p);
  REQUIRE(v.size() == 1);
  CHECK(v[0].rule == rule::kDeadlock);
  std::vector<uint8_t> dram;
  SimOptions timingOnly;
  timingOnly.functional = false;
  const SimResult r = simulate(p, dram, timingOnly);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == SimFault::Kind::Deadlock);
}

TEST_CASE("insn checks: the analytic accumulator-hazard search agrees with enumerating every uop execution") {
  std::mt19937_64 rng(7);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  int hazards = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    UopLoop l;
    const int64_t n = pick(1, 4);
    l.uopBgn = static_cast<uint32_t>(pick(0, 3));
    l.uopEnd = l.uopBgn + static_cast<uint32_t>(n);
    l.iterOut = static_cast<uint32_t>(pick(1, 4));
    l.iterIn = static_cast<uint32_t>(pick(1, 4));
    l.dstFactorOut = static_cast<uint32_t>(pick(0, 3));
    l.dstFactorIn = static_cast<uint32_t>(pick(0, 3));
    std::vector<int64_t> dst(static_cast<size_t>(n));
    for (int64_t& d : dst) d = pick(0, 6);
    const int distance = static_cast<int>(pick(1, 3));
    std::vector<int64_t> seq;  // every execution's ACC index, in order
    for (int64_t i = 0; i < l.iterOut; ++i)
      for (int64_t j = 0; j < l.iterIn; ++j)
        for (int64_t k = 0; k < n; ++k)
          seq.push_back(dst[static_cast<size_t>(k)] + i * l.dstFactorOut + j * l.dstFactorIn);
    bool brute = false;
    for (size_t f = 0; f < seq.size() && !brute; ++f)
      for (size_t d = 1; d <= static_cast<size_t>(distance) && f + d < seq.size(); ++d) brute |= seq[f] == seq[f + d];
    const std::optional<AccHazard> h = findAccHazard(l, dst, distance);
    CAPTURE(trial);
    REQUIRE(h.has_value() == brute);
    if (!h) continue;
    ++hazards;
    // The hit names a real pair: the execution (i, j, k) and the one delta later write its dst.
    const size_t f = static_cast<size_t>((h->i * l.iterIn + h->j) * n + (h->k - l.uopBgn));
    REQUIRE(f + static_cast<size_t>(h->delta) < seq.size());
    CHECK(seq[f] == h->dst);
    CHECK(seq[f + static_cast<size_t>(h->delta)] == h->dst);
  }
  CHECK(hazards > 1000);
  CHECK(hazards < 19000);
}

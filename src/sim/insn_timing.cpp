// The cost and pipeline route of one instruction (sim/insn_timing.h).
#include "inlay/sim/insn_timing.h"

#include <algorithm>
#include <variant>

#include "inlay/isa/encoding.h"

namespace inlay {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The token queue each flag of a module refers to (docs/vta.md §4.2), or -1 where the flag is illegal.
int flagQueue(Module m, int flag) {
  // flag: 0 pop_prev, 1 pop_next, 2 push_prev, 3 push_next
  static constexpr int table[kModules][4] = {
      {-1, int(TokenQueueId::G2L), -1, int(TokenQueueId::L2G)},                                          // load
      {int(TokenQueueId::L2G), int(TokenQueueId::S2G), int(TokenQueueId::G2L), int(TokenQueueId::G2S)},  // compute
      {int(TokenQueueId::G2S), -1, int(TokenQueueId::S2G), -1},                                          // store
  };
  return table[static_cast<int>(m)][flag];
}

}  // namespace

InsnCost insnCost(const Isa& isa, const Instruction& insn) {
  const IsaTiming& t = isa.timing;
  if (const auto* m = std::get_if<MemInsn>(&insn)) {
    if (m->xSize == 0) return {};  // sync/NOP: only its tokens
    const int64_t e = dramElemBytes(isa, m->memType);
    const int64_t rows = m->ySize;
    const int64_t width = int64_t{m->xPad0} + m->xSize + m->xPad1;
    const int64_t padElems = (int64_t{m->yPad0} + m->ySize + m->yPad1) * width - rows * m->xSize;
    const int64_t sramElemBytes = m->memType == MemType::Acc8 ? isa.accElemBytes() : e;
    return {rows * (t.dmaRowLatency + ceilDiv(int64_t{m->xSize} * e, isa.busBytes)),
            padElems * ceilDiv(sramElemBytes, isa.busBytes)};
  }
  auto uopExecs = [](const UopLoop& l) {
    return int64_t{l.iterOut} * l.iterIn * std::max<int64_t>(0, int64_t{l.uopEnd} - l.uopBgn);
  };
  if (const auto* g = std::get_if<GemmInsn>(&insn)) return {0, t.gemmFill + uopExecs(g->loop) * t.gemmCyclesPerUop};
  if (const auto* a = std::get_if<AluInsn>(&insn))
    return {0, t.aluFill + uopExecs(a->loop) * (a->useImm ? t.aluImmCyclesPerUop : t.aluCyclesPerUop)};
  return {};
}

InsnRoute routeOf(const Instruction& insn) {
  InsnRoute r;
  r.module = moduleOf(insn);
  const DepFlags d = depOf(insn);
  const bool flags[4] = {d.popPrev, d.popNext, d.pushPrev, d.pushNext};
  for (int f = 0; f < 4; ++f) {
    if (!flags[f]) continue;
    const int q = flagQueue(r.module, f);
    if (q < 0 && r.illegalFlag < 0) r.illegalFlag = f;
    if (q >= 0) (f < 2 ? r.pops : r.pushes) |= static_cast<uint8_t>(1u << q);
  }
  return r;
}

}  // namespace inlay

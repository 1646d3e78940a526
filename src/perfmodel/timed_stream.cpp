// The memoised decoding of a timing stream (perfmodel/timed_stream.h).
#include "inlay/perfmodel/timed_stream.h"

#include <variant>

namespace inlay {

namespace {

/// A hash of the fields sameShape compares (some of them: a collision only costs a decode).
uint64_t shapeHash(const Instruction& insn) {
  auto depBits = [](const DepFlags& d) { return uint64_t{depWord(d)}; };
  uint64_t h = insn.index();
  if (const auto* m = std::get_if<MemInsn>(&insn))
    h += depBits(m->dep) << 4 ^ static_cast<uint64_t>(m->memType) << 8 ^ uint64_t { m->ySize } * 0x9E3779B97F4A7C15ull ^
         uint64_t { m->xSize } * 0xC2B2AE3D27D4EB4Full ^ static_cast<uint64_t>(m->opcode) << 12;
  else if (const auto* g = std::get_if<GemmInsn>(&insn))
    h += depBits(g->dep) << 4 ^ uint64_t { g->loop.iterOut } * 0x9E3779B97F4A7C15ull ^
         uint64_t { g->loop.iterIn } * 0xC2B2AE3D27D4EB4Full;
  else if (const auto* a = std::get_if<AluInsn>(&insn))
    h += depBits(a->dep) << 4 ^ uint64_t { a->loop.iterOut } * 0x9E3779B97F4A7C15ull ^
         uint64_t { a->loop.iterIn } * 0xC2B2AE3D27D4EB4Full;
  return h ^ h >> 29;
}

}  // namespace

TimedInsn TimedStream::operator[](int64_t i) const {
  if (!program_) return insns_[static_cast<size_t>(i)];
  const Instruction& insn = program_->insns[static_cast<size_t>(i)];
  Decoded& d = memo_[shapeHash(insn) & (kMemoSlots - 1)];
  // Timing-equal shapes decode alike: routeOf and insnCost read only the fields sameShape compares.
  if (d.insn < 0 || !sameShape(program_->insns[static_cast<size_t>(d.insn)], insn))
    d = {i, {routeOf(insn), insnCost(program_->isa, insn)}};
  return d.timed;
}

}  // namespace inlay

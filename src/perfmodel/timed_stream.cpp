// Timing-equality of two instructions (perfmodel/timed_stream.h).
#include "inlay/perfmodel/timed_stream.h"

#include <variant>

namespace inlay {

namespace {

/// Equal but for the fields that do not enter the timing model: addresses, strides and micro-op positions.
bool sameShape(const Instruction& a, const Instruction& b) {
  if (a.index() != b.index()) return false;
  if (const auto* ma = std::get_if<MemInsn>(&a)) {
    const auto* mb = std::get_if<MemInsn>(&b);
    return ma->opcode == mb->opcode && ma->dep == mb->dep && ma->memType == mb->memType && ma->ySize == mb->ySize &&
           ma->xSize == mb->xSize && ma->yPad0 == mb->yPad0 && ma->yPad1 == mb->yPad1 && ma->xPad0 == mb->xPad0 &&
           ma->xPad1 == mb->xPad1;
  }
  auto sameLoop = [](const UopLoop& x, const UopLoop& y) {
    return x.iterOut == y.iterOut && x.iterIn == y.iterIn && x.uopEnd - x.uopBgn == y.uopEnd - y.uopBgn;
  };
  if (const auto* ga = std::get_if<GemmInsn>(&a)) {
    const auto* gb = std::get_if<GemmInsn>(&b);
    return gb && ga->dep == gb->dep && sameLoop(ga->loop, gb->loop);
  }
  if (const auto* aa = std::get_if<AluInsn>(&a)) {
    const auto* ab = std::get_if<AluInsn>(&b);
    return ab && aa->dep == ab->dep && aa->useImm == ab->useImm && sameLoop(aa->loop, ab->loop);
  }
  return false;
}

}  // namespace

bool TimedStream::sameTiming(int64_t i, int64_t j) const {
  if (program_) return sameShape(program_->insns[static_cast<size_t>(i)], program_->insns[static_cast<size_t>(j)]);
  return insns_[static_cast<size_t>(i)] == insns_[static_cast<size_t>(j)];
}

}  // namespace inlay

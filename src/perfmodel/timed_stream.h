// The timing view of an instruction stream for the fast performance model: per instruction what the timing model
// sees (sim/insn_timing.h), decoded on demand, as the model reads only a small part of a long program.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <variant>
#include <vector>

#include "inlay/program/program.h"
#include "inlay/sim/insn_timing.h"

namespace inlay {

/// What the timing model sees of one instruction; two instructions with equal TimedInsn are interchangeable for
/// timing (addresses and SRAM indices do not enter it).
struct TimedInsn {
  InsnRoute route;
  InsnCost cost;
  bool operator==(const TimedInsn&) const = default;
};

/// The four token flags as one word (bools are 0 or 1): equal words, equal flags, in one comparison.
inline uint32_t depWord(const DepFlags& d) {
  static_assert(sizeof(DepFlags) == sizeof(uint32_t));
  return std::bit_cast<uint32_t>(d);
}

/// Equal but for the fields that do not enter the timing model: addresses, strides and micro-op positions.
inline bool sameShape(const Instruction& a, const Instruction& b) {
  if (a.index() != b.index()) return false;
  if (const auto* ma = std::get_if<MemInsn>(&a)) {
    const auto* mb = std::get_if<MemInsn>(&b);
    return ma->opcode == mb->opcode && depWord(ma->dep) == depWord(mb->dep) && ma->memType == mb->memType &&
           ma->ySize == mb->ySize && ma->xSize == mb->xSize && ma->yPad0 == mb->yPad0 && ma->yPad1 == mb->yPad1 &&
           ma->xPad0 == mb->xPad0 && ma->xPad1 == mb->xPad1;
  }
  auto sameLoop = [](const UopLoop& x, const UopLoop& y) {
    return x.iterOut == y.iterOut && x.iterIn == y.iterIn && x.uopEnd - x.uopBgn == y.uopEnd - y.uopBgn;
  };
  if (const auto* ga = std::get_if<GemmInsn>(&a)) {
    const auto* gb = std::get_if<GemmInsn>(&b);
    return gb && depWord(ga->dep) == depWord(gb->dep) && sameLoop(ga->loop, gb->loop);
  }
  if (const auto* aa = std::get_if<AluInsn>(&a)) {
    const auto* ab = std::get_if<AluInsn>(&b);
    return ab && depWord(aa->dep) == depWord(ab->dep) && aa->useImm == ab->useImm && sameLoop(aa->loop, ab->loop);
  }
  return false;
}

class TimedStream {
public:
  /// The instructions of `program` (kept by reference) under program.isa, decoded when read.
  explicit TimedStream(const Program& program)
      : program_(&program), size_(static_cast<int64_t>(program.insns.size())) {}
  /// A stream given by its timing view (tests).
  explicit TimedStream(std::vector<TimedInsn> insns)
      : insns_(std::move(insns)), size_(static_cast<int64_t>(insns_.size())) {}

  int64_t size() const { return size_; }
  /// Decoded through a small memo of recent shapes (a program's instructions come in few): a hit costs a field
  /// comparison instead of the cost computation. The memo makes reads of one TimedStream unsafe across threads.
  TimedInsn operator[](int64_t i) const;

  /// Whether instructions i and j are certainly timing-equal: of a program, the same fields but for addresses,
  /// strides and micro-op positions (a test that needs no cost computation and may miss instructions that are
  /// timing-equal by coincidence, which only costs the model a shorter region); of a TimedInsn stream, equal ones.
  /// Inline: the region search calls it tens of thousands of times per program.
  bool sameTiming(int64_t i, int64_t j) const {
    if (program_) return sameShape(program_->insns[static_cast<size_t>(i)], program_->insns[static_cast<size_t>(j)]);
    return insns_[static_cast<size_t>(i)] == insns_[static_cast<size_t>(j)];
  }

private:
  struct Decoded {
    int64_t insn = -1;  // an instruction of this shape, or -1
    TimedInsn timed;
  };
  static constexpr size_t kMemoSlots = 64;  // a power of two

  const Program* program_ = nullptr;
  std::vector<TimedInsn> insns_;
  int64_t size_ = 0;
  mutable std::array<Decoded, kMemoSlots> memo_{};  // by a hash of the shape; a slot keeps the last one decoded
};

}  // namespace inlay

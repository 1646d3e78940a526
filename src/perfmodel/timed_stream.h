// The timing view of an instruction stream for the fast performance model: per instruction what the timing model
// sees (sim/insn_timing.h), decoded on demand, as the model reads only a small part of a long program.
#pragma once

#include <cstdint>
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

class TimedStream {
public:
  /// The instructions of `program` (kept by reference) under program.isa, decoded when read.
  explicit TimedStream(const Program& program)
      : program_(&program), size_(static_cast<int64_t>(program.insns.size())) {}
  /// A stream given by its timing view (tests).
  explicit TimedStream(std::vector<TimedInsn> insns)
      : insns_(std::move(insns)), size_(static_cast<int64_t>(insns_.size())) {}

  int64_t size() const { return size_; }
  TimedInsn operator[](int64_t i) const {
    if (!program_) return insns_[static_cast<size_t>(i)];
    const Instruction& insn = program_->insns[static_cast<size_t>(i)];
    return {routeOf(insn), insnCost(program_->isa, insn)};
  }

  /// Whether instructions i and j are certainly timing-equal: of a program, the same fields but for addresses,
  /// strides and micro-op positions (a test that needs no cost computation and may miss instructions that are
  /// timing-equal by coincidence, which only costs the model a shorter region); of a TimedInsn stream, equal ones.
  bool sameTiming(int64_t i, int64_t j) const;

private:
  const Program* program_ = nullptr;
  std::vector<TimedInsn> insns_;
  int64_t size_ = 0;
};

}  // namespace inlay

// What the timing model (docs/design.md §6.2) sees of one instruction: its module, the token queues it pops and
// pushes, and its cost in cycles. Shared by the simulator's scheduler and the fast performance model
// (src/perfmodel), so that both time a program by the same rules.
#pragma once

#include <cstdint>

#include "inlay/isa/instruction.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// The four token queues; producer → consumer.
enum class TokenQueueId : uint8_t { L2G = 0, G2L = 1, G2S = 2, S2G = 3 };
constexpr int kTokenQueues = 4;
constexpr int kModules = 3;

/// Cycles an instruction occupies its module: `portCycles` on the shared DRAM port (DMA rows), then
/// `localCycles` without it (compute, pad writes into SRAM).
struct InsnCost {
  int64_t portCycles = 0;
  int64_t localCycles = 0;
  bool operator==(const InsnCost&) const = default;
};

/// The cost of `insn` under `isa`'s timing parameters (docs/vta.md §4.4).
InsnCost insnCost(const Isa& isa, const Instruction& insn);

/// An instruction's place in the module pipeline: its module, the token queues (bits by TokenQueueId) it pops before
/// starting and pushes after completing, and the first token flag that is illegal for its module (-1: none;
/// 0 pop_prev, 1 pop_next, 2 push_prev, 3 push_next).
struct InsnRoute {
  Module module = Module::Compute;
  uint8_t pops = 0, pushes = 0;
  int illegalFlag = -1;
  bool operator==(const InsnRoute&) const = default;
};

/// The route of `insn` (docs/vta.md §4.2).
InsnRoute routeOf(const Instruction& insn);

}  // namespace inlay

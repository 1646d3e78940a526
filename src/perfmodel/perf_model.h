// The fast performance model (docs/design.md §6.6): a program's cycles under the simulator's timing model
// (docs/design.md §6.2) without simulating every instruction. It finds the stretches where the instruction stream
// repeats up to addresses (tile steps), runs the simulator's pipeline rules exactly until the pipeline state at one
// period boundary equals that at an earlier one shifted in time — a steady state — and then advances the state by
// whole periods at once, to run exactly again where the repetition ends. Where a steady state is found and the
// stream repeats as detected (long regions are sampled, not compared in full), the result equals the timing-only
// simulation's; elsewhere the model simulates.
// It does not check what the simulator checks (DMA bounds, micro-ops): it times a program the simulator runs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "inlay/perfmodel/periodic_regions.h"
#include "inlay/program/program.h"
#include "inlay/sim/simulator.h"

namespace inlay {

struct PerfModelOptions {
  bool extrapolate = true;  // false: run every instruction through the pipeline (the exact fallback everywhere)
  RegionSearch regions;
  // Pipeline states are captured at region boundaries at least this many instructions apart, twice as far after
  // every 2·captureHistory captures without a steady state. A capture's summary costs a few dozen numbers; the full
  // fingerprint (about the queues' depths) is taken only where a summary recurs, so captures can be close: the
  // closer, the sooner a steady state is seen and the less is left to step after the jump.
  int64_t captureSpacing = 32;
  int64_t captureHistory = 8;  // captures kept per region: steady states whose period spans up to this many
};

struct PerfPrediction {
  int64_t cycles = 0;                   // as SimStats::cycles of a timing-only run
  std::array<int64_t, 3> busyCycles{};  // per Module, as SimStats::busyCycles
  int64_t instructions = 0;             // as SimStats::instructions
  int64_t steppedInstructions = 0;      // of which the model ran one by one (the rest it extrapolated)
  int64_t regions = 0;                  // periodic regions found
  int64_t extrapolations = 0;           // steady states jumped across
  std::optional<SimFault> fault;        // a deadlock or an illegal token flag: where the timing stopped
};

/// Predicts `program`'s timing-only simulation (SimOptions::functional = false) under program.isa. A program the
/// simulator would stop on for a deadlock or an illegal token flag gets `fault` (kind, instruction and cycle as the
/// simulator's; a shorter message) and the figures up to that point; faults of addresses and micro-ops are not
/// looked for. Never throws for a faulty program.
PerfPrediction predictCycles(const Program& program, const PerfModelOptions& options = {});

}  // namespace inlay

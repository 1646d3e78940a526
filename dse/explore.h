// Evaluating one design point (dse stage, docs/design.md §8): the workload's kernels under csp and the reference
// on the point's ISA, summed, with the hardware's cost (on-chip SRAM bytes, MAC lanes). Plain values; the files and
// reports are in dse/store.h and dse/dse_report.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inlay/bench/run_kernel.h"
#include "inlay/bench/runner.h"
#include "inlay/bench/suite.h"
#include "inlay/dse/space.h"

namespace inlay {

struct DseOptions {
  GenOptions gen;                      // the solver's options for csp
  CheckSize check = CheckSize::Proxy;  // functional checks of every run (Proxy) or none (None)
  uint64_t seed = 1;
  int jobs = 1;
};

/// One design point's outcome. A point is complete when every kernel ran under csp and no check mismatched; only
/// complete points enter the Pareto fronts.
struct PointResult {
  int index = 0;
  std::string name;
  std::vector<std::pair<std::string, int64_t>> values;
  bool valid = false;         // the configuration passed validateIsa
  std::string invalidReason;  // validateIsa's message, when !valid
  int kernels = 0;
  int cspFailed = 0;         // kernels csp could not run (e.g. a weight tile that fits no buffer), or mismatched
  std::string firstFailure;  // "kernel: why" of the first
  int mismatches = 0;        // runs (either strategy) whose functional check failed: a code generator bug
  int belowBound = 0;        // runs faster than their bound or floor (codegen/bounds.h): a bound or simulator bug
  int64_t cspCycles = 0;     // sum over the kernels csp ran
  int referenceRuns = 0;     // kernels the reference ran (n/a and failed runs are left out of its sum)
  int64_t referenceCycles = 0;
  int64_t referenceCspCycles = 0;  // csp's cycles on those same kernels, the fair comparison
  int64_t sramBytes = 0;           // INP + WGT + ACC + UOP buffers
  int64_t macLanes = 0;            // BATCH × BLOCK_IN × BLOCK_OUT
  double seconds = 0;              // wall time of the evaluation

  bool complete() const { return valid && kernels > 0 && cspFailed == 0 && mismatches == 0 && belowBound == 0; }
  bool operator==(const PointResult&) const = default;
};

/// Runs every kernel under csp and the reference on `point`'s ISA (nothing for an invalid point); `progress` is told
/// of every finished run, as runBench tells it.
PointResult evaluatePoint(const DsePoint& point, const std::vector<SuiteKernel>& kernels, const DseOptions& options,
                          const ProgressCallback& progress = {});

/// The on-chip SRAM of an ISA: its four buffers, in bytes (reported for valid points; 0 for invalid ones).
int64_t sramBytesOf(const Isa& isa);

}  // namespace inlay

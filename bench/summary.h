// The benchmark's headline statistics (bench stage, docs/design.md §7.3): speedups of csp over the reference and over
// fixed, per kernel and as geometric means, the worst kernel, and how close each strategy comes to the bound.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "inlay/bench/kernel_result.h"

namespace inlay {

/// The speedup of one strategy over another on one kernel: other.cycles / strategy.cycles.
struct KernelSpeedup {
  std::string kernel;
  double vsReference = 0;  // 0 when either run failed
  double vsFixed = 0;
  double referenceUtilization = 0;
};

struct Geomean {
  double value = 0;  // 0 when count == 0
  int count = 0;
};

struct BenchSummary {
  int kernels = 0;
  int rows = 0;
  int failedRows = 0;                 // generation or simulation failed
  int mismatches = 0;                 // functional check failed
  Geomean speedupVsReference;         // csp vs reference, every kernel where both ran
  Geomean speedupVsReferenceLowUtil;  // … where the reference's lane utilization is below the threshold
  Geomean speedupVsFixed;             // csp vs fixed
  double lowUtilThreshold = 0.99;
  std::string worstKernel;  // smallest csp-vs-reference speedup
  double worstSpeedup = 0;
  std::string bestKernel;  // largest
  double bestSpeedup = 0;
  int slowerThanReference = 0;  // kernels where csp takes more cycles than the reference
  // csp restricted to the solver's embeddings under Inlay's tiler (KernelResult::solverTilerCycles): without the
  // TVM-plan and baseline candidates that make "never slower than the reference" hold by construction.
  Geomean solverTilerVsReference;
  int solverTilerSlowerThanReference = 0;
  // Masked embeddings (solver/embedding.h): csp rows whose chosen embedding has a masked dim, and over those the
  // geomean of unmasked_cycles / cycles (what masking gains against csp's best unmasked candidate).
  int maskedPicks = 0;
  Geomean maskedGain;
  std::map<std::string, Geomean> cyclesPerBound;  // per strategy, over the kernels where every strategy ran
  std::vector<KernelSpeedup> speedups;            // per kernel, in result order
};

/// Statistics over `results` (rows of any strategies; kernels compared by name).
BenchSummary summarize(const std::vector<KernelResult>& results, double lowUtilThreshold = 0.99);

}  // namespace inlay

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
  double vsReference = 0;  // 0 when either run failed or the reference does not apply
  double vsFixed = 0;
  double tvmUtilization = 0;  // lane utilization of TVM's embedding: the reference's, else fixed's (the same lanes)
  bool tvmRefuses = false;    // TVM runs this layer on the host: the reference is refused_by_tvm or does not apply
};

struct Geomean {
  double value = 0;  // 0 when count == 0
  int count = 0;
};

/// csp against both baselines on one subset of the kernels: vs reference is what Inlay gains over TVM's flow, vs
/// fixed what the embedding alone gains (fixed is TVM's embedding under Inlay's own tiling and tuning).
struct SubsetComparison {
  std::string name;  // "all kernels", "low utilization", "TVM runs on VTA", "TVM refuses"
  int kernels = 0;
  Geomean vsReference;  // over the subset's kernels where csp and the reference ran
  Geomean vsFixed;      // … where csp and fixed ran
};

struct BenchSummary {
  int kernels = 0;
  int rows = 0;
  int failedRows = 0;         // generation or simulation failed
  int notApplicableRows = 0;  // the strategy does not apply to the kernel (KernelResult::applicable)
  int mismatches = 0;         // functional check failed
  int rowsBelowABound = 0;    // verified runs faster than boundCycles or floorCycles: must be 0
  double lowUtilThreshold = 0.99;
  // all kernels; TVM's utilization below the threshold; TVM runs the layer on VTA; TVM refuses it.
  std::vector<SubsetComparison> subsets;
  std::string worstKernel;  // smallest csp-vs-reference speedup
  double worstSpeedup = 0;
  std::string bestKernel;  // largest
  double bestSpeedup = 0;
  bool bestKernelTvmRefuses = false;
  int slowerThanReference = 0;  // kernels where csp takes more cycles than the reference
  // csp restricted to the solver's embeddings under Inlay's tiler (KernelResult::solverTilerCycles): without the
  // TVM-plan and baseline candidates that make "never slower than the reference" hold by construction.
  Geomean solverTilerVsReference;
  int solverTilerSlowerThanReference = 0;
  // Masked embeddings (solver/embedding.h): csp rows whose chosen embedding has a masked dim, and over those the
  // geomean of unmasked_cycles / cycles (what masking gains against csp's best unmasked candidate).
  int maskedPicks = 0;
  Geomean maskedGain;
  std::map<std::string, Geomean> cyclesPerBound;  // per strategy, over the kernels where every strategy ran (ok)
  std::map<std::string, Geomean> cyclesPerFloor;  // likewise
  std::vector<KernelSpeedup> speedups;            // per kernel, in result order

  const SubsetComparison& subset(const std::string& name) const;
};

/// Statistics over `results` (rows of any strategies; kernels compared by name). A strategy that does not apply to
/// a kernel leaves the kernel out of the comparisons with that strategy; it is not a failure.
BenchSummary summarize(const std::vector<KernelResult>& results, double lowUtilThreshold = 0.99);

}  // namespace inlay

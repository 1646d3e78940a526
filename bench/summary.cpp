// Headline statistics of a benchmark run.
#include "inlay/bench/summary.h"

#include <cmath>
#include <set>

namespace inlay {
namespace {

/// Accumulates logarithms so that the geometric mean of many ratios neither overflows nor underflows.
struct LogMean {
  double sum = 0;
  int count = 0;
  void add(double x) {
    sum += std::log(x);
    ++count;
  }
  Geomean result() const { return {count > 0 ? std::exp(sum / count) : 0.0, count}; }
};

const KernelResult* find(const std::vector<KernelResult>& results, const std::string& kernel,
                         const std::string& strategy) {
  for (const KernelResult& r : results)
    if (r.kernel == kernel && r.strategy == strategy) return &r;
  return nullptr;
}

double speedup(const KernelResult* base, const KernelResult* csp) {
  if (!base || !csp || !base->ok || !csp->ok || csp->cycles <= 0) return 0;
  return static_cast<double>(base->cycles) / static_cast<double>(csp->cycles);
}

}  // namespace

BenchSummary summarize(const std::vector<KernelResult>& results, double lowUtilThreshold) {
  BenchSummary s;
  s.lowUtilThreshold = lowUtilThreshold;
  s.rows = static_cast<int>(results.size());
  std::map<std::string, LogMean> perBound;
  LogMean all, lowUtil, fixed, solverTiler;
  std::set<std::string> seen, failedKernels;
  for (const KernelResult& r : results)
    if (!r.ok) failedKernels.insert(r.kernel);
  for (const KernelResult& r : results) {
    if (!r.ok) ++s.failedRows;
    if (r.verified == Verification::Mismatch) ++s.mismatches;
    if (!failedKernels.count(r.kernel) && r.boundCycles > 0) perBound[r.strategy].add(r.cyclesPerBound());
    if (!seen.insert(r.kernel).second) continue;  // one speedup per kernel, at its first row
    ++s.kernels;
    const KernelResult* csp = find(results, r.kernel, "csp");
    const KernelResult* ref = find(results, r.kernel, "reference");
    KernelSpeedup k{r.kernel, speedup(ref, csp), speedup(find(results, r.kernel, "fixed"), csp),
                    ref ? ref->utilization : 0};
    s.speedups.push_back(k);
    if (k.vsFixed > 0) fixed.add(k.vsFixed);
    if (k.vsReference <= 0) continue;
    if (csp->solverTilerCycles > 0) {
      const double alone = static_cast<double>(ref->cycles) / static_cast<double>(csp->solverTilerCycles);
      solverTiler.add(alone);
      if (alone < 1) ++s.solverTilerSlowerThanReference;
    }
    all.add(k.vsReference);
    if (k.referenceUtilization < lowUtilThreshold) lowUtil.add(k.vsReference);
    if (k.vsReference < 1) ++s.slowerThanReference;
    if (s.worstKernel.empty() || k.vsReference < s.worstSpeedup)
      s.worstKernel = k.kernel, s.worstSpeedup = k.vsReference;
    if (s.bestKernel.empty() || k.vsReference > s.bestSpeedup) s.bestKernel = k.kernel, s.bestSpeedup = k.vsReference;
  }
  s.speedupVsReference = all.result();
  s.speedupVsReferenceLowUtil = lowUtil.result();
  s.speedupVsFixed = fixed.result();
  s.solverTilerVsReference = solverTiler.result();
  for (const auto& [strategy, mean] : perBound) s.cyclesPerBound[strategy] = mean.result();
  LogMean maskedGain;
  for (const KernelResult& r : results)
    if (r.ok && r.strategy == "csp" && r.maskedEmbedding) {
      ++s.maskedPicks;
      if (r.unmaskedCycles > 0 && r.cycles > 0)
        maskedGain.add(static_cast<double>(r.unmaskedCycles) / static_cast<double>(r.cycles));
    }
  s.maskedGain = maskedGain.result();
  return s;
}

}  // namespace inlay

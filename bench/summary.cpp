// Headline statistics of a benchmark run.
#include "inlay/bench/summary.h"

#include <array>
#include <cmath>
#include <set>

#include "inlay/ir/error.h"

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

/// The kernel's subsets, in BenchSummary::subsets order.
std::array<bool, 4> subsetsOf(const KernelSpeedup& k, double lowUtilThreshold) {
  return {true, k.tvmUtilization < lowUtilThreshold, !k.tvmRefuses, k.tvmRefuses};
}

}  // namespace

const SubsetComparison& BenchSummary::subset(const std::string& name) const {
  for (const SubsetComparison& c : subsets)
    if (c.name == name) return c;
  throw InternalError("no benchmark subset '" + name + "'");
}

BenchSummary summarize(const std::vector<KernelResult>& results, double lowUtilThreshold) {
  BenchSummary s;
  s.lowUtilThreshold = lowUtilThreshold;
  s.rows = static_cast<int>(results.size());
  const std::array<std::string, 4> names{"all kernels", "low utilization", "TVM runs on VTA", "TVM refuses"};
  std::array<LogMean, 4> vsReference, vsFixed;
  std::array<int, 4> subsetKernels{};
  std::map<std::string, LogMean> perBound, perFloor;
  LogMean solverTiler;
  std::set<std::string> seen, incompleteKernels;  // kernels where some strategy failed or does not apply
  for (const KernelResult& r : results)
    if (!r.ok) incompleteKernels.insert(r.kernel);
  for (const KernelResult& r : results) {
    if (r.failed()) ++s.failedRows;
    if (!r.applicable) ++s.notApplicableRows;
    if (r.verified == Verification::Mismatch) ++s.mismatches;
    if (r.beatsABound()) ++s.rowsBelowABound;
    if (!incompleteKernels.count(r.kernel)) {
      if (r.boundCycles > 0) perBound[r.strategy].add(r.cyclesPerBound());
      if (r.floorCycles > 0) perFloor[r.strategy].add(r.cyclesPerFloor());
    }
    if (!seen.insert(r.kernel).second) continue;  // one speedup per kernel, at its first row
    ++s.kernels;
    const KernelResult* csp = find(results, r.kernel, "csp");
    const KernelResult* ref = find(results, r.kernel, "reference");
    const KernelResult* fixed = find(results, r.kernel, "fixed");
    KernelSpeedup k{r.kernel, speedup(ref, csp), speedup(fixed, csp), 0, ref && ref->refusedByTvm};
    k.tvmUtilization = ref && ref->ok ? ref->utilization : fixed && fixed->ok ? fixed->utilization : 1.0;
    s.speedups.push_back(k);
    const std::array<bool, 4> in = subsetsOf(k, lowUtilThreshold);
    for (size_t i = 0; i < in.size(); ++i) {
      if (!in[i]) continue;
      ++subsetKernels[i];
      if (k.vsReference > 0) vsReference[i].add(k.vsReference);
      if (k.vsFixed > 0) vsFixed[i].add(k.vsFixed);
    }
    if (k.vsReference <= 0) continue;
    if (csp->solverTilerCycles > 0) {
      const double alone = static_cast<double>(ref->cycles) / static_cast<double>(csp->solverTilerCycles);
      solverTiler.add(alone);
      if (alone < 1) ++s.solverTilerSlowerThanReference;
    }
    if (k.vsReference < 1) ++s.slowerThanReference;
    if (s.worstKernel.empty() || k.vsReference < s.worstSpeedup)
      s.worstKernel = k.kernel, s.worstSpeedup = k.vsReference;
    if (s.bestKernel.empty() || k.vsReference > s.bestSpeedup)
      s.bestKernel = k.kernel, s.bestSpeedup = k.vsReference, s.bestKernelTvmRefuses = k.tvmRefuses;
  }
  for (size_t i = 0; i < names.size(); ++i)
    s.subsets.push_back({names[i], subsetKernels[i], vsReference[i].result(), vsFixed[i].result()});
  s.solverTilerVsReference = solverTiler.result();
  for (const auto& [strategy, mean] : perBound) s.cyclesPerBound[strategy] = mean.result();
  for (const auto& [strategy, mean] : perFloor) s.cyclesPerFloor[strategy] = mean.result();
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

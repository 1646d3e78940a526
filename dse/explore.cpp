// One design point through the benchmark runner: csp and the reference on every kernel, summed.
#include "inlay/dse/explore.h"

#include <chrono>

#include "inlay/bench/runner.h"

namespace inlay {

int64_t sramBytesOf(const Isa& isa) {
  return (int64_t{1} << isa.logInpBuffSize) + (int64_t{1} << isa.logWgtBuffSize) + (int64_t{1} << isa.logAccBuffSize) +
         (int64_t{1} << isa.logUopBuffSize);
}

PointResult evaluatePoint(const DsePoint& point, const std::vector<SuiteKernel>& kernels, const DseOptions& options,
                          const ProgressCallback& progress) {
  const auto start = std::chrono::steady_clock::now();
  PointResult r;
  r.index = point.index;
  r.name = point.name;
  r.values = point.values;
  r.valid = point.isa.has_value();
  r.invalidReason = point.invalidReason;
  if (!r.valid) return r;
  r.sramBytes = sramBytesOf(*point.isa);
  r.macLanes = point.isa->macsPerUop();
  r.kernels = static_cast<int>(kernels.size());
  BenchOptions bench;
  bench.run.isa = *point.isa;
  bench.run.gen = options.gen;
  bench.run.check = options.check;
  bench.run.seed = options.seed;
  bench.strategies = {Strategy::Csp, Strategy::Reference};
  bench.jobs = options.jobs;
  const std::vector<KernelResult> rows = runBench(kernels, bench, progress);
  for (size_t k = 0; k < kernels.size(); ++k) {
    const KernelResult& csp = rows[2 * k];
    const KernelResult& ref = rows[2 * k + 1];
    r.mismatches += (csp.verified == Verification::Mismatch) + (ref.verified == Verification::Mismatch);
    r.belowBound += csp.beatsABound() + ref.beatsABound();
    if (!csp.passed()) {
      if (r.cspFailed++ == 0) r.firstFailure = csp.kernel + ": " + csp.error;
      continue;
    }
    r.cspCycles += csp.cycles;
    if (!ref.passed()) continue;
    ++r.referenceRuns;
    r.referenceCycles += ref.cycles;
    r.referenceCspCycles += csp.cycles;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace inlay

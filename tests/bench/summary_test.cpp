// Tests of the headline statistics (bench/summary.h) on hand-made results.
#include <doctest/doctest.h>

#include <cmath>

#include "inlay/bench/summary.h"

using namespace inlay;

namespace {
KernelResult row(const std::string& kernel, const std::string& strategy, int64_t cycles, double util,
                 int64_t bound = 100) {
  KernelResult r;
  r.kernel = kernel;
  r.strategy = strategy;
  r.ok = true;
  r.cycles = cycles;
  r.utilization = util;
  r.boundCycles = bound;
  r.verified = Verification::Proxy;
  return r;
}
}  // namespace

TEST_CASE("summary: geomeans, the low-utilization subset, best and worst") {
  std::vector<KernelResult> rows = {
      row("a", "csp", 100, 1.0), row("a", "fixed", 200, 0.5), row("a", "reference", 400, 0.5),   // ×4
      row("b", "csp", 300, 1.0), row("b", "fixed", 300, 1.0), row("b", "reference", 300, 1.0),   // ×1
      row("c", "csp", 200, 0.9), row("c", "fixed", 400, 0.9), row("c", "reference", 1800, 0.1),  // ×9
  };
  BenchSummary s = summarize(rows);
  CHECK(s.kernels == 3);
  CHECK(s.rows == 9);
  const SubsetComparison& all = s.subset("all kernels");
  CHECK(all.kernels == 3);
  CHECK(all.vsReference.count == 3);
  CHECK(all.vsReference.value == doctest::Approx(std::cbrt(4.0 * 1 * 9)));
  CHECK(all.vsFixed.value == doctest::Approx(std::cbrt(2.0 * 1 * 2)));
  const SubsetComparison& low = s.subset("low utilization");
  CHECK(low.vsReference.count == 2);
  CHECK(low.vsReference.value == doctest::Approx(6.0));
  CHECK(low.vsFixed.value == doctest::Approx(2.0));
  CHECK(s.subset("TVM runs on VTA").kernels == 3);
  CHECK(s.subset("TVM refuses").kernels == 0);
  CHECK(s.subset("TVM refuses").vsReference.value == 0);
  CHECK(s.worstKernel == "b");
  CHECK(s.worstSpeedup == doctest::Approx(1.0));
  CHECK(s.bestKernel == "c");
  CHECK(s.bestSpeedup == doctest::Approx(9.0));
  CHECK(s.slowerThanReference == 0);
  CHECK(s.cyclesPerBound.at("csp").value == doctest::Approx(std::cbrt(1.0 * 3 * 2)));
  CHECK(s.cyclesPerBound.at("reference").count == 3);
  REQUIRE(s.speedups.size() == 3);
  CHECK(s.speedups[2].tvmUtilization == doctest::Approx(0.1));
}

TEST_CASE("summary: failed runs are counted and left out of the means") {
  std::vector<KernelResult> rows = {row("a", "csp", 100, 1.0), row("a", "reference", 50, 1.0),
                                    row("b", "csp", 100, 1.0), row("b", "reference", 400, 0.2)};
  rows[3].ok = false;
  rows[2].verified = Verification::Mismatch;
  BenchSummary s = summarize(rows);
  CHECK(s.failedRows == 1);
  CHECK(s.mismatches == 1);
  CHECK(s.subset("all kernels").vsReference.count == 1);
  CHECK(s.subset("all kernels").vsReference.value == doctest::Approx(0.5));
  CHECK(s.slowerThanReference == 1);
  CHECK(s.worstKernel == "a");
  CHECK(s.subset("all kernels").vsFixed.count == 0);
  CHECK(s.subset("all kernels").vsFixed.value == 0);
  CHECK(s.speedups[1].vsReference == 0);
  CHECK(s.cyclesPerBound.at("csp").count == 1);  // kernel b is left out of every strategy's mean, not only one's
}

TEST_CASE("summary: csp on the solver's embeddings and Inlay's tiler alone, against the reference") {
  std::vector<KernelResult> rows = {row("a", "csp", 100, 1.0), row("a", "reference", 200, 1.0),
                                    row("b", "csp", 100, 1.0), row("b", "reference", 100, 1.0),
                                    row("c", "csp", 100, 1.0), row("c", "reference", 100, 1.0)};
  rows[0].solverTilerCycles = 100;   // ×2
  rows[2].solverTilerCycles = 125;   // ×0.8: csp itself ties through TVM's plan
  BenchSummary s = summarize(rows);  // c: no solver-tiler candidate timed, left out
  CHECK(s.slowerThanReference == 0);
  CHECK(s.solverTilerVsReference.count == 2);
  CHECK(s.solverTilerVsReference.value == doctest::Approx(std::sqrt(2.0 * 0.8)));
  CHECK(s.solverTilerSlowerThanReference == 1);
}

TEST_CASE("summary: layers TVM refuses and strategies that do not apply form their own subset") {
  std::vector<KernelResult> rows = {
      row("runs", "csp", 100, 1.0),   row("runs", "fixed", 150, 1.0),   row("runs", "reference", 200, 1.0),
      row("padded", "csp", 100, 1.0), row("padded", "fixed", 300, 0.2), row("padded", "reference", 900, 0.2),
      row("dw", "csp", 100, 1.0),     row("dw", "fixed", 800, 0.1),     row("dw", "reference", 0, 0),
  };
  rows[5].refusedByTvm = true;  // input channels padded to a lane block
  rows[8].ok = false;           // the reference does not apply to a depthwise conv, which TVM runs on the host
  rows[8].applicable = false;
  rows[8].refusedByTvm = true;
  rows[8].error = "reference strategy: operator 'dw': dim 'g' indexes both operands and the output";
  BenchSummary s = summarize(rows);
  CHECK(s.failedRows == 0);
  CHECK(s.notApplicableRows == 1);
  const SubsetComparison& runs = s.subset("TVM runs on VTA");
  CHECK(runs.kernels == 1);
  CHECK(runs.vsReference.value == doctest::Approx(2.0));
  CHECK(runs.vsFixed.value == doctest::Approx(1.5));
  const SubsetComparison& refuses = s.subset("TVM refuses");
  CHECK(refuses.kernels == 2);
  CHECK(refuses.vsReference.count == 1);  // dw: no reference to compare with
  CHECK(refuses.vsReference.value == doctest::Approx(9.0));
  CHECK(refuses.vsFixed.count == 2);
  CHECK(refuses.vsFixed.value == doctest::Approx(std::sqrt(3.0 * 8.0)));
  // dw's TVM utilization comes from fixed (the same lanes), so it is a low-utilization kernel too.
  CHECK(s.subset("low utilization").kernels == 2);
  CHECK(s.bestKernel == "padded");
  CHECK(s.bestKernelTvmRefuses);
  // The bound means compare like with like: a kernel a strategy does not apply to leaves every strategy's mean.
  CHECK(s.cyclesPerBound.at("csp").count == 2);
  CHECK(s.cyclesPerBound.at("reference").count == 2);
}

TEST_CASE("summary: a run below its bound or its floor is counted") {
  std::vector<KernelResult> rows = {row("a", "csp", 100, 1.0, 100), row("b", "csp", 99, 1.0, 100),
                                    row("c", "csp", 150, 1.0, 100)};
  rows[2].floorCycles = 151;
  CHECK(summarize(rows).rowsBelowABound == 2);
}

TEST_CASE("summary: how often csp picks a masked embedding and what it gains") {
  std::vector<KernelResult> rows = {row("a", "csp", 100, 1.0), row("b", "csp", 100, 1.0), row("c", "csp", 100, 1.0),
                                    row("d", "csp", 100, 1.0), row("a", "fixed", 100, 1.0)};
  rows[0].maskedEmbedding = true, rows[0].unmaskedCycles = 300;  // ×3
  rows[1].maskedEmbedding = true, rows[1].unmaskedCycles = 75;   // ×0.75 (the tuner would not pick it; still counted)
  rows[2].maskedEmbedding = true;                                // no unmasked candidate timed: counted, no gain
  rows[3].unmaskedCycles = 100;                                  // unmasked pick: not counted
  rows[4].maskedEmbedding = true;                                // not csp
  BenchSummary s = summarize(rows);
  CHECK(s.maskedPicks == 3);
  CHECK(s.maskedGain.count == 2);
  CHECK(s.maskedGain.value == doctest::Approx(std::sqrt(3.0 * 0.75)));
  CHECK(summarize({row("a", "csp", 100, 1.0)}).maskedPicks == 0);
}

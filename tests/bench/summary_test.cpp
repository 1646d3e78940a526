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
  CHECK(s.speedupVsReference.count == 3);
  CHECK(s.speedupVsReference.value == doctest::Approx(std::cbrt(4.0 * 1 * 9)));
  CHECK(s.speedupVsReferenceLowUtil.count == 2);
  CHECK(s.speedupVsReferenceLowUtil.value == doctest::Approx(6.0));
  CHECK(s.speedupVsFixed.value == doctest::Approx(std::cbrt(2.0 * 1 * 2)));
  CHECK(s.worstKernel == "b");
  CHECK(s.worstSpeedup == doctest::Approx(1.0));
  CHECK(s.bestKernel == "c");
  CHECK(s.bestSpeedup == doctest::Approx(9.0));
  CHECK(s.slowerThanReference == 0);
  CHECK(s.cyclesPerBound.at("csp").value == doctest::Approx(std::cbrt(1.0 * 3 * 2)));
  CHECK(s.cyclesPerBound.at("reference").count == 3);
  REQUIRE(s.speedups.size() == 3);
  CHECK(s.speedups[2].referenceUtilization == doctest::Approx(0.1));
}

TEST_CASE("summary: failed runs are counted and left out of the means") {
  std::vector<KernelResult> rows = {row("a", "csp", 100, 1.0), row("a", "reference", 50, 1.0),
                                    row("b", "csp", 100, 1.0), row("b", "reference", 400, 0.2)};
  rows[3].ok = false;
  rows[2].verified = Verification::Mismatch;
  BenchSummary s = summarize(rows);
  CHECK(s.failedRows == 1);
  CHECK(s.mismatches == 1);
  CHECK(s.speedupVsReference.count == 1);
  CHECK(s.speedupVsReference.value == doctest::Approx(0.5));
  CHECK(s.slowerThanReference == 1);
  CHECK(s.worstKernel == "a");
  CHECK(s.speedupVsFixed.count == 0);
  CHECK(s.speedupVsFixed.value == 0);
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

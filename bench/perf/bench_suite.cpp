// Benchmark-runner benchmark (bench stage): the wall time of the whole DeepBench suite × {csp, fixed, reference}
// with proxy checks (what `inlay bench` does; target ≤ 10 minutes on 2 cores), per job count, and where the time
// goes (solve, generation, simulation). Run from the repository root.
// Usage: perf_bench_suite [--jobs N ...] [SUITE ...]   (default: -j 1 and 2 on operators/deepbench)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "inlay/bench/runner.h"
#include "inlay/bench/summary.h"

using namespace inlay;

int main(int argc, char** argv) {
  std::vector<int> jobs;
  std::vector<std::string> suites;
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg == "--jobs" && a + 1 < argc)
      jobs.push_back(std::atoi(argv[++a]));
    else
      suites.push_back(arg);
  }
  if (jobs.empty()) jobs = {1, 2};
  if (suites.empty()) suites = {"operators/deepbench"};
  const std::vector<SuiteKernel> kernels = loadSuites(suites);
  std::printf("%zu kernels x 3 strategies, proxy checks\n", kernels.size());
  for (int j : jobs) {
    BenchOptions options;
    options.jobs = j;
    const auto start = std::chrono::steady_clock::now();
    const std::vector<KernelResult> rows = runBench(kernels, options);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double solve = 0, gen = 0, sim = 0;
    for (const KernelResult& r : rows) solve += r.solveSeconds, gen += r.genSeconds, sim += r.simSeconds;
    const BenchSummary s = summarize(rows);
    std::printf(
        "-j %d: %.1f s wall (target <= 600 s); summed per run: solve %.1f s, generate %.1f s, "
        "simulate+check %.1f s; failed %d, mismatches %d\n",
        j, wall, solve, gen, sim, s.failedRows, s.mismatches);
  }
  return 0;
}

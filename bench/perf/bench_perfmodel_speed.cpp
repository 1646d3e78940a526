// Speed of the fast performance model (src/perfmodel) against the simulator's timing-only run on saved program
// directories (as perf_bench_perfmodel_accuracy --save writes the largest ones), without tuning anything: for speed
// work on the model, where re-tuning every DeepBench kernel per measurement would take minutes. Per program: both
// runs alternated `--reps` times (medians of CPU time, so the shared machine's noise hits both alike), the ratio,
// and whether the cycles agree. `--only model|sim N` runs just that one N times per program and prints nothing else,
// for a profiler (callgrind's instruction counts do not depend on the machine's load).
// `--spacing N` and `--history N` set the model's capture options (PerfModelOptions).
// Usage: perf_bench_perfmodel_speed [--reps N] [--only model|sim N] [--spacing N] [--history N] DIR...
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "inlay/perfmodel/perf_model.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5, onlyRuns = 0;
  std::string only;
  PerfModelOptions options;
  std::vector<std::string> dirs;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--reps" && a + 1 < argc)
      reps = std::max(1, std::stoi(argv[++a]));
    else if (arg == "--spacing" && a + 1 < argc)
      options.captureSpacing = std::stoi(argv[++a]);
    else if (arg == "--history" && a + 1 < argc)
      options.captureHistory = std::stoi(argv[++a]);
    else if (arg == "--only" && a + 2 < argc) {
      only = argv[++a];
      onlyRuns = std::stoi(argv[++a]);
    } else
      dirs.push_back(arg);
  }
  double logSum = 0, minRatio = 1e300;
  int mismatches = 0;
  for (const std::string& dir : dirs) {
    const Program program = readProgramDir(dir);
    std::vector<uint8_t> none;
    if (!only.empty()) {
      for (int r = 0; r < onlyRuns; ++r)
        if (only == "model")
          predictCycles(program, options);
        else
          simulate(program, none, SimOptions{.functional = false});
      continue;
    }
    SimResult sim;
    PerfPrediction p;
    std::vector<double> simTimes, modelTimes;
    for (int r = 0; r < reps; ++r) {
      simTimes.push_back(secondsPerCall([&] { sim = simulate(program, none, SimOptions{.functional = false}); }, 0.01));
      modelTimes.push_back(secondsPerCall([&] { p = predictCycles(program, options); }, 0.01));
    }
    const double simS = median(simTimes), modelS = median(modelTimes), ratio = simS / modelS;
    logSum += std::log(ratio);
    minRatio = std::min(minRatio, ratio);
    mismatches += p.cycles != sim.stats.cycles;
    std::printf("%-70s %8lld insns %7lld stepped %4lld regions %4lld jumps: sim %8.3f ms, model %7.3f ms, %6.1fx%s\n",
                dir.c_str(), static_cast<long long>(sim.stats.instructions),
                static_cast<long long>(p.steppedInstructions), static_cast<long long>(p.regions),
                static_cast<long long>(p.extrapolations), 1e3 * simS, 1e3 * modelS, ratio,
                p.cycles == sim.stats.cycles ? "" : "  CYCLES DIFFER");
    std::fflush(stdout);
  }
  if (dirs.empty()) return 1;
  std::printf("%zu programs: speed ratio geomean %.1fx, lowest %.1fx; %d with different cycles\n", dirs.size(),
              std::exp(logSum / static_cast<double>(dirs.size())), minRatio, mismatches);
  return mismatches ? 1 : 0;
}

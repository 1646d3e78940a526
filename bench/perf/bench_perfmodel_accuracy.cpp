// Accuracy and speed of the fast performance model (src/perfmodel, docs/design.md §6.6) against the simulator's
// timing-only run, on the programs Inlay runs: for every DeepBench kernel (operators/deepbench, or the spec files
// given), every shipped ISA (or those given) and the three strategies, the tuned program (bench/tune.h), timed by both.
// Prints the mean absolute percentage error, the worst error, how many were exact, and the speed ratio (CPU time of
// the simulation / of the model) on the largest programs. Targets (issue 15): MAPE ≤ 1 %, worst ≤ 5 %, ≥ 100× on the
// largest kernels. Run from the repository root, Release build.
// `--save DIR` writes the largest programs' directories there (DIR/<kernel>.<isa>.<strategy>), for
// perf_bench_perfmodel_speed to time without tuning again.
// Usage: perf_bench_perfmodel_accuracy [--isa NAME]... [--largest N] [--rows] [--save DIR] [SPEC.json ...]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "deepbench_specs.h"
#include "inlay/bench/tune.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/shipped_isa.h"
#include "inlay/perfmodel/perf_model.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

struct Row {
  std::string name, isa, strategy;
  int64_t instructions = 0, stepped = 0, simCycles = 0, modelCycles = 0;
  double error = 0, simSeconds = 0, modelSeconds = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> specs, isas;
  size_t largest = 20;
  bool printRows = false;
  std::string saveDir;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--isa" && a + 1 < argc)
      isas.push_back(argv[++a]);
    else if (arg == "--largest" && a + 1 < argc)
      largest = static_cast<size_t>(std::stoul(argv[++a]));
    else if (arg == "--save" && a + 1 < argc)
      saveDir = argv[++a];
    else if (arg == "--rows")
      printRows = true;
    else
      specs.push_back(arg);
  }
  if (specs.empty()) specs = deepbenchSpecFiles();
  if (isas.empty()) isas = shippedIsaNames();
  std::vector<Row> rows;
  std::vector<std::pair<Row, Program>> kept;  // the largest programs so far, for --save
  int failed = 0;
  for (const std::string& isaName : isas) {
    const Isa isa = shippedIsa(isaName);
    for (const std::string& file : specs)
      for (const Operator& op : readOperatorFile(file))
        for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
          Row r{op.name, isaName, strategyName(s)};
          Program program;
          try {
            program = tuneProgram(op, isa, s).generated.program;
            SimResult sim;
            std::vector<uint8_t> none;
            r.simSeconds = secondsPerCall([&] { sim = simulate(program, none, SimOptions{.functional = false}); });
            if (sim.fault) throw std::runtime_error(sim.fault->message);
            PerfPrediction p;
            r.modelSeconds = secondsPerCall([&] { p = predictCycles(program); });
            if (p.fault) throw std::runtime_error("model: " + p.fault->message);
            r.instructions = sim.stats.instructions;
            r.stepped = p.steppedInstructions;
            r.simCycles = sim.stats.cycles;
            r.modelCycles = p.cycles;
            r.error =
                std::abs(static_cast<double>(p.cycles - sim.stats.cycles)) / static_cast<double>(sim.stats.cycles);
          } catch (const std::exception& e) {
            std::printf("%s %s %s: FAILED: %s\n", r.name.c_str(), r.isa.c_str(), r.strategy.c_str(), e.what());
            ++failed;
            continue;
          }
          if (printRows)
            std::printf("%-48s %-12s %-9s %9lld insns %7lld stepped %12lld sim %12lld model %8.4f%% %8.1fx\n",
                        r.name.c_str(), r.isa.c_str(), r.strategy.c_str(), static_cast<long long>(r.instructions),
                        static_cast<long long>(r.stepped), static_cast<long long>(r.simCycles),
                        static_cast<long long>(r.modelCycles), 100 * r.error, r.simSeconds / r.modelSeconds);
          std::fflush(stdout);
          rows.push_back(r);
          if (!saveDir.empty()) {
            kept.emplace_back(r, std::move(program));
            std::sort(kept.begin(), kept.end(),
                      [](const auto& a, const auto& b) { return a.first.instructions > b.first.instructions; });
            if (kept.size() > largest) kept.pop_back();
          }
        }
  }
  for (const auto& [r, program] : kept)
    writeProgramDir(program, saveDir + "/" + r.name + "." + r.isa + "." + r.strategy);
  if (rows.empty()) return 1;
  double errorSum = 0, simTotal = 0, modelTotal = 0;
  const Row* worst = &rows[0];
  int64_t exact = 0;
  for (const Row& r : rows) {
    errorSum += r.error;
    exact += r.simCycles == r.modelCycles;
    simTotal += r.simSeconds;
    modelTotal += r.modelSeconds;
    if (r.error > worst->error) worst = &r;
  }
  std::printf("programs %zu (failed %d): MAPE %.4f %%, worst %.4f %% (%s %s %s), exact %lld\n", rows.size(), failed,
              100 * errorSum / static_cast<double>(rows.size()), 100 * worst->error, worst->name.c_str(),
              worst->isa.c_str(), worst->strategy.c_str(), static_cast<long long>(exact));
  std::printf("all programs: simulation %.3f s, model %.3f s in total (%.1fx)\n", simTotal, modelTotal,
              simTotal / modelTotal);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.instructions > b.instructions; });
  rows.resize(std::min(largest, rows.size()));
  double logSum = 0, minRatio = 1e300;
  for (const Row& r : rows) {
    const double ratio = r.simSeconds / r.modelSeconds;
    logSum += std::log(ratio);
    minRatio = std::min(minRatio, ratio);
    std::printf("  %-48s %-12s %-9s %9lld insns, %7lld stepped: simulation %.3f ms, model %.3f ms, %.1fx\n",
                r.name.c_str(), r.isa.c_str(), r.strategy.c_str(), static_cast<long long>(r.instructions),
                static_cast<long long>(r.stepped), 1e3 * r.simSeconds, 1e3 * r.modelSeconds, ratio);
  }
  std::printf("largest %zu programs: speed ratio geomean %.1fx, lowest %.1fx\n", rows.size(),
              std::exp(logSum / static_cast<double>(rows.size())), minRatio);
  return failed ? 1 : 0;
}

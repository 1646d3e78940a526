// Code generator benchmark (codegen stage): for every DeepBench kernel (operators/deepbench/*.json, or the files
// given as arguments), generation time per strategy (≤ 1 s target) and, by timing-only simulation, cycles over
// boundCycles; for the compute-bound kernels (MACs / lanes ≥ the DMA bound) the geomean and the worst kernel of
// csp (≤ 1.3 target). Run from the repository root. Usage: perf_codegen_deepbench [--isa ISA.json] [--strategies
// csp,fixed] [SPEC.json ...]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "deepbench_specs.h"
#include "inlay/codegen/bounds.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

struct Row {
  std::string name;
  double genSeconds = 0, solveSeconds = 0, ratio = 0;
  int64_t cycles = 0, bound = 0;
  bool computeBound = false;
};

void summarise(const char* strategy, const std::vector<Row>& rows) {
  double logSum = 0, maxGen = 0;
  int n = 0;
  const Row* worst = nullptr;
  for (const Row& r : rows) {
    maxGen = std::max(maxGen, r.genSeconds);
    if (!r.computeBound) continue;
    logSum += std::log(r.ratio);
    ++n;
    if (!worst || r.ratio > worst->ratio) worst = &r;
  }
  std::printf("%s: %zu kernels, max generation %.3f s; compute-bound %d: cycles/bound geomean %.3f, worst %.3f (%s)\n",
              strategy, rows.size(), maxGen, n, n ? std::exp(logSum / n) : 0.0, worst ? worst->ratio : 0.0,
              worst ? worst->name.c_str() : "-");
}

}  // namespace

int main(int argc, char** argv) {
  Isa isa = defaultIsa();
  std::vector<std::string> specs;
  std::vector<Strategy> strategies{Strategy::Csp, Strategy::Fixed};
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--isa" && a + 1 < argc)
      isa = readIsaFile(argv[++a]);
    else if (arg == "--strategies" && a + 1 < argc) {
      const std::string list = argv[++a];
      strategies.clear();
      if (list.find("csp") != std::string::npos) strategies.push_back(Strategy::Csp);
      if (list.find("fixed") != std::string::npos) strategies.push_back(Strategy::Fixed);
      if (list.find("reference") != std::string::npos) strategies.push_back(Strategy::Reference);
    } else
      specs.push_back(arg);
  }
  if (specs.empty()) specs = deepbenchSpecFiles();
  std::printf("%-48s %-9s %9s %9s %12s %12s %7s\n", "kernel", "strategy", "solve_s", "gen_s", "cycles", "bound",
              "ratio");
  for (Strategy strategy : strategies) {
    std::vector<Row> rows;
    for (const std::string& file : specs) {
      for (const Operator& op : readOperatorFile(file)) {
        Row r;
        r.name = op.name;
        try {
          const Generated g = generate(op, isa, strategy);
          std::vector<uint8_t> dram(g.program.dramBytes, 0);
          SimOptions timingOnly;
          timingOnly.functional = false;
          const SimResult sim = simulate(g.program, dram, timingOnly);
          if (sim.fault) throw WorkError("simulator fault: " + sim.fault->message);
          r.genSeconds = g.genSeconds;
          r.solveSeconds = g.solveSeconds;
          r.cycles = sim.stats.cycles;
        } catch (const std::exception& e) {
          std::printf("%-48s %-9s FAILED: %s\n", op.name.c_str(), strategyName(strategy).c_str(), e.what());
          continue;
        }
        r.bound = boundCycles(op, isa);
        const int64_t computeCycles = (op.macs() + isa.macsPerUop() - 1) / isa.macsPerUop();
        r.computeBound = computeCycles >= r.bound;
        r.ratio = static_cast<double>(r.cycles) / static_cast<double>(r.bound);
        std::printf("%-48s %-9s %9.3f %9.3f %12lld %12lld %7.3f%s\n", r.name.c_str(), strategyName(strategy).c_str(),
                    r.solveSeconds, r.genSeconds, static_cast<long long>(r.cycles), static_cast<long long>(r.bound),
                    r.ratio, r.computeBound ? "" : "  (DMA-bound)");
        std::fflush(stdout);
        rows.push_back(r);
      }
    }
    summarise(strategyName(strategy).c_str(), rows);
  }
  return 0;
}

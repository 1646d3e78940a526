// Where the time of tuning (bench/tune.h) goes, per strategy, on chosen DeepBench kernels: solving, generating the
// candidates, and the timing-only simulation of each. Usage: perf_bench_tune_cost SPEC.json...
#include <chrono>
#include <cstdio>
#include <string>

#include "inlay/bench/tune.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  for (int a = 1; a < argc; ++a)
    for (const Operator& op : readOperatorFile(argv[a]))
      for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
        auto t = std::chrono::steady_clock::now();
        const std::vector<Generated> c = generateCandidates(op, defaultIsa(), s);
        const double gen = since(t);
        std::printf("%s %s: solve %.3f s, candidates %zu in %.3f s;", op.name.c_str(), strategyName(s).c_str(),
                    c.empty() ? 0.0 : c[0].solveSeconds, c.size(), gen);
        for (const Generated& g : c) {
          t = std::chrono::steady_clock::now();
          std::vector<uint8_t> dram;
          const SimResult r = simulate(g.program, dram, SimOptions{.functional = false});
          std::string lanes;
          for (const auto& l : g.embedding.lanes) {
            lanes += "{";
            for (int d : l) lanes += op.dims[static_cast<size_t>(d)].name + " ";
            lanes += "}";
          }
          // Ranks are printed from 1, as in every user-facing output; the baseline (TVM's embedding) has none.
          const std::string rank = g.embeddingRank == kBaselineRank ? "baseline" : std::to_string(g.embeddingRank + 1);
          std::printf(" [%s rank %s inp %d %s obj %.0f: %zu insns, %lld cycles, %.3f s]",
                      scheduleSourceName(g.scheduleSource).c_str(), rank.c_str(), g.embedding.inpInput, lanes.c_str(),
                      g.embedding.objective, g.program.insns.size(), static_cast<long long>(r.stats.cycles), since(t));
        }
        std::printf("\n\n");
      }
}

// Solver benchmark: solves every DeepBench kernel (operators/deepbench/*.json) with each backend and prints the
// median and maximum solve time (targets: median ≤ 0.2 s, max ≤ 2 s), plus utilization figures of the optimum.
// Usage: perf_solver_deepbench [DIR] (default: operators/deepbench, relative to the working directory).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "inlay/ir/spec_reader.h"
#include "inlay/solver/solve.h"

using namespace inlay;

int main(int argc, char** argv) {
  std::filesystem::path dir = argc > 1 ? argv[1] : "operators/deepbench";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Operator> ops;
  for (const auto& f : files)
    for (Operator& op : readOperatorFile(f.string())) ops.push_back(std::move(op));
  std::printf("%zu kernels from %s\n", ops.size(), dir.c_str());
  Isa isa = defaultIsa();
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    std::vector<double> seconds;
    std::vector<double> utilization;
    int infeasible = 0;
    std::string slowest;
    for (const Operator& op : ops) {
      SolveResult r = solve(op, isa, {.backend = backend, .topK = 1});
      if (r.embeddings.empty())
        ++infeasible;
      else
        utilization.push_back(r.embeddings[0].utilization);
      if (seconds.empty() || r.seconds > *std::max_element(seconds.begin(), seconds.end())) slowest = op.name;
      seconds.push_back(r.seconds);
    }
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted[sorted.size() / 2];
    std::sort(utilization.begin(), utilization.end());
    std::printf(
        "%-6s median %.4f s  max %.4f s (%s)  total %.2f s  infeasible %d  utilization min %.3f median %.3f\n",
        backendName(backend).c_str(), median, sorted.back(), slowest.c_str(),
        [&] {
          double t = 0;
          for (double s : seconds) t += s;
          return t;
        }(),
        infeasible, utilization.empty() ? 0.0 : utilization.front(),
        utilization.empty() ? 0.0 : utilization[utilization.size() / 2]);
  }
  return 0;
}

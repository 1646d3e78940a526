// How far the `reference` strategy's choice is from the best TVM-legal plan (docs/vta.md §5.4), per kernel, by
// timing-only simulation: for a conv2d the legacy planner's plan, for a dense the fastest of the plans the reference
// offers (referencePlans, as the tuner picks), against every legal plan (legalReferencePlans) — or, with `--cap N`,
// the N with the fewest estimated cycles — leaving out plans of more than `--max-steps` tile steps (default 100,000:
// their programs, of about four instructions a step, cost seconds each to emit and simulate). Plans that cannot be
// emitted are counted as failed. Prints reference cycles / best cycles per kernel, the geomean and the worst per kind.
// Run from the repository root. Usage: perf_codegen_reference_gap [--isa ISA.json] [--cap N] [--max-steps N]
// [--kind conv|dense|all] [--offered N] [SPEC.json ...] (default: operators/deepbench/*.json). `--offered N` takes
// the dense reference as the best of the N best estimates instead of referencePlans' kDenseReferenceCandidates, to
// see what N needs to be. bench/RESULTS.md quotes `--kind conv` (about 2 minutes) and `--kind dense --cap 32`.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "deepbench_specs.h"
#include "inlay/codegen/emit.h"
#include "inlay/codegen/reference.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

struct Row {
  std::string name;
  double ratio = 1;
};

/// Simulated cycles of one plan (timing only); nothing when it cannot be emitted or faults.
std::optional<int64_t> planCycles(const Operator& op, const Isa& isa, const ReferencePlan& plan) {
  try {
    const Program program = emitProgram(op, isa, plan.embedding, plan.schedule);
    std::vector<uint8_t> noImage;
    const SimResult r = simulate(program, noImage, SimOptions{.functional = false});
    if (r.fault) return std::nullopt;
    return r.stats.cycles;
  } catch (const WorkError&) {
    return std::nullopt;
  }
}

void summarise(const char* kind, const std::vector<Row>& rows) {
  if (rows.empty()) return;
  double logSum = 0;
  const Row* worst = &rows.front();
  for (const Row& r : rows) {
    logSum += std::log(r.ratio);
    if (r.ratio > worst->ratio) worst = &r;
  }
  std::printf("%s: %zu kernels, reference / best legal plan: geomean %.4f, worst %.4f (%s)\n", kind, rows.size(),
              std::exp(logSum / static_cast<double>(rows.size())), worst->ratio, worst->name.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Isa isa = defaultIsa();
  size_t cap = SIZE_MAX;
  int64_t maxSteps = 100000;
  size_t offered = kDenseReferenceCandidates;
  std::string kinds = "all";
  std::vector<std::string> specs;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--isa" && a + 1 < argc)
      isa = readIsaFile(argv[++a]);
    else if (arg == "--cap" && a + 1 < argc)
      cap = static_cast<size_t>(std::strtoull(argv[++a], nullptr, 10));
    else if (arg == "--max-steps" && a + 1 < argc)
      maxSteps = std::strtoll(argv[++a], nullptr, 10);
    else if (arg == "--offered" && a + 1 < argc)
      offered = static_cast<size_t>(std::strtoull(argv[++a], nullptr, 10));
    else if (arg == "--kind" && a + 1 < argc)
      kinds = argv[++a];
    else
      specs.push_back(arg);
  }
  if (specs.empty()) specs = deepbenchSpecFiles();
  std::vector<Row> convRows, denseRows;
  for (const std::string& spec : specs)
    for (const Operator& op : readOperatorFile(spec)) {
      const std::optional<ReferenceShape> shape = matchReferenceShape(op);
      if (!shape) {
        std::printf("%s: n/a (not TVM's conv2d or dense)\n", op.name.c_str());
        continue;
      }
      const bool dense = shape->kind == ReferenceShape::Kind::Dense;
      if (kinds != "all" && kinds != (dense ? "dense" : "conv")) continue;
      const auto start = std::chrono::steady_clock::now();
      const std::vector<ReferencePlan> legal = legalReferencePlans(op, isa);
      // The reference's own choice, as the tuner makes it: the fewest cycles, the earlier plan on ties.
      std::optional<int64_t> reference;
      std::string referencePlan, bestPlan;
      for (const ReferencePlan& plan : referencePlans(op, isa, offered))
        if (std::optional<int64_t> c = planCycles(op, isa, plan); c && (!reference || *c < *reference))
          reference = c, referencePlan = describeTiling(plan.tiling);
      std::optional<int64_t> best;
      size_t simulated = 0, failed = 0, tooLong = 0, bestRank = 0;
      const ReferenceBlocks blocks = referenceBlocks(*shape, isa);
      for (size_t k = 0; k < legal.size() && simulated < cap; ++k) {
        const ReferenceTiling& t = legal[k].tiling;
        if ((blocks.batch / t.batchTile) * (shape->outH / t.hTile) * (shape->outW / t.wTile) * (blocks.ci / t.ciTile) *
                (blocks.co / t.coTile) >
            maxSteps) {
          ++tooLong;
          continue;
        }
        const std::optional<int64_t> c = planCycles(op, isa, legal[k]);
        ++simulated;
        if (!c) {
          ++failed;
          continue;
        }
        if (!best || *c < *best) best = c, bestRank = k + 1, bestPlan = describeTiling(t);
      }
      if (!reference || !best) {
        std::printf("%s: no plan could be simulated\n", op.name.c_str());
        continue;
      }
      // The reference's plan may lie beyond the cap: the best legal plan is at least as fast as it.
      const int64_t bestCycles = std::min(*best, *reference);
      if (*reference <= *best) bestPlan = referencePlan;
      const double ratio = static_cast<double>(*reference) / static_cast<double>(bestCycles);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf(
          "%s (%s): %zu legal plans, %zu simulated (%zu failed), %zu over the step cap, reference %lld, best "
          "%lld at estimate rank %zu, ratio %.4f (%.1f s); reference plan %s; best plan %s\n",
          op.name.c_str(), dense ? "dense" : "conv", legal.size(), simulated, failed, tooLong,
          static_cast<long long>(*reference), static_cast<long long>(bestCycles), bestRank, ratio, seconds,
          referencePlan.c_str(), bestPlan.c_str());
      std::fflush(stdout);
      (dense ? denseRows : convRows).push_back({op.name, ratio});
    }
  summarise("conv2d (legacy planner)", convRows);
  summarise("dense (best simulated of referencePlans)", denseRows);
}

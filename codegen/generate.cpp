// The code generator's entry point (codegen/generate.h): strategy → embedding → schedule → program.
#include "inlay/codegen/generate.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>

#include "inlay/codegen/emit.h"
#include "inlay/codegen/reference.h"
#include "inlay/codegen/strategies.h"
#include "inlay/codegen/tiler.h"
#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"
#include "inlay/solver/check_cache.h"
#include "inlay/solver/checker.h"

namespace inlay {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Embeddings whose tiler estimate exceeds the best one's by more than this factor are not offered: they are
/// unlikely to win, and emitting and simulating them costs in proportion to their longer runs (DeepBench's
/// K = 500000 GEMMs have 16×-slower embeddings among the solver's top 4).
constexpr double kEstimateSlack = 1.5;

/// The embeddings a strategy offers, best first (Reference: none, its plan is built whole).
struct EmbeddingList {
  std::vector<Embedding> embeddings;
  std::vector<int> ranks;             // each embedding's rank in the solver's list (from 0)
  std::optional<Embedding> baseline;  // csp: TVM's fixed embedding (when it fits), offered whatever its estimate
  double solveSeconds = 0;
  bool solverStopped = false;
};

/// TVM's fixed embedding of `op`, scored; nothing (and the reason in `why`) when it does not fit.
std::optional<Embedding> checkedFixedEmbedding(const Operator& op, const Isa& isa, const SolveOptions& options,
                                               std::string& why) {
  const Embedding e = fixedEmbedding(op);
  const CheckResult check = checkEmbeddingWith(options.checkCache.get(), op, isa, e);
  if (!check.ok) {
    why = check.reason;
    return std::nullopt;
  }
  return scoreEmbedding(op, isa, e);
}

EmbeddingList strategyEmbeddings(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  EmbeddingList list;
  std::string why;
  if (strategy == Strategy::Csp) {
    SolveOptions solveOptions = options.solve;
    solveOptions.topK = std::max(1, options.candidates);
    SolveResult r = solve(op, isa, solveOptions);
    list.solveSeconds = r.seconds;
    // Masked embeddings join the unmasked ones instead of displacing them: when some of the top K are masked, the
    // list goes on to the K-th unmasked one (what csp offered before masked lanes existed), so that tuning never
    // does worse than without them and the benchmark's unmasked cycles measure what masking gains.
    const auto unmaskedIn = [](const std::vector<Embedding>& v) {
      return std::count_if(v.begin(), v.end(), [](const Embedding& e) { return e.maskedDim() < 0; });
    };
    const int k = solveOptions.topK;
    for (int round = 0; round < 4 && unmaskedIn(r.embeddings) < k && !r.stopped() &&
                        static_cast<int>(r.embeddings.size()) == solveOptions.topK;
         ++round) {
      solveOptions.topK += k - static_cast<int>(unmaskedIn(r.embeddings));
      r = solve(op, isa, solveOptions);
      list.solveSeconds += r.seconds;
    }
    list.solverStopped = r.stopped();
    if (r.embeddings.empty())
      throw WorkError("no embedding of the GEMM intrinsic into '" + op.name + "': " + r.explanation);
    int unmasked = 0;
    for (size_t rank = 0; rank < r.embeddings.size(); ++rank) {
      const bool isUnmasked = r.embeddings[rank].maskedDim() < 0;
      if (static_cast<int>(rank) >= k && !(isUnmasked && unmasked < k)) continue;
      unmasked += isUnmasked;
      list.embeddings.push_back(r.embeddings[rank]);
      list.ranks.push_back(static_cast<int>(rank));
    }
    list.baseline = checkedFixedEmbedding(op, isa, options.solve, why);
  } else if (strategy == Strategy::Fixed) {
    const std::optional<Embedding> e = checkedFixedEmbedding(op, isa, options.solve, why);
    if (!e) throw WorkError("TVM's fixed embedding does not fit '" + op.name + "': " + why);
    list.embeddings.push_back(*e);
    list.ranks.push_back(0);
  }
  return list;
}

/// Appends the candidates of one embedding: Inlay's tiler's choice (`tiled[0]`), its best schedule in the other DRAM
/// layout (`tiled[1]`: the estimate ranks layouts less reliably than tiles), then — when the embedding is TVM's and
/// TVM's plan is not offered yet — TVM's plan as TVM runs it and with resident operands reused (when a box is resident
/// to reuse). Emission failures are collected in `firstError` (the first one) and skipped.
void addEmbeddingCandidates(std::vector<Generated>& out, const Operator& op, const Isa& isa, const Embedding& emb,
                            const InvocationSpace& space, const std::array<Schedule, 2>& tiled, int rank,
                            bool firstOnly, const GenOptions& options, std::string& firstError) {
  EmitProgress progress;
  if (options.progress)
    progress = [&](int64_t done, int64_t steps) {
      options.progress("emitting a candidate: " + std::to_string(done) + " of " + std::to_string(steps) +
                       " tile steps");
    };
  auto attempt = [&](ScheduleSource source, const Embedding& embedding, bool laneBlocksOuter, auto&& emit) {
    if (firstOnly && !out.empty()) return;
    try {
      Generated g;
      g.program = emit();
      g.embedding = embedding;
      g.scheduleSource = source;
      g.embeddingRank = rank;
      g.laneBlocksOuter = laneBlocksOuter;
      out.push_back(std::move(g));
    } catch (const WorkError& e) {
      if (firstError.empty()) firstError = e.what();
    }
  };
  for (const Schedule& schedule : tiled) {
    attempt(ScheduleSource::Tiler, emb, schedule.laneBlocksOuter,
            [&] { return tileAndEmit(op, isa, emb, space, schedule, progress); });
    if (firstOnly) return;
  }
  const bool tvmPlanOffered =
      std::any_of(out.begin(), out.end(), [](const Generated& g) { return g.scheduleSource != ScheduleSource::Tiler; });
  if (tvmPlanOffered) return;
  for (ReferencePlan& tvm : referencePlansFor(op, isa, emb)) {
    const size_t before = out.size();
    attempt(ScheduleSource::TvmPlan, tvm.embedding, true,
            [&] { return emitProgram(op, isa, tvm.embedding, tvm.schedule, progress); });
    tvm.schedule.reuseResidentOperands = true;
    // Without a resident box to reuse, the program would be the plan's again (which wins the tie anyway).
    if (out.size() == before || reusesResidentOperands(op, isa, tvm.embedding, tvm.schedule))
      attempt(ScheduleSource::TvmPlanReusing, tvm.embedding, true,
              [&] { return emitProgram(op, isa, tvm.embedding, tvm.schedule, progress); });
  }
}

/// The invocation space of `emb`, or nothing when the embedding cannot be generated (its reason kept in `firstError`
/// if it is the first).
std::optional<InvocationSpace> invocationSpaceOrNothing(const Operator& op, const Isa& isa, const Embedding& emb,
                                                        std::string& firstError) {
  try {
    return buildInvocationSpace(op, isa, emb);
  } catch (const WorkError& e) {
    if (firstError.empty()) firstError = e.what();
    return std::nullopt;
  }
}

std::vector<Generated> candidatesOf(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options,
                                    bool firstOnly) {
  const auto start = std::chrono::steady_clock::now();
  validateOperator(op);
  validateIsa(isa, "<isa>");
  if (options.candidates < 1) throw InputError("<options>", "candidates", "must be at least 1");
  std::vector<Generated> out;
  const EmbeddingList list = strategyEmbeddings(op, isa, strategy, options);
  std::string firstError;
  if (strategy == Strategy::Reference)
    for (const ReferencePlan& plan : firstOnly ? std::vector{planReference(op, isa)} : referencePlans(op, isa)) {
      try {
        Generated g;
        g.embedding = plan.embedding;
        g.refusedByTvm = plan.refusedByTvm;
        g.scheduleSource = ScheduleSource::TvmPlan;
        g.program = emitProgram(op, isa, plan.embedding, plan.schedule);
        out.push_back(std::move(g));
      } catch (const WorkError& e) {
        if (firstError.empty()) firstError = e.what();
      }
    }
  // The best estimate so far, per kind (unmasked, masked): each kind is filtered against its own best, so that the
  // unmasked embeddings stay offered next to a masked one estimated faster.
  std::array<std::optional<double>, 2> bestEstimate;
  bool baselineOffered = false;
  for (size_t k = 0; k < list.embeddings.size() && !(firstOnly && !out.empty()); ++k) {
    const Embedding& emb = list.embeddings[k];
    const bool isBaseline =
        list.baseline && emb.lanes == list.baseline->lanes && emb.inpInput == list.baseline->inpInput;
    if (options.progress)
      options.progress("embedding " + std::to_string(k + 1) + " of " + std::to_string(list.embeddings.size()) +
                       ": tiling and emitting");
    std::optional<InvocationSpace> space = invocationSpaceOrNothing(op, isa, emb, firstError);
    if (!space) continue;  // e.g. its packed operands would not fit VTA's 4 GiB: the other embeddings may
    const std::array<Schedule, 2> tiled = chooseSchedulePerLayout(*space, isa);
    const double estimate = tiled[0].estimatedCycles;
    std::optional<double>& best = bestEstimate[emb.maskedDim() >= 0 ? 1 : 0];
    if (best && !out.empty() && estimate > kEstimateSlack * *best && !isBaseline) continue;
    best = std::min(best.value_or(estimate), estimate);
    baselineOffered = baselineOffered || isBaseline;
    addEmbeddingCandidates(out, op, isa, emb, *space, tiled, list.ranks[k], firstOnly, options, firstError);
  }
  // The baseline is offered whatever its estimate: with it among the candidates, tuning never picks a program slower
  // than the fixed strategy's or the reference's (when the tiler's estimate misjudges the solver's embeddings).
  if (list.baseline && !baselineOffered && !firstOnly)
    if (std::optional<InvocationSpace> space = invocationSpaceOrNothing(op, isa, *list.baseline, firstError))
      addEmbeddingCandidates(out, op, isa, *list.baseline, *space, chooseSchedulePerLayout(*space, isa), kBaselineRank,
                             false, options, firstError);
  if (out.empty()) throw WorkError(firstError);
  const double genSeconds = secondsSince(start) - list.solveSeconds;
  for (Generated& g : out) {
    g.program.strategy = strategyName(strategy);
    g.solveSeconds = list.solveSeconds;
    g.genSeconds = genSeconds;
    g.solverStopped = list.solverStopped;
  }
  return out;
}

}  // namespace

Program tileAndEmit(const Operator& op, const Isa& isa, const Embedding& emb, const InvocationSpace& space,
                    Schedule schedule, const EmitProgress& progress) {
  TilerOptions options;
  options.laneBlocksOuter = schedule.laneBlocksOuter;
  for (int attempt = 0;; ++attempt) {
    try {
      return emitProgram(op, isa, emb, schedule, progress);
    } catch (const WorkError&) {
      if (attempt == 4) throw;
      options.uopBufferShare /= 4;
      schedule = chooseSchedule(space, isa, options);
    }
  }
}

std::string strategyName(Strategy s) {
  switch (s) {
    case Strategy::Csp: return "csp";
    case Strategy::Fixed: return "fixed";
    case Strategy::Reference: return "reference";
  }
  return "?";
}

std::string scheduleSourceName(ScheduleSource s) {
  switch (s) {
    case ScheduleSource::Tiler: return "tiler";
    case ScheduleSource::TvmPlan: return "tvm-plan";
    case ScheduleSource::TvmPlanReusing: return "tvm-plan-reusing";
  }
  return "?";
}

std::vector<Generated> generateCandidates(const Operator& op, const Isa& isa, Strategy strategy,
                                          const GenOptions& options) {
  return candidatesOf(op, isa, strategy, options, false);
}

Generated generate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  return std::move(candidatesOf(op, isa, strategy, options, true).front());
}

Expected<std::vector<Generated>> tryGenerateCandidates(const Operator& op, const Isa& isa, Strategy strategy,
                                                       const GenOptions& options) {
  return captureErrors([&] { return generateCandidates(op, isa, strategy, options); });
}

Expected<Generated> tryGenerate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  return captureErrors([&] { return generate(op, isa, strategy, options); });
}

}  // namespace inlay

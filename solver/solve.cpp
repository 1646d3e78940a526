// The solver stage's entry point: build the model, run the chosen backend, score and re-verify every embedding,
// explain infeasibility in terms of the model.
#include "inlay/solver/solve.h"

#include <chrono>
#include <optional>

#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"
#include "inlay/solver/backend.h"
#include "inlay/solver/check_cache.h"
#include "inlay/solver/checker.h"
#include "inlay/solver/problem.h"

namespace inlay {

std::string backendName(SolverBackend b) { return b == SolverBackend::Gecode ? "gecode" : "z3"; }

namespace {

/// The best table row the model admits (what a backend would find with time), for when the limit stopped it first.
std::optional<Assignment> bestAdmittedRow(const EmbeddingProblem& problem) {
  for (const Assignment& a : problem.objective.rows)
    if (!problem.violation(a)) return a;
  return std::nullopt;
}

}  // namespace

SolveResult solve(const Operator& op, const Isa& isa, const SolveOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  validateOperator(op);
  validateIsa(isa, "<isa>");
  if (options.topK < 1) throw InputError("<options>", "top", "must be at least 1");
  if (!(options.timeLimitSeconds >= 0)) throw InputError("<options>", "time-limit", "must be ≥ 0 (0: none)");
  if (options.nodeLimit < 1) throw InputError("<options>", "node-limit", "must be at least 1");
  SearchLimits limits{options.nodeLimit, std::nullopt};
  if (options.timeLimitSeconds > 0)
    limits.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(options.timeLimitSeconds));
  EmbeddingProblem problem = buildProblem(op, isa, limits);
  problem.check();
  limits.nodes -= problem.tableNodes;
  BackendResult found;
  if (problem.tableComplete())
    found = options.backend == SolverBackend::Gecode ? solveWithGecode(problem, options.topK, limits)
                                                     : solveWithZ3(problem, options.topK, limits);
  found.timedOut = found.timedOut || problem.tableTimedOut;
  found.nodeLimitHit = found.nodeLimitHit || problem.tableNodeLimitHit;
  const bool stopped = found.timedOut || found.nodeLimitHit;
  if (found.solutions.empty() && stopped)
    if (std::optional<Assignment> best = bestAdmittedRow(problem)) found.solutions.push_back(*best);
  if (!problem.tableComplete()) found.provenOptimal = false;
  SolveResult result;
  result.stats = found.stats;
  result.stats.tableNodes = problem.tableNodes;
  result.timedOut = found.timedOut;
  result.nodeLimitHit = found.nodeLimitHit;
  result.optimal = found.provenOptimal;
  for (const Assignment& a : found.solutions) {
    Embedding e = toEmbedding(a);
    CheckResult verdict = checkEmbeddingWith(options.checkCache.get(), op, isa, e);
    INLAY_CHECK(verdict.ok, "the model admitted an embedding the checker rejects: " + verdict.reason);
    result.embeddings.push_back(scoreEmbedding(op, isa, e));
  }
  if (!result.embeddings.empty()) {
    // The optimum was proven even if a later top-K round ran out of time.
    result.status = found.provenOptimal ? SolveResult::Status::Feasible : SolveResult::Status::Unknown;
  } else if (stopped) {
    result.status = SolveResult::Status::Unknown;
    result.explanation =
        std::string(found.timedOut ? "time limit" : "node budget") + " reached before any embedding was found";
  } else {
    result.status = SolveResult::Status::Infeasible;
    result.explanation = explainInfeasible(problem);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Expected<SolveResult> trySolve(const Operator& op, const Isa& isa, const SolveOptions& options) {
  return captureErrors([&] { return solve(op, isa, options); });
}

}  // namespace inlay

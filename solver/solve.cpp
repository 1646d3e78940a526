// The solver stage's entry point: build the model, run the chosen backend, score and re-verify every embedding,
// explain infeasibility in terms of the model.
#include "solver/solve.h"

#include <chrono>

#include "ir/error.h"
#include "solver/backend.h"
#include "solver/checker.h"
#include "solver/problem.h"

namespace inlay {

std::string backendName(SolverBackend b) { return b == SolverBackend::Gecode ? "gecode" : "z3"; }

SolveResult solve(const Operator& op, const Isa& isa, const SolveOptions& options) {
  auto start = std::chrono::steady_clock::now();
  if (options.topK < 1) throw InputError("<options>", "top", "must be at least 1");
  if (!(options.timeLimitSeconds > 0)) throw InputError("<options>", "time-limit", "must be positive");
  EmbeddingProblem problem = buildProblem(op, isa);
  problem.check();
  BackendResult found = options.backend == SolverBackend::Gecode
                            ? solveWithGecode(problem, options.topK, options.timeLimitSeconds)
                            : solveWithZ3(problem, options.topK, options.timeLimitSeconds);
  SolveResult result;
  result.stats = found.stats;
  result.timedOut = found.timedOut;
  result.optimal = found.provenOptimal;
  for (const Assignment& a : found.solutions) {
    Embedding e = toEmbedding(a);
    CheckResult verdict = checkEmbedding(op, isa, e);
    INLAY_CHECK(verdict.ok, "the model admitted an embedding the checker rejects: " + verdict.reason);
    result.embeddings.push_back(scoreEmbedding(op, isa, e));
  }
  if (!result.embeddings.empty()) {
    // The optimum was proven even if a later top-K round ran out of time.
    result.status = found.provenOptimal ? SolveResult::Status::Feasible : SolveResult::Status::Unknown;
  } else if (found.timedOut) {
    result.status = SolveResult::Status::Unknown;
    result.explanation = "time limit reached before any embedding was found";
  } else {
    result.status = SolveResult::Status::Infeasible;
    result.explanation = explainInfeasible(problem);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace inlay

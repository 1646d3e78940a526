// The interface the solver backends implement (solver stage, internal): translate an EmbeddingProblem and return its
// best assignments by objective rank, best first, within a wall-clock limit.
#pragma once

#include <vector>

#include "inlay/solver/problem.h"
#include "inlay/solver/solve.h"

namespace inlay {

struct BackendResult {
  std::vector<Assignment> solutions;  // best first; each round's optimum above the previous round's rank
  bool timedOut = false;              // the limit stopped the search; the last solution is the best found so far
  bool provenOptimal = false;         // the first solution's optimality was proven
  SolverStats stats;
};

/// Gecode: IntVars for the groups, the role and the rank; reified equalities for the records, an extensional
/// (table) constraint linking an assignment to its rank; branch-and-bound on the rank with a time stop.
BackendResult solveWithGecode(const EmbeddingProblem& problem, int topK, double timeLimitSeconds);

/// Z3: integer constants, the records as Boolean formulas, the table as rank ⇒ assignment implications; Optimize
/// minimising the rank with a timeout.
BackendResult solveWithZ3(const EmbeddingProblem& problem, int topK, double timeLimitSeconds);

}  // namespace inlay

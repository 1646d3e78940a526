// The interface the solver backends implement (solver stage, internal): translate an EmbeddingProblem and return its
// best assignments by objective rank, best first, within a wall-clock limit.
#pragma once

#include <vector>

#include "inlay/solver/problem.h"
#include "inlay/solver/solve.h"

namespace inlay {

/// Z3's resource units per node of the budget (Z3 spends at most about 280,000 on a DeepBench top-4 search, which
/// Gecode finishes in at most about 130 nodes).
inline constexpr int64_t kZ3ResourcePerNode = 1000;

struct BackendResult {
  std::vector<Assignment> solutions;  // best first; each round's optimum above the previous round's rank
  bool timedOut = false;              // the deadline stopped the search; the last solution is the best found so far
  bool nodeLimitHit = false;          // the node budget stopped it
  bool provenOptimal = false;         // the first solution's optimality was proven
  SolverStats stats;
};

/// Gecode: IntVars for the groups, the role and the rank; reified equalities for the records, an extensional
/// (table) constraint linking an assignment to its rank; branch-and-bound on the rank with a time stop.
BackendResult solveWithGecode(const EmbeddingProblem& problem, int topK, const SearchLimits& limits);

/// Z3: integer constants, the records as Boolean formulas, the table as rank ⇒ assignment implications; Optimize
/// minimising the rank with a timeout.
BackendResult solveWithZ3(const EmbeddingProblem& problem, int topK, const SearchLimits& limits);

}  // namespace inlay

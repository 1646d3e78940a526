// The solver stage's entry point (docs/design.md §4.5): find, rank and return embeddings of the ISA's GEMM intrinsic
// into an operator. Outcomes are three-valued with a reason: feasible, infeasible (explained), unknown (time limit).
#pragma once

#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

enum class SolverBackend { Gecode, Z3 };

struct SolveOptions {
  SolverBackend backend = SolverBackend::Gecode;
  int topK = 1;                  // number of distinct embeddings (symmetric variants removed), best first
  double timeLimitSeconds = 10;  // wall-clock bound on the search
};

struct SolverStats {
  int64_t nodes = 0, failures = 0, propagations = 0;  // backend-specific; 0 where a backend does not report it
};

struct SolveResult {
  enum class Status { Feasible, Infeasible, Unknown };
  Status status = Status::Unknown;
  std::vector<Embedding> embeddings;  // best first; non-empty iff Feasible (or Unknown with a best-so-far)
  bool timedOut = false;              // the limit was hit; embeddings (if any) are the best found so far
  bool optimal = false;               // the first embedding is proven optimal
  std::string explanation;            // why Infeasible, in terms of the model
  double seconds = 0;
  SolverStats stats;
};

SolveResult solve(const Operator& op, const Isa& isa, const SolveOptions& options);

std::string backendName(SolverBackend b);

}  // namespace inlay

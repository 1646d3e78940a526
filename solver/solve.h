// The solver stage's entry point (docs/design.md §4.5): find, rank and return embeddings of the ISA's GEMM intrinsic
// into an operator. Outcomes are three-valued with a reason: feasible, infeasible (explained), unknown (time limit).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "inlay/ir/expected.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

enum class SolverBackend { Gecode, Z3 };
class CheckCache;

/// The default node budget: far above what any DeepBench kernel needs (at most 256 table rows and a few hundred
/// search nodes for the top 4), and reached within seconds by the largest loop nests.
inline constexpr int64_t kDefaultNodeLimit = 1'000'000;

/// Two bounds on the work of one solve. The node budget is deterministic: the same operator, ISA and options give
/// the same embeddings on any machine under any load, so it is the default bound. The wall-clock limit is off by
/// default; set, the result can depend on the machine's speed.
struct SolveOptions {
  SolverBackend backend = SolverBackend::Gecode;
  int topK = 1;  // number of distinct embeddings (symmetric variants removed), best first
  // Nodes: the assignments enumerated to build the objective table, plus the backend's search nodes (Gecode: nodes
  // of its search tree; Z3: its deterministic resource count, kZ3ResourcePerNode units to a node).
  int64_t nodeLimit = kDefaultNodeLimit;
  double timeLimitSeconds = 0;  // wall-clock bound on the whole solve; 0: none
  /// Where to look up and keep the checker's verdicts on the answers (solver/check_cache.h), for runs that solve
  /// one operator on many ISAs; none: every answer is checked.
  std::shared_ptr<CheckCache> checkCache;
};

struct SolverStats {
  int64_t tableNodes = 0;                             // assignments enumerated to build the objective table
  int64_t nodes = 0, failures = 0, propagations = 0;  // backend-specific; 0 where a backend does not report it
};

struct SolveResult {
  enum class Status { Feasible, Infeasible, Unknown };
  Status status = Status::Unknown;
  std::vector<Embedding> embeddings;  // best first; non-empty iff Feasible (or Unknown with a best-so-far)
  bool timedOut = false;              // the wall-clock limit stopped the search
  bool nodeLimitHit = false;          // the node budget stopped the search
  bool optimal = false;               // the first embedding is proven optimal
  std::string explanation;            // why Infeasible, in terms of the model
  double seconds = 0;
  SolverStats stats;

  /// A limit stopped the search: the embeddings (if any) are the best found so far, and may differ from a
  /// complete search's.
  bool stopped() const { return timedOut || nodeLimitHit; }
};

/// Finds the top options.topK embeddings of isa's GEMM intrinsic into op. Validates both (InputError) and the
/// options (InputError "<options>": top < 1, a negative time limit, nodeLimit < 1). Never throws for an operator
/// without embeddings: that is Status::Infeasible with the explanation.
SolveResult solve(const Operator& op, const Isa& isa, const SolveOptions& options);

std::string backendName(SolverBackend b);

/// solve without exceptions (inlay/ir/expected.h).
Expected<SolveResult> trySolve(const Operator& op, const Isa& isa, const SolveOptions& options);

}  // namespace inlay

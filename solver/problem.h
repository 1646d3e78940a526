// The embedding CSP of docs/design.md §4.2–4.4 as solver-neutral data (solver stage): named variables with domains,
// constraint records grouped by family, and the objective as a table. The Gecode and Z3 backends only translate it.
//
// Variables. group[d] ∈ {-1, 0, 1, 2, 3, 4} for every operator dim d: the intrinsic dim (pattern order, e.g. b, i, o)
// whose lane group d joins, -1 for a loop over invocations, or a masked value (kMaskedIO, kMaskedBI: d on two lane
// groups at once, solver/embedding.h); inpInput ∈ {0, 1}: the operator input playing `inp`.
// A lane group is fused in the operator's dim order (fixing the fusion order removes symmetric variants), and
// dims or lanes of extent 1 never join a group (such groups are equivalent to leaving the dim out), nor do dims
// that a group's lane split turns into loops anyway (isCanonical); of two assignments mirrored by a symmetry of the
// operator (operatorSymmetries), only one is in the table.
// The objective variable is the rank of the assignment in the objective table (unique, so both backends find the
// same optimum and the same top-K sequence); the table holds the estimated cycles of every ranked assignment.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/dataflow.h"
#include "inlay/solver/embedding.h"
#include "inlay/solver/solve.h"

namespace inlay {

/// Group values beyond the three lane groups: a masked dim on the i and o groups (the wgt operand block-diagonal),
/// or on the b and i groups (the inp operand block-diagonal).
inline constexpr int kMaskedIO = 3;
inline constexpr int kMaskedBI = 4;
/// The lane groups (LaneDims, ascending) a group value puts a dim on: none for a loop, two for a masked value.
std::vector<int> lanesOf(int value);
inline bool onLane(int value, int lane) {
  return value == lane || (value == kMaskedIO && (lane == 1 || lane == 2)) || (value == kMaskedBI && lane < 2);
}

/// One point of the search space.
struct Assignment {
  std::vector<int> group;  // per operator dim: intrinsic dim index, or -1 (loop)
  int inpInput = 0;
  bool operator==(const Assignment&) const = default;
};

Embedding toEmbedding(const Assignment& a);
/// Precondition: the embedding's groups name valid dims, distinct but for a masked dim on groups (i, o) or (b, i).
Assignment toAssignment(const Embedding& e, size_t numDims);

enum class Family { AccumulatorEquivalence, OperandEquivalence, ReductionLanes, Injectivity, MaskedLanes, Memory };
std::string familyName(Family f);
const std::vector<Family>& allFamilies();

/// ¬(group[dim] = group ∧ (role < 0 ∨ inpInput = role))
struct ForbiddenValue {
  Family family;
  int dim, group, role;
  std::string why;
};
/// ∨_{(d, v) ∈ candidates} group[d] = v   (v: `group`, or a masked value on it)
struct RequiredGroup {
  Family family;
  int group;
  std::vector<std::pair<int, int>> candidates;  // (dim, group value)
  std::string why;
};

/// The objective as data: every assignment that satisfies the unary records and the memory family, best first.
/// rank = row index; rows are ordered by (estimated cycles, DMA bytes, assignment key), so ranks are unique.
/// What building and searching the model may spend: `nodes` (see SolveOptions::nodeLimit), and wall-clock time until
/// `deadline` when set.
struct SearchLimits {
  int64_t nodes = kDefaultNodeLimit;
  std::optional<std::chrono::steady_clock::time_point> deadline;

  bool pastDeadline() const { return deadline && std::chrono::steady_clock::now() > *deadline; }
  double secondsLeft() const;  // +infinity without a deadline
};

struct ObjectiveTable {
  std::vector<Assignment> rows;
  std::vector<int64_t> cycles;
  std::vector<int64_t> dmaBytes;
};

struct EmbeddingProblem {
  Operator op;
  Isa isa;
  IntrinsicGraph graph;
  std::vector<std::vector<int>> groupDomain;  // per dim, ascending, always containing -1
  std::vector<ForbiddenValue> forbiddenValues;
  std::vector<RequiredGroup> requiredGroups;
  std::vector<std::string> notes;  // facts holding by construction (tileability, injectivity of fused groups)
  ObjectiveTable objective;
  int64_t tableNodes = 0;          // assignments enumerated to build the table
  bool tableTimedOut = false;      // the deadline cut the table's enumeration short
  bool tableNodeLimitHit = false;  // the node budget did
  bool tableComplete() const { return !tableTimedOut && !tableNodeLimitHit; }
  std::vector<std::vector<int>> symmetries;  // operatorSymmetries: the table keeps one of each mirrored pair

  int keyBase = 4;  // digits per dim in key(): 6 when some domain holds a masked value (same order either way)

  size_t numDims() const { return op.dims.size(); }
  /// A unique integer per assignment.
  uint64_t key(const Assignment& a) const;
  /// The assignment's objective rank, or -1 when it is not in the table (a unary record or memory rules it out).
  int rank(const Assignment& a) const;
  /// The first violated constraint among `families` (all when empty), as "family: why"; nullopt when satisfied.
  std::optional<std::string> violation(const Assignment& a, const std::set<Family>& families = {}) const;
  /// Checks the model's own consistency (domains, record indices, table rows); INLAY_CHECK on failure.
  void check() const;
  /// Human-readable listing of variables, records by family and the head of the objective table.
  std::string dump(size_t tableRows = 5) const;

  std::unordered_map<uint64_t, int> rankOfKey;
};

/// Builds the model. Throws InputError when the ISA's pattern is unusable (see intrinsicGraph). The objective table
/// is enumerated within `limits` (each assignment visited is a node); past them, the table holds the rows
/// enumerated so far and tableComplete() is false.
EmbeddingProblem buildProblem(const Operator& op, const Isa& isa, const SearchLimits& limits = {});

/// Symmetry: in a lane group (outermost first), a dim whose inner dims' extents multiply to a multiple of the lane
/// count never shares a block with another of its values, so it and the dims before it are loops in disguise; such
/// assignments are symmetric variants of the one leaving them out. The objective table holds canonical rows only.
bool isCanonical(const EmbeddingProblem& p, const Assignment& a);

/// The masked-lanes family (checked per assignment, like the memory family, and kept out of the table): at most one
/// masked dim, and its two groups' blocks coincide for every iteration — both groups fit in one block, or the dim
/// is the outermost of both groups, the other dims of each group fill a divisor of its lane count, and both groups
/// hold the same number of the masked dim's values per block. The reason when violated.
std::optional<std::string> maskedLanesViolation(const EmbeddingProblem& p, const Assignment& a);

/// `a` with its dims permuted by σ: the group of dim σ[d] is a's group of d.
Assignment permuted(const Assignment& a, const std::vector<int>& sigma);

/// Calls f on every assignment of `domains` (one per dim; both roles), in a fixed order, while f returns true.
template <class F>
void forEachAssignmentIn(const std::vector<std::vector<int>>& domains, F&& f) {
  Assignment a;
  a.group.assign(domains.size(), -1);
  bool going = true;
  auto rec = [&](auto& self, size_t d) -> void {
    if (d == domains.size()) {
      for (int r = 0; r < 2 && going; ++r) {
        a.inpInput = r;
        going = f(a);
      }
      return;
    }
    for (size_t k = 0; k < domains[d].size() && going; ++k) {
      a.group[d] = domains[d][k];
      self(self, d + 1);
    }
  };
  rec(rec, 0);
}

/// forEachAssignmentIn over the problem's domains.
template <class F>
void forEachAssignment(const EmbeddingProblem& p, F&& f) {
  forEachAssignmentIn(p.groupDomain, std::forward<F>(f));
}

/// Why no assignment satisfies the model: a minimal set of constraint families that together rule every assignment
/// out (deletion filter over exhaustive evaluation of the domains), each with its reason. Empty if satisfiable.
std::string explainInfeasible(const EmbeddingProblem& p);

}  // namespace inlay

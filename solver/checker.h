// The embedding checker (solver stage): re-verifies any embedding on concrete scalar nodes, independently of the
// constraint model, and scores any valid embedding. The code generator uses both (e.g. for TVM's fixed embedding).
#pragma once

#include <cstdint>
#include <string>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

struct CheckResult {
  bool ok = true;
  std::string reason;              // "<property>: <what failed, on which nodes>" when !ok
  int64_t invocationsChecked = 0;  // invocations whose scalar nodes were compared
  bool exhaustiveCover = false;    // coverage was checked on every iteration point (small operators)
};

/// Checks, on concrete nodes of the intrinsic's and the operator's scalar dataflow graphs:
///  - structure: inpInput ∈ {0, 1}; group dims are valid and each appears in at most one group, but for one masked
///    dim (solver/embedding.h) on a pair of groups that can be masked, indexing the output and both inputs;
///  - dataflow equivalence and injectivity on interior and boundary invocations (first, last and — when the ISA
///    block count allows — a middle block of every lane group, combined with first/last values of loop dims;
///    padding lanes included): multiplies sharing an inp (wgt) node read one element of the input playing inp (wgt);
///    multiplies share an accumulator iff they write one output element; distinct multiplies map to distinct points;
///  - exact cover: translated copies of the embedding cover every iteration point exactly once, masked lanes (and
///    the off-diagonal blocks of a masked dim, which never run) counting as padding (every point when
///    the operator is small, otherwise a seeded sample of points including all domain corners, by round trip).
/// Never throws for a malformed embedding: it reports it. Throws InputError if the ISA's pattern is unusable.
CheckResult checkEmbedding(const Operator& op, const Isa& isa, const Embedding& embedding);

/// Fills objective (estimated cycles, solver/objective.h), utilization, paddingLanes and duplication for any
/// embedding with valid, disjoint groups. Precondition: checkEmbedding(op, isa, embedding).ok.
Embedding scoreEmbedding(const Operator& op, const Isa& isa, Embedding embedding);

}  // namespace inlay

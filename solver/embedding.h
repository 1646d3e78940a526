// An embedding of the GEMM intrinsic into an operator (docs/design.md §4.1): the solver's output, the code generator's
// input.
//
// Meaning. Each intrinsic dim (b, i, o in VTA's pattern, in IntrinsicPattern order) gets a *lane group*: a list of
// operator dims, outermost first, fused into one flattened index f = mixed-radix(x_d1, …, x_dk) with extent
// F = Π extent(d). The group is split by the intrinsic dim's lane count L: invocation block t = f / L, lane f % L;
// lanes with f ≥ F are padding (zero operands). Dims in no group are loops over invocations. The operator input
// `inpInput` plays the intrinsic's `inp`, the other plays `wgt`. A group may be empty (one lane used, the rest pad).
// Validity (checked by solver/checker.h): i-group dims are reduction dims; b/o-group dims are not; the inp access
// does not depend on o-group dims, the wgt access not on b-group dims; dims appear in at most one group — except
// one *masked* dim (maskedDim): a dim indexing the output and both inputs (a convolution's group dim) may sit on
// the i and o groups at once (the wgt operand is then block-diagonal: zero where the dim's i-lane and o-lane values
// differ), or on the b and i groups (inp block-diagonal). Its two groups' blocks are tied: only invocations whose
// two block coordinates are equal run, and a multiply whose two values of the dim differ is a masked lane — idle
// like padding, never a useful MAC.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace inlay {

enum LaneDim : int { kLaneB = 0, kLaneI = 1, kLaneO = 2 };

struct Embedding {
  int inpInput = 0;                       // index into Operator::inputs playing `inp`; 1 - inpInput plays `wgt`
  std::array<std::vector<int>, 3> lanes;  // operator dim indices per intrinsic dim (b, i, o)

  // Scores, filled by the solver (and recomputed by the checker).
  double objective = 0;      // estimated cycles; lower is better
  double utilization = 0;    // useful MACs / (intrinsic invocations × B·I·O) over the whole operator
  int64_t paddingLanes = 0;  // Σ over intrinsic dims of (blocks·L − F); masked lanes are not in it (utilization is)
  double duplication = 1;    // packed operand bytes / tensor bytes, worst operand (1 = no duplication)

  /// The dim on two lane groups at once (a masked dim), or -1.
  int maskedDim() const;
  /// The two lane groups (LaneDims, ascending) of the masked dim; {-1, -1} without one.
  std::array<int, 2> maskedLanes() const;

  bool sameMapping(const Embedding& o) const { return inpInput == o.inpInput && lanes == o.lanes; }
  bool operator==(const Embedding&) const = default;  // mapping and scores
};

}  // namespace inlay

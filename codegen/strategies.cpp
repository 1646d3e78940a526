// TVM's fixed embedding (codegen/strategies.h).
#include "inlay/codegen/strategies.h"

#include <optional>

#include "inlay/codegen/reference_tiling.h"

namespace inlay {

namespace {

/// True when the dim d appears with coefficient 1 in some index of `access` (k in F[g·Kg + k, c, r, s]).
bool unitIndexed(const TensorAccess& access, int d) {
  for (const AffineExpr& e : access.index)
    if (e.dependsOn(static_cast<size_t>(d)) && e.coeffs[static_cast<size_t>(d)] == 1) return true;
  return false;
}

bool appears(const TensorAccess& access, int d) {
  for (const AffineExpr& e : access.index)
    if (e.dependsOn(static_cast<size_t>(d))) return true;
  return false;
}

}  // namespace

Embedding fixedEmbedding(const Operator& op) {
  Embedding e;
  if (std::optional<ReferenceShape> tvm = matchReferenceShape(op)) {
    e.inpInput = tvm->dataInput;
    e.lanes[kLaneB] = {tvm->dimBatch};
    e.lanes[kLaneI] = {tvm->dimInChannels};
    e.lanes[kLaneO] = {tvm->dimOutChannels};
    return e;
  }
  e.inpInput = 0;
  for (int d = 0; d < static_cast<int>(op.dims.size()); ++d) {
    const bool unit0 = unitIndexed(op.inputs[0], d), unit1 = unitIndexed(op.inputs[1], d);
    if (op.dims[static_cast<size_t>(d)].reduction) {
      if (unit0 && unit1 && e.lanes[kLaneI].empty()) e.lanes[kLaneI] = {d};
    } else if (unitIndexed(op.out, d)) {
      if (unit1 && !appears(op.inputs[0], d) && e.lanes[kLaneO].empty()) e.lanes[kLaneO] = {d};
      if (unit0 && !appears(op.inputs[1], d) && e.lanes[kLaneB].empty()) e.lanes[kLaneB] = {d};
    }
  }
  return e;
}

}  // namespace inlay

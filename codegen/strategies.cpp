// TVM's fixed embedding (codegen/strategies.h).
#include "inlay/codegen/strategies.h"

namespace inlay {

namespace {

/// True when some index of `access` is exactly the dim d (coefficient 1, nothing else).
bool indexedDirectly(const TensorAccess& access, int d) {
  for (const AffineExpr& e : access.index) {
    bool exact = e.constant == 0 && e.dependsOn(static_cast<size_t>(d)) && e.coeffs[static_cast<size_t>(d)] == 1;
    for (size_t k = 0; k < e.coeffs.size(); ++k)
      if (static_cast<int>(k) != d && e.coeffs[k] != 0) exact = false;
    if (exact) return true;
  }
  return false;
}

std::vector<int> named(const Operator& op, const char* name) {
  const int d = op.dimIndex(name);
  return d >= 0 ? std::vector<int>{d} : std::vector<int>{};
}

}  // namespace

Embedding fixedEmbedding(const Operator& op) {
  Embedding e;
  if (op.kind == "gemm" && op.dimIndex("m") >= 0 && op.dimIndex("n") >= 0 && op.dimIndex("k") >= 0) {
    e.inpInput = 1;
    e.lanes = {named(op, "n"), named(op, "k"), named(op, "m")};
    return e;
  }
  if (op.kind == "conv2d" && op.dimIndex("n") >= 0 && op.dimIndex("c") >= 0 && op.dimIndex("k") >= 0) {
    e.inpInput = 0;
    e.lanes = {named(op, "n"), named(op, "c"), named(op, "k")};
    return e;
  }
  e.inpInput = 0;
  for (int d = 0; d < static_cast<int>(op.dims.size()); ++d) {
    const bool in0 = indexedDirectly(op.inputs[0], d), in1 = indexedDirectly(op.inputs[1], d);
    if (op.dims[static_cast<size_t>(d)].reduction) {
      if (in0 && in1 && e.lanes[kLaneI].empty()) e.lanes[kLaneI] = {d};
    } else if (indexedDirectly(op.out, d)) {
      if (in1 && !in0 && e.lanes[kLaneO].empty()) e.lanes[kLaneO] = {d};
      if (in0 && !in1 && e.lanes[kLaneB].empty()) e.lanes[kLaneB] = {d};
    }
  }
  return e;
}

}  // namespace inlay

// The CPU reference: a literal reading of the operator's statement over its whole iteration domain.
#include "inlay/ir/reference.h"

#include <algorithm>

#include "inlay/ir/error.h"

namespace inlay {
namespace {

// Row-major offset of access `a` at `point`, or -1 when an index falls outside the tensor (reads zero).
int64_t offsetAt(const TensorAccess& a, const std::vector<int64_t>& point) {
  int64_t off = 0;
  for (size_t d = 0; d < a.index.size(); ++d) {
    int64_t i = a.index[d].eval(point);
    if (i < 0 || i >= a.shape[d]) return -1;
    off = off * a.shape[d] + i;
  }
  return off;
}

}  // namespace

Tensor32 referenceAccumulate(const Operator& op, const Tensor8& x, const Tensor8& y) {
  INLAY_CHECK(x.shape == op.inputs[0].shape && y.shape == op.inputs[1].shape, "input shapes differ from the operator");
  Tensor32 acc = Tensor32::zeros(op.out.shape);
  std::vector<int64_t> point(op.dims.size(), 0);
  if (op.macs() == 0) return acc;
  for (;;) {
    int64_t ox = offsetAt(op.inputs[0], point), oy = offsetAt(op.inputs[1], point);
    int64_t oo = offsetAt(op.out, point);
    INLAY_CHECK(oo >= 0, "output index outside the output shape");
    if (ox >= 0 && oy >= 0) {
      // Accumulate in uint32 so that overflow wraps as the hardware does, without undefined behaviour.
      uint32_t sum = static_cast<uint32_t>(acc.data[oo]) + static_cast<uint32_t>(int32_t{x.data[ox]} * y.data[oy]);
      acc.data[oo] = static_cast<int32_t>(sum);
    }
    size_t d = op.dims.size();
    while (d > 0 && ++point[d - 1] == op.dims[d - 1].extent) point[--d] = 0;
    if (d == 0) break;
  }
  return acc;
}

Tensor8 applyEpilogue(const Epilogue& e, const Tensor32& acc) {
  Tensor8 out = Tensor8::zeros(acc.shape);
  for (size_t k = 0; k < acc.data.size(); ++k)
    out.data[k] = static_cast<int8_t>(std::clamp(acc.data[k] >> e.shift, -128, 127));
  return out;
}

Tensor8 referenceRun(const Operator& op, const Tensor8& x, const Tensor8& y) {
  return applyEpilogue(op.epilogue, referenceAccumulate(op, x, y));
}

}  // namespace inlay

// The CPU reference: the operator's statement evaluated over its whole iteration domain.
#include "inlay/ir/reference.h"

#include <algorithm>

#include "inlay/ir/error.h"

namespace inlay {
namespace {

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

/// One access along a run of the run dim r (all other dims fixed): the steps t for which every index lies inside
/// the tensor form the interval [first, last] (affine indices), and there the row-major offset is
/// offset(first) + (t - first)·step.
struct AccessRun {
  int64_t first = 0, last = -1, offset = 0, step = 0;
};

AccessRun runOf(const TensorAccess& a, std::vector<int64_t>& point, size_t r, int64_t extent) {
  AccessRun run{0, extent - 1, 0, 0};
  point[r] = 0;
  for (size_t j = 0; j < a.index.size(); ++j) {
    const int64_t v0 = a.index[j].eval(point), c = a.index[j].coeffs[r], hi = a.shape[j] - 1;
    if (c == 0) {
      if (v0 < 0 || v0 > hi) run.last = -1;
    } else if (c > 0) {
      run.first = std::max(run.first, ceilDiv(-v0, c));
      run.last = std::min(run.last, floorDiv(hi - v0, c));
    } else {
      run.first = std::max(run.first, ceilDiv(hi - v0, c));
      run.last = std::min(run.last, floorDiv(-v0, c));
    }
  }
  if (run.first > run.last) return run;
  point[r] = run.first;
  for (size_t j = 0; j < a.index.size(); ++j) {
    run.offset = run.offset * a.shape[j] + a.index[j].eval(point);
    run.step = run.step * a.shape[j] + a.index[j].coeffs[r];
  }
  point[r] = 0;
  return run;
}

}  // namespace

// The domain is walked as runs along its longest dim: per run, each access's in-range steps form an interval and
// its offset moves by a constant, so the inner loop is a plain multiply-accumulate (wrapping int32 sums do not
// depend on the order of the additions). tests/ir/reference_test.cpp checks it against a point-by-point reading.
Tensor32 referenceAccumulate(const Operator& op, const Tensor8& x, const Tensor8& y) {
  INLAY_CHECK(x.shape == op.inputs[0].shape && y.shape == op.inputs[1].shape, "input shapes differ from the operator");
  Tensor32 acc = Tensor32::zeros(op.out.shape);
  if (op.macs() == 0) return acc;
  size_t r = 0;
  for (size_t d = 1; d < op.dims.size(); ++d)
    if (op.dims[d].extent > op.dims[r].extent) r = d;
  const int64_t extent = op.dims[r].extent;
  std::vector<int64_t> point(op.dims.size(), 0);
  for (;;) {
    const AccessRun o = runOf(op.out, point, r, extent);
    INLAY_CHECK(o.first == 0 && o.last == extent - 1, "output index outside the output shape");
    const AccessRun a = runOf(op.inputs[0], point, r, extent), b = runOf(op.inputs[1], point, r, extent);
    const int64_t first = std::max(a.first, b.first), last = std::min(a.last, b.last);
    for (int64_t t = first; t <= last; ++t) {
      // Accumulate in uint32 so that overflow wraps as the hardware does, without undefined behaviour.
      const int32_t product = int32_t{x.data[static_cast<size_t>(a.offset + (t - a.first) * a.step)]} *
                              y.data[static_cast<size_t>(b.offset + (t - b.first) * b.step)];
      int32_t& sum = acc.data[static_cast<size_t>(o.offset + t * o.step)];
      sum = static_cast<int32_t>(static_cast<uint32_t>(sum) + static_cast<uint32_t>(product));
    }
    size_t d = op.dims.size();
    while (d > 0 && (d - 1 == r || ++point[d - 1] == op.dims[d - 1].extent)) point[--d] = 0;
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

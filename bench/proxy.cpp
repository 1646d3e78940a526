// The proxy operator used for quick functional checks in benchmarks.
#include "inlay/bench/proxy.h"

#include <algorithm>

namespace inlay {
namespace {

int64_t product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t e : v) p *= e;
  return p;
}

int64_t keepRemainder(int64_t extent, int64_t lanes) {
  if (extent <= 2 * lanes) return extent;
  int64_t rest = extent % lanes;
  return lanes + (rest == 0 ? lanes : rest);
}

/// Largest value of `e` over the box [0, extents).
int64_t maxOver(const AffineExpr& e, const std::vector<int64_t>& extents) {
  int64_t v = e.constant;
  for (size_t d = 0; d < e.coeffs.size(); ++d) v += std::max<int64_t>(0, e.coeffs[d] * (extents[d] - 1));
  return v;
}

void cutShape(TensorAccess& access, const std::vector<int64_t>& extents) {
  for (size_t t = 0; t < access.index.size(); ++t)
    access.shape[t] = std::clamp<int64_t>(maxOver(access.index[t], extents) + 1, 1, access.shape[t]);
}

/// Dims whose extent is the place value of another dim in some index component (a grouped convolution's k in
/// g·Kg + k): cutting them would leave holes between the other dim's values, outputs that nothing writes.
std::vector<bool> placeValueDims(const Operator& op) {
  std::vector<bool> pinned(op.dims.size(), false);
  auto mark = [&](const TensorAccess& access) {
    for (const AffineExpr& e : access.index)
      for (size_t d = 0; d < op.dims.size(); ++d)
        for (size_t outer = 0; outer < op.dims.size(); ++outer)
          if (outer != d && e.coeffs[d] == 1 && op.dims[d].extent > 1 && e.coeffs[outer] == op.dims[d].extent)
            pinned[d] = true;
  };
  mark(op.out);
  for (const TensorAccess& in : op.inputs) mark(in);
  return pinned;
}

}  // namespace

Operator makeProxy(const Operator& op, const Isa& isa, int64_t macBudget) {
  int64_t lanes = std::max({isa.batch(), isa.blockIn(), isa.blockOut()});
  const std::vector<bool> pinned = placeValueDims(op);
  std::vector<int64_t> extents;
  for (size_t d = 0; d < op.dims.size(); ++d)
    extents.push_back(pinned[d] ? op.dims[d].extent : keepRemainder(op.dims[d].extent, lanes));
  while (product(extents) > macBudget) {
    auto largest = extents.end();  // first of the largest that may shrink
    for (auto it = extents.begin(); it != extents.end(); ++it)
      if (!pinned[static_cast<size_t>(it - extents.begin())] && (largest == extents.end() || *it > *largest))
        largest = it;
    if (largest == extents.end() || *largest == 1) break;
    *largest = *largest > lanes ? *largest - lanes : (*largest + 1) / 2;
  }
  Operator proxy = op;
  for (size_t d = 0; d < extents.size(); ++d) proxy.dims[d].extent = extents[d];
  cutShape(proxy.out, extents);
  for (TensorAccess& in : proxy.inputs) cutShape(in, extents);
  return proxy;
}

}  // namespace inlay

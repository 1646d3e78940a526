// Element ids (solver/element_ids.h).
#include "inlay/solver/element_ids.h"

#include <algorithm>

#include "inlay/solver/dataflow.h"

namespace inlay {

ElementIds::ElementIds(const Operator& op, const TensorAccess& access) : access_(access) {
  for (const AffineExpr& e : access.index) {
    int64_t lo = e.constant, hi = e.constant;
    for (size_t d = 0; d < op.dims.size(); ++d) {
      const int64_t reach = e.coeffs[d] * (op.dims[d].extent - 1);  // fits: validateOperator bounds index values
      lo += std::min<int64_t>(0, reach);
      hi += std::max<int64_t>(0, reach);
    }
    low_.push_back(lo);
    radix_.push_back(hi - lo + 1);
    dense_ = dense_ && !__builtin_mul_overflow(span_, hi - lo + 1, &span_);
  }
}

int64_t ElementIds::id(std::span<const int64_t> point) {
  if (!dense_) {
    auto [it, fresh] = numbered_.emplace(accessElement(access_, point), static_cast<int64_t>(byNumber_.size()));
    if (fresh) byNumber_.push_back(it->first);
    return it->second;
  }
  int64_t id = 0;
  for (size_t j = 0; j < access_.index.size(); ++j) id = id * radix_[j] + (access_.index[j].eval(point) - low_[j]);
  return id;
}

std::vector<int64_t> ElementIds::element(int64_t id) const {
  if (!dense_) return byNumber_.at(static_cast<size_t>(id));
  std::vector<int64_t> element(access_.index.size());
  for (size_t j = element.size(); j-- > 0;) {
    element[j] = id % radix_[j] + low_[j];
    id /= radix_[j];
  }
  return element;
}

}  // namespace inlay

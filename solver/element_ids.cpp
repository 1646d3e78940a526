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
    int64_t values = 0;  // hi − lo + 1, which a range across most of int64 would overflow
    dense_ = dense_ && !__builtin_sub_overflow(hi, lo, &values) && !__builtin_add_overflow(values, 1, &values) &&
             !__builtin_mul_overflow(span_, values, &span_);
    low_.push_back(lo);
    radix_.push_back(dense_ ? values : 1);
  }
  // Horner over the indices, in unsigned arithmetic: intermediate terms may wrap, the id on the domain does not.
  idCoeff_.assign(op.dims.size(), 0);
  for (size_t j = 0; j < access.index.size(); ++j) {
    const auto radix = static_cast<uint64_t>(radix_[j]);
    idBase_ = idBase_ * radix + static_cast<uint64_t>(access.index[j].constant) - static_cast<uint64_t>(low_[j]);
    for (size_t d = 0; d < op.dims.size(); ++d)
      idCoeff_[d] = idCoeff_[d] * radix + static_cast<uint64_t>(access.index[j].coeffs[d]);
  }
}

int64_t ElementIds::id(std::span<const int64_t> point) {
  if (!dense_) {
    auto [it, fresh] = numbered_.emplace(accessElement(access_, point), static_cast<int64_t>(byNumber_.size()));
    if (fresh) byNumber_.push_back(it->first);
    return it->second;
  }
  uint64_t id = idBase_;
  for (size_t d = 0; d < idCoeff_.size(); ++d) id += idCoeff_[d] * static_cast<uint64_t>(point[d]);
  return static_cast<int64_t>(id);
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

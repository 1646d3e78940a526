// Integer ids of the tensor elements one access touches, for the checker's bookkeeping: comparing and hashing
// integers instead of index vectors keeps the check of an embedding cheap enough to run on every solver answer.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "inlay/ir/operator.h"

namespace inlay {

/// Equal ids ⇔ equal elements. Over the box domain each index takes values in a known range, so an element's id is
/// its mixed-radix position in the product of those ranges; when that product does not fit 64 bits, elements are
/// numbered as they are first met instead.
class ElementIds {
public:
  ElementIds(const Operator& op, const TensorAccess& access);

  /// The id of the element the access touches at `point`.
  int64_t id(std::span<const int64_t> point);
  /// The element of an id handed out before.
  std::vector<int64_t> element(int64_t id) const;
  /// Ids lie in [0, span()) when they are mixed-radix positions; -1 when elements are numbered as met.
  int64_t span() const { return dense_ ? span_ : -1; }

private:
  const TensorAccess& access_;
  bool dense_ = true;
  int64_t span_ = 1;
  std::vector<int64_t> low_, radix_;
  // Dense ids are affine in the point: id = idBase_ + Σ_d idCoeff_[d]·x_d (mod 2^64, exact on the domain).
  uint64_t idBase_ = 0;
  std::vector<uint64_t> idCoeff_;
  std::map<std::vector<int64_t>, int64_t> numbered_;  // when not dense
  std::vector<std::vector<int64_t>> byNumber_;
};

}  // namespace inlay

// Layouts: how an operator tensor is packed into a DRAM buffer (docs/formats.md §3.4, docs/design.md §5.1). A packed
// buffer is a row-major array of scalars with `extents`; the scalar at packed coordinate p holds tensor[index(p)], or
// zero when any index component falls outside the tensor's shape (padding lanes, convolution padding). Index components
// are quasi-affine in p (sums of integer multiples, floor division and modulo by positive constants), which expresses
// channel packing, fused-lane (im2col-style) packing with its duplication, swapped roles and zero padding alike.
// Printed as strings so that a host can pack and unpack without Inlay.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inlay/ir/tensor.h"

namespace inlay {

/// A quasi-affine expression over packed coordinates p_0..p_{n-1}.
class QuasiAffine {
public:
  enum class Kind { Const, Coord, Add, Mul, FloorDiv, Mod };
  static QuasiAffine constant(int64_t v);
  static QuasiAffine coord(int index);
  friend QuasiAffine operator+(QuasiAffine a, QuasiAffine b);
  friend QuasiAffine operator*(int64_t k, QuasiAffine a);
  QuasiAffine floorDiv(int64_t k) const;  // k > 0
  QuasiAffine mod(int64_t k) const;       // k > 0, result in [0, k)

  /// The value at `coords`. Overflow is a broken invariant: layouts read from files are range-checked first.
  int64_t eval(const int64_t* coords) const;
  /// The least and greatest value over the box 0 ≤ p_i < extents[i] (an interval bound, possibly wider than the
  /// values actually taken), or nullopt when some subexpression may overflow int64 there.
  std::optional<std::pair<int64_t, int64_t>> valueRange(const std::vector<int64_t>& extents) const;
  /// Printed with the packed dim names, e.g. "(f / 9) % 3 + 2*p - 1"; parse reads that back.
  std::string print(const std::vector<std::string>& names) const;
  /// The longest text parse accepts. The parser, evaluation and printing recurse over the expression's tree, whose
  /// depth grows with the text (a sum of n terms is n deep); the bound keeps them far from the stack's end. Inlay's
  /// generator writes expressions of a few dozen characters.
  static constexpr size_t kMaxTextChars = 1024;
  static QuasiAffine parse(const std::string& text, const std::vector<std::string>& names, const std::string& file,
                           const std::string& jsonPath);

  Kind kind() const { return kind_; }

private:
  Kind kind_ = Kind::Const;
  int64_t value_ = 0;  // constant, coord index, multiplier or divisor
  std::shared_ptr<const QuasiAffine> lhs_, rhs_;
};

struct Layout {
  std::string tensor;  // the operator tensor's name
  std::vector<int64_t> tensorShape;
  int scalarBytes = 1;             // 1 for int8 tensors, 4 for int32 accumulators
  std::vector<std::string> dims;   // packed dim names, outermost first
  std::vector<int64_t> extents;    // packed dim extents; the innermost is contiguous
  std::vector<QuasiAffine> index;  // one per tensor dim

  int64_t packedScalars() const;
  int64_t packedBytes() const;
  /// packedBytes(), or nullopt when it overflows int64 (a layout read from a file may be that large).
  std::optional<int64_t> checkedPackedBytes() const;
};

/// Packs `t` (shape tensorShape) into packedBytes() bytes, little-endian scalars, zeros where the index is outside.
std::vector<uint8_t> pack(const Layout& layout, const Tensor8& t);
/// The inverse for outputs: every tensor element must be written by at least one packed scalar; where several
/// packed scalars map to the same element they must agree. Throws WorkError otherwise.
Tensor8 unpack(const Layout& layout, const std::vector<uint8_t>& bytes);

}  // namespace inlay

// The Operator IR (docs/design.md §3.1): a perfect loop nest over a box domain with one statement
//   O[a_O(x)] += X[a_X(x)] · Y[a_Y(x)]     followed by the epilogue   out = clamp(acc >> shift, -128, 127).
// Every spec kind (gemm, conv2d, loopnest) lowers to this; every later stage reads only this.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/ir/affine.h"

namespace inlay {

struct Dim {
  std::string name;
  int64_t extent = 1;      // ≥ 1
  bool reduction = false;  // a reduction dim never appears in the output access
};

/// One tensor access: tensor[index_0(x), index_1(x), ...]. `shape` is the tensor's full shape; input indices outside
/// it read zero (that is what padding means); output indices always lie inside it.
struct TensorAccess {
  std::string tensor;
  std::vector<AffineExpr> index;
  std::vector<int64_t> shape;

  int64_t elements() const;
};

struct Epilogue {
  int shift = 0;  // arithmetic right shift applied to the int32 accumulator before clamping to int8; 0..31
};

struct Operator {
  std::string name;
  std::string kind;  // "gemm", "conv2d" or "loopnest": how it was written, for display only
  std::vector<Dim> dims;
  TensorAccess out;
  std::array<TensorAccess, 2> inputs;
  Epilogue epilogue;

  /// Number of multiply-accumulates: the product of all dim extents.
  int64_t macs() const;
  /// Index of the dim called `name`, or -1.
  int dimIndex(const std::string& name) const;
  std::vector<std::string> dimNames() const;
};

}  // namespace inlay

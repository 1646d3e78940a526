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
  bool operator==(const Dim&) const = default;
};

/// One tensor access: tensor[index_0(x), index_1(x), ...]. `shape` is the tensor's full shape; input indices outside
/// it read zero (that is what padding means); output indices always lie inside it.
struct TensorAccess {
  std::string tensor;
  std::vector<AffineExpr> index;
  std::vector<int64_t> shape;

  int64_t elements() const;
  bool operator==(const TensorAccess&) const = default;
};

struct Epilogue {
  int shift = 0;  // arithmetic right shift applied to the int32 accumulator before clamping to int8; 0..31
  bool operator==(const Epilogue&) const = default;
};

struct Operator {
  std::string name;
  std::string kind;  // "gemm", "conv2d" or "loopnest": how it was written, for display only (no stage reads it)
  std::vector<Dim> dims;
  TensorAccess out;
  std::array<TensorAccess, 2> inputs;
  Epilogue epilogue;

  /// Number of multiply-accumulates: the product of all dim extents.
  int64_t macs() const;
  /// Index of the dim called `name`, or -1.
  int dimIndex(const std::string& name) const;
  std::vector<std::string> dimNames() const;
  /// Structural equality, names and kind included.
  bool operator==(const Operator&) const = default;
};

/// Dim and tensor names: [A-Za-z_][A-Za-z0-9_]* (the spec reader and validateOperator share this rule).
bool isIdentifier(const std::string& s);

/// Checks the IR's invariants: at least one dim; dim and tensor names are identifiers, distinct; extents and shapes
/// positive; every index has one coefficient per dim and as many entries as its tensor's shape; the output uses no
/// reduction dim and stays inside its shape; every non-reduction dim indexes the output; the MAC count, element
/// counts and index values fit 64 bits; 0 ≤ shift ≤ 31. Throws InputError(origin, field path, why), the path naming
/// the spec field ("dims[2].name", "inputs[1].index[0]", "requant.shift"). Every entry point calls it.
void validateOperator(const Operator& op, const std::string& origin = "<operator>");

}  // namespace inlay

// Builders for the common operators, for compilers that construct operators in memory instead of writing specs.
// Each lowers exactly as the spec reader does (docs/formats.md, "Operator specs"), so a built operator equals the
// one read from the equivalent JSON, and each validates its arguments the same way: InputError("<builder name>",
// the spec field, why), e.g. "<conv2d>: shape.R: the filter height 5 exceeds the padded input height 3: no output".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "inlay/ir/operator.h"

namespace inlay {

/// C[M,N] = clamp((Σ_k A[M,K]·B[K,N]) >> shift): dims m, n, k.
Operator gemmOperator(int64_t M, int64_t N, int64_t K, int shift = 0, const std::string& name = "gemm");

/// A 2-D convolution, NCHW input I, KCRS filter F (C/groups channels per filter), output O[N,K,P,Q].
struct Conv2dParams {
  int64_t N = 1, C = 1, H = 1, W = 1, K = 1, R = 1, S = 1;  // R: filter height, S: filter width
  int64_t strideH = 1, strideW = 1, padH = 0, padW = 0, groups = 1;
  int shift = 0;
};
Operator conv2dOperator(const Conv2dParams& params, const std::string& name = "conv2d");

/// One access of a loop nest: a tensor indexed by affine expressions of the dims ("p+2*r-1"); `shape` empty to
/// derive it from the index ranges.
struct LoopnestAccess {
  std::string tensor;
  std::vector<std::string> index;
  std::vector<int64_t> shape;
};

/// The generic form: dims in loop order with extents, the reduction dims, the output and two input accesses.
Operator loopnestOperator(const std::vector<std::pair<std::string, int64_t>>& dims,
                          const std::vector<std::string>& reduce, const LoopnestAccess& out,
                          const std::array<LoopnestAccess, 2>& inputs, int shift = 0,
                          const std::string& name = "loopnest");

}  // namespace inlay

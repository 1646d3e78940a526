// Tests of the CPU reference (src/ir/reference.h) on tiny hand-computed cases, through lowered specs.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "inlay/ir/reference.h"
#include "inlay/ir/spec_reader.h"

using namespace inlay;

namespace {

Operator one(const std::string& text) { return parseOperators(text, "t.json").at(0); }

Tensor8 tensor8(std::vector<int64_t> shape, std::vector<int8_t> data) { return {std::move(shape), std::move(data)}; }

}  // namespace

TEST_CASE("2x2 GEMM: C = A * B") {
  Operator op = one(R"({"op": "gemm", "shape": {"M": 2, "N": 2, "K": 2}})");
  Tensor8 a = tensor8({2, 2}, {1, 2, 3, 4});  // A[m,k]
  Tensor8 b = tensor8({2, 2}, {5, 6, 7, 8});  // B[k,n]
  CHECK(referenceAccumulate(op, a, b).data == std::vector<int32_t>{19, 22, 43, 50});
  CHECK(referenceRun(op, a, b).data == std::vector<int8_t>{19, 22, 43, 50});
}

TEST_CASE("padded conv with stride 2 reads zeros outside the input") {
  // 1 channel, 3x3 input 1..9, 2x2 filter of ones, pad 1, stride 2: output 2x2 over the padded 5x5 grid.
  Operator op = one(R"({"op": "conv2d", "shape": {"N": 1, "C": 1, "H": 3, "W": 3, "K": 1, "R": 2, "S": 2},
                        "stride": [2, 2], "pad": [1, 1]})");
  REQUIRE(op.out.shape == std::vector<int64_t>{1, 1, 2, 2});
  Tensor8 in = tensor8({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor8 f = tensor8({1, 1, 2, 2}, {1, 1, 1, 1});
  // Windows start at padded rows/cols 0 and 2: {pad,pad,pad,1}=1, {pad,pad,2,3}=5, {pad,4,pad,7}=11, {5,6,8,9}=28.
  CHECK(referenceAccumulate(op, in, f).data == std::vector<int32_t>{1, 5, 11, 28});
}

TEST_CASE("depthwise conv keeps channels apart") {
  Operator op = one(R"({"op": "conv2d", "shape": {"N": 1, "C": 2, "H": 2, "W": 2, "K": 2, "R": 2, "S": 2},
                        "groups": 2})");
  Tensor8 in = tensor8({1, 2, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
  Tensor8 f = tensor8({2, 1, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0});  // channel 0: diagonal, channel 1: anti-diagonal
  CHECK(referenceAccumulate(op, in, f).data == std::vector<int32_t>{1 + 4, 20 + 30});
}

TEST_CASE("epilogue: arithmetic shift then clamp to int8") {
  Operator op = one(R"({"op": "gemm", "shape": {"M": 1, "N": 4, "K": 2}, "requant": {"shift": 2}})");
  Tensor8 a = tensor8({1, 2}, {127, 127});
  Tensor8 b = tensor8({2, 4}, {127, -128, 3, -3, 127, -128, 0, 0});
  // acc = {32258, -32512, 381, -381}; >> 2 = {8064, -8128, 95, -96}; clamped = {127, -128, 95, -96}
  CHECK(referenceAccumulate(op, a, b).data == std::vector<int32_t>{32258, -32512, 381, -381});
  CHECK(referenceRun(op, a, b).data == std::vector<int8_t>{127, -128, 95, -96});
  Tensor32 acc{{3}, {-1, -4, 5}};
  CHECK(applyEpilogue(Epilogue{1}, acc).data == std::vector<int8_t>{-1, -2, 2});
}

namespace {

/// The statement read literally, one iteration point at a time: the oracle for the reference's run-wise walk.
Tensor32 pointByPoint(const Operator& op, const Tensor8& x, const Tensor8& y) {
  Tensor32 acc = Tensor32::zeros(op.out.shape);
  std::vector<int64_t> point(op.dims.size(), 0);
  auto offsetAt = [&](const TensorAccess& a) -> int64_t {
    int64_t off = 0;
    for (size_t j = 0; j < a.index.size(); ++j) {
      const int64_t i = a.index[j].eval(point);
      if (i < 0 || i >= a.shape[j]) return -1;
      off = off * a.shape[j] + i;
    }
    return off;
  };
  for (;;) {
    const int64_t ox = offsetAt(op.inputs[0]), oy = offsetAt(op.inputs[1]), oo = offsetAt(op.out);
    if (ox >= 0 && oy >= 0)
      acc.data[oo] = static_cast<int32_t>(static_cast<uint32_t>(acc.data[oo]) +
                                          static_cast<uint32_t>(int32_t{x.data[ox]} * y.data[oy]));
    size_t d = op.dims.size();
    while (d > 0 && ++point[d - 1] == op.dims[d - 1].extent) point[--d] = 0;
    if (d == 0) return acc;
  }
}

/// A random operator: 1-4 dims, the output indexed by the non-reduction dims (in a random order), each input by 1-3
/// affine indices with coefficients in [-2, 2] and offsets that reach outside the input (padding) on both sides.
Operator randomOperator(std::mt19937_64& rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  Operator op;
  const size_t n = static_cast<size_t>(pick(1, 4));
  for (size_t d = 0; d < n; ++d) op.dims.push_back({"d" + std::to_string(d), pick(1, 7), d > 0 && pick(0, 1) == 1});
  std::vector<size_t> outDims;
  for (size_t d = 0; d < n; ++d)
    if (!op.dims[d].reduction) outDims.push_back(d);
  std::shuffle(outDims.begin(), outDims.end(), rng);
  op.out.tensor = "O";
  for (size_t d : outDims) {
    AffineExpr e{0, std::vector<int64_t>(n, 0)};
    e.coeffs[d] = 1;
    op.out.index.push_back(e);
    op.out.shape.push_back(op.dims[d].extent);
  }
  for (int i = 0; i < 2; ++i) {
    TensorAccess& a = op.inputs[static_cast<size_t>(i)];
    a.tensor = i == 0 ? "X" : "Y";
    for (int64_t j = pick(1, 3); j > 0; --j) {
      AffineExpr e{pick(-3, 3), std::vector<int64_t>(n, 0)};
      for (size_t d = 0; d < n; ++d) e.coeffs[d] = pick(-2, 2);
      a.index.push_back(e);
      a.shape.push_back(pick(1, 9));
    }
  }
  return op;
}

}  // namespace

TEST_CASE(
    "the run-wise walk equals the point-by-point reading on 500 random operators with padding and negative strides") {
  std::mt19937_64 rng(99);
  for (int k = 0; k < 500; ++k) {
    const Operator op = randomOperator(rng);
    const Tensor8 x = randomTensor8(op.inputs[0].shape, 2 * k), y = randomTensor8(op.inputs[1].shape, 2 * k + 1);
    CHECK(referenceAccumulate(op, x, y) == pointByPoint(op, x, y));
  }
}

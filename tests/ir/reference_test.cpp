// Tests of the CPU reference (src/ir/reference.h) on tiny hand-computed cases, through lowered specs.
#include <doctest/doctest.h>

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

// Footprints (ir/footprint.h): exact against enumeration on random accesses, the strided and padded conv cases the
// bounds rely on, and the documented lower bound for a large coupled access.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "inlay/ir/builders.h"
#include "inlay/ir/footprint.h"

using namespace inlay;

namespace {

int64_t enumerated(const TensorAccess& a, const std::vector<Dim>& dims) {
  std::set<std::vector<int64_t>> touched;
  std::vector<int64_t> point(dims.size(), 0);
  while (true) {
    std::vector<int64_t> index;
    bool inside = true;
    for (size_t pos = 0; pos < a.index.size(); ++pos) {
      index.push_back(a.index[pos].eval(point));
      inside = inside && index.back() >= 0 && index.back() < a.shape[pos];
    }
    if (inside) touched.insert(index);
    size_t d = 0;
    while (d < dims.size() && ++point[d] == dims[d].extent) point[d++] = 0;
    if (d == dims.size()) break;
  }
  return static_cast<int64_t>(touched.size());
}

}  // namespace

TEST_CASE("footprint: equals enumeration on random affine accesses") {
  std::mt19937_64 rng(7);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<Dim> dims;
    for (int64_t d = 0, n = pick(1, 4); d < n; ++d) dims.push_back({"d" + std::to_string(d), pick(1, 7), false});
    TensorAccess a;
    a.tensor = "T";
    for (int64_t pos = 0, rank = pick(1, 3); pos < rank; ++pos) {
      AffineExpr e;
      e.constant = pick(-4, 4);
      for (size_t d = 0; d < dims.size(); ++d) e.coeffs.push_back(pick(0, 2) == 0 ? 0 : pick(-3, 3));
      a.index.push_back(e);
      a.shape.push_back(pick(1, 12));
    }
    CAPTURE(trial);
    CHECK(footprintElements(a, dims) == enumerated(a, dims));
  }
}

TEST_CASE("footprint: a strided conv reads only the pixels its windows cover; padding is not data") {
  // 1×1, stride 4 over 64×64: one pixel in 16, for each of the 16 channels.
  const Operator strided =
      conv2dOperator({.N = 1, .C = 16, .H = 64, .W = 64, .K = 16, .R = 1, .S = 1, .strideH = 4, .strideW = 4});
  CHECK(footprintElements(strided.inputs[0], strided.dims) == 16 * 16 * 16);
  CHECK(footprintElements(strided.inputs[1], strided.dims) == 16 * 16);
  // 3×3, stride 2, pad 1 over 9×9: windows start at −1, 1, 3, 5, 7 and cover rows 0..8, every pixel.
  const Operator padded = conv2dOperator(
      {.N = 1, .C = 3, .H = 9, .W = 9, .K = 8, .R = 3, .S = 3, .strideH = 2, .strideW = 2, .padH = 1, .padW = 1});
  CHECK(footprintElements(padded.inputs[0], padded.dims) == 3 * 9 * 9);
  // 2×2, stride 3 over 8 wide: windows at 0, 3, 6 cover 0,1 3,4 6,7; rows and columns 2 and 5 are never read.
  const Operator gaps =
      conv2dOperator({.N = 1, .C = 1, .H = 8, .W = 8, .K = 1, .R = 2, .S = 2, .strideH = 3, .strideW = 3});
  CHECK(footprintElements(gaps.inputs[0], gaps.dims) == 6 * 6);
  const Operator gemm = gemmOperator(35, 700, 2048);
  CHECK(footprintElements(gemm.inputs[0], gemm.dims) == 35 * 2048);
}

TEST_CASE("footprint: a large coupled access gets a lower bound, the widest position alone") {
  // A[i, i + j]: every (i, j) is a distinct element, 3000 · 1500 of them; beyond the enumeration limit the
  // footprint is the larger one-position count, 4499 values of i + j.
  const std::vector<Dim> dims{{"i", 3000, false}, {"j", 1500, false}};
  TensorAccess a{"A", {AffineExpr{0, {1, 0}}, AffineExpr{0, {1, 1}}}, {3000, 4500}};
  CHECK(footprintElements(a, dims) == 4499);
  // Small enough to enumerate: exact.
  const std::vector<Dim> small{{"i", 30, false}, {"j", 15, false}};
  CHECK(footprintElements({"A", a.index, {30, 45}}, small) == 30 * 15);
}

TEST_CASE("footprint: non-padding iterations equal enumeration on random loop nests") {
  std::mt19937_64 rng(11);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (int trial = 0; trial < 1000; ++trial) {
    Operator op;
    for (int64_t d = 0, n = pick(1, 4); d < n; ++d) op.dims.push_back({"d" + std::to_string(d), pick(1, 6), false});
    for (TensorAccess& input : op.inputs)
      for (int64_t pos = 0, rank = pick(1, 3); pos < rank; ++pos) {
        AffineExpr e;
        e.constant = pick(-3, 3);
        for (size_t d = 0; d < op.dims.size(); ++d) e.coeffs.push_back(pick(0, 2) == 0 ? 0 : pick(-2, 2));
        input.index.push_back(e);
        input.shape.push_back(pick(1, 8));
      }
    int64_t expected = 0;
    std::vector<int64_t> point(op.dims.size(), 0);
    while (true) {
      bool inside = true;
      for (const TensorAccess& input : op.inputs)
        for (size_t pos = 0; pos < input.index.size(); ++pos) {
          const int64_t v = input.index[pos].eval(point);
          inside = inside && v >= 0 && v < input.shape[pos];
        }
      expected += inside;
      size_t d = 0;
      while (d < op.dims.size() && ++point[d] == op.dims[d].extent) point[d++] = 0;
      if (d == op.dims.size()) break;
    }
    CAPTURE(trial);
    CHECK(nonPaddingIterations(op) == expected);
  }
}

TEST_CASE("footprint: a padded conv's taps on the padding are not real MACs; a GEMM has none") {
  const Operator padded =
      conv2dOperator({.N = 1, .C = 2, .H = 7, .W = 7, .K = 3, .R = 3, .S = 3, .padH = 1, .padW = 1});
  CHECK(nonPaddingIterations(padded) == 2 * 3 * 19 * 19);  // (p, r): 7·3 pairs, 2 on the padding
  CHECK(nonPaddingIterations(gemmOperator(35, 700, 2048)) == 35 * 700 * 2048);
}

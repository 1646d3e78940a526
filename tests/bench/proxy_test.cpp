// Tests of the size-reduced proxies used for quick functional checks (bench/proxy.h).
#include <doctest/doctest.h>

#include "bench_ops.h"
#include "inlay/bench/proxy.h"

using namespace inlay;

namespace {
std::vector<int64_t> extents(const Operator& op) {
  std::vector<int64_t> e;
  for (const Dim& d : op.dims) e.push_back(d.extent);
  return e;
}
}  // namespace

TEST_CASE("proxy: small operators are unchanged") {
  Operator op = test::gemmSpec("g", 20, 3, 30);
  Operator proxy = makeProxy(op, defaultIsa(), 1 << 20);
  CHECK(extents(proxy) == extents(op));
  CHECK(proxy.inputs[0].shape == op.inputs[0].shape);
  CHECK(proxy.out.shape == op.out.shape);
}

TEST_CASE("proxy: a large GEMM keeps its lane remainders and fits the budget") {
  Operator op = test::gemmSpec("g", 5124, 700, 2048);  // m n k
  Operator proxy = makeProxy(op, defaultIsa(), 1 << 20);
  // 5124 = 320·16 + 4 → 20; 700 = 43·16 + 12 → 28; 2048 → 32 (two whole blocks). 20·28·32 = 17920 ≤ 2^20.
  CHECK(extents(proxy) == std::vector<int64_t>{20, 28, 32});
  CHECK(proxy.out.shape == std::vector<int64_t>{20, 28});
  CHECK(proxy.inputs[0].shape == std::vector<int64_t>{20, 32});
  CHECK(proxy.inputs[1].shape == std::vector<int64_t>{32, 28});
}

TEST_CASE("proxy: a DeepSpeech conv shrinks its largest dims until the budget holds") {
  Operator op = test::convSpec("c", 1, 1, 161, 700, 32, 5, 20, 2, 0);  // n k p q c r s = 1 32 79 341 1 5 20
  Operator proxy = makeProxy(op, defaultIsa(), 1 << 16);
  // p 79 → 31, q 341 → 21; then 32·31·21·5·20 > 2^16: k 32 → 16, p 31 → 15, q 21 → 5, s 20 → 4 (24000 MACs).
  CHECK(extents(proxy) == std::vector<int64_t>{1, 16, 15, 5, 1, 5, 4});
  CHECK(proxy.macs() <= (1 << 16));
  // The input is cut to the rows and columns the smaller window reaches: (15-1)·2+5 = 33, (5-1)·2+4 = 12.
  CHECK(proxy.inputs[0].shape == std::vector<int64_t>{1, 1, 33, 12});
  CHECK(proxy.inputs[1].shape == std::vector<int64_t>{16, 1, 5, 4});
  CHECK(proxy.out.shape == std::vector<int64_t>{1, 16, 15, 5});
}

TEST_CASE("proxy: padding at the low border survives") {
  Operator op = test::convSpec("c", 1, 64, 56, 56, 64, 3, 3, 1, 1);
  Operator proxy = makeProxy(op, defaultIsa(), 1 << 20);
  CHECK(proxy.inputs[0].index[2].constant == -1);  // p + r - 1 still reads row -1 (zero)
  CHECK(proxy.macs() <= (1 << 20));
  CHECK(proxy.inputs[0].shape[2] <= 56);
}

TEST_CASE("proxy: a grouped conv keeps the per-group extents its fused indices multiply by") {
  // ShuffleNet's grouped 1×1: dims n g k p q c r s = 1 3 80 28 28 20 1 1; O[n, 80·g + k, p, q], I[n, 20·g + c, p, q].
  Operator op = test::opFromSpec(R"({"name": "shuffle", "op": "conv2d",
      "shape": {"N": 1, "C": 60, "H": 28, "W": 28, "K": 240, "R": 1, "S": 1}, "groups": 3})");
  Operator proxy = makeProxy(op, defaultIsa(), 1 << 20);
  // k and c keep 80 and 20; p and q shrink from 28 to 20 (16 + 12), then until the budget holds.
  CHECK(extents(proxy)[2] == 80);
  CHECK(extents(proxy)[5] == 20);
  CHECK(proxy.macs() <= (1 << 20));
  int64_t written = 1;
  for (const Dim& d : proxy.dims)
    if (!d.reduction) written *= d.extent;
  CHECK(written == proxy.out.elements());  // every output element is written
}

// The whole-network CPU reference (net/network_reference.h) on tiny networks whose outputs are computed by hand:
// a convolution with bias, shift, residual and ReLU; pools; the saturating add; a batched matmul with a bias.
#include <doctest/doctest.h>

#include "inlay/ir/error.h"
#include "inlay/ir/reference.h"
#include "inlay/net/layer_operator.h"
#include "inlay/net/network_io.h"
#include "inlay/net/network_reference.h"

using namespace inlay;
using namespace inlay::net;

namespace {

Tensor8 t8(std::vector<int64_t> shape, std::vector<int8_t> data) { return {std::move(shape), std::move(data)}; }

// Runs `text` on the given graph inputs and node constants; returns the tensor called `name`.
Tensor8 run(const std::string& text, std::vector<Tensor8> inputs, std::vector<NodeConstants> constants,
            const std::string& name) {
  Network net = parseNetwork(text, "t.json");
  constants.resize(net.nodes.size());
  return runNetworkReference(net, {std::move(inputs), std::move(constants)}).at(net.tensorIndex(name));
}

}  // namespace

TEST_CASE("reference: a convolution with bias, shift, residual and ReLU, by hand") {
  const char* text = R"({"name": "t", "inputs": {"x": [1, 1, 3, 3], "r": [1, 2, 2, 2]}, "outputs": ["y"],
    "nodes": [{"name": "c", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 2, "kernel": [2, 2],
               "bias": true, "shift": 1, "residual": "r", "relu": true}]})";
  Tensor8 x = t8({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor8 r = t8({1, 2, 2, 2}, {10, -10, 120, -128, 100, 0, -50, -100});
  // Channel 0 sums the diagonal pair, channel 1 is minus the window sum.
  NodeConstants c{t8({2, 1, 2, 2}, {1, 0, 0, 1, -1, -1, -1, -1}), Tensor32{{2}, {3, 100}}};
  // Channel 0: acc 6, 8, 12, 14; + 3 = 9, 11, 15, 17; >> 1 = 4, 5, 7, 8; + r = 14, -5, 127, -120; ReLU 14, 0, 127, 0.
  // Channel 1: acc -12, -16, -24, -28; + 100 = 88, 84, 76, 72; >> 1 = 44, 42, 38, 36; + r = 144, 42, -12, -64;
  //            ReLU 144, 42, 0, 0; clamp 127, 42, 0, 0.
  CHECK(run(text, {x, r}, {c}, "y") == t8({1, 2, 2, 2}, {14, 0, 127, 0, 127, 42, 0, 0}));
  // Without bias, residual and ReLU the shift rounds towards −∞: channel 0: 6, 8, 12, 14 >> 1 = 3, 4, 6, 7;
  // channel 1: -12, -16, -24, -28 >> 1 = -6, -8, -12, -14.
  const char* plain = R"({"name": "t", "inputs": {"x": [1, 1, 3, 3]}, "outputs": ["y"],
    "nodes": [{"name": "c", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 2, "kernel": [2, 2],
               "shift": 1}]})";
  NodeConstants noBias{c.weights, {}};
  CHECK(run(plain, {x}, {noBias}, "y") == t8({1, 2, 2, 2}, {3, 4, 6, 7, -6, -8, -12, -14}));
}

TEST_CASE("reference: pools, by hand") {
  const char* text = R"({"name": "t", "inputs": {"x": [1, 1, 4, 4]}, "outputs": ["m", "a", "g"],
    "nodes": [{"name": "max", "op": "max_pool", "inputs": ["x"], "output": "m", "kernel": [3, 3], "stride": [2, 2],
               "pad": [1, 1]},
              {"name": "avg", "op": "avg_pool", "inputs": ["x"], "output": "a", "kernel": [3, 3], "stride": [2, 2],
               "pad": [1, 1]},
              {"name": "gap", "op": "global_avg_pool", "inputs": ["x"], "output": "g"}]})";
  Tensor8 x = t8({1, 1, 4, 4}, {-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16});
  // Max: the padding takes no part (zeros would give 0): windows rows 0-1 × cols 0-1, 0-1 × 1-3, 1-3 × 0-1, 1-3 × 1-3.
  CHECK(run(text, {x}, {}, "m") == t8({1, 1, 2, 2}, {-1, -2, -5, -6}));
  // Average over the whole 3×3 window (padding counts as zero), rounded towards −∞:
  // ⌊-14/9⌋ = -2, ⌊-30/9⌋ = -4, ⌊-57/9⌋ = -7, -99/9 = -11.
  CHECK(run(text, {x}, {}, "a") == t8({1, 1, 2, 2}, {-2, -4, -7, -11}));
  // Global: ⌊-136/16⌋ = ⌊-8.5⌋ = -9.
  CHECK(run(text, {x}, {}, "g") == t8({1, 1, 1, 1}, {-9}));
}

TEST_CASE("reference: add saturates; with shift and ReLU; relu and reshape") {
  const char* text = R"({"name": "t", "inputs": {"a": [1, 4], "b": [1, 4]}, "outputs": ["s", "t", "r", "f"],
    "nodes": [{"name": "plain", "op": "add", "inputs": ["a", "b"], "output": "s"},
              {"name": "shifted", "op": "add", "inputs": ["a", "b"], "output": "t", "shift": 1, "relu": true},
              {"name": "r", "op": "relu", "inputs": ["a"], "output": "r"},
              {"name": "f", "op": "reshape", "inputs": ["a"], "output": "f", "shape": [2, 2]}]})";
  Tensor8 a = t8({1, 4}, {100, -100, 5, -3}), b = t8({1, 4}, {100, -100, 6, 0});
  CHECK(run(text, {a, b}, {}, "s") == t8({1, 4}, {127, -128, 11, -3}));
  CHECK(run(text, {a, b}, {}, "t") == t8({1, 4}, {100, 0, 5, 0}));  // 200>>1, (-200>>1 → 0), 11>>1, (-3>>1 → 0)
  CHECK(run(text, {a, b}, {}, "r") == t8({1, 4}, {100, 0, 5, 0}));
  CHECK(run(text, {a, b}, {}, "f") == t8({2, 2}, {100, -100, 5, -3}));
}

TEST_CASE("reference: a batched matmul in BERT's layout, with a bias on n") {
  const char* text = R"({"name": "t", "inputs": {"q": [2, 2, 2], "k": [2, 2, 2]}, "outputs": ["y"],
    "nodes": [{"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y", "layout": "mbk,nbk->bmn",
               "bias": true}]})";
  Tensor8 q = t8({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});   // [m][b][k]
  Tensor8 k = t8({2, 2, 2}, {1, 0, 0, 1, 1, 1, 2, -1});  // [n][b][k]
  // y[b][m][n] = Σ_k q[m][b][k]·k[n][b][k]: b0: 1, 3, 5, 11; b1: 4, 2, 8, 6; then + bias[n] = 10, 20.
  CHECK(run(text, {q, k}, {NodeConstants{{}, Tensor32{{2}, {10, 20}}}}, "y") ==
        t8({2, 2, 2}, {11, 23, 15, 31, 14, 22, 18, 26}));
}

TEST_CASE("reference: a dense layer on [B, S, F] is the gemm of its rows") {
  const char* text = R"({"name": "t", "inputs": {"x": [2, 3, 5]}, "outputs": ["y"],
    "nodes": [{"name": "fc", "op": "dense", "inputs": ["x"], "output": "y", "units": 4, "shift": 2}]})";
  Network net = parseNetwork(text, "t.json");
  NetworkData data = randomNetworkData(net, 7);
  Tensor8 y = runNetworkReference(net, data).at(1);
  Operator op = layerOperator(net, net.nodes[0]);
  Tensor8 rows = data.inputs[0];
  rows.shape = {6, 5};
  Tensor8 expected = referenceRun(op, rows, data.constants[0].weights);
  expected.shape = {2, 3, 4};
  CHECK(y == expected);
}

TEST_CASE("reference: random data is seeded and shaped by the network") {
  const char* text = R"({"name": "t", "inputs": {"x": [1, 3, 8, 8]}, "outputs": ["z"],
    "nodes": [{"name": "c", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 16, "kernel": [3, 3],
               "groups": 1, "bias": true, "relu": true, "shift": 4},
              {"name": "p", "op": "max_pool", "inputs": ["y"], "output": "z", "kernel": [2, 2], "stride": [2, 2]}]})";
  Network net = parseNetwork(text, "t.json");
  NetworkData a = randomNetworkData(net, 1), b = randomNetworkData(net, 1), c = randomNetworkData(net, 2);
  CHECK(a == b);
  CHECK(!(a == c));
  REQUIRE(a.constants.size() == 2);
  CHECK(a.inputs[0].shape == std::vector<int64_t>{1, 3, 8, 8});
  CHECK(a.constants[0].weights.shape == std::vector<int64_t>{16, 3, 3, 3});
  CHECK(a.constants[0].bias.shape == std::vector<int64_t>{16});
  CHECK(a.constants[1] == NodeConstants{});
  bool inRange = true, negative = false;
  for (int32_t v : a.constants[0].bias.data) {
    inRange = inRange && v >= -4096 && v <= 4095;
    negative = negative || v < 0;
  }
  CHECK(inRange);
  CHECK(negative);
  std::vector<Tensor8> tensors = runNetworkReference(net, a);
  CHECK(tensors.size() == 3);
  CHECK(tensors[2].shape == std::vector<int64_t>{1, 16, 3, 3});
  CHECK(runNetworkReference(net, a) == tensors);
}

TEST_CASE("reference: host functions") {
  const char* text = R"({"name": "t", "inputs": {"x": [2, 2]}, "outputs": ["g", "s", "n"],
    "nodes": [{"name": "gelu", "op": "host", "inputs": ["x"], "output": "g", "function": "gelu"},
              {"name": "softmax", "op": "host", "inputs": ["x"], "output": "s", "function": "softmax"},
              {"name": "norm", "op": "host", "inputs": ["x"], "output": "n", "function": "layer_norm"}]})";
  Tensor8 x = t8({2, 2}, {16, -16, 1, 3});
  // GELU of ±1 (16 in 4 fraction bits): 0.8413 → 13.46 → 13; -0.1587 → -2.54 → -3; 1/16 → 0.53 → 1; 3/16 → 1.71 → 2.
  CHECK(run(text, {x}, {}, "g") == t8({2, 2}, {13, -3, 1, 2}));
  // Softmax rows: [1, -1] → e²/(e²+1) = 0.8808 → 111.9 → 112, 0.1192 → 15.1 → 15; [1/16, 3/16] → 0.4688 → 59.5 → 60
  // (59.54), 0.5312 → 67.46 → 67.
  CHECK(run(text, {x}, {}, "s") == t8({2, 2}, {112, 15, 60, 67}));
  // Layer norm rows: [16, -16]: mean 0, variance 256 → ±16·16/√257 = ±15.97 → ±16; [1, 3]: mean 2, variance 1 →
  // ±16/√2 = ±11.31 → ∓11.
  CHECK(run(text, {x}, {}, "n") == t8({2, 2}, {16, -16, -11, 11}));
  const char* unknown = R"({"name": "t", "inputs": {"x": [2, 2]}, "outputs": ["y"],
    "nodes": [{"name": "top", "op": "host", "inputs": ["x"], "output": "y", "function": "topk", "shape": [2, 1]}]})";
  CHECK_THROWS_WITH_AS(run(unknown, {x}, {}, "y"),
                       "node top: the host function 'topk' has no CPU reference (known: gelu, softmax, layer_norm, "
                       "upsample_nearest, concat)",
                       WorkError);
}

TEST_CASE("reference: a max pool padded only at the end, upsampling and concatenation") {
  const char* text = R"({"name": "t", "inputs": {"x": [1, 1, 3, 3], "a": [2, 1, 1, 2], "b": [2, 1, 1, 2]},
    "outputs": ["m", "u", "c"],
    "nodes": [{"name": "max", "op": "max_pool", "inputs": ["x"], "output": "m", "kernel": [2, 2],
               "pad": [0, 0, 1, 1]},
              {"name": "up", "op": "host", "inputs": ["x"], "output": "u", "function": "upsample_nearest",
               "shape": [1, 1, 6, 3]},
              {"name": "cat", "op": "host", "inputs": ["a", "b"], "output": "c", "function": "concat"}]})";
  Tensor8 x = t8({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor8 a = t8({2, 1, 1, 2}, {1, 2, 3, 4}), b = t8({2, 1, 1, 2}, {5, 6, 7, 8});
  // Windows of 2×2 at stride 1; the last row and column see the padding, which takes no part.
  CHECK(run(text, {x, a, b}, {}, "m") == t8({1, 1, 3, 3}, {5, 6, 6, 8, 9, 9, 8, 9, 9}));
  CHECK(run(text, {x, a, b}, {}, "u") == t8({1, 1, 6, 3}, {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7, 8, 9, 7, 8, 9}));
  CHECK(run(text, {x, a, b}, {}, "c") == t8({2, 2, 1, 2}, {1, 2, 5, 6, 3, 4, 7, 8}));  // per batch: a's then b's
}

// GEMM-core nodes lower to the same Operator as the equivalent spec or builder (net/layer_operator.h), and their
// MAC counts follow.
#include <doctest/doctest.h>

#include "inlay/ir/builders.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/net/layer_operator.h"
#include "inlay/net/network_io.h"

using namespace inlay;
using namespace inlay::net;

namespace {

Network one(const std::string& node, const std::string& inputs) {
  return parseNetwork(R"({"name": "t", "inputs": )" + inputs + R"(, "outputs": ["y"], "nodes": [)" + node + "]}",
                      "t.json");
}

}  // namespace

TEST_CASE("layer operators: conv2d and dense equal the builders' operators") {
  Network conv = one(R"({"name": "c", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 64,
                         "kernel": [3, 3], "stride": [2, 2], "pad": [1, 1], "groups": 4, "shift": 7, "bias": true})",
                     R"({"x": [1, 32, 14, 14]})");
  CHECK(layerOperator(conv, conv.nodes[0]) == conv2dOperator({.N = 1,
                                                              .C = 32,
                                                              .H = 14,
                                                              .W = 14,
                                                              .K = 64,
                                                              .R = 3,
                                                              .S = 3,
                                                              .strideH = 2,
                                                              .strideW = 2,
                                                              .padH = 1,
                                                              .padW = 1,
                                                              .groups = 4,
                                                              .shift = 7},
                                                             "c"));
  CHECK(weightShape(conv, conv.nodes[0]) == std::vector<int64_t>{64, 8, 3, 3});
  CHECK(biasLength(conv, conv.nodes[0]) == 64);
  CHECK(nodeMacs(conv, conv.nodes[0]) == 1 * 64 * 7 * 7 * 8 * 3 * 3);
  Network dense = one(R"({"name": "fc", "op": "dense", "inputs": ["x"], "output": "y", "units": 768, "shift": 3})",
                      R"({"x": [1, 128, 3072]})");
  CHECK(layerOperator(dense, dense.nodes[0]) == gemmOperator(128, 768, 3072, 3, "fc"));
  CHECK(weightShape(dense, dense.nodes[0]) == std::vector<int64_t>{3072, 768});
  CHECK(networkMacs(dense) == int64_t{128} * 768 * 3072);
}

TEST_CASE("layer operators: a dilated conv2d is the loopnest of operators/examples/dilated.json") {
  Network net = one(R"({"name": "dilated", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 16,
                        "kernel": [3, 3], "pad": [1, 1], "dilation": [2, 2]})",
                    R"({"x": [1, 8, 22, 22]})");
  CHECK(net.tensor("y").shape == std::vector<int64_t>{1, 16, 20, 20});
  CHECK(layerOperator(net, net.nodes[0]) == readOperatorFile("operators/examples/dilated.json").at(0));
}

TEST_CASE("layer operators: a grouped dilated conv2d indexes groups as the conv2d lowering does") {
  Network net = one(R"({"name": "gd", "op": "conv2d", "inputs": ["x"], "output": "y", "channels": 8,
                        "kernel": [3, 3], "stride": [2, 1], "pad": [2, 0], "dilation": [2, 3], "groups": 2})",
                    R"({"x": [1, 4, 9, 9]})");
  CHECK(layerOperator(net, net.nodes[0]) ==
        loopnestOperator({{"n", 1}, {"g", 2}, {"k", 4}, {"p", 5}, {"q", 3}, {"c", 2}, {"r", 3}, {"s", 3}},
                         {"c", "r", "s"}, {"O", {"n", "4*g+k", "p", "q"}, {1, 8, 5, 3}},
                         {LoopnestAccess{"I", {"n", "2*g+c", "2*p+2*r-2", "q+3*s"}, {1, 4, 9, 9}},
                          LoopnestAccess{"F", {"4*g+k", "c", "r", "s"}, {8, 2, 3, 3}}},
                         0, "gd"));
}

TEST_CASE("layer operators: matmul layouts index each operand in its own order") {
  Network net = one(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y",
                        "layout": "mbk,nbk->bmn", "shift": 5})",
                    R"({"q": [128, 12, 64], "k": [128, 12, 64]})");
  CHECK(layerOperator(net, net.nodes[0]) ==
        loopnestOperator(
            {{"b", 12}, {"m", 128}, {"n", 128}, {"k", 64}}, {"k"}, {"C", {"b", "m", "n"}, {12, 128, 128}},
            {LoopnestAccess{"A", {"m", "b", "k"}, {128, 12, 64}}, LoopnestAccess{"B", {"n", "b", "k"}, {128, 12, 64}}},
            5, "qk"));
  CHECK(biasLength(net, net.nodes[0]) == 128);
  CHECK(weightShape(net, net.nodes[0]).empty());
  CHECK(nodeMacs(net, net.nodes[0]) == 12 * 128 * 128 * 64);
}

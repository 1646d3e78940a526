// The epilogue fusion pass (net/fuse_epilogues.h): which relu and add nodes fuse into their producer, where the fused
// node goes, and that fusing keeps the reference's values (a relu always; an add unless the producer saturated).
#include <doctest/doctest.h>

#include "inlay/net/fuse_epilogues.h"
#include "inlay/net/network_io.h"
#include "inlay/net/network_reference.h"

using namespace inlay;
using namespace inlay::net;

namespace {

Network network(const std::string& nodes, const std::string& outputs = R"(["y"])") {
  return parseNetwork(
      R"({"name": "t", "inputs": {"x": [1, 8, 6, 6]}, "outputs": )" + outputs + R"(, "nodes": [)" + nodes + "]}",
      "t.json");
}

const std::string kConv = R"({"name": "c", "op": "conv2d", "inputs": ["x"], "output": "c", "channels": 8,
                              "kernel": [3, 3], "pad": [1, 1], "bias": true, "shift": 9})";

}  // namespace

TEST_CASE("fusion: a torchvision block, conv → conv, downsample, add, relu, becomes two convs") {
  // The downsample is defined after conv2, so the fused conv2 moves to the add's place.
  Network n = network(kConv + R"(,
    {"name": "r1", "op": "relu", "inputs": ["c"], "output": "r1"},
    {"name": "c2", "op": "conv2d", "inputs": ["r1"], "output": "c2", "channels": 8, "kernel": [3, 3], "pad": [1, 1],
     "shift": 9},
    {"name": "down", "op": "conv2d", "inputs": ["x"], "output": "down", "channels": 8, "kernel": [1, 1], "shift": 7},
    {"name": "sum", "op": "add", "inputs": ["c2", "down"], "output": "sum"},
    {"name": "y", "op": "relu", "inputs": ["sum"], "output": "y"})");
  Network original = n;
  CHECK(fuseEpilogues(n) == 3);
  REQUIRE(n.nodes.size() == 3);
  CHECK(n.nodes[0].name == "c");
  CHECK(n.nodes[0].output == "r1");
  CHECK(std::get<Conv2d>(n.nodes[0].op).epilogue == FusedEpilogue{.bias = true, .shift = 9, .relu = true});
  CHECK(n.nodes[1].name == "down");
  CHECK(n.nodes[2].name == "c2");
  CHECK(n.nodes[2].output == "y");
  CHECK(std::get<Conv2d>(n.nodes[2].op).epilogue == FusedEpilogue{.shift = 9, .residual = "down", .relu = true});
  std::vector<std::string> names;
  for (const TensorInfo& t : n.tensors) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"x", "r1", "down", "y"});
  CHECK(parseNetwork(writeNetwork(n), "w.json") == n);  // still a valid, complete network

  // The same values unless a producer saturates: compare with the unfused network on the same data.
  NetworkData data = randomNetworkData(original, 5);
  std::vector<Tensor8> before = runNetworkReference(original, data);
  NetworkData fusedData{data.inputs, {data.constants[0], data.constants[3], data.constants[2]}};  // c, down, c2
  std::vector<Tensor8> after = runNetworkReference(n, fusedData);
  CHECK(after[1] == before[2]);  // r1: the fused relu changes nothing
  const Tensor8& sumBefore = before[original.tensorIndex("y")];
  const Tensor8& c2Before = before[original.tensorIndex("c2")];
  const Tensor8& yAfter = after[3];
  size_t differ = 0, saturated = 0;
  for (size_t i = 0; i < yAfter.data.size(); ++i) {
    differ += yAfter.data[i] != sumBefore.data[i];
    saturated += c2Before.data[i] == 127 || c2Before.data[i] == -128;
  }
  CHECK(saturated > 0);  // the data reaches the corner where fusing may differ
  CHECK(differ <= saturated);
}

TEST_CASE("fusion: what does not fuse") {
  // A producer read twice, or a graph output, keeps its own output.
  Network twice = network(kConv + R"(,
    {"name": "r", "op": "relu", "inputs": ["c"], "output": "r"},
    {"name": "y", "op": "add", "inputs": ["c", "r"], "output": "y"})");
  CHECK(fuseEpilogues(twice) == 0);
  Network output = network(kConv + R"(, {"name": "y", "op": "relu", "inputs": ["c"], "output": "y"})", R"(["c", "y"])");
  CHECK(fuseEpilogues(output) == 0);
  // An add after a relu'd producer (the epilogue adds before its ReLU), with a shift, or of a tensor with itself.
  Network relu = network(kConv + R"(, {"name": "r", "op": "relu", "inputs": ["c"], "output": "r"},
    {"name": "y", "op": "add", "inputs": ["r", "x"], "output": "y"})");
  CHECK(fuseEpilogues(relu) == 1);
  CHECK(relu.nodes.size() == 2);
  CHECK(std::holds_alternative<Add>(relu.nodes[1].op));
  Network shifted = network(kConv + R"(, {"name": "y", "op": "add", "inputs": ["c", "x"], "output": "y", "shift": 1})");
  CHECK(fuseEpilogues(shifted) == 0);
  Network self = network(kConv + R"(, {"name": "y", "op": "add", "inputs": ["c", "c"], "output": "y"})");
  CHECK(fuseEpilogues(self) == 0);
  // A relu after a non-GEMM node stays.
  Network pool = network(R"({"name": "p", "op": "max_pool", "inputs": ["x"], "output": "p", "kernel": [1, 1]},
    {"name": "y", "op": "relu", "inputs": ["p"], "output": "y"})");
  CHECK(fuseEpilogues(pool) == 0);
  // The second operand fuses when the first cannot.
  Network second = network(kConv + R"(, {"name": "y", "op": "add", "inputs": ["x", "c"], "output": "y"})");
  CHECK(fuseEpilogues(second) == 1);
  CHECK(std::get<Conv2d>(second.nodes[0].op).epilogue.residual == "x");
}

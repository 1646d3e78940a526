// Node placement (net/node_placement.h): what runs on the GEMM core, the ALU, the host, and what is free.
#include <doctest/doctest.h>

#include <map>

#include "inlay/net/network_io.h"
#include "inlay/net/node_placement.h"

using namespace inlay::net;

namespace {

std::map<std::string, std::string> placements(const Network& net) {
  std::map<std::string, std::string> result;
  for (const Node& node : net.nodes) result[node.name] = placementName(nodePlacement(net, node));
  return result;
}

}  // namespace

TEST_CASE("placement: every op, and the averages VTA can divide") {
  Network net = parseNetwork(R"({"name": "t", "inputs": {"x": [1, 4, 8, 8], "v": [2, 6]}, "outputs": ["h"],
    "nodes": [{"name": "conv", "op": "conv2d", "inputs": ["x"], "output": "c", "channels": 4, "kernel": [1, 1]},
              {"name": "add", "op": "add", "inputs": ["c", "x"], "output": "a"},
              {"name": "relu", "op": "relu", "inputs": ["a"], "output": "r"},
              {"name": "max", "op": "max_pool", "inputs": ["r"], "output": "m", "kernel": [3, 3]},
              {"name": "avg2", "op": "avg_pool", "inputs": ["r"], "output": "a2", "kernel": [2, 2]},
              {"name": "avg3", "op": "avg_pool", "inputs": ["r"], "output": "a3", "kernel": [3, 3]},
              {"name": "gap8", "op": "global_avg_pool", "inputs": ["r"], "output": "g8"},
              {"name": "gap6", "op": "global_avg_pool", "inputs": ["m"], "output": "g6"},
              {"name": "flat", "op": "reshape", "inputs": ["g6"], "output": "f", "shape": [1, 4]},
              {"name": "fc", "op": "dense", "inputs": ["f"], "output": "d", "units": 6},
              {"name": "mm", "op": "matmul", "inputs": ["d", "v"], "output": "mm", "layout": "mk,nk->mn"},
              {"name": "soft", "op": "host", "inputs": ["mm"], "output": "h", "function": "softmax"}]})",
                             "t.json");
  CHECK(placements(net) == std::map<std::string, std::string>{{"conv", "gemm"},
                                                              {"add", "alu"},
                                                              {"relu", "alu"},
                                                              {"max", "alu"},
                                                              {"avg2", "alu"},   // 4 = 2²: one SHR
                                                              {"avg3", "host"},  // 9: no divide
                                                              {"gap8", "alu"},   // 8·8
                                                              {"gap6", "host"},  // 6·6
                                                              {"flat", "none"},
                                                              {"fc", "gemm"},
                                                              {"mm", "gemm"},
                                                              {"soft", "host"}});
}

TEST_CASE("placement: ResNet-18's global average pool is host work at 224×224 (7×7), ALU work at 56×56 (2×2)") {
  Network full = readNetworkFile("operators/networks/resnet18.json");
  Network reduced = readNetworkFile("operators/networks/resnet18_56.json");
  CHECK(placementName(nodePlacement(full, full.nodes[full.nodes.size() - 3])) == "host");
  CHECK(placementName(nodePlacement(reduced, reduced.nodes[reduced.nodes.size() - 3])) == "alu");
  CHECK(full.nodes[full.nodes.size() - 3].name == "gap");
}

// The CPU reference of a whole network: seeded random inputs, weights and biases, then every node in order, with
// the GEMM-core nodes computed by the ir reference on their lowered operators (layer_operator.h) and the fused
// epilogue of node_arithmetic.h. A VTA run of the network is checked against exactly this.
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/ir/tensor.h"
#include "inlay/net/network.h"

namespace inlay::net {

/// The constants of one node: weights (conv2d [K, C/G, R, S], dense [F, units]) and the bias, each empty when
/// the node has none.
struct NodeConstants {
  Tensor8 weights;
  Tensor32 bias;
  bool operator==(const NodeConstants&) const = default;
};

/// The data a run starts from: one tensor per graph input (net.inputs order) and constants per node.
struct NetworkData {
  std::vector<Tensor8> inputs;
  std::vector<NodeConstants> constants;  // one per node, in node order
  bool operator==(const NetworkData&) const = default;
};

/// Random data from `seed`: graph input i from randomTensor8 with seed mix(seed, i), node n's weights with
/// mix(seed, inputs + 2n), its bias (int32, uniform in [-4096, 4095]) from mix(seed, inputs + 2n + 1), where mix
/// is SplitMix64 of the sum (so that streams of neighbouring seeds do not overlap).
NetworkData randomNetworkData(const Network& net, uint64_t seed);

/// Runs every node in order; returns one tensor per net.tensors entry (same order). Throws WorkError for a host
/// node whose function has no reference (host_functions.h).
std::vector<Tensor8> runNetworkReference(const Network& net, const NetworkData& data);

/// The int32 accumulators of one GEMM-core node given its activation inputs (before its fused epilogue), shaped as
/// the node's output.
Tensor32 gemmCoreAccumulate(const Network& net, const Node& node, const std::vector<const Tensor8*>& inputs,
                            const NodeConstants& constants);

}  // namespace inlay::net

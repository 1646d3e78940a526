// The lowering of a GEMM-core node (conv2d, dense, matmul) to the Operator IR, so that the kernel pipeline (solver,
// codegen, simulator) compiles and checks it like any operator. The operator carries the node's shift; bias,
// residual and ReLU stay in the net stage (node_arithmetic.h) until the emitter fuses them.
#pragma once

#include <cstdint>

#include "inlay/ir/operator.h"
#include "inlay/net/network.h"

namespace inlay::net {

/// The node's operator, named after the node:
///  - conv2d (dilation 1) → conv2dOperator: I = the input [N, C, H, W], F = the weights [K, C/G, R, S],
///    O = the output; dilated → the same dims and tensors as a loopnest, I indexed p·sh + r·dh − ph.
///  - dense → gemmOperator(M = rows, N = units, K = features): A = the input as [rows, F], B = the weights [F, units].
///  - matmul → a loopnest over dims (b,) m, n, k: A = inputs[0], B = inputs[1], C = the output, each indexed in
///    its layout's order.
/// `net` must be complete (completeNetwork) and `node` a GEMM-core node of it.
Operator layerOperator(const Network& net, const Node& node);

/// The weight shape of a conv2d ([K, C/G, R, S]) or dense ([F, units]) node; empty for matmul (no weights).
std::vector<int64_t> weightShape(const Network& net, const Node& node);

/// The output channel count a bias is indexed by: conv2d's K, dense's units, matmul's n extent.
int64_t biasLength(const Network& net, const Node& node);

/// Multiply-accumulates of a GEMM-core node (its operator's MAC count, padding included); 0 for other nodes.
int64_t nodeMacs(const Network& net, const Node& node);

/// Σ nodeMacs over the network.
int64_t networkMacs(const Network& net);

}  // namespace inlay::net

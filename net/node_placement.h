// Where a node runs (docs/formats.md §5.4): on VTA's GEMM core, on its ALU, on the host, or nowhere (a reshape).
// The rule follows from the ALU's operations (ADD, MAX, MIN, SHR with immediates; no divide), so that no node is
// silently dropped: the host's share is reported with its work.
#pragma once

#include <string>

#include "inlay/net/network.h"

namespace inlay::net {

enum class Placement { GemmCore, Alu, Host, None };

/// conv2d, dense, matmul → GemmCore; add, relu, max_pool → Alu; avg_pool and global_avg_pool → Alu when the divisor
/// (the window, or H·W) is a power of two (one SHR), else Host; reshape → None; host → Host.
Placement nodePlacement(const Network& net, const Node& node);

/// "gemm", "alu", "host", "none".
std::string placementName(Placement placement);

}  // namespace inlay::net

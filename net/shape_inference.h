// Shape inference for one node: its output shape from its inputs' shapes, with every inconsistency reported as an
// InputError at the node's field (docs/formats.md §5.5). Sizes are checked against 64-bit overflow here, so that
// later stages may multiply extents freely.
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/ir/json_read.h"
#include "inlay/net/network.h"

namespace inlay::net {

using Shape = std::vector<int64_t>;

/// The output shape of `node` (at `at`, e.g. "nodes[3]"), given the shapes of node.inputs in order. Fails when an
/// input has the wrong rank, shapes disagree, a window does not fit, groups do not divide the channels, or an
/// element or MAC count overflows 64 bits.
Shape inferOutputShape(const Node& node, const std::vector<Shape>& inputShapes, const json_read::Where& at);

/// Fails at `at` unless every extent is positive, the rank is 1..6 and the element count fits 64 bits.
void checkShape(const Shape& shape, const json_read::Where& at);

/// "[1, 64, 56, 56]", for messages.
std::string shapeText(const Shape& shape);

}  // namespace inlay::net

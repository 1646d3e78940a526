// Reading one node object of a network file (docs/formats.md §5.3): the common fields and each op's own. Internal
// to the net stage (network_read.cpp is its only caller).
#pragma once

#include <nlohmann/json.hpp>

#include "inlay/ir/json_read.h"
#include "inlay/net/network.h"

namespace inlay::net {

/// One node at `at` ("nodes[3]"): fields typed and ranged, unknown fields refused; names and shapes are checked
/// later, against the whole graph (completeNetwork).
Node readNode(const nlohmann::ordered_json& j, const json_read::Where& at);

/// A list of integers (a shape) at `at`.
std::vector<int64_t> readIntegers(const nlohmann::ordered_json& j, const json_read::Where& at);

}  // namespace inlay::net

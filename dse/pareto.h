// Pareto fronts (dse stage): the design points no other point beats on both of two costs, e.g. cycles against
// on-chip SRAM bytes. Pure arithmetic on value pairs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace inlay {

/// Indices of the points that no other point dominates (≤ on both costs, < on one), minimising both; among equal
/// pairs the first. Sorted by the first cost, ascending.
std::vector<size_t> paretoFront(const std::vector<std::pair<int64_t, int64_t>>& costs);

}  // namespace inlay

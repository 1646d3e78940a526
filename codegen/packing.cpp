// Operand layouts from operand keys (codegen/packing.h).
#include "inlay/codegen/packing.h"

#include <optional>

namespace inlay {

namespace {

/// Added to a tensor index of a padding lane to push it outside every tensor (no index reaches 2^40).
constexpr int64_t kPaddingOffset = int64_t{1} << 40;

/// True when a padding lane of `g` already indexes outside the tensor: some tensor dim is exactly the group's
/// outermost dim and no larger than it.
bool paddingFallsOutside(const TensorAccess& access, const LaneGroup& g) {
  if (g.dims.empty()) return false;
  const size_t outer = static_cast<size_t>(g.dims.front());
  for (size_t j = 0; j < access.index.size(); ++j) {
    const AffineExpr& e = access.index[j];
    bool exact = e.constant == 0 && e.dependsOn(outer) && e.coeffs[outer] == 1;
    for (size_t d = 0; d < e.coeffs.size(); ++d)
      if (d != outer && e.coeffs[d] != 0) exact = false;
    if (exact && access.shape[j] <= static_cast<int64_t>(g.fused / g.radix.front())) return true;
  }
  return false;
}

}  // namespace

Layout operandLayout(const Operator& op, const InvocationSpace& space, int which) {
  const OperandKeys& keys = space.operand(which);
  const TensorAccess& access = keys.tensor < 0 ? op.out : op.inputs[static_cast<size_t>(keys.tensor)];
  Layout layout;
  layout.tensor = access.tensor;
  layout.tensorShape = access.shape;
  layout.scalarBytes = 1;
  for (const KeyCoord& c : keys.coords) {
    layout.dims.push_back(c.name);
    layout.extents.push_back(c.dramExtent);
  }
  const int coords = static_cast<int>(keys.coords.size());
  // The fused lane index f = L·t + l of each lane group the element holds.
  std::array<QuasiAffine, 3> fused{QuasiAffine::constant(0), QuasiAffine::constant(0), QuasiAffine::constant(0)};
  for (int axis = 0; axis < 2; ++axis) {
    const int lane = keys.elementLanes[static_cast<size_t>(axis)];
    const LaneGroup& g = space.groups[static_cast<size_t>(lane)];
    layout.dims.push_back(lane == kLaneB ? "lb" : lane == kLaneI ? "li" : "lo");
    layout.extents.push_back(g.lanes);
    // Where the lane group's block coordinate sits (innermost unless Schedule::laneBlocksOuter); a masked dim's two
    // groups share one.
    int blockCoord = 0;
    auto holds = [&](const KeyCoord& c) {
      return c.blockLane >= 0 &&
             space.blockDim[static_cast<size_t>(c.blockLane)] == space.blockDim[static_cast<size_t>(lane)];
    };
    while (!holds(keys.coords[static_cast<size_t>(blockCoord)])) ++blockCoord;
    fused[static_cast<size_t>(lane)] = g.lanes * QuasiAffine::coord(blockCoord) + QuasiAffine::coord(coords + axis);
  }
  layout.index.assign(access.index.size(), QuasiAffine::constant(0));
  for (int m = 0; m < coords; ++m) {
    const KeyCoord& c = keys.coords[static_cast<size_t>(m)];
    if (c.tensorDim < 0) continue;
    layout.index[static_cast<size_t>(c.tensorDim)] =
        QuasiAffine::constant(c.constant + c.scale * c.dramLo) + c.scale * QuasiAffine::coord(m);
  }
  // A block-diagonal operand holds the masked dim on both its lane axes: the tensor index takes the first axis's
  // value, and off the diagonal (the two values differ) the index moves 2^40·(difference) outside the tensor, so
  // those scalars pack as zeros.
  const bool blockDiagonal = space.maskedDim >= 0 && keys.elementLanes[0] != keys.elementLanes[1] &&
                             (keys.elementLanes == space.maskedLanes ||
                              keys.elementLanes == std::array<int, 2>{space.maskedLanes[1], space.maskedLanes[0]});
  std::optional<QuasiAffine> maskedValue;
  for (int lane : keys.elementLanes) {
    const LaneGroup& g = space.groups[static_cast<size_t>(lane)];
    const QuasiAffine& f = fused[static_cast<size_t>(lane)];
    for (size_t p = 0; p < g.dims.size(); ++p) {
      QuasiAffine value = f.floorDiv(g.radix[p]);
      if (p > 0) value = value.mod(g.radix[p - 1] / g.radix[p]);
      const size_t d = static_cast<size_t>(g.dims[p]);
      if (blockDiagonal && g.dims[p] == space.maskedDim) {
        if (maskedValue) {
          if (!layout.index.empty()) layout.index[0] = layout.index[0] + kPaddingOffset * (value + (-1) * *maskedValue);
          continue;
        }
        maskedValue = value;
      }
      for (size_t j = 0; j < access.index.size(); ++j)
        if (access.index[j].dependsOn(d)) layout.index[j] = layout.index[j] + access.index[j].coeffs[d] * value;
    }
    if (g.padded() && !paddingFallsOutside(access, g) && !layout.index.empty())
      layout.index[0] = layout.index[0] + kPaddingOffset * f.floorDiv(g.fused);
  }
  return layout;
}

}  // namespace inlay

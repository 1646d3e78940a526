// Tiles of the invocation space and what they touch (codegen stage): the walk of a Schedule's tiles in loop order,
// each operand's key box for a tile (the bounding box of its affine key images), and the dense SRAM placement of
// that box, whose index is affine in the invocation's position inside the tile.
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/schedule.h"

namespace inlay {

struct TileBox {
  std::vector<int64_t> lo, len;  // per invocation dim
};

/// Per key coordinate: the first key value and the count; rows are stored densely, coordinate order, row-major.
struct KeyBox {
  std::vector<int64_t> lo, n;
  int64_t elements() const;
  bool operator==(const KeyBox&) const = default;
};

KeyBox keyBox(const OperandKeys& keys, const TileBox& tile);
/// keyBox into `box`, reusing its storage: the emitter computes boxes for every step.
void assignKeyBox(const OperandKeys& keys, const TileBox& tile, KeyBox& box);
/// The elements of the key box of a tile of extents `len`, wherever the tile lies.
int64_t keyBoxElements(const OperandKeys& keys, const std::vector<int64_t>& len);

/// SRAM element of the invocation at offset u inside a tile of extents `len`, relative to the box's SRAM base:
/// constant + Σ_d coeffs[d]·u_d.
struct SramMap {
  int64_t constant = 0;
  std::vector<int64_t> coeffs;
  int64_t at(const std::vector<int64_t>& u) const;
};
SramMap sramMap(const OperandKeys& keys, const std::vector<int64_t>& len);

/// One step of the walk: a tile, the output tile it accumulates into (counted from 0 in walk order), and whether it
/// is the first / last reduction tile of that output tile.
struct Step {
  TileBox tile;
  int64_t outputTile = 0;
  bool firstReduction = true, lastReduction = true;
};

/// Throws WorkError when `s` is not a schedule of `space` (sizes, tiles, a loop order that is not a permutation or
/// puts a reduction dim outside a non-reduction dim, copies not 1 or 2, bad folds or uop order).
void validateSchedule(const InvocationSpace& space, const Schedule& s);

/// Number of steps (tiles) of the walk: Π ceil(extent / tile).
int64_t stepCount(const InvocationSpace& space, const Schedule& s);

/// The walk of a schedule's tiles in loop order, one step at a time and without storing them (a walk may have
/// millions of steps). Upper-edge tiles are cut to the extent (remainders). Every walk has at least one step.
class TileWalk {
public:
  TileWalk(const InvocationSpace& space, const Schedule& s);
  const Step& step() const { return step_; }
  /// Moves to the next step; false when the walk is over.
  bool next();
  /// Output tiles of the whole walk: the combinations of the non-reduction dims' tiles.
  int64_t outputTiles() const { return outputTiles_; }

private:
  void setStep();

  const InvocationSpace& space_;
  const Schedule& schedule_;
  std::vector<int64_t> count_, index_;
  int64_t outputTiles_ = 1;
  Step step_;
};

}  // namespace inlay

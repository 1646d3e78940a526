// Tile walk, key boxes and SRAM maps (codegen/tiles.h).
#include "inlay/codegen/tiles.h"

#include <algorithm>
#include <cstdlib>

#include "inlay/ir/error.h"

namespace inlay {

int64_t KeyBox::elements() const {
  int64_t e = 1;
  for (int64_t v : n) e *= v;
  return e;
}

KeyBox keyBox(const OperandKeys& keys, const TileBox& tile) {
  KeyBox box;
  assignKeyBox(keys, tile, box);
  return box;
}

void assignKeyBox(const OperandKeys& keys, const TileBox& tile, KeyBox& box) {
  box.lo.clear();
  box.n.clear();
  for (const KeyCoord& c : keys.coords) {
    int64_t lo = 0, hi = 0;
    for (size_t d = 0; d < tile.lo.size(); ++d) {
      const int64_t a = c.coeffs[d];
      if (a == 0) continue;  // most coordinates depend on one or two dims
      lo += a * (a < 0 ? tile.lo[d] + tile.len[d] - 1 : tile.lo[d]);
      hi += a * (a < 0 ? tile.lo[d] : tile.lo[d] + tile.len[d] - 1);
    }
    box.lo.push_back(lo);
    box.n.push_back(hi - lo + 1);
  }
}

int64_t keyBoxElements(const OperandKeys& keys, const std::vector<int64_t>& len) {
  int64_t elements = 1;
  for (const KeyCoord& c : keys.coords) {
    int64_t n = 1;
    for (size_t d = 0; d < len.size(); ++d) n += std::abs(c.coeffs[d]) * (len[d] - 1);
    elements *= n;
  }
  return elements;
}

int64_t SramMap::at(const std::vector<int64_t>& u) const {
  int64_t v = constant;
  for (size_t d = 0; d < u.size(); ++d) v += coeffs[d] * u[d];
  return v;
}

SramMap sramMap(const OperandKeys& keys, const std::vector<int64_t>& len) {
  TileBox origin{std::vector<int64_t>(len.size(), 0), len};
  const KeyBox box = keyBox(keys, origin);
  SramMap map;
  map.coeffs.assign(len.size(), 0);
  int64_t stride = 1;
  for (size_t m = keys.coords.size(); m-- > 0;) {
    // key(u) − lo = Σ a·u − lo; the tile's box starts at lo.
    map.constant -= stride * box.lo[m];
    for (size_t d = 0; d < len.size(); ++d) map.coeffs[d] += stride * keys.coords[m].coeffs[d];
    stride *= box.n[m];
  }
  return map;
}

void validateSchedule(const InvocationSpace& space, const Schedule& s) {
  const size_t n = space.dims.size();
  auto fail = [](const std::string& why) { throw WorkError("invalid schedule: " + why); };
  if (s.tile.size() != n)
    fail("tile has " + std::to_string(s.tile.size()) + " sizes for " + std::to_string(n) + " dims");
  for (size_t d = 0; d < n; ++d)
    if (s.tile[d] < 1 || s.tile[d] > space.dims[d].extent)
      fail("tile of dim '" + space.dims[d].name + "' is " + std::to_string(s.tile[d]));
  std::vector<int> order = s.loopOrder;
  std::sort(order.begin(), order.end());
  for (size_t d = 0; d < n; ++d)
    if (order.size() != n || order[d] != static_cast<int>(d)) fail("the loop order is not a permutation of the dims");
  bool seenReduction = false;
  for (int d : s.loopOrder) {
    if (space.dims[static_cast<size_t>(d)].reduction)
      seenReduction = true;
    else if (seenReduction)
      fail("dim '" + space.dims[static_cast<size_t>(d)].name + "' is inside a reduction loop");
  }
  for (int c : {s.inpCopies, s.wgtCopies, s.accCopies})
    if (c != 1 && c != 2) fail("buffer copies must be 1 or 2");
  if (!s.autoFold) {
    for (int f : {s.foldOuter, s.foldInner})
      if (f < -1 || f >= static_cast<int>(n)) fail("fold dim out of range");
    if (s.foldOuter >= 0 && s.foldOuter == s.foldInner) fail("the same dim is folded twice");
    for (int d : s.uopOrder)
      if (d < 0 || d >= static_cast<int>(n) || d == s.foldOuter || d == s.foldInner) fail("bad uop order");
  }
}

int64_t stepCount(const InvocationSpace& space, const Schedule& s) {
  int64_t steps = 1;
  for (size_t d = 0; d < space.dims.size(); ++d) steps *= (space.dims[d].extent + s.tile[d] - 1) / s.tile[d];
  return steps;
}

TileWalk::TileWalk(const InvocationSpace& space, const Schedule& s)
    : space_(space), schedule_(s), count_(space.dims.size()), index_(space.dims.size(), 0) {
  for (size_t d = 0; d < count_.size(); ++d) {
    count_[d] = (space.dims[d].extent + s.tile[d] - 1) / s.tile[d];
    if (!space.dims[d].reduction) outputTiles_ *= count_[d];
  }
  step_.tile.lo.resize(count_.size());
  step_.tile.len.resize(count_.size());
  step_.outputTile = -1;
  setStep();
}

void TileWalk::setStep() {
  bool firstRed = true, lastRed = true;
  for (size_t d = 0; d < count_.size(); ++d) {
    step_.tile.lo[d] = index_[d] * schedule_.tile[d];
    step_.tile.len[d] = std::min(schedule_.tile[d], space_.dims[d].extent - step_.tile.lo[d]);
    if (space_.dims[d].reduction) {
      firstRed = firstRed && index_[d] == 0;
      lastRed = lastRed && index_[d] == count_[d] - 1;
    }
  }
  if (firstRed) ++step_.outputTile;
  step_.firstReduction = firstRed;
  step_.lastReduction = lastRed;
}

bool TileWalk::next() {
  for (size_t k = count_.size(); k-- > 0;) {
    const auto d = static_cast<size_t>(schedule_.loopOrder[k]);
    if (++index_[d] < count_[d]) {
      setStep();
      return true;
    }
    index_[d] = 0;
  }
  return false;
}

}  // namespace inlay

// The tiler's cycle estimate and search (codegen/tiler.h).
#include "inlay/codegen/tiler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "inlay/codegen/dma.h"
#include "inlay/codegen/kernels.h"
#include "inlay/codegen/tiles.h"

namespace inlay {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Box elements and DMA rows of an operand for a tile with (possibly fractional) average extents.
struct BoxCost {
  double elements = 1, rows = 1;
};

BoxCost boxCost(const OperandKeys& keys, const std::vector<double>& len) {
  BoxCost c;
  std::vector<double> n(keys.coords.size());
  for (size_t m = 0; m < keys.coords.size(); ++m) {
    double span = 1;
    for (size_t d = 0; d < len.size(); ++d)
      span += std::abs(static_cast<double>(keys.coords[m].coeffs[d])) * (len[d] - 1);
    n[m] = std::min(span, static_cast<double>(keys.coords[m].extent));
    c.elements *= n[m];
  }
  // The contiguous DMA row: inner coordinates merged while they span their full extent (as appendDmaForBox does).
  double x = 1;
  for (size_t m = keys.coords.size(); m-- > 0;) {
    x *= n[m];
    if (n[m] < static_cast<double>(keys.coords[m].extent) || x > kDmaFieldMax) break;
  }
  c.rows = c.elements / std::min<double>(x, kDmaFieldMax);
  return c;
}

/// Π of tile counts of the loops from the outermost down to the innermost one `keys` depends on.
double loadsOf(const OperandKeys& keys, const Schedule& s, const std::vector<double>& counts) {
  size_t innermost = 0;
  bool any = false;
  for (size_t k = 0; k < s.loopOrder.size(); ++k)
    for (const KeyCoord& c : keys.coords)
      if (c.coeffs[static_cast<size_t>(s.loopOrder[k])] != 0 && counts[static_cast<size_t>(s.loopOrder[k])] > 1)
        innermost = k, any = true;
  if (!any) return 1;
  double loads = 1;
  for (size_t k = 0; k <= innermost; ++k) loads *= counts[static_cast<size_t>(s.loopOrder[k])];
  return loads;
}

/// Micro-ops of one tile's GEMM kernel: folding the two largest loopable dims, or the scratch-padded full unroll
/// when the tile writes too few ACC elements to avoid the write hazard.
int64_t kernelUops(const InvocationSpace& space, const Isa& isa, const std::vector<int64_t>& len, int64_t accElems) {
  int64_t total = 1, outputs = 1;
  std::vector<int64_t> foldable;
  for (size_t d = 0; d < len.size(); ++d) {
    total *= len[d];
    if (!space.dims[d].reduction) outputs *= len[d];
    if (len[d] > 1 && len[d] <= kLoopIterMax) foldable.push_back(len[d]);
  }
  if (accElems < isa.accDepDistance + 1) return total / outputs * (isa.accDepDistance + 1);
  std::sort(foldable.rbegin(), foldable.rend());
  for (size_t k = 0; k < std::min<size_t>(2, foldable.size()); ++k) total /= foldable[k];
  return total;
}

/// estimateCycles over `space` as laid out already (the caller applied s.laneBlocksOuter).
CycleEstimate estimateInLayout(const InvocationSpace& space, const Isa& isa, const Schedule& s, double uopShare) {
  CycleEstimate e;
  const IsaTiming& t = isa.timing;
  const size_t n = space.dims.size();
  // Fit: exact boxes of the full tile.
  const int64_t inpBox = keyBoxElements(space.inp, s.tile), wgtBox = keyBoxElements(space.wgt, s.tile);
  const int64_t accBox = keyBoxElements(space.out, s.tile);
  const int64_t kernel = kernelUops(space, isa, s.tile, accBox);
  e.fits = inpBox * s.inpCopies <= isa.inpDepth() && wgtBox * s.wgtCopies <= isa.wgtDepth() &&
           accBox * s.accCopies <= isa.accDepth() - isa.accDepDistance &&
           static_cast<double>(kernel) <= uopShare * static_cast<double>(isa.uopDepth());
  if (!e.fits) {
    e.total = kInfinity;
    return e;
  }
  std::vector<double> counts(n), avg(n);
  double steps = 1, outputTiles = 1;
  for (size_t d = 0; d < n; ++d) {
    counts[d] = std::ceil(static_cast<double>(space.dims[d].extent) / static_cast<double>(s.tile[d]));
    avg[d] = static_cast<double>(space.dims[d].extent) / counts[d];
    steps *= counts[d];
    if (!space.dims[d].reduction) outputTiles *= counts[d];
  }
  const double bus = isa.busBytes;
  // Compute module.
  const BoxCost acc = boxCost(space.out, avg);
  e.gemm = static_cast<double>(space.invocations()) * t.gemmCyclesPerUop + steps * t.gemmFill +
           outputTiles * (acc.elements + t.gemmFill);
  const double aluOps = 3;  // shift (when non-zero), min, max
  e.alu = outputTiles * aluOps * (acc.elements * t.aluImmCyclesPerUop + t.aluFill);
  const double combos = s.inpCopies * s.wgtCopies * s.accCopies;
  if (combos * static_cast<double>(kernel) > 0.9 * static_cast<double>(isa.uopDepth()))
    e.gemm += steps * (static_cast<double>(kernel) * 4 / bus + t.dmaRowLatency);
  // DMA.
  const std::array<const OperandKeys*, 2> operands{&space.inp, &space.wgt};
  const std::array<int64_t, 2> elemBytes{isa.inpElemBytes(), isa.wgtElemBytes()};
  const std::array<int, 2> copies{s.inpCopies, s.wgtCopies};
  double serial = 0, firstLoad = 0;
  for (size_t x = 0; x < 2; ++x) {
    const BoxCost box = boxCost(*operands[x], avg);
    const double perLoad = box.rows * t.dmaRowLatency + box.elements * static_cast<double>(elemBytes[x]) / bus;
    const double loads = s.reuseResidentOperands ? loadsOf(*operands[x], s, counts) : steps;
    e.loads += loads * perLoad;
    firstLoad += perLoad;
    if (copies[x] == 1 && loads > 1) serial += loads * perLoad;
  }
  const double perStore = acc.rows * t.dmaRowLatency + acc.elements * static_cast<double>(isa.outElemBytes()) / bus;
  e.stores = outputTiles * perStore;
  if (s.accCopies == 1) serial += e.stores;
  // Fetch: per step its loads and GEMM (+ LOAD UOPs), per output tile reset, ALU and stores.
  const double insns = steps * 4 + outputTiles * (5 + acc.rows);
  e.fetch = insns * t.fetchCyclesPerInsn;
  // The pipeline: compute starts after the first step's loads and ends with the last store; the DMA port runs from
  // the start and ends after the last step's compute (and its store, counted in e.stores). The longer stream sets
  // the pace. Fetch also counts additively: instruction issue is not perfectly hidden, and it breaks ties towards
  // fewer, larger steps (fewer instructions to generate and fetch).
  const double lastStep = (e.gemm + e.alu) / steps;
  e.total =
      std::max({firstLoad + e.gemm + e.alu + serial + perStore, e.loads + e.stores + lastStep, e.fetch}) + e.fetch;
  return e;
}

std::vector<int64_t> tileCandidates(int64_t extent) {
  std::set<int64_t> values;
  for (int64_t k = 1; k <= std::min<int64_t>(extent, 48); ++k) values.insert((extent + k - 1) / k);
  for (int64_t v = 1; v <= extent; v *= 2) values.insert(v);
  for (int64_t v = 1; v <= std::min<int64_t>(extent, 16); ++v) values.insert(v);
  return {values.begin(), values.end()};
}

double score(const InvocationSpace& space, const Isa& isa, const Schedule& s, const TilerOptions& o) {
  const CycleEstimate e = estimateInLayout(space, isa, s, o.uopBufferShare);
  return e.fits ? e.total : kInfinity;
}

/// Best-improvement coordinate descent over tile sizes and copies.
void descend(const InvocationSpace& space, const Isa& isa, Schedule& s, const TilerOptions& o,
             const std::vector<std::vector<int64_t>>& candidates) {
  double best = score(space, isa, s, o);
  for (int round = 0; round < 64; ++round) {
    Schedule bestMove = s;
    double bestScore = best;
    for (size_t d = 0; d < s.tile.size(); ++d)
      for (int64_t v : candidates[d]) {
        if (v == s.tile[d]) continue;
        Schedule trial = s;
        trial.tile[d] = v;
        const double sc = score(space, isa, trial, o);
        if (sc < bestScore) bestScore = sc, bestMove = trial;
      }
    // Trades: grow one dim while shrinking another (what single-dim moves cannot do at a capacity limit).
    for (size_t a = 0; a < s.tile.size(); ++a)
      for (size_t b = 0; b < s.tile.size(); ++b)
        for (int64_t f : {2, 4, 8}) {
          if (a == b || s.tile[a] >= space.dims[a].extent || s.tile[b] == 1) continue;
          Schedule trial = s;
          trial.tile[a] = std::min(space.dims[a].extent, s.tile[a] * f);
          trial.tile[b] = (s.tile[b] + f - 1) / f;
          const double sc = score(space, isa, trial, o);
          if (sc < bestScore) bestScore = sc, bestMove = trial;
        }
    for (int which = 0; which < 3; ++which) {
      Schedule trial = s;
      int& c = which == 0 ? trial.inpCopies : which == 1 ? trial.wgtCopies : trial.accCopies;
      c = 3 - c;
      const double sc = score(space, isa, trial, o);
      if (sc < bestScore) bestScore = sc, bestMove = trial;
    }
    if (!(bestScore < best)) break;
    best = bestScore;
    s = bestMove;
  }
}

/// Tries every order of the non-reduction loops with more than one tile (up to 6 of them), keeping the best.
void reorder(const InvocationSpace& space, const Isa& isa, Schedule& s, const TilerOptions& o) {
  std::vector<int> outer, fixedOuter, inner;
  for (int d : s.loopOrder) {
    const bool reduction = space.dims[static_cast<size_t>(d)].reduction;
    const bool several = s.tile[static_cast<size_t>(d)] < space.dims[static_cast<size_t>(d)].extent;
    (reduction ? inner : several ? outer : fixedOuter).push_back(d);
  }
  if (outer.size() > 6) return;
  std::sort(outer.begin(), outer.end());
  double best = score(space, isa, s, o);
  Schedule bestSchedule = s;
  do {
    Schedule trial = s;
    trial.loopOrder = fixedOuter;
    trial.loopOrder.insert(trial.loopOrder.end(), outer.begin(), outer.end());
    trial.loopOrder.insert(trial.loopOrder.end(), inner.begin(), inner.end());
    const double sc = score(space, isa, trial, o);
    if (sc < best) best = sc, bestSchedule = trial;
  } while (std::next_permutation(outer.begin(), outer.end()));
  s = bestSchedule;
}

/// Halves the largest tile until the schedule fits; false if it never does.
bool shrinkToFit(const InvocationSpace& space, const Isa& isa, Schedule& s, const TilerOptions& o) {
  while (!std::isfinite(score(space, isa, s, o))) {
    auto largest = std::max_element(s.tile.begin(), s.tile.end());
    if (*largest <= 1) return false;
    *largest = (*largest + 1) / 2;
  }
  return true;
}

/// The search of chooseSchedule over one DRAM layout of `space`.
Schedule searchSchedule(const InvocationSpace& space, const Isa& isa, const TilerOptions& options) {
  const size_t n = space.dims.size();
  std::vector<std::vector<int64_t>> candidates(n);
  for (size_t d = 0; d < n; ++d) candidates[d] = tileCandidates(space.dims[d].extent);
  Schedule base;
  base.tile.assign(n, 1);
  for (int pass = 0; pass < 2; ++pass)
    for (size_t d = 0; d < n; ++d)
      if (space.dims[d].reduction == (pass == 1)) base.loopOrder.push_back(static_cast<int>(d));
  // Starts (single-dim moves miss trades between dims, so descend from several corners, each shrunk to fit):
  // all ones; the whole reduction; the whole output with reduction tiles of one; whole lane blocks.
  std::vector<Schedule> starts{base};
  for (int corner = 0; corner < 3; ++corner) {
    Schedule start = base;
    for (size_t d = 0; d < n; ++d) {
      const bool reduction = space.dims[d].reduction, block = space.dims[d].lane >= 0;
      if ((corner == 0 && reduction) || (corner == 1 && !reduction) || (corner == 2 && block))
        start.tile[d] = space.dims[d].extent;
    }
    if (shrinkToFit(space, isa, start, options)) starts.push_back(start);
  }
  Schedule best = base;
  double bestScore = kInfinity;
  for (Schedule s : starts) {
    descend(space, isa, s, options, candidates);
    reorder(space, isa, s, options);
    descend(space, isa, s, options, candidates);
    const double sc = score(space, isa, s, options);
    if (sc < bestScore) bestScore = sc, best = s;
  }
  best.estimatedCycles = bestScore;
  return best;
}

}  // namespace

CycleEstimate estimateCycles(const InvocationSpace& space, const Isa& isa, const Schedule& s, double uopShare) {
  if (!s.laneBlocksOuter) return estimateInLayout(space, isa, s, uopShare);
  InvocationSpace blocksOuter = space;
  putLaneBlocksOuter(blocksOuter);
  return estimateInLayout(blocksOuter, isa, s, uopShare);
}

namespace {

/// The search in one layout. With the lane blocks outermost (NCHW16c-like) a chunk of whole reduction blocks over a
/// full spatial tile is one contiguous DMA row instead of a row per pixel: cheaper loads for channel-chunked plans
/// (1×1 convs, GEMMs).
Schedule searchLayout(const InvocationSpace& space, const Isa& isa, const TilerOptions& options, bool blocksOuter) {
  if (!blocksOuter) return searchSchedule(space, isa, options);
  InvocationSpace laidOut = space;
  putLaneBlocksOuter(laidOut);
  Schedule s = searchSchedule(laidOut, isa, options);
  s.laneBlocksOuter = true;
  return s;
}

}  // namespace

std::array<Schedule, 2> chooseSchedulePerLayout(const InvocationSpace& space, const Isa& isa,
                                                const TilerOptions& options) {
  Schedule inner = searchLayout(space, isa, options, false), outer = searchLayout(space, isa, options, true);
  if (outer.estimatedCycles < inner.estimatedCycles) return {outer, inner};
  return {inner, outer};
}

Schedule chooseSchedule(const InvocationSpace& space, const Isa& isa, const TilerOptions& options) {
  if (options.laneBlocksOuter) return searchLayout(space, isa, options, *options.laneBlocksOuter);
  return chooseSchedulePerLayout(space, isa, options)[0];
}

}  // namespace inlay

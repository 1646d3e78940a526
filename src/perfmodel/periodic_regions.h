// The repeating structure of an instruction stream, as the fast performance model sees it: stretches where the stream
// repeats with a fixed period up to timing-equivalence (same module, token flags and costs; addresses may differ),
// as generated programs do with their tile steps. The model extrapolates across these (docs/design.md §6.6).
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/perfmodel/timed_stream.h"

namespace inlay {

/// Instructions [begin, begin + period·repeats) in `repeats` bodies of `period` instructions, each body
/// timing-equal to the first.
struct PeriodicRegion {
  int64_t begin = 0;
  int64_t period = 0;
  int64_t repeats = 0;
  int64_t end() const { return begin + period * repeats; }
  bool operator==(const PeriodicRegion&) const = default;
};

struct RegionSearch {
  int64_t window = 1024;      // instructions compared one by one from where a search starts (or minRepeats periods)
  int64_t maxPeriod = 4096;   // longest period looked for
  int64_t minRepeats = 3;     // fewer repeats are not worth a region
  int64_t maxCandidates = 8;  // periods tried at one position (the distances to the next equal instructions)
  int64_t maxSkip = 64;       // after a position without a region, the next tried is 1, 2, 4, … up to this further
  int64_t maxStridedChecks = 4096;  // comparisons of the pass over a region beyond the window
  int64_t checkRun = 256;           // consecutive instructions compared at each place of that pass (at least a period)
};

/// Disjoint regions in stream order, found greedily. At each position the candidate periods are the distances to the
/// next instructions equal to the one there, shortest first, and for each whose run breaks within the window, the
/// distance from the breaking instruction to its next equal one (the period of an enclosing loop; up to three levels
/// out); each is compared instruction by instruction within the window (or minRepeats periods). A run that fills the
/// window is followed further by comparing whole bodies with the first, at doubling distances and then by bisection,
/// and by a pass over the rest comparing evenly spread runs of checkRun instructions (maxStridedChecks comparisons in
/// all): beyond the window a region is sampled, not proven, and what lies between the compared runs is taken to repeat
/// as they do. Of the candidates, the one covering most instructions wins (ties: the shorter period; no further
/// candidates once one covers 8/9 of what is left); the search resumes after it. Where none repeats minRepeats times,
/// it resumes 1, 2, 4, … (up to maxSkip) instructions further, so a region may start a little after the stream begins
/// to repeat.
std::vector<PeriodicRegion> findPeriodicRegions(const TimedStream& insns, const RegionSearch& search = {});

}  // namespace inlay

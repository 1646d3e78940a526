// The repeating structure of an instruction stream, as the fast performance model sees it: maximal stretches where the
// stream repeats with a fixed period up to timing-equivalence (same module, token flags and costs; addresses may
// differ), as generated programs do with their tile steps. The model extrapolates across these (docs/design.md §7).
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/perfmodel/timed_pipeline.h"

namespace inlay {

/// Instructions [begin, begin + period·repeats): insns[i] == insns[i + period] wherever both lie inside.
struct PeriodicRegion {
  int64_t begin = 0;
  int64_t period = 0;
  int64_t repeats = 0;
  int64_t end() const { return begin + period * repeats; }
  bool operator==(const PeriodicRegion&) const = default;
};

struct RegionSearch {
  int64_t maxPeriod = 4096;     // longest period looked for, in instructions
  int64_t minRepeats = 3;       // fewer repeats are not worth a region
  int64_t maxCandidates = 8;    // periods tried at one position (the distances to the next equal instructions)
};

/// Disjoint regions in stream order, found greedily: at each position, of the candidate periods (distances to the
/// next instructions equal to the one there, shortest first) the one whose run covers most instructions, ties to the
/// shorter period; the search resumes after it. Linear in the stream for periodic programs (each candidate's run is
/// compared once); at most maxPeriod·maxCandidates comparisons per position outside regions.
std::vector<PeriodicRegion> findPeriodicRegions(const std::vector<TimedInsn>& insns, const RegionSearch& search = {});

}  // namespace inlay

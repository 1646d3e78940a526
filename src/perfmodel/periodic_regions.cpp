// The greedy search for periodic regions (perfmodel/periodic_regions.h).
#include "inlay/perfmodel/periodic_regions.h"

#include <algorithm>

namespace inlay {

namespace {

/// How many instructions from `begin` on equal the one `period` later (the run of the period at begin).
int64_t runLength(const std::vector<TimedInsn>& insns, int64_t begin, int64_t period) {
  const auto n = static_cast<int64_t>(insns.size());
  int64_t k = begin;
  while (k + period < n && insns[static_cast<size_t>(k)] == insns[static_cast<size_t>(k + period)]) ++k;
  return k - begin;
}

}  // namespace

std::vector<PeriodicRegion> findPeriodicRegions(const std::vector<TimedInsn>& insns, const RegionSearch& search) {
  std::vector<PeriodicRegion> regions;
  const auto n = static_cast<int64_t>(insns.size());
  int64_t s = 0;
  while (s < n) {
    PeriodicRegion best;
    int64_t tried = 0;
    const int64_t last = std::min(n - 1, s + search.maxPeriod);
    for (int64_t j = s + 1; j <= last && tried < search.maxCandidates; ++j) {
      if (!(insns[static_cast<size_t>(j)] == insns[static_cast<size_t>(s)])) continue;
      const int64_t period = j - s;
      if (s + period * search.minRepeats > n) break;
      ++tried;
      const int64_t run = runLength(insns, s, period);
      const int64_t repeats = run / period + 1;
      if (repeats >= search.minRepeats && period * repeats > best.period * best.repeats)
        best = PeriodicRegion{s, period, repeats};
      if (best.repeats > 0 && best.end() + best.period > n) break;  // covers the stream: nothing longer can win
    }
    if (best.repeats > 0) {
      regions.push_back(best);
      s = best.end();
    } else {
      ++s;
    }
  }
  return regions;
}

}  // namespace inlay

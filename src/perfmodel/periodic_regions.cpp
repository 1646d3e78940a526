// The greedy search for periodic regions (perfmodel/periodic_regions.h).
#include "inlay/perfmodel/periodic_regions.h"

#include <algorithm>

namespace inlay {

namespace {

class Search {
public:
  Search(const TimedStream& insns, const RegionSearch& options) : insns_(insns), options_(options), n_(insns.size()) {}

  std::vector<PeriodicRegion> run() {
    std::vector<PeriodicRegion> regions;
    int64_t s = 0, skip = 1;
    while (s < n_) {
      const PeriodicRegion best = bestAt(s);
      if (best.repeats > 0) {
        regions.push_back(best);
        s = best.end();
        skip = 1;
      } else {
        // Through a stretch that does not repeat, the search steps faster and faster: a region it starts a little
        // late into is found all the same (from a later phase), and the model simulates what no region covers.
        s += skip;
        skip = std::min(skip * 2, options_.maxSkip);
      }
    }
    return regions;
  }

private:
  /// Whether body k of the period at s equals body 0, instruction by instruction.
  bool bodyRepeats(int64_t s, int64_t period, int64_t k) {
    const int64_t at = s + k * period;
    for (int64_t i = 0; i < period; ++i)
      if (!insns_.sameTiming(s + i, at + i)) return false;
    return true;
  }

  /// How many bodies of the period at s repeat the first: compared one by one within the window, sampled beyond it.
  /// `breakAt`: where the run stopped inside the window (the first instruction unlike the one a period before), or -1.
  int64_t repeatsAt(int64_t s, int64_t period, int64_t& breakAt) {
    const int64_t limit = std::min(n_, s + std::max(options_.window, period * options_.minRepeats));
    int64_t k = s;
    while (k + period < limit && insns_.sameTiming(k, k + period)) ++k;
    int64_t good = (k - s) / period + 1;  // bodies 0 .. good-1 repeat
    breakAt = k + period < limit ? k + period : -1;
    if (breakAt >= 0) return good;  // the run stopped inside the window
    const int64_t bodies = (n_ - s) / period;
    if (good >= bodies) return bodies;
    // Beyond the window: doubling, then bisection between the last body found equal and the first found different.
    int64_t bad = bodies;
    for (int64_t probe = good * 2; probe < bodies; probe *= 2) {
      if (!bodyRepeats(s, period, probe)) {
        bad = probe;
        break;
      }
      good = probe + 1;
    }
    while (good < bad) {
      const int64_t mid = good + (bad - good) / 2;
      if (bodyRepeats(s, period, mid))
        good = mid + 1;
      else
        bad = mid;
    }
    // Bisection assumes that once bodies differ they keep differing; an outer loop longer than the window breaks the
    // period now and then (often in one instruction) and repeats it again after. A pass over what the bodies skipped
    // compares runs of `chunk` consecutive instructions, evenly spread, maxStridedChecks in all: the region ends
    // before the first break it finds.
    const int64_t from = s + period * ((limit - s) / period), to = s + good * period;
    const int64_t chunk = std::max<int64_t>(period, options_.checkRun);
    const int64_t chunks = std::max<int64_t>(1, options_.maxStridedChecks / chunk);
    const int64_t spacing = std::max(chunk, (to - from) / chunks);
    for (int64_t base = from; base + period < to; base += spacing)
      for (int64_t i = base; i < base + chunk && i + period < to; ++i)
        if (!insns_.sameTiming(i, i + period)) return std::max<int64_t>(1, (i - s) / period);
    return good;
  }

  PeriodicRegion bestAt(int64_t s) {
    PeriodicRegion best;
    std::vector<int64_t> tried;
    int64_t breakAt = -1;
    // Evaluates one period; true when the search can stop (the best covers nearly all that is left: a longer period
    // could add little).
    auto evaluate = [&](int64_t period) {
      breakAt = -1;  // unless the run below sets it: a period not evaluated again has no outer loops to follow again
      if (std::find(tried.begin(), tried.end(), period) != tried.end()) return false;
      // A multiple of a period that repeats here beyond the window repeats at least as far, and rarely further: its
      // comparisons (a window and a sampled pass each) would be spent for nothing.
      if (best.repeats > 0 && best.period * best.repeats > options_.window && period % best.period == 0) return false;
      tried.push_back(period);
      const int64_t repeats = repeatsAt(s, period, breakAt);
      if (repeats >= options_.minRepeats && period * repeats > best.period * best.repeats)
        best = PeriodicRegion{s, period, repeats};
      return best.repeats > 0 && (n_ - best.end()) * 8 < best.end() - s;
    };
    // An inner loop's period breaks where the outer loop's body goes on with other instructions: the distance from
    // that instruction to its next equal one is the outer period, when it is the only such instruction per body.
    auto outerPeriod = [&](int64_t at) {
      const int64_t last = std::min(n_ - 1, at + options_.maxPeriod);
      for (int64_t j = at + 1; j <= last; ++j)
        if (insns_.sameTiming(j, at)) return j - at;
      return int64_t{0};
    };
    const int64_t last = std::min(n_ - 1, s + options_.maxPeriod);
    int64_t candidates = 0;
    for (int64_t j = s + 1; j <= last && candidates < options_.maxCandidates; ++j) {
      if (!insns_.sameTiming(j, s)) continue;
      const int64_t period = j - s;
      if (s + period * options_.minRepeats > n_) break;
      ++candidates;
      if (evaluate(period)) break;
      for (int depth = 0; breakAt >= 0 && depth < 3; ++depth) {  // the loops around it, innermost first
        const int64_t outer = outerPeriod(breakAt);
        if (outer <= period || s + outer * options_.minRepeats > n_) break;
        if (evaluate(outer)) return best;
      }
    }
    return best;
  }

  const TimedStream& insns_;
  const RegionSearch& options_;
  const int64_t n_;
};

}  // namespace

std::vector<PeriodicRegion> findPeriodicRegions(const TimedStream& insns, const RegionSearch& search) {
  return Search(insns, search).run();
}

}  // namespace inlay

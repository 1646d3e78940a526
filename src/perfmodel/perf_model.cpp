// The fast performance model's driver (perfmodel/perf_model.h): the pipeline run with steady-state extrapolation at
// the period boundaries of each periodic region.
#include "inlay/perfmodel/perf_model.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>

#include "inlay/perfmodel/timed_pipeline.h"

namespace inlay {

namespace {

PipelineCounts operator-(const PipelineCounts& a, const PipelineCounts& b) {
  PipelineCounts d;
  d.fetched = a.fetched - b.fetched;
  d.instructions = a.instructions - b.instructions;
  for (size_t m = 0; m < a.moduleFetched.size(); ++m) {
    d.moduleFetched[m] = a.moduleFetched[m] - b.moduleFetched[m];
    d.moduleStarted[m] = a.moduleStarted[m] - b.moduleStarted[m];
    d.busyCycles[m] = a.busyCycles[m] - b.busyCycles[m];
  }
  for (size_t q = 0; q < a.pushed.size(); ++q) {
    d.pushed[q] = a.pushed[q] - b.pushed[q];
    d.popped[q] = a.popped[q] - b.popped[q];
  }
  return d;
}

/// Watches the starts of region boundaries, captures the pipeline there and, when a capture equals an earlier one of
/// the same region, advances the pipeline by as many of those periods as the region still holds.
///
/// Why that is exact: the pipeline is deterministic and its rules only add costs to times and take maxima, so from
/// two equal relative states it runs identically, shifted by the time between them, for as long as the instructions
/// it meets are timing-equal. Between the two captures it met instructions [oldest, fetched] of the earlier one's
/// `oldestInsn` and the later one's `fetched` (fetch looks at the next instruction); each further period meets the
/// same ones shifted by the period, which the region guarantees while they stay inside it.
class Extrapolator {
public:
  Extrapolator(const std::vector<PeriodicRegion>& regions, const PerfModelOptions& options)
      : regions_(regions), options_(options) {}

  /// Called before `s` starts; true when it advanced the pipeline (then `s` is stale).
  bool beforeStart(TimedPipeline& pipe, const NextStart& s) {
    // A module starts its instructions in stream order: below its next boundary, nothing to do (the common case, at
    // the cost of a comparison per instruction; the division finding the boundary runs about once per period).
    const auto m = static_cast<size_t>(s.module);
    if (s.insn < nextBoundary_[m]) return false;
    size_t& c = cursor_[m];
    while (c < regions_.size() && regions_[c].end() <= s.insn) ++c;
    if (c == regions_.size()) {
      nextBoundary_[m] = INT64_MAX;
      return false;
    }
    const PeriodicRegion& region = regions_[c];
    if (s.insn < region.begin) {
      nextBoundary_[m] = region.begin;
      return false;
    }
    const int64_t offset = s.insn - region.begin, past = offset % region.period;
    nextBoundary_[m] = s.insn - past + region.period;  // at most the region's end
    if (past != 0) return false;
    if (historyRegion_ != c) {
      history_.clear();
      historyRegion_ = c;
      unmatched_ = 0;
    }
    // Captures are spaced by captureSpacing instructions, and twice as far after every captureHistory·2 that found no
    // steady state, so a region that never settles costs little more than stepping (where summaries recur without a
    // steady state, each capture costs a fingerprint, about the queues' depths).
    const int64_t spacing = options_.captureSpacing
                            << std::min<int64_t>(unmatched_ / (2 * options_.captureHistory), 24);
    const int64_t stride = std::max<int64_t>(1, (spacing + region.period - 1) / region.period);
    if ((offset / region.period) % stride != 0) return false;
    PipelineCapture now = pipe.capture(s);
    // A fingerprint hashes a few numbers per instruction in flight, stepping an instruction costs about ten times more:
    // where captures are that far apart, one is worth taking at once (a steady state is then confirmed one capture
    // sooner); otherwise only where the summary recurs.
    if (4 * region.period * stride >= now.counts.fetched - now.oldestInsn) pipe.fingerprint(now, s);
    for (auto earlier = history_.rbegin(); earlier != history_.rend(); ++earlier) {
      if (earlier->summary != now.summary || earlier->oldestInsn < region.begin) continue;
      // Fingerprinted only where the summary recurs; the next recurrence then compares whole states.
      if (now.values == 0) pipe.fingerprint(now, s);
      if (earlier->values == 0 || earlier->fingerprint != now.fingerprint || earlier->values != now.values) continue;
      const PipelineCounts delta = now.counts - earlier->counts;
      const int64_t periods = (region.end() - 1 - now.counts.fetched) / delta.fetched;
      if (periods < 1) break;
      pipe.advance(delta, now.time - earlier->time, periods);
      ++extrapolations_;
      history_.clear();
      return true;
    }
    ++unmatched_;
    history_.push_back(std::move(now));
    if (static_cast<int64_t>(history_.size()) > options_.captureHistory) history_.pop_front();
    return false;
  }

  int64_t extrapolations() const { return extrapolations_; }

private:
  const std::vector<PeriodicRegion>& regions_;
  const PerfModelOptions& options_;
  std::array<size_t, kModules> cursor_{};         // per module, the first region not ended before its last start
  std::array<int64_t, kModules> nextBoundary_{};  // per module, no region boundary below this instruction
  size_t historyRegion_ = SIZE_MAX;
  std::deque<PipelineCapture> history_;
  int64_t unmatched_ = 0;  // captures in this region that matched none before them
  int64_t extrapolations_ = 0;
};

}  // namespace

PerfPrediction predictCycles(const Program& program, const PerfModelOptions& options) {
  const TimedStream insns(program);
  const std::vector<PeriodicRegion> regions =
      options.extrapolate ? findPeriodicRegions(insns, options.regions) : std::vector<PeriodicRegion>{};
  PerfPrediction p;
  p.regions = static_cast<int64_t>(regions.size());
  TimedPipeline pipe(program.isa, insns);
  Extrapolator extrapolator(regions, options);
  while (const std::optional<NextStart> s = pipe.next()) {
    const int illegal = s->illegalFlag;
    if (illegal >= 0) {
      static const char* const flags[4] = {"pop_prev", "pop_next", "push_prev", "push_next"};
      static const char* const modules[kModules] = {"load", "compute", "store"};
      p.fault = SimFault{SimFault::Kind::BadInstruction, s->insn, s->at,
                         "insn " + std::to_string(s->insn) + " at cycle " + std::to_string(s->at) + ": " +
                             flags[illegal] + " is not legal for a " + modules[s->module] + "-module instruction"};
      break;
    }
    if (extrapolator.beforeStart(pipe, *s)) continue;
    pipe.start(*s);
    ++p.steppedInstructions;
  }
  if (!p.fault && !pipe.finished())
    p.fault = SimFault{SimFault::Kind::Deadlock, -1, pipe.cycles(),
                       "deadlock at cycle " + std::to_string(pipe.cycles()) + ": no module can progress"};
  p.cycles = pipe.cycles();
  p.busyCycles = pipe.counts().busyCycles;
  p.instructions = pipe.counts().instructions;
  p.extrapolations = extrapolator.extrapolations();
  return p;
}

}  // namespace inlay

// The simulator's timed module pipeline (docs/design.md §6.2, sim/scheduler.h) as a timing-only state machine for the
// fast performance model: fetch into bounded module queues, in-order modules, four bounded token queues, one DRAM
// port, with the instruction costs and routes of sim/insn_timing.h. Unlike the simulator's scheduler, its state can be
// captured relative to a time origin (to recognise a steady state) and advanced by whole periods (to extrapolate).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "inlay/isa/isa.h"
#include "inlay/perfmodel/timed_stream.h"
#include "inlay/sim/insn_timing.h"

namespace inlay {

/// Counters that grow as the pipeline runs; a steady-state period advances each by a fixed amount.
struct PipelineCounts {
  int64_t fetched = 0;  // instructions fetched (program order)
  std::array<int64_t, kModules> moduleFetched{}, moduleStarted{};
  std::array<int64_t, kTokenQueues> pushed{}, popped{};
  std::array<int64_t, kModules> busyCycles{};
  int64_t instructions = 0;  // started
};

/// The pipeline's state at a chosen instant, with every time relative to `time` and every counter left out (they are
/// in `counts`), as a 128-bit fingerprint of that relative state (two independent 64-bit hashes: equal fingerprints
/// of different states are as likely as guessing 128 random bits). Two captures of equal relative state evolve
/// identically, shifted in time, while the instructions they meet have the same timing. Times that can no longer
/// affect the schedule are clamped to a floor first (the capture's time, or for the start times fetch reads, the fetch
/// clock: timed_pipeline.cpp says why). The fingerprint hashes every queued instruction and ring time
/// (thousands of numbers under deep queues), so a capture first takes only a summary of a few dozen of them; only
/// captures whose summaries recur are worth fingerprinting.
struct PipelineCapture {
  std::array<uint64_t, 2> summary{};      // scalars, fills, the queues' ends and middles, the latest ring times
  std::array<uint64_t, 2> fingerprint{};  // of the whole relative state, once fingerprint() has run
  int64_t values = 0;                     // how many numbers the fingerprint covers; 0: not fingerprinted
  int64_t time = 0;
  PipelineCounts counts;
  int64_t oldestInsn = 0;  // the earliest instruction the pipeline still has to start
};

/// The next instruction the timed schedule starts: the one with the earliest possible start (ties: load, compute,
/// store order).
struct NextStart {
  int module = 0;
  int64_t insn = 0;
  int64_t at = 0;
  int illegalFlag = -1;  // its route's (InsnRoute::illegalFlag)
};

class TimedPipeline {
public:
  /// Runs `insns` (kept by reference) under `isa`'s queue depths and fetch cost.
  TimedPipeline(const Isa& isa, const TimedStream& insns);

  /// Fetches and pushes what it can, then returns the next start; none when no module can start (the program has
  /// finished, or deadlocked: see finished()).
  std::optional<NextStart> next();
  /// Starts `s` (from next(), with no state change in between).
  void start(const NextStart& s);
  bool finished() const;

  /// The state just before starting `s`, relative to its start time and instruction index: its summary (cost
  /// independent of the queues' depths).
  PipelineCapture capture(const NextStart& s) const;
  /// Completes `c`, captured for `s` with no state change since, with the fingerprint.
  void fingerprint(PipelineCapture& c, const NextStart& s) const;
  /// Moves the state forward by `periods` repetitions of a steady-state period that advanced the counters by
  /// `delta` and time by `cycles`: the state the pipeline would reach by running them, when the captures at both ends
  /// of the period were equal and the instructions ahead repeat with the period.
  void advance(const PipelineCounts& delta, int64_t cycles, int64_t periods);

  int64_t cycles() const { return lastEnd_; }
  const PipelineCounts& counts() const { return counts_; }

private:
  struct QueueEntry {
    int64_t insn = 0;
    int64_t arrival = 0;
    TimedInsn timed;
  };
  struct ModuleState {
    std::vector<QueueEntry> queue;  // a ring (indexed & insnMask_): the fetched instructions not yet started
    int64_t head = 0, count = 0;
    const QueueEntry& front() const { return queue[static_cast<size_t>(head)]; }
    std::unique_ptr<int64_t[]> startRing;  // start times of the last started instructions, indexed started & insnMask_
    int64_t freeAt = 0;
    uint8_t pendingPushes = 0;
    int64_t pushFrom = 0;
  };
  struct TokenQueue {
    std::unique_ptr<int64_t[]> pushTime, popTime;  // rings indexed by token number & tokenMask_
  };

  void advanceFetch();
  void tryPushes(int module);
  bool canStart(int module, int64_t& at) const;

  const TimedStream& insns_;
  /// A counter's place in a ring of mask + 1 (a power of two at least the depth) entries: a mask, not a division,
  /// as the pipeline indexes rings several times per instruction.
  static size_t slot(int64_t counter, int64_t mask) { return static_cast<size_t>(counter & mask); }

  const int64_t insnDepth_, tokenDepth_, fetchCycles_;
  const int64_t insnMask_, tokenMask_;  // ring sizes - 1
  std::array<ModuleState, kModules> modules_;
  std::array<TokenQueue, kTokenQueues> tokens_;
  PipelineCounts counts_;
  int64_t fetchClock_ = 0, portFree_ = 0, lastEnd_ = 0;
  std::optional<TimedInsn> nextInsn_;  // instruction counts_.fetched, decoded while its queue is full
};

}  // namespace inlay

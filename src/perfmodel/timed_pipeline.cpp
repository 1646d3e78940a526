// The timing-only module pipeline of the fast performance model (perfmodel/timed_pipeline.h). next() and start() follow
// sim/scheduler.cpp's timed driver step for step; capture() and advance() are what the model adds.
#include "inlay/perfmodel/timed_pipeline.h"

#include <algorithm>
#include <bit>
#include <memory>

namespace inlay {

namespace {

/// Two 64-bit hashes of a sequence of numbers (multiply-rotate mixing with different constants).
struct StateHash {
  std::array<uint64_t, 2> h{0x243F6A8885A308D3ull, 0x13198A2E03707344ull};
  int64_t count = 0;
  void push_back(int64_t v) {
    const auto x = static_cast<uint64_t>(v);
    h[0] = std::rotl((h[0] ^ x) * 0x9E3779B97F4A7C15ull, 29);
    h[1] = std::rotl((h[1] + x) * 0xC2B2AE3D27D4EB4Full, 31) ^ (h[1] >> 17);
    ++count;
  }
};

}  // namespace

TimedPipeline::TimedPipeline(const Isa& isa, const TimedStream& insns)
    : insns_(insns),
      insnDepth_(std::max<int64_t>(1, isa.timing.insnQueueDepth)),
      tokenDepth_(std::max<int64_t>(1, isa.timing.tokenQueueDepth)),
      fetchCycles_(isa.timing.fetchCyclesPerInsn),
      insnMask_(static_cast<int64_t>(std::bit_ceil(static_cast<uint64_t>(insnDepth_))) - 1),
      tokenMask_(static_cast<int64_t>(std::bit_ceil(static_cast<uint64_t>(tokenDepth_))) - 1) {
  for (ModuleState& m : modules_) {
    // Uninitialised: every ring slot is written before it is read (the readers below check the counters), and
    // zeroing deep rings would cost as much as stepping a hundred instructions.
    m.startRing = std::make_unique_for_overwrite<int64_t[]>(static_cast<size_t>(insnMask_ + 1));
    m.queue.resize(static_cast<size_t>(insnMask_ + 1));
  }
  for (TokenQueue& tq : tokens_) {
    tq.pushTime = std::make_unique_for_overwrite<int64_t[]>(static_cast<size_t>(tokenMask_ + 1));
    tq.popTime = std::make_unique_for_overwrite<int64_t[]>(static_cast<size_t>(tokenMask_ + 1));
  }
}

bool TimedPipeline::finished() const {
  return counts_.fetched == insns_.size() && std::all_of(modules_.begin(), modules_.end(), [](const ModuleState& m) {
           return m.count == 0 && m.pendingPushes == 0;
         });
}

void TimedPipeline::advanceFetch() {
  while (counts_.fetched < insns_.size()) {
    if (!nextInsn_) nextInsn_ = insns_[counts_.fetched];
    const auto mi = static_cast<size_t>(nextInsn_->route.module);
    ModuleState& m = modules_[mi];
    const int64_t fetched = counts_.moduleFetched[mi];
    if (fetched - counts_.moduleStarted[mi] >= insnDepth_) return;  // full until the head starts
    const int64_t slotFree = fetched >= insnDepth_ ? m.startRing[slot(fetched - insnDepth_, insnMask_)] : 0;
    fetchClock_ = std::max(fetchClock_, slotFree) + fetchCycles_;
    m.queue[slot(m.head + m.count, insnMask_)] = {counts_.fetched, fetchClock_, *nextInsn_};
    ++m.count;
    nextInsn_.reset();
    ++counts_.moduleFetched[mi];
    ++counts_.fetched;
  }
}

void TimedPipeline::tryPushes(int module) {
  ModuleState& m = modules_[static_cast<size_t>(module)];
  for (unsigned bits = m.pendingPushes; bits; bits &= bits - 1) {  // the queues it pushes to, lowest first
    const int q = std::countr_zero(bits);
    const auto qi = static_cast<size_t>(q);
    TokenQueue& tq = tokens_[qi];
    const int64_t pushed = counts_.pushed[qi];
    if (pushed - counts_.popped[qi] >= tokenDepth_) continue;
    // The slot frees when token pushed - depth is popped.
    const int64_t slotFree = pushed >= tokenDepth_ ? tq.popTime[slot(pushed - tokenDepth_, tokenMask_)] : 0;
    const int64_t t = std::max(m.pushFrom, slotFree);
    tq.pushTime[slot(pushed, tokenMask_)] = t;
    ++counts_.pushed[qi];
    m.pendingPushes = static_cast<uint8_t>(m.pendingPushes & ~(1u << q));
    m.freeAt = std::max(m.freeAt, t);
    lastEnd_ = std::max(lastEnd_, t);
  }
}

bool TimedPipeline::canStart(int module, int64_t& at) const {
  const ModuleState& m = modules_[static_cast<size_t>(module)];
  if (m.pendingPushes || m.count == 0) return false;
  const QueueEntry& head = m.front();
  int64_t t = std::max(m.freeAt, head.arrival);
  for (unsigned bits = head.timed.route.pops; bits; bits &= bits - 1) {
    const auto qi = static_cast<size_t>(std::countr_zero(bits));
    if (counts_.pushed[qi] <= counts_.popped[qi]) return false;
    t = std::max(t, tokens_[qi].pushTime[slot(counts_.popped[qi], tokenMask_)]);
  }
  at = t;
  return true;
}

std::optional<NextStart> TimedPipeline::next() {
  advanceFetch();
  for (int m = 0; m < kModules; ++m)
    if (modules_[static_cast<size_t>(m)].pendingPushes) tryPushes(m);
  std::optional<NextStart> chosen;
  for (int m = 0; m < kModules; ++m) {
    int64_t t = 0;
    if (canStart(m, t) && (!chosen || t < chosen->at)) {
      const QueueEntry& head = modules_[static_cast<size_t>(m)].front();
      chosen = NextStart{m, head.insn, t, head.timed.route.illegalFlag};
    }
  }
  return chosen;
}

void TimedPipeline::start(const NextStart& s) {
  const auto mi = static_cast<size_t>(s.module);
  ModuleState& m = modules_[mi];
  const TimedInsn timed = m.front().timed;
  const InsnRoute& route = timed.route;
  for (unsigned bits = route.pops; bits; bits &= bits - 1) {
    const auto qi = static_cast<size_t>(std::countr_zero(bits));
    tokens_[qi].popTime[slot(counts_.popped[qi], tokenMask_)] = s.at;
    ++counts_.popped[qi];
  }
  const InsnCost& cost = timed.cost;
  int64_t begin = s.at;
  if (cost.portCycles > 0) {  // one DRAM port: DMAs of different modules serialise on it
    begin = std::max(s.at, portFree_);
    portFree_ = begin + cost.portCycles;
  }
  const int64_t end = begin + cost.portCycles + cost.localCycles;
  counts_.busyCycles[mi] += cost.portCycles + cost.localCycles;
  ++counts_.instructions;
  m.startRing[slot(counts_.moduleStarted[mi], insnMask_)] = s.at;
  ++counts_.moduleStarted[mi];
  m.head = (m.head + 1) & insnMask_;
  --m.count;
  m.freeAt = end;
  lastEnd_ = std::max(lastEnd_, end);
  m.pendingPushes = route.pushes;
  m.pushFrom = end;
  tryPushes(s.module);
}

// Why most stored times can be clamped. Captures are taken just before a start at time `at`, the earliest any module
// can start (next() takes the minimum): every later start is at or after it (a start only delays its module, and the
// tokens it pushes and the instructions fetch delivers come later still). The queued arrivals, the modules' free
// times, the port's, the pushes' and pops' times and the last end enter the schedule only through maxima with such a
// start (or with a push that waits for a later pop), so any of them at or below `at` acts as `at`. The start times
// fetch reads enter only through a maximum with the fetch clock, which never goes back: any at or below it acts as
// it. With both floors, a capture holds little of the pipeline's past, and a steady state shows as soon as the
// queues' contents repeat, not only after every time fetch delivered in its first burst has drained.

PipelineCapture TimedPipeline::capture(const NextStart& s) const {
  PipelineCapture c;
  c.time = s.at;
  c.counts = counts_;
  c.oldestInsn = counts_.fetched;
  StateHash r;
  auto clamped = [&](int64_t t) { return std::max(t, s.at) - s.at; };
  r.push_back(fetchClock_ - s.at);
  r.push_back(clamped(portFree_));
  r.push_back(clamped(lastEnd_));
  r.push_back(counts_.fetched - s.insn);
  for (size_t mi = 0; mi < modules_.size(); ++mi) {
    const ModuleState& m = modules_[mi];
    r.push_back(m.count);
    if (m.count > 0) {
      r.push_back(m.front().insn - s.insn);
      r.push_back(clamped(m.queue[slot(m.head + m.count - 1, insnMask_)].arrival));
      c.oldestInsn = std::min(c.oldestInsn, m.front().insn);  // a queue holds its instructions in stream order
    }
    r.push_back(clamped(m.freeAt));
    r.push_back(m.pendingPushes);
    r.push_back(m.pendingPushes ? clamped(m.pushFrom) : 0);
    if (m.count > 2) r.push_back(clamped(m.queue[slot(m.head + m.count / 2, insnMask_)].arrival));
    const int64_t started = counts_.moduleStarted[mi];
    r.push_back(started > 0 ? std::max(m.startRing[slot(started - 1, insnMask_)], fetchClock_) - s.at : 0);
  }
  for (size_t qi = 0; qi < tokens_.size(); ++qi) {  // the latest push and pop: rings still filling differ there
    const TokenQueue& tq = tokens_[qi];
    const int64_t pushed = counts_.pushed[qi], popped = counts_.popped[qi];
    r.push_back(pushed - popped);
    r.push_back(pushed > 0 ? clamped(tq.pushTime[slot(pushed - 1, tokenMask_)]) : 0);
    r.push_back(popped > 0 ? clamped(tq.popTime[slot(popped - 1, tokenMask_)]) : 0);
  }
  c.summary = r.h;
  return c;
}

void TimedPipeline::fingerprint(PipelineCapture& c, const NextStart& s) const {
  StateHash r;
  auto clamped = [&](int64_t t) { return std::max(t, s.at) - s.at; };
  // The times a ring holds for counters [from, to), read later in counter order: the leading ones at or below the
  // floor (and counters below 0, which read as 0) act alike, so only the count of the others and their values matter.
  // Each ring's times grow with the counter (a module starts, pops and pushes in order, each no earlier than the
  // last), so the first time above the floor is found by bisection.
  auto recent = [&](const std::unique_ptr<int64_t[]>& ring, int64_t from, int64_t to, int64_t mask, int64_t floor) {
    int64_t lo = std::max<int64_t>(from, 0), hi = to;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (ring[slot(mid, mask)] <= floor)
        lo = mid + 1;
      else
        hi = mid;
    }
    r.push_back(to - lo);
    for (int64_t j = lo; j < to; ++j) r.push_back(ring[slot(j, mask)] - s.at);
  };
  r.push_back(fetchClock_ - s.at);
  r.push_back(clamped(portFree_));
  r.push_back(clamped(lastEnd_));
  r.push_back(counts_.fetched - s.insn);
  for (size_t mi = 0; mi < modules_.size(); ++mi) {
    const ModuleState& m = modules_[mi];
    r.push_back(m.count);
    for (int64_t k = 0; k < m.count; ++k) {
      const QueueEntry& e = m.queue[slot(m.head + k, insnMask_)];
      r.push_back(e.insn - s.insn);
      r.push_back(clamped(e.arrival));
    }
    r.push_back(clamped(m.freeAt));
    r.push_back(m.pendingPushes);
    r.push_back(m.pendingPushes ? clamped(m.pushFrom) : 0);
    // Start times fetch may still read: those of the module's instructions fetched - depth .. started - 1.
    recent(m.startRing, counts_.moduleFetched[mi] - insnDepth_, counts_.moduleStarted[mi], insnMask_, fetchClock_);
  }
  for (size_t qi = 0; qi < tokens_.size(); ++qi) {
    const TokenQueue& tq = tokens_[qi];
    const int64_t pushed = counts_.pushed[qi], popped = counts_.popped[qi];
    r.push_back(pushed - popped);
    recent(tq.pushTime, popped, pushed, tokenMask_, s.at);
    // Pop times a later push may read: those of tokens pushed - depth .. popped - 1.
    recent(tq.popTime, pushed - tokenDepth_, popped, tokenMask_, s.at);
  }
  c.fingerprint = r.h;
  c.values = r.count;
}

void TimedPipeline::advance(const PipelineCounts& delta, int64_t cycles, int64_t periods) {
  // Every time moves by dt: the state keeps, clamped, the capture's relative values (what decides the schedule).
  const int64_t dt = cycles * periods;
  auto moved = [&](int64_t t) { return t + dt; };
  // A ring of times indexed by counter & mask: the entries for counters [from, to) move to counter + shift. A counter
  // below 0 stands for time 0 (what the readers use before the ring has filled; below every floor, as its move is);
  // one landing below 0 stays unread.
  std::vector<int64_t> old;
  auto shiftRing = [&](std::unique_ptr<int64_t[]>& ring, int64_t from, int64_t to, int64_t shift, int64_t mask) {
    old.resize(static_cast<size_t>(std::max<int64_t>(0, to - from)));
    for (int64_t j = from; j < to; ++j) old[static_cast<size_t>(j - from)] = j < 0 ? 0 : ring[slot(j, mask)];
    for (int64_t j = from; j < to; ++j)
      if (j + shift >= 0) ring[slot(j + shift, mask)] = moved(old[static_cast<size_t>(j - from)]);
  };
  const int64_t insnShift = delta.fetched * periods;
  for (size_t mi = 0; mi < modules_.size(); ++mi) {
    ModuleState& m = modules_[mi];
    for (int64_t k = 0; k < m.count; ++k) {
      QueueEntry& e = m.queue[slot(m.head + k, insnMask_)];
      e.insn += insnShift;
      e.arrival += dt;
    }
    const int64_t shift = delta.moduleStarted[mi] * periods;
    shiftRing(m.startRing, counts_.moduleFetched[mi] - insnDepth_, counts_.moduleStarted[mi], shift, insnMask_);
    m.freeAt = moved(m.freeAt);
    m.pushFrom = moved(m.pushFrom);
    counts_.moduleFetched[mi] += delta.moduleFetched[mi] * periods;
    counts_.moduleStarted[mi] += shift;
    counts_.busyCycles[mi] += delta.busyCycles[mi] * periods;
  }
  for (size_t qi = 0; qi < tokens_.size(); ++qi) {
    TokenQueue& tq = tokens_[qi];
    const int64_t shift = delta.pushed[qi] * periods;
    shiftRing(tq.pushTime, counts_.popped[qi], counts_.pushed[qi], shift, tokenMask_);
    shiftRing(tq.popTime, counts_.pushed[qi] - tokenDepth_, counts_.popped[qi], shift, tokenMask_);
    counts_.pushed[qi] += shift;
    counts_.popped[qi] += delta.popped[qi] * periods;
  }
  counts_.fetched += insnShift;
  nextInsn_.reset();
  counts_.instructions += delta.instructions * periods;
  fetchClock_ += dt;
  portFree_ = moved(portFree_);
  lastEnd_ = moved(lastEnd_);
}

}  // namespace inlay

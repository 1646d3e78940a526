// The module pipeline and its two drivers (sim/scheduler.h). Cost is per instruction: each step either fetches,
// pushes tokens or starts one instruction; no step advances a single clock cycle.
#include "inlay/sim/scheduler.h"

#include <algorithm>
#include <array>
#include <deque>
#include <random>
#include <string>

#include "inlay/sim/insn_text.h"

namespace inlay {

namespace {

const char* tokenQueueName(int q) {
  static const char* const names[kTokenQueues] = {"l2g", "g2l", "g2s", "s2g"};
  return names[q];
}

const char* flagName(int flag) {
  static const char* const names[4] = {"pop_prev", "pop_next", "push_prev", "push_next"};
  return names[flag];
}

/// Token counts and, for the tokens that still matter, their times: a token's push time until it is popped, a pop
/// time until the slot it freed is reused. Both fit in rings of the queue's depth, so memory does not grow with the
/// program.
struct TokenQueue {
  int64_t pushed = 0, popped = 0;
  std::vector<int64_t> pushTime, popTime;  // rings indexed by token number % depth
};

/// A fetched instruction waiting in its module's queue.
struct QueueEntry {
  int64_t insn = 0;
  int64_t arrival = 0;
  InsnRoute route;
};

struct ModuleState {
  std::deque<QueueEntry> queue;  // fetched, not yet started (≤ insnQueueDepth in the timed driver)
  int64_t fetched = 0, started = 0;
  std::vector<int64_t> startRing;  // start times of the last insnQueueDepth started instructions
  int64_t freeAt = 0;
  uint8_t pendingPushes = 0;  // token queues (bits) the last started instruction still has to push to
  int64_t pushFrom = 0;       // that instruction's completion time
  int64_t pushingInsn = -1;
};

class Scheduler {
public:
  Scheduler(const Program& program, Machine& machine, const SimOptions& options)
      : program_(program),
        machine_(machine),
        options_(options),
        timed_(!options.interleaveSeed),
        rng_(options.interleaveSeed.value_or(0)),
        insnDepth_(std::max<int64_t>(1, program.isa.timing.insnQueueDepth)),
        tokenDepth_(std::max<int64_t>(1, program.isa.timing.tokenQueueDepth)) {
    const size_t n = program.insns.size();
    for (ModuleState& m : modules_) m.startRing.assign(static_cast<size_t>(insnDepth_), 0);
    for (TokenQueue& tq : tokens_) {
      tq.pushTime.assign(static_cast<size_t>(tokenDepth_), 0);
      tq.popTime.assign(static_cast<size_t>(tokenDepth_), 0);
    }
    if (!timed_)  // the interleaving driver has no fetch stage: every queue holds its whole stream
      for (size_t i = 0; i < n; ++i) enqueue(routeOf(program.insns[i]), 0);
  }

  SimResult run() {
    SimResult result;
    for (;;) {
      if (timed_) advanceFetch();
      for (ModuleState& m : modules_) tryPushes(m);
      int chosen = -1;
      int64_t at = 0;
      if (timed_) {
        for (int m = 0; m < kModules; ++m) {
          int64_t t = 0;
          if (canStart(m, t) && (chosen < 0 || t < at)) chosen = m, at = t;
        }
      } else {
        std::array<int, kModules> ready{};
        int count = 0;
        for (int m = 0; m < kModules; ++m) {
          int64_t t = 0;
          if (canStart(m, t)) ready[static_cast<size_t>(count++)] = m;
        }
        if (count > 0) chosen = ready[static_cast<size_t>(rng_() % static_cast<uint64_t>(count))];
      }
      if (chosen < 0) {
        if (!std::all_of(modules_.begin(), modules_.end(), [&](const ModuleState& m) { return finished(m); }))
          result.fault = deadlock();
        break;
      }
      if (stats_.instructions >= options_.maxInstructions) {
        result.fault = SimFault{SimFault::Kind::Limit, -1, lastEnd_,
                                "instruction limit of " + std::to_string(options_.maxInstructions) + " reached"};
        break;
      }
      if (auto fault = start(chosen, at)) {
        result.fault = fault;
        break;
      }
    }
    stats_.cycles = timed_ ? lastEnd_ : 0;
    result.stats = stats_;
    return result;
  }

private:
  bool finished(const ModuleState& m) const {
    return m.queue.empty() && m.pendingPushes == 0 && fetched_ == program_.insns.size();
  }

  void enqueue(const InsnRoute& route, int64_t arrival) {
    ModuleState& m = modules_[static_cast<size_t>(route.module)];
    m.queue.push_back({static_cast<int64_t>(fetched_), arrival, route});
    ++m.fetched;
    ++fetched_;
  }

  /// Fetch delivers instructions in program order, fetchCyclesPerInsn each, into bounded per-module queues; an
  /// instruction whose queue is full waits until the instruction insnQueueDepth places ahead of it has started.
  void advanceFetch() {
    while (fetched_ < program_.insns.size()) {
      if (!nextRoute_) nextRoute_ = routeOf(program_.insns[fetched_]);
      const ModuleState& m = modules_[static_cast<size_t>(nextRoute_->module)];
      if (m.fetched - m.started >= insnDepth_) return;  // full until the head starts
      const int64_t slotFree =
          m.fetched >= insnDepth_ ? m.startRing[static_cast<size_t>((m.fetched - insnDepth_) % insnDepth_)] : 0;
      fetchClock_ = std::max(fetchClock_, slotFree) + program_.isa.timing.fetchCyclesPerInsn;
      enqueue(*nextRoute_, fetchClock_);
      nextRoute_.reset();
    }
  }

  /// Pushes whatever pending tokens have room; a push into a full queue waits for the pop that frees its slot.
  void tryPushes(ModuleState& m) {
    for (int q = 0; q < kTokenQueues && m.pendingPushes; ++q) {
      if (!(m.pendingPushes & (1u << q))) continue;
      TokenQueue& tq = tokens_[static_cast<size_t>(q)];
      if (tq.pushed - tq.popped >= tokenDepth_) continue;
      const size_t slot = static_cast<size_t>(tq.pushed % tokenDepth_);
      const int64_t slotFree = tq.pushed >= tokenDepth_ ? tq.popTime[slot] : 0;  // the pop of token pushed-depth
      const int64_t t = std::max(m.pushFrom, slotFree);
      tq.pushTime[slot] = t;
      ++tq.pushed;
      m.pendingPushes = static_cast<uint8_t>(m.pendingPushes & ~(1u << q));
      m.freeAt = std::max(m.freeAt, t);
      lastEnd_ = std::max(lastEnd_, t);
    }
  }

  bool canStart(int module, int64_t& at) const {
    const ModuleState& m = modules_[static_cast<size_t>(module)];
    if (m.pendingPushes || m.queue.empty()) return false;
    const QueueEntry& head = m.queue.front();
    const InsnRoute& r = head.route;
    int64_t t = std::max(m.freeAt, head.arrival);
    for (int q = 0; q < kTokenQueues; ++q) {
      if (!(r.pops & (1u << q))) continue;
      const TokenQueue& tq = tokens_[static_cast<size_t>(q)];
      if (tq.pushed <= tq.popped) return false;
      t = std::max(t, tq.pushTime[static_cast<size_t>(tq.popped % tokenDepth_)]);
    }
    at = t;
    return true;
  }

  SimFault fault(SimFault::Kind kind, int64_t insn, int64_t cycle, const std::string& reason) const {
    return SimFault{kind, insn, cycle,
                    "insn " + std::to_string(insn) + " (" + describeInsn(program_.insns[static_cast<size_t>(insn)]) +
                        ") at cycle " + std::to_string(cycle) + ": " + reason};
  }

  std::optional<SimFault> start(int module, int64_t at) {
    ModuleState& m = modules_[static_cast<size_t>(module)];
    const int64_t i = m.queue.front().insn;
    const Instruction& insn = program_.insns[static_cast<size_t>(i)];
    const InsnRoute r = m.queue.front().route;
    if (r.illegalFlag >= 0)
      return fault(
          SimFault::Kind::BadInstruction, i, at,
          std::string(flagName(r.illegalFlag)) + " is not legal for a " + moduleName(r.module) + "-module instruction");
    for (int q = 0; q < kTokenQueues; ++q) {
      if (!(r.pops & (1u << q))) continue;
      TokenQueue& tq = tokens_[static_cast<size_t>(q)];
      tq.popTime[static_cast<size_t>(tq.popped % tokenDepth_)] = at;
      ++tq.popped;
    }
    if (auto err = machine_.execute(insn, stats_)) return fault(err->kind, i, at, err->reason);
    const InsnCost cost = machine_.cost(insn);
    int64_t begin = at;
    if (cost.portCycles > 0) {  // one DRAM port: DMAs of different modules serialise on it
      begin = std::max(at, portFree_);
      portFree_ = begin + cost.portCycles;
    }
    const int64_t end = begin + cost.portCycles + cost.localCycles;
    stats_.busyCycles[static_cast<size_t>(module)] += cost.portCycles + cost.localCycles;
    ++stats_.instructions;
    m.startRing[static_cast<size_t>(m.started % insnDepth_)] = at;
    ++m.started;
    m.queue.pop_front();
    m.freeAt = end;
    lastEnd_ = std::max(lastEnd_, end);
    m.pendingPushes = r.pushes;
    m.pushFrom = end;
    m.pushingInsn = i;
    tryPushes(m);
    return std::nullopt;
  }

  std::string waitReason(int module) const {
    const ModuleState& m = modules_[static_cast<size_t>(module)];
    auto insnText = [&](int64_t i) {
      return "insn " + std::to_string(i) + " (" + describeInsn(program_.insns[static_cast<size_t>(i)]) + ")";
    };
    for (int q = 0; q < kTokenQueues; ++q)
      if (m.pendingPushes & (1u << q))
        return insnText(m.pushingInsn) + " waits to push onto the full " + tokenQueueName(q) + " queue (depth " +
               std::to_string(tokenDepth_) + ")";
    if (finished(m)) return "finished";
    if (m.queue.empty()) return "its next instruction waits to be fetched";
    const int64_t i = m.queue.front().insn;
    const InsnRoute& r = m.queue.front().route;
    for (int q = 0; q < kTokenQueues; ++q) {
      const TokenQueue& tq = tokens_[static_cast<size_t>(q)];
      if ((r.pops & (1u << q)) && tq.pushed <= tq.popped)
        return insnText(i) + " waits for a token on " + tokenQueueName(q) + " (" + std::to_string(tq.pushed) +
               " pushed, " + std::to_string(tq.popped) + " popped)";
    }
    return insnText(i) + " is ready";
  }

  SimFault deadlock() const {
    std::string msg = "deadlock at cycle " + std::to_string(lastEnd_) + ": no module can progress";
    for (int m = 0; m < kModules; ++m) msg += "; " + moduleName(static_cast<Module>(m)) + ": " + waitReason(m);
    if (timed_ && fetched_ < program_.insns.size())
      msg += "; fetch: insn " + std::to_string(fetched_) + " waits for space in the " +
             moduleName(moduleOf(program_.insns[fetched_])) + " queue (depth " + std::to_string(insnDepth_) + ")";
    return SimFault{SimFault::Kind::Deadlock, -1, lastEnd_, msg};
  }

  const Program& program_;
  Machine& machine_;
  const SimOptions& options_;
  const bool timed_;
  std::mt19937_64 rng_;
  const int64_t insnDepth_, tokenDepth_;
  std::optional<InsnRoute> nextRoute_;  // the route of instruction fetched_, once decoded
  std::array<ModuleState, kModules> modules_;
  std::array<TokenQueue, kTokenQueues> tokens_;
  size_t fetched_ = 0;
  int64_t fetchClock_ = 0;
  int64_t portFree_ = 0;
  int64_t lastEnd_ = 0;
  SimStats stats_;
};

}  // namespace

SimResult runSchedule(const Program& program, Machine& machine, const SimOptions& options) {
  return Scheduler(program, machine, options).run();
}

}  // namespace inlay

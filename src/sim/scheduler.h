// The module pipeline of the simulator (docs/design.md §6.2, docs/vta.md §4): fetch routes instructions in program
// order into bounded load/compute/store queues; each module runs its queue in order, popping dependency tokens before
// and pushing them after each instruction through four bounded token queues. Two drivers share that state machine: the
// timed one (event-driven, each step starts the instruction with the earliest possible start time; DMAs share one DRAM
// port) and the randomised interleaving one (ignores time, starts a random ready module; seeded).
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/program/program.h"
#include "inlay/sim/machine.h"
#include "inlay/sim/simulator.h"

namespace inlay {

/// The four token queues; producer → consumer.
enum class TokenQueueId : uint8_t { L2G = 0, G2L = 1, G2S = 2, S2G = 3 };

/// Runs the whole program on `machine`; functional effects happen as each instruction starts.
SimResult runSchedule(const Program& program, Machine& machine, const SimOptions& options);

}  // namespace inlay

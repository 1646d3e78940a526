// The module pipeline of the simulator (docs/design.md §6.2, docs/vta.md §4): fetch routes instructions in program
// order into bounded load/compute/store queues; each module runs its queue in order, popping dependency tokens before
// and pushing them after each instruction through four bounded token queues. Two drivers share that state machine: the
// timed one (event-driven, each step starts the instruction with the earliest possible start time; DMAs share one DRAM
// port) and the randomised interleaving one (ignores time, starts a random ready module; seeded).
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/program/program.h"
#include "inlay/sim/insn_timing.h"
#include "inlay/sim/machine.h"
#include "inlay/sim/simulator.h"

namespace inlay {

/// Runs the whole program on `machine`; functional effects happen as each instruction starts.
SimResult runSchedule(const Program& program, Machine& machine, const SimOptions& options);

}  // namespace inlay

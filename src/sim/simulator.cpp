// The simulator's entry point (sim/simulator.h): checks what the datapath supports, builds the machine and runs the
// schedule.
#include "sim/simulator.h"

#include "sim/machine.h"
#include "sim/scheduler.h"

namespace inlay {

SimResult simulate(const Program& program, std::vector<uint8_t>& dram, const SimOptions& options) {
  const Isa& isa = program.isa;
  if (isa.logInpWidth != 3 || isa.logWgtWidth != 3 || isa.logAccWidth != 5) {
    SimResult r;
    r.fault = SimFault{SimFault::Kind::BadInstruction, -1, 0,
                       "the simulator supports int8 inputs and weights with int32 accumulators only"};
    return r;
  }
  if (dram.size() < program.dramBytes) dram.resize(program.dramBytes, 0);
  Machine machine(isa, dram, options.functional);
  return runSchedule(program, machine, options);
}

}  // namespace inlay

// The simulator's entry point (sim/simulator.h): checks what the datapath supports, builds the machine and runs the
// schedule.
#include "inlay/sim/simulator.h"

#include <algorithm>

#include "inlay/sim/machine.h"
#include "inlay/sim/scheduler.h"

namespace inlay {

SimResult simulate(const Program& program, Dram& dram, const SimOptions& options) {
  const Isa& isa = program.isa;
  validateIsa(isa, "<program>");
  if (program.op) validateOperator(*program.op, "<program>");
  if (isa.logInpWidth != 3 || isa.logWgtWidth != 3 || isa.logAccWidth != 5) {
    SimResult r;
    r.fault = SimFault{SimFault::Kind::BadInstruction, -1, 0,
                       "the simulator supports int8 inputs and weights with int32 accumulators only"};
    return r;
  }
  // A timing-only run reads and writes no DRAM data, only bounds-checks addresses: it needs the image's size, not
  // the image (allocating and zero-filling 10^9 bytes for a K = 500000 GEMM dominated tuning).
  const int64_t dramBytes = std::max<int64_t>(static_cast<int64_t>(dram.size()), program.dramBytes);
  if (options.functional) dram.resize(static_cast<uint64_t>(dramBytes));
  Machine machine(isa, dram, options.dramBase, dramBytes, options.functional);
  return runSchedule(program, machine, options);
}

SimResult simulate(const Program& program, std::vector<uint8_t>& dram, const SimOptions& options) {
  if (!options.functional) {
    Dram sizeOnly(dram.size());  // a timing-only run reads no data: the size is all it needs
    return simulate(program, sizeOnly, options);
  }
  Dram paged = Dram::fromBytes(dram);
  SimResult r = simulate(program, paged, options);
  dram = paged.toBytes();
  return r;
}

}  // namespace inlay

// The bundled simulator's entry point (docs/design.md §6): runs a Program on a flat DRAM image, bit-exactly, with the
// event-driven timing model. Knows nothing of solvers or code generation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/program/program.h"
#include "inlay/sim/dram.h"

namespace inlay {

struct SimOptions {
  // false: timing only — no data movement or arithmetic; DMA bounds are still checked per instruction, but micro-op
  // indices and accumulator hazards are not (they need the uop contents).
  bool functional = true;
  // Set: randomised module interleaving (seeded) instead of the timed schedule; time is not modelled, so
  // SimStats::cycles is 0 (busy cycles still sum instruction costs). A correct program gives the same DRAM under
  // every seed.
  std::optional<uint64_t> interleaveSeed;
  int64_t maxInstructions = int64_t{1} << 40;  // run-loop bound
  // The physical byte address at which the DRAM image is loaded: the program's dram_base fields address
  // [dramBase, dramBase + dram_bytes), as after relocate(program, dramBase) (program/relocate.h); byte k of the image
  // is physical address dramBase + k. Addresses do not enter the timing model: a relocated run gives the same
  // results and cycles.
  uint64_t dramBase = 0;
};

struct SimStats {
  int64_t cycles = 0;
  std::array<int64_t, 3> busyCycles{};  // per Module (load, compute, store)
  int64_t gemmUops = 0;                 // GEMM uop executions, excluding reset GEMMs (fsim's gemm_counter)
  int64_t resetUops = 0;
  int64_t aluUops = 0;
  int64_t instructions = 0;
  // DMA bytes moved per buffer type (padding not counted), indexed by MemType (Uop, Wgt, Inp, Acc, Out, Acc8).
  std::array<int64_t, 6> dmaBytes{};
  int64_t hazards = 0;  // accumulator write hazards seen (each also reported as a fault)
};

/// A fault: the program did something the hardware would not do correctly. `insnIndex` is the instruction's
/// position in the stream (-1 when not tied to one, e.g. deadlock).
struct SimFault {
  enum class Kind { OutOfBounds, Hazard, Deadlock, BadInstruction, Limit };
  Kind kind = Kind::OutOfBounds;
  int64_t insnIndex = -1;
  int64_t cycle = 0;
  std::string message;  // names the instruction's fields and the reason
};

struct SimResult {
  SimStats stats;
  std::optional<SimFault> fault;  // set: the run stopped there; dram holds the state at that point
};

/// Runs `program` on `dram`, which holds the packed inputs and the uop image and receives the outputs; grown to
/// program.dramBytes if smaller (a timing-only run leaves it untouched: it may be empty). Never throws for a faulty
/// program: faults are returned. Memory and time follow the bytes the program touches, not program.dramBytes.
SimResult simulate(const Program& program, Dram& dram, const SimOptions& options = {});

/// simulate on a flat image, for small images built by hand: copied into a Dram and back (a functional run only),
/// so it costs time and memory in proportion to the image's size.
SimResult simulate(const Program& program, std::vector<uint8_t>& dram, const SimOptions& options = {});

}  // namespace inlay

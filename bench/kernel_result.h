// One benchmark measurement (bench stage, docs/design.md §7.1): a kernel run through one strategy — the simulator's
// counters, the bound, timings and the verification outcome — plus its JSON form (the keys of `inlay run --json`).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace inlay {

/// Bytes moved by LOADs and STOREs per memory type (VTA's memory_type order).
struct DmaBytes {
  int64_t uop = 0, wgt = 0, inp = 0, acc = 0, out = 0, acc8 = 0;
  int64_t total() const { return uop + wgt + inp + acc + out + acc8; }
};

/// How a kernel's functional check went.
enum class Verification {
  NotRun,    // not requested
  Proxy,     // a size-reduced proxy matched the CPU reference bit for bit
  Full,      // the full-size kernel matched
  Mismatch,  // the output differed from the CPU reference, or the functional run faulted
};
std::string verificationName(Verification v);  // "not_run", "proxy", "full", "mismatch"

struct KernelResult {
  std::string kernel;      // operator name
  std::string source;      // its spec file
  std::string strategy;    // "csp", "fixed", "reference"
  bool ok = false;         // generated and simulated without fault
  bool applicable = true;  // false: the strategy does not apply to this kernel (the reference on a dilated or grouped
                           // conv); then !ok, error says why, and tables show "n/a" rather than a failure
  std::string error;       // why not, when !ok; the mismatch detail when verification failed
  int64_t cycles = 0;
  double utilization = 0;  // useful MACs / (GEMM uops × B·I·O)
  int64_t gemmUops = 0, aluUops = 0, instructions = 0;
  DmaBytes dma;
  int64_t boundCycles = 0;  // codegen/bounds.h: lower bounds of any program for the kernel
  int64_t floorCycles = 0;
  double solveSeconds = 0, genSeconds = 0, simSeconds = 0;
  Verification verified = Verification::NotRun;
  bool refusedByTvm = false;      // reference: TVM would refuse this layer (run it on the host)
  bool solverStopped = false;     // csp: a solver limit (node budget or time) stopped the search
  int candidates = 0;             // candidate programs the tuner compared (bench/tune.h); 0 when generation failed
  std::string schedule;           // where the chosen schedule came from: "tiler", "tvm-plan" or "tvm-plan-reusing"
                                  // (scheduleSourceName)
  int embeddingRank = 0;          // csp: the chosen embedding's rank in the solver's list counted from 1 (1 = the
                                  // objective's best); 0 for the baseline embedding and for fixed and reference
  int64_t solverTilerCycles = 0;  // csp: the best of the solver's embeddings under Inlay's tiler alone (TunedProgram)
  bool maskedEmbedding = false;   // the chosen embedding has a masked dim (solver/embedding.h)
  int64_t unmaskedCycles = 0;     // csp: the fewest cycles among its candidates without a masked embedding
                                  // (TunedProgram::unmaskedCycles); unmaskedCycles / cycles is what masking gains

  double cyclesPerBound() const { return boundCycles > 0 ? static_cast<double>(cycles) / boundCycles : 0; }
  double cyclesPerFloor() const { return floorCycles > 0 ? static_cast<double>(cycles) / floorCycles : 0; }
  bool passed() const { return ok && verified != Verification::Mismatch; }
  bool failed() const { return !ok && applicable; }
  /// A run faster than a lower bound: the bound (or the simulator) is wrong, never the program good.
  bool beatsABound() const { return ok && (cycles < boundCycles || cycles < floorCycles); }
};

/// The measurement keys of `inlay run --json` (docs/json.md), exactly these in this order: operator, isa, strategy,
/// cycles, utilization, gemm_uops, alu_uops, instructions, dma_bytes {UOP, WGT, INP, ACC, OUT, ACC_8BIT},
/// bound_cycles, floor_cycles, solve_seconds, gen_seconds, verified (true: matched, false: mismatch, null: not run).
/// Seconds are rounded to milliseconds; the counters are null when the run failed (!ok).
nlohmann::ordered_json toRunJson(const KernelResult& r, const std::string& isa);

/// A benchmark row: toRunJson's keys, then verification (which size was checked), source, ok, applicable, error,
/// cycles_per_bound, cycles_per_floor, sim_seconds, refused_by_tvm, solver_stopped, candidates, schedule,
/// embedding_rank (from 1), solver_tiler_cycles, masked_embedding, unmasked_cycles; a value that does not apply (a
/// failed run's cycles_per_bound and cycles_per_floor, no schedule, rank, solver tiler or unmasked cycles) is null.
nlohmann::ordered_json toJson(const KernelResult& r, const std::string& isa);

}  // namespace inlay

// One kernel through one strategy: generation, the timing run, the functional check and the metrics.
#include "inlay/bench/run_kernel.h"

#include <chrono>
#include <optional>

#include "inlay/bench/proxy.h"
#include "inlay/bench/tune.h"
#include "inlay/codegen/bounds.h"
#include "inlay/codegen/emit.h"
#include "inlay/codegen/reference.h"
#include "inlay/codegen/tiler.h"
#include "inlay/ir/error.h"
#include "inlay/sim/simulator.h"
#include "inlay/sim/verify.h"

namespace inlay {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string faultText(const SimFault& f) {
  return "simulator fault at instruction " + std::to_string(f.insnIndex) + ", cycle " + std::to_string(f.cycle) + ": " +
         f.message;
}

/// The outcome of a functional run: `failure` is empty on a bit-exact match; `faulted` when the simulator stopped.
struct CheckOutcome {
  std::string failure;
  bool faulted = false;
  SimStats stats;
};

/// Runs `program` functionally on seeded random inputs and compares its output with the CPU reference.
CheckOutcome checkFunctionally(const Program& program, uint64_t seed) {
  VerifyResult v = verifyProgram(program, seed);
  if (v.fault) return {faultText(*v.fault), true, v.stats};
  if (!v.error.empty()) return {v.error, false, v.stats};
  if (v.mismatches > 0)
    return {std::to_string(v.mismatches) + " output elements differ from the CPU reference; the first, at " +
                std::to_string(v.firstMismatch) + ", is " + std::to_string(v.actual) + " instead of " +
                std::to_string(v.expected),
            false, v.stats};
  return {"", false, v.stats};
}

void recordStats(KernelResult& r, const SimStats& s, const Operator& op, const Isa& isa) {
  r.cycles = s.cycles;
  r.gemmUops = s.gemmUops;
  r.aluUops = s.aluUops;
  r.instructions = s.instructions;
  auto bytes = [&](MemType t) { return s.dmaBytes[static_cast<size_t>(t)]; };
  r.dma = {bytes(MemType::Uop), bytes(MemType::Wgt), bytes(MemType::Inp),
           bytes(MemType::Acc), bytes(MemType::Out), bytes(MemType::Acc8)};
  r.utilization = s.gemmUops > 0 ? static_cast<double>(op.macs()) /
                                       (static_cast<double>(s.gemmUops) * static_cast<double>(isa.macsPerUop()))
                                 : 0;
}

/// The proxy's program with the full-size kernel's embedding and the same kind of schedule, so that the check
/// covers what the timing run used: TVM's plan for the reference (a dense's best-estimated one); TVM's plan on the
/// same embedding when tuning picked one (and it applies to the proxy); Inlay's tiler otherwise, in the same DRAM
/// layout (tileAndEmit, as generate() does).
Program proxyProgram(const Operator& proxy, Strategy strategy, const Generated& full, const Isa& isa) {
  if (strategy == Strategy::Reference) {
    ReferencePlan plan = planReference(proxy, isa);
    return emitProgram(proxy, isa, plan.embedding, plan.schedule);
  }
  const Embedding& embedding = full.embedding;
  if (full.scheduleSource != ScheduleSource::Tiler)
    if (std::vector<ReferencePlan> tvm = referencePlansFor(proxy, isa, embedding); !tvm.empty()) {
      tvm.front().schedule.reuseResidentOperands = full.scheduleSource == ScheduleSource::TvmPlanReusing;
      return emitProgram(proxy, isa, tvm.front().embedding, tvm.front().schedule);
    }
  const InvocationSpace space = buildInvocationSpace(proxy, isa, embedding);
  TilerOptions layout;
  layout.laneBlocksOuter = full.laneBlocksOuter;
  return tileAndEmit(proxy, isa, embedding, space, chooseSchedule(space, isa, layout));
}

/// Generates and checks the proxy of `op`; returns the failure, or an empty string.
std::string checkProxy(const Operator& op, Strategy strategy, const Generated& full, const RunOptions& options) {
  Operator proxy = makeProxy(op, options.isa, options.proxyMacBudget);
  try {
    Program program = proxyProgram(proxy, strategy, full, options.isa);
    std::string failure = checkFunctionally(program, options.seed).failure;
    return failure.empty() ? "" : "proxy: " + failure;
  } catch (const WorkError& e) {
    return std::string("proxy: ") + e.what();
  }
}

void runAndMeasure(KernelResult& r, const Operator& op, Strategy strategy, const RunOptions& options) {
  TunedProgram tuned = tuneProgram(op, options.isa, strategy, options.gen, options.ranking);
  const Generated& g = tuned.generated;
  r.solveSeconds = g.solveSeconds;
  r.genSeconds = g.genSeconds;
  r.refusedByTvm = g.refusedByTvm;
  r.solverStopped = g.solverStopped;
  r.candidates = g.candidatesTried;
  r.schedule = scheduleSourceName(g.scheduleSource);
  // Counted from 1 for users (Generated counts from 0, with kBaselineRank for TVM's fixed embedding).
  if (strategy == Strategy::Csp && g.embeddingRank != kBaselineRank) r.embeddingRank = g.embeddingRank + 1;
  if (strategy == Strategy::Csp) r.solverTilerCycles = tuned.solverTilerCycles.value_or(0);
  r.maskedEmbedding = g.embedding.maskedDim() >= 0;
  if (strategy == Strategy::Csp) r.unmaskedCycles = tuned.unmaskedCycles.value_or(0);
  auto simStart = std::chrono::steady_clock::now();
  if (options.check == CheckSize::Full) {  // one functional run gives both the check and the timing
    CheckOutcome outcome = checkFunctionally(g.program, options.seed);
    if (outcome.faulted) throw WorkError(outcome.failure);
    recordStats(r, outcome.stats, op, options.isa);
    r.verified = outcome.failure.empty() ? Verification::Full : Verification::Mismatch;
    r.error = outcome.failure;
  } else if (tuned.timing) {  // the tuner's timing-only run of this very program
    recordStats(r, *tuned.timing, op, options.isa);
  } else {
    std::vector<uint8_t> dram;
    SimResult timing = simulate(g.program, dram, SimOptions{.functional = false});
    if (timing.fault) throw WorkError(faultText(*timing.fault));
    recordStats(r, timing.stats, op, options.isa);
  }
  if (strategy == Strategy::Csp && !tuned.solverTilerCycles && isSolverTiler(g)) r.solverTilerCycles = r.cycles;
  if (strategy == Strategy::Csp && !tuned.unmaskedCycles && !r.maskedEmbedding) r.unmaskedCycles = r.cycles;
  r.ok = true;
  if (options.check == CheckSize::Proxy) {
    std::string failure = checkProxy(op, strategy, g, options);
    r.verified = failure.empty() ? Verification::Proxy : Verification::Mismatch;
    r.error = failure;
  }
  r.simSeconds = secondsSince(simStart);
}

}  // namespace

KernelResult runKernel(const Operator& op, const std::string& source, Strategy strategy, const RunOptions& options) {
  KernelResult r;
  r.kernel = op.name;
  r.source = source;
  r.strategy = strategyName(strategy);
  r.boundCycles = boundCycles(op, options.isa);
  r.floorCycles = floorCycles(op, options.isa);
  if (strategy == Strategy::Reference)
    if (std::optional<ReferenceInapplicable> why = referenceInapplicable(op, options.isa)) {
      r.applicable = false;
      r.error = why->reason;
      r.refusedByTvm = !why->tvmOffloads;
      return r;
    }
  try {
    runAndMeasure(r, op, strategy, options);
  } catch (const WorkError& e) {
    r.ok = false;
    r.error = e.what();
  } catch (const InternalError& e) {
    r.ok = false;
    r.error = std::string("internal error: ") + e.what();
  } catch (const std::exception& e) {  // one kernel's failure must not end a benchmark of hundreds
    r.ok = false;
    r.error = e.what();
  }
  return r;
}

}  // namespace inlay

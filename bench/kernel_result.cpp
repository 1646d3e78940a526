// JSON form of a benchmark measurement.
#include "inlay/bench/kernel_result.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace inlay {
namespace {

double millis(double seconds) { return std::round(seconds * 1000) / 1000; }

nlohmann::ordered_json verifiedJson(Verification v) {
  switch (v) {
    case Verification::NotRun: return nullptr;
    case Verification::Proxy:
    case Verification::Full: return true;
    case Verification::Mismatch: return false;
  }
  return nullptr;
}

}  // namespace

std::string verificationName(Verification v) {
  switch (v) {
    case Verification::NotRun: return "not_run";
    case Verification::Proxy: return "proxy";
    case Verification::Full: return "full";
    case Verification::Mismatch: return "mismatch";
  }
  return "?";
}

nlohmann::ordered_json toRunJson(const KernelResult& r, const std::string& isa) {
  nlohmann::ordered_json j;
  j["operator"] = r.kernel;
  j["isa"] = isa;
  j["strategy"] = r.strategy;
  // A run that failed measured nothing: its counters are null.
  auto measured = [&](auto v) { return r.ok ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
  j["cycles"] = measured(r.cycles);
  j["utilization"] = measured(r.utilization);
  j["gemm_uops"] = measured(r.gemmUops);
  j["alu_uops"] = measured(r.aluUops);
  j["instructions"] = measured(r.instructions);
  j["dma_bytes"] = r.ok ? nlohmann::ordered_json{{"UOP", r.dma.uop}, {"WGT", r.dma.wgt}, {"INP", r.dma.inp},
                                                 {"ACC", r.dma.acc}, {"OUT", r.dma.out}, {"ACC_8BIT", r.dma.acc8}}
                        : nlohmann::ordered_json(nullptr);
  j["bound_cycles"] = r.boundCycles;
  j["floor_cycles"] = r.floorCycles;
  j["solve_seconds"] = millis(r.solveSeconds);
  j["gen_seconds"] = millis(r.genSeconds);
  j["verified"] = verifiedJson(r.verified);
  return j;
}

nlohmann::ordered_json toJson(const KernelResult& r, const std::string& isa) {
  nlohmann::ordered_json j = toRunJson(r, isa);
  j["verification"] = verificationName(r.verified);
  j["source"] = r.source;
  j["ok"] = r.ok;
  j["applicable"] = r.applicable;
  j["error"] = r.error;
  j["cycles_per_bound"] = r.ok && r.boundCycles > 0 ? nlohmann::ordered_json(r.cyclesPerBound()) : nullptr;
  j["cycles_per_floor"] = r.ok && r.floorCycles > 0 ? nlohmann::ordered_json(r.cyclesPerFloor()) : nullptr;
  j["sim_seconds"] = millis(r.simSeconds);
  j["refused_by_tvm"] = r.refusedByTvm;
  j["solver_stopped"] = r.solverStopped;
  j["candidates"] = r.candidates;
  j["schedule"] = r.schedule.empty() ? nullptr : nlohmann::ordered_json(r.schedule);
  j["embedding_rank"] = r.embeddingRank > 0 ? nlohmann::ordered_json(r.embeddingRank) : nullptr;
  j["solver_tiler_cycles"] = r.solverTilerCycles > 0 ? nlohmann::ordered_json(r.solverTilerCycles) : nullptr;
  return j;
}

}  // namespace inlay

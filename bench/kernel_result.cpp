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
    case Verification::NotRun: return "not run";
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
  j["cycles"] = r.cycles;
  j["utilization"] = r.utilization;
  j["gemm_uops"] = r.gemmUops;
  j["alu_uops"] = r.aluUops;
  j["instructions"] = r.instructions;
  j["dma_bytes"] = {{"inp", r.dma.inp}, {"wgt", r.dma.wgt}, {"acc", r.dma.acc}, {"uop", r.dma.uop}, {"out", r.dma.out}};
  j["bound_cycles"] = r.boundCycles;
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
  j["error"] = r.error;
  j["cycles_per_bound"] = r.cyclesPerBound();
  j["sim_seconds"] = millis(r.simSeconds);
  j["refused_by_tvm"] = r.refusedByTvm;
  j["timed_out"] = r.timedOut;
  j["candidates"] = r.candidates;
  j["schedule"] = r.schedule;
  j["embedding_rank"] = r.embeddingRank;
  j["solver_tiler_cycles"] = r.solverTilerCycles;
  return j;
}

}  // namespace inlay

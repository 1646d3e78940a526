// Benchmark reports: JSON, CSV, Markdown and the plots, written atomically into the output directory.
#include "inlay/bench/report.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "inlay/bench/plots.h"
#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"

namespace inlay {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string times(double v) { return v > 0 ? "×" + fixed(v, 2) : "–"; }

/// A number that is 0 when it does not apply (no kernel compared, a failed run) as null.
nlohmann::ordered_json positiveOrNull(double v) { return v > 0 ? nlohmann::ordered_json(v) : nullptr; }

nlohmann::ordered_json geomeanJson(const Geomean& g) {
  nlohmann::ordered_json j;
  j["geomean"] = g.count > 0 ? nlohmann::ordered_json(g.value) : nullptr;
  j["kernels"] = g.count;
  return j;
}

nlohmann::ordered_json kernelJson(const std::string& kernel, double speedup) {
  if (kernel.empty()) return nullptr;
  nlohmann::ordered_json j;
  j["operator"] = kernel;
  j["speedup_vs_reference"] = speedup;
  return j;
}

/// What was run: the keys every bench document starts with after format and version.
void addRunInfo(nlohmann::ordered_json& j, const BenchInfo& info) {
  j["isa"] = info.isa;
  j["suites"] = info.suites;
  j["strategies"] = info.strategies;
  j["verification"] = info.fullVerify ? "full" : "proxy";
  j["jobs"] = info.jobs;
  j["wall_seconds"] = std::round(info.wallSeconds * 10) / 10;
}

nlohmann::ordered_json documentHead(const char* format) {
  nlohmann::ordered_json j;
  j["format"] = format;
  j["version"] = 1;
  return j;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const KernelResult* rowOf(const std::vector<KernelResult>& rows, const std::string& kernel,
                          const std::string& strategy) {
  for (const KernelResult& r : rows)
    if (r.kernel == kernel && r.strategy == strategy) return &r;
  return nullptr;
}

std::string cyclesCell(const KernelResult* r) {
  if (!r) return "–";
  if (!r->applicable) return "n/a";
  if (!r->ok) return "failed";
  return std::to_string(r->cycles);
}

std::string perStrategy(const std::map<std::string, Geomean>& means) {
  std::string cells;
  for (const char* strategy : {"csp", "fixed", "reference"}) {
    auto it = means.find(strategy);
    cells += (cells.empty() ? "" : ", ") + (it == means.end() ? std::string("–") : fixed(it->second.value, 2));
  }
  return cells;
}

std::string geomeanCell(const Geomean& g) {
  return g.count > 0 ? times(g.value) + " (" + std::to_string(g.count) + ")" : "–";
}

/// The headline: csp against both baselines on the four subsets, so that what the embedding buys (vs fixed) stands
/// beside what the embedding and the schedule buy together (vs reference), and layers TVM refuses stand apart.
std::string subsetTable(const BenchSummary& s) {
  std::ostringstream md;
  md << "| kernels | count | csp vs reference | csp vs fixed (the embedding alone) |\n|---|---:|---:|---:|\n";
  for (const SubsetComparison& c : s.subsets) {
    std::string name = c.name;
    if (name == "low utilization") name += " (TVM's lanes < " + fixed(s.lowUtilThreshold, 2) + ")";
    if (name == "TVM refuses") name += " (the reference models a TVM that pads them)";
    md << "| " << name << " | " << c.kernels << " | " << geomeanCell(c.vsReference) << " | " << geomeanCell(c.vsFixed)
       << " |\n";
  }
  return md.str();
}

std::string headlineTable(const BenchSummary& s) {
  std::ostringstream md;
  md << subsetTable(s) << "\n| metric | value |\n|---|---|\n"
     << "| best kernel vs reference | " << s.bestKernel << " " << times(s.bestSpeedup)
     << (s.bestKernelTvmRefuses ? " (a layer TVM refuses)" : "") << " |\n"
     << "| worst kernel vs reference | " << s.worstKernel << " " << times(s.worstSpeedup) << " |\n"
     << "| kernels where csp is slower than the reference | " << s.slowerThanReference << " |\n"
     << "| csp on the solver's embeddings and Inlay's tiler alone: geomean vs reference ("
     << s.solverTilerVsReference.count << "), kernels slower | " << times(s.solverTilerVsReference.value) << ", "
     << s.solverTilerSlowerThanReference << " |\n"
     << "| geomean cycles / bound: csp, fixed, reference | " << perStrategy(s.cyclesPerBound) << " |\n"
     << "| geomean cycles / floor: csp, fixed, reference | " << perStrategy(s.cyclesPerFloor) << " |\n"
     << "| csp runs on a masked (block-diagonal) embedding; geomean gain over csp's best unmasked candidate | "
     << s.maskedPicks << "; " << (s.maskedGain.count > 0 ? times(s.maskedGain.value) : "–") << " |\n"
     << "| runs below a bound (must be 0) | " << s.rowsBelowABound << " |\n"
     << "| failed runs, not applicable, verification mismatches | " << s.failedRows << ", " << s.notApplicableRows
     << ", " << s.mismatches << " |\n";
  return md.str();
}

}  // namespace

nlohmann::ordered_json summaryJson(const BenchSummary& s) {
  nlohmann::ordered_json j;
  j["kernels"] = s.kernels;
  j["rows"] = s.rows;
  j["failed_rows"] = s.failedRows;
  j["mismatches"] = s.mismatches;
  j["not_applicable_rows"] = s.notApplicableRows;
  j["rows_below_a_bound"] = s.rowsBelowABound;
  j["low_utilization_threshold"] = s.lowUtilThreshold;
  nlohmann::ordered_json subsets = nlohmann::ordered_json::array();
  for (const SubsetComparison& c : s.subsets)
    subsets.push_back({{"name", c.name},
                       {"kernels", c.kernels},
                       {"csp_vs_reference", geomeanJson(c.vsReference)},
                       {"csp_vs_fixed", geomeanJson(c.vsFixed)}});
  j["subsets"] = subsets;
  j["worst_kernel"] = kernelJson(s.worstKernel, s.worstSpeedup);
  j["best_kernel"] = kernelJson(s.bestKernel, s.bestSpeedup);
  j["best_kernel_tvm_refuses"] = s.bestKernelTvmRefuses;
  j["kernels_slower_than_reference"] = s.slowerThanReference;
  j["solver_tiler_vs_reference"] = geomeanJson(s.solverTilerVsReference);
  j["solver_tiler_kernels_slower_than_reference"] = s.solverTilerSlowerThanReference;
  j["masked_picks"] = s.maskedPicks;
  j["masked_gain"] = geomeanJson(s.maskedGain);
  for (const auto& [key, means] :
       {std::pair{"cycles_per_bound", &s.cyclesPerBound}, {"cycles_per_floor", &s.cyclesPerFloor}}) {
    nlohmann::ordered_json perStrategy = nlohmann::ordered_json::object();
    for (const auto& [strategy, g] : *means) perStrategy[strategy] = geomeanJson(g);
    j[key] = perStrategy;
  }
  return j;
}

nlohmann::ordered_json resultsJson(const BenchInfo& info, const std::vector<KernelResult>& rows,
                                   const BenchSummary& s) {
  nlohmann::ordered_json j = documentHead("inlay-bench-results");
  addRunInfo(j, info);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const KernelResult& r : rows) list.push_back(toJson(r, info.isa));
  j["rows"] = list;
  j["summary"] = summaryJson(s);
  return j;
}

nlohmann::ordered_json benchSummaryJson(const BenchInfo& info, const std::vector<KernelResult>& rows,
                                        const BenchSummary& s) {
  nlohmann::ordered_json j = documentHead("inlay-bench");
  addRunInfo(j, info);
  j["summary"] = summaryJson(s);
  nlohmann::ordered_json kernels = nlohmann::ordered_json::array();
  for (const KernelSpeedup& k : s.speedups) {
    nlohmann::ordered_json cycles, utilization, bound, floor, verification, error;
    for (const std::string& strategy : info.strategies) {
      const KernelResult* r = rowOf(rows, k.kernel, strategy);
      const bool ran = r && r->ok;
      cycles[strategy] = ran ? nlohmann::ordered_json(r->cycles) : nullptr;
      utilization[strategy] = ran ? nlohmann::ordered_json(r->utilization) : nullptr;
      bound[strategy] = ran ? positiveOrNull(r->cyclesPerBound()) : nullptr;
      floor[strategy] = ran ? positiveOrNull(r->cyclesPerFloor()) : nullptr;
      verification[strategy] = ran ? verificationName(r->verified) : r && !r->applicable ? "n/a" : "failed";
      error[strategy] = r ? r->error : "";
    }
    nlohmann::ordered_json entry;
    entry["operator"] = k.kernel;
    entry["refused_by_tvm"] = k.tvmRefuses;
    entry["cycles"] = cycles;
    entry["speedup_vs_reference"] = positiveOrNull(k.vsReference);
    entry["speedup_vs_fixed"] = positiveOrNull(k.vsFixed);
    entry["utilization"] = utilization;
    entry["cycles_per_bound"] = bound;
    entry["cycles_per_floor"] = floor;
    entry["verification"] = verification;
    entry["error"] = error;
    kernels.push_back(entry);
  }
  j["per_kernel"] = kernels;
  return j;
}

std::string resultsCsv(const std::vector<KernelResult>& rows) {
  std::ostringstream csv;
  csv << "operator,strategy,cycles,utilization,gemm_uops,alu_uops,instructions,dma_bytes.UOP,dma_bytes.WGT,"
         "dma_bytes.INP,dma_bytes.ACC,dma_bytes.OUT,dma_bytes.ACC_8BIT,bound_cycles,cycles_per_bound,floor_cycles,"
         "cycles_per_floor,solve_seconds,gen_seconds,sim_seconds,verification,ok,applicable,refused_by_tvm,"
         "solver_stopped,schedule,embedding_rank,solver_tiler_cycles,masked_embedding,unmasked_cycles,error\n";
  for (const KernelResult& r : rows) {
    // Cells that are null in results.json are empty: a failed run's counters, no rank, no solver tiler cycles.
    auto measured = [&](const std::string& cell) { return r.ok ? cell : std::string(); };
    auto positive = [](int64_t v) { return v > 0 ? std::to_string(v) : std::string(); };
    csv << csvField(r.kernel) << "," << r.strategy << "," << measured(std::to_string(r.cycles)) << ","
        << measured(fixed(r.utilization, 4)) << "," << measured(std::to_string(r.gemmUops)) << ","
        << measured(std::to_string(r.aluUops)) << "," << measured(std::to_string(r.instructions));
    for (int64_t bytes : {r.dma.uop, r.dma.wgt, r.dma.inp, r.dma.acc, r.dma.out, r.dma.acc8})
      csv << "," << measured(std::to_string(bytes));
    csv << "," << r.boundCycles << "," << (r.ok && r.boundCycles > 0 ? fixed(r.cyclesPerBound(), 4) : "") << ","
        << r.floorCycles << "," << (r.ok && r.floorCycles > 0 ? fixed(r.cyclesPerFloor(), 4) : "") << ","
        << fixed(r.solveSeconds, 3) << "," << fixed(r.genSeconds, 3) << "," << fixed(r.simSeconds, 3) << ","
        << verificationName(r.verified) << "," << (r.ok ? 1 : 0) << "," << (r.applicable ? 1 : 0) << ","
        << (r.refusedByTvm ? 1 : 0) << "," << (r.solverStopped ? 1 : 0) << "," << r.schedule << ","
        << positive(r.embeddingRank) << "," << positive(r.solverTilerCycles) << "," << (r.maskedEmbedding ? 1 : 0)
        << "," << positive(r.unmaskedCycles) << "," << csvField(r.error) << "\n";
  }
  return csv.str();
}

std::string headlineMarkdown(const BenchInfo& info, const BenchSummary& s) {
  std::ostringstream md;
  std::string title;
  for (const std::string& strategy : info.strategies) title += (title.empty() ? "" : " vs ") + strategy;
  md << "# Benchmark: " << title << "\n\n"
     << "ISA `" << info.isa << "`; " << s.kernels << " kernels × " << info.strategies.size() << " strategies; "
     << "functional checks on " << (info.fullVerify ? "the full-size kernels" : "size-reduced proxies") << "; "
     << fixed(info.wallSeconds, 1) << " s with " << info.jobs << " job(s).\n\n"
     << headlineTable(s);
  return md.str();
}

std::string summaryMarkdown(const BenchInfo& info, const std::vector<KernelResult>& rows, const BenchSummary& s) {
  std::ostringstream md;
  md << headlineMarkdown(info, s)
     << "\n![speedup per kernel](speedup.svg)\n\n![cycles / bound](cycles_per_bound.svg)\n\n"
     << "## Per kernel\n\n"
     << "| kernel | csp cycles | fixed cycles | reference cycles | csp vs reference | csp vs fixed | "
        "csp util | reference util | csp cycles/bound | csp cycles/floor | verified |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const KernelSpeedup& k : s.speedups) {
    const KernelResult* csp = rowOf(rows, k.kernel, "csp");
    const KernelResult* ref = rowOf(rows, k.kernel, "reference");
    std::string verified;
    for (const KernelResult& r : rows)
      if (r.kernel == k.kernel)
        verified += (verified.empty() ? "" : "/") +
                    (r.ok ? verificationName(r.verified) : std::string(r.applicable ? "failed" : "n/a"));
    md << "| " << k.kernel << (k.tvmRefuses ? " †" : "") << " | " << cyclesCell(csp) << " | "
       << cyclesCell(rowOf(rows, k.kernel, "fixed")) << " | " << cyclesCell(ref) << " | " << times(k.vsReference)
       << " | " << times(k.vsFixed) << " | " << (csp && csp->ok ? fixed(csp->utilization, 3) : "–") << " | "
       << (ref && ref->ok ? fixed(ref->utilization, 3) : "–") << " | "
       << (csp && csp->ok ? fixed(csp->cyclesPerBound(), 2) : "–") << " | "
       << (csp && csp->ok ? fixed(csp->cyclesPerFloor(), 2) : "–") << " | " << verified << " |\n";
  }
  md << "\n† TVM runs this layer on the host: its input channels (or batch) are not whole lane blocks, which the "
        "reference pads, or the reference does not apply (n/a: a grouped, depthwise or dilated layer).\n";
  return md.str();
}

void writeReports(const std::string& dir, const BenchInfo& info, const std::vector<KernelResult>& rows,
                  const BenchSummary& s) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw WorkError("cannot create the output directory " + dir + ": " + ec.message());
  auto path = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  writeFileAtomic(path("results.json"), resultsJson(info, rows, s).dump(2) + "\n");
  writeFileAtomic(path("results.csv"), resultsCsv(rows));
  writeFileAtomic(path("summary.md"), summaryMarkdown(info, rows, s));
  writeFileAtomic(path("summary.json"), benchSummaryJson(info, rows, s).dump(2) + "\n");
  writeFileAtomic(path("speedup.svg"), speedupSvg(s));
  writeFileAtomic(path("cycles_per_bound.svg"), cyclesPerBoundSvg(rows, info.strategies));
}

}  // namespace inlay

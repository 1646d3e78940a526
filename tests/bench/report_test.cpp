// Tests of the report writers (bench/report.h, bench/progress.h): exact CSV and JSON fields, the Markdown headline,
// progress text, and the files on disk. The plots have their own tests (plots_test.cpp).
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/bench/progress.h"
#include "inlay/bench/report.h"
#include "inlay/ir/file_io.h"

using namespace inlay;

namespace {

KernelResult row(const std::string& kernel, const std::string& strategy, int64_t cycles, double util) {
  KernelResult r;
  r.kernel = kernel;
  r.source = "suite.json";
  r.strategy = strategy;
  r.ok = true;
  r.cycles = cycles;
  r.utilization = util;
  r.gemmUops = 10;
  r.aluUops = 3;
  r.instructions = 7;
  r.dma = {1, 2, 3, 4, 5, 6};  // UOP, WGT, INP, ACC, OUT, ACC_8BIT
  r.boundCycles = 100;
  r.floorCycles = 50;
  r.solveSeconds = 0.0123;
  r.genSeconds = 0.5;
  r.verified = Verification::Proxy;
  return r;
}

std::vector<KernelResult> sampleRows() {
  std::vector<KernelResult> rows{row("a", "csp", 100, 1.0),       row("a", "fixed", 200, 0.5),
                                 row("a", "reference", 400, 0.5), row("b,1", "csp", 300, 1.0),
                                 row("b,1", "fixed", 300, 1.0),   row("b,1", "reference", 300, 1.0)};
  rows[5].refusedByTvm = true;
  rows[0].schedule = "tiler";
  rows[0].solverTilerCycles = 120;
  rows[0].embeddingRank = 2;
  return rows;
}

BenchInfo sampleInfo() { return {"vta-default", {"suite.json"}, {"csp", "fixed", "reference"}, false, 2, 12.34}; }

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: a row's JSON has the keys of `inlay run --json`") {
  nlohmann::ordered_json j = toJson(row("a", "csp", 100, 1.0), "vta-default");
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::vector<std::string> expected{"operator",
                                    "isa",
                                    "strategy",
                                    "cycles",
                                    "utilization",
                                    "gemm_uops",
                                    "alu_uops",
                                    "instructions",
                                    "dma_bytes",
                                    "bound_cycles",
                                    "floor_cycles",
                                    "solve_seconds",
                                    "gen_seconds",
                                    "verified",
                                    "verification",
                                    "source",
                                    "ok",
                                    "applicable",
                                    "error",
                                    "cycles_per_bound",
                                    "cycles_per_floor",
                                    "sim_seconds",
                                    "refused_by_tvm",
                                    "solver_stopped",
                                    "candidates",
                                    "schedule",
                                    "embedding_rank",
                                    "solver_tiler_cycles"};
  CHECK(keys == expected);
  CHECK(j["dma_bytes"].dump() == R"({"UOP":1,"WGT":2,"INP":3,"ACC":4,"OUT":5,"ACC_8BIT":6})");
  CHECK(j["embedding_rank"].is_null());  // not from the solver's list
  CHECK(j["solve_seconds"] == 0.012);
  CHECK(j["verified"] == true);
  CHECK(j["verification"] == "proxy");
  CHECK(j["cycles_per_bound"] == 1.0);
  KernelResult notRun = row("a", "csp", 100, 1.0);
  notRun.verified = Verification::NotRun;
  CHECK(toJson(notRun, "x")["verified"].is_null());
  CHECK(toJson(notRun, "x")["verification"] == "not_run");
  KernelResult failed = notRun;
  failed.ok = false;
  failed.error = "no embedding";
  nlohmann::ordered_json f = toJson(failed, "x");
  for (const char* key :
       {"cycles", "utilization", "gemm_uops", "alu_uops", "instructions", "dma_bytes", "cycles_per_bound",
        "cycles_per_floor", "schedule", "embedding_rank", "solver_tiler_cycles"}) {
    CAPTURE(key);
    CHECK(f[key].is_null());
  }
  CHECK(f["bound_cycles"] == 100);
  CHECK(f["floor_cycles"] == 50);
  CHECK(j["cycles_per_floor"] == 2.0);
  CHECK(f["error"] == "no embedding");
  CHECK(toJson(sampleRows()[0], "x")["embedding_rank"] == 2);  // counted from 1
}

TEST_CASE("report: CSV has a header and one quoted-where-needed line per row") {
  std::string csv = resultsCsv(sampleRows());
  CHECK(count(csv, "\n") == 7);
  CHECK(csv.rfind("operator,strategy,cycles,utilization,gemm_uops,alu_uops,instructions,dma_bytes.UOP,dma_bytes.WGT,"
                  "dma_bytes.INP,dma_bytes.ACC,dma_bytes.OUT,dma_bytes.ACC_8BIT,bound_cycles,cycles_per_bound,"
                  "floor_cycles,cycles_per_floor,solve_seconds,gen_seconds,sim_seconds,verification,ok,applicable,"
                  "refused_by_tvm,solver_stopped,schedule,embedding_rank,solver_tiler_cycles,error\n",
                  0) == 0);
  CHECK(csv.find("\na,csp,100,1.0000,10,3,7,1,2,3,4,5,6,100,1.0000,50,2.0000,0.012,0.500,0.000,proxy,1,1,0,0,tiler,2,"
                 "120,\n") != std::string::npos);
  CHECK(
      csv.find("\na,fixed,200,0.5000,10,3,7,1,2,3,4,5,6,100,2.0000,50,4.0000,0.012,0.500,0.000,proxy,1,1,0,0,,,,\n") !=
      std::string::npos);
  std::vector<KernelResult> failed{sampleRows()[1]};
  failed[0].ok = false;
  failed[0].verified = Verification::NotRun;
  failed[0].error = "no embedding";
  CHECK(resultsCsv(failed).find("\na,fixed,,,,,,,,,,,,100,,50,,0.012,0.500,0.000,not_run,0,1,0,0,,,,no embedding\n") !=
        std::string::npos);
  CHECK(csv.find("\n\"b,1\",reference,300,") != std::string::npos);
}

TEST_CASE("report: results.json holds rows and the summary") {
  std::vector<KernelResult> rows = sampleRows();
  nlohmann::ordered_json j = resultsJson(sampleInfo(), rows, summarize(rows));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "version", "isa", "suites", "strategies", "verification", "jobs",
                                         "wall_seconds", "rows", "summary"});
  CHECK(j["format"] == "inlay-bench-results");
  CHECK(j["version"] == 1);
  CHECK(j["rows"].size() == 6);
  CHECK(j["verification"] == "proxy");
  CHECK(j["wall_seconds"] == 12.3);
  const auto& s = j["summary"];
  CHECK(s["kernels"] == 2);
  REQUIRE(s["subsets"].size() == 4);
  CHECK(s["subsets"][0]["name"] == "all kernels");
  CHECK(s["subsets"][0]["kernels"] == 2);
  CHECK(s["subsets"][0]["csp_vs_reference"]["geomean"].get<double>() == doctest::Approx(2.0));
  CHECK(s["subsets"][0]["csp_vs_fixed"]["geomean"].get<double>() == doctest::Approx(std::sqrt(2.0)));
  CHECK(s["subsets"][1]["name"] == "low utilization");
  CHECK(s["subsets"][1]["kernels"] == 1);
  CHECK(s["subsets"][2].dump() ==
        R"({"name":"TVM runs on VTA","kernels":1,"csp_vs_reference":{"geomean":4.0,"kernels":1},)"
        R"("csp_vs_fixed":{"geomean":2.0,"kernels":1}})");
  CHECK(s["subsets"][3]["name"] == "TVM refuses");
  CHECK(s["subsets"][3]["csp_vs_reference"]["geomean"] == 1.0);
  CHECK(s["cycles_per_floor"]["reference"]["geomean"].get<double>() == doctest::Approx(std::sqrt(8.0 * 6.0)));
  CHECK(s["worst_kernel"]["operator"] == "b,1");
  CHECK(s["cycles_per_bound"]["csp"]["geomean"].get<double>() == doctest::Approx(std::sqrt(3.0)));
  std::vector<std::string> summaryKeys;
  for (auto it = s.begin(); it != s.end(); ++it) summaryKeys.push_back(it.key());
  CHECK(summaryKeys == std::vector<std::string>{
                           "kernels", "rows", "failed_rows", "mismatches", "not_applicable_rows", "rows_below_a_bound",
                           "low_utilization_threshold", "subsets", "worst_kernel", "best_kernel",
                           "best_kernel_tvm_refuses", "kernels_slower_than_reference", "solver_tiler_vs_reference",
                           "solver_tiler_kernels_slower_than_reference", "cycles_per_bound", "cycles_per_floor"});
}

TEST_CASE("report: the summary document holds the headline and the per-kernel table") {
  std::vector<KernelResult> rows = sampleRows();
  rows[4].ok = false;  // b,1 fixed failed
  rows[4].error = "no embedding";
  nlohmann::ordered_json j = benchSummaryJson(sampleInfo(), rows, summarize(rows));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "version", "isa", "suites", "strategies", "verification", "jobs",
                                         "wall_seconds", "summary", "per_kernel"});
  CHECK(j["format"] == "inlay-bench");
  CHECK(j["summary"] == summaryJson(summarize(rows)));
  REQUIRE(j["per_kernel"].size() == 2);
  CHECK(j["per_kernel"][0].dump() ==
        R"({"operator":"a","refused_by_tvm":false,"cycles":{"csp":100,"fixed":200,"reference":400},)"
        R"("speedup_vs_reference":4.0,"speedup_vs_fixed":2.0,"utilization":{"csp":1.0,"fixed":0.5,"reference":0.5},)"
        R"("cycles_per_bound":{"csp":1.0,"fixed":2.0,"reference":4.0},)"
        R"("cycles_per_floor":{"csp":2.0,"fixed":4.0,"reference":8.0},)"
        R"("verification":{"csp":"proxy","fixed":"proxy","reference":"proxy"},)"
        R"("error":{"csp":"","fixed":"","reference":""}})");
  const auto& b = j["per_kernel"][1];
  CHECK(b["operator"] == "b,1");
  CHECK(b["refused_by_tvm"] == true);
  CHECK(b["cycles"]["fixed"].is_null());
  CHECK(b["utilization"]["fixed"].is_null());
  CHECK(b["speedup_vs_fixed"].is_null());
  CHECK(b["verification"]["fixed"] == "failed");
  CHECK(b["error"]["fixed"] == "no embedding");
  CHECK(b["speedup_vs_reference"] == 1.0);
  // No kernel compared: geomeans and the best and worst kernels are null.
  nlohmann::ordered_json none = summaryJson(summarize({}));
  CHECK(none["subsets"][0]["csp_vs_reference"].dump() == R"({"geomean":null,"kernels":0})");
  CHECK(none["worst_kernel"].is_null());
  CHECK(none["best_kernel"].is_null());
}

TEST_CASE("report: the Markdown summary leads with the headline table") {
  std::vector<KernelResult> rows = sampleRows();
  std::string md = summaryMarkdown(sampleInfo(), rows, summarize(rows));
  CHECK(md.find("| kernels | count | csp vs reference | csp vs fixed (the embedding alone) |\n|---|---:|---:|---:|\n"
                "| all kernels | 2 | ×2.00 (2) | ×1.41 (2) |\n"
                "| low utilization (TVM's lanes < 0.99) | 1 | ×4.00 (1) | ×2.00 (1) |\n"
                "| TVM runs on VTA | 1 | ×4.00 (1) | ×2.00 (1) |\n"
                "| TVM refuses (the reference models a TVM that pads them) | 1 | ×1.00 (1) | ×1.00 (1) |\n") !=
        std::string::npos);
  CHECK(md.find("| worst kernel vs reference | b,1 ×1.00 |") != std::string::npos);
  CHECK(md.find("| geomean cycles / floor: csp, fixed, reference | 3.46, 4.90, 6.93 |") != std::string::npos);
  CHECK(md.find("| a | 100 | 200 | 400 | ×4.00 | ×2.00 | 1.000 | 0.500 | 1.00 | 2.00 | proxy/proxy/proxy |") !=
        std::string::npos);
  CHECK(md.find("| b,1 † |") != std::string::npos);
  CHECK(md.find("![speedup per kernel](speedup.svg)") != std::string::npos);
}

TEST_CASE("progress: bar and line texts") {
  KernelResult r = row("ds_conv3", "csp", 1234, 1.0);
  BenchProgress p{42, 633, &r, 12.4};
  CHECK(progressBar(p, 10) == "[..........] 42/633   6.6%   12s ds_conv3 csp");
  CHECK(progressLine(p) == "[42/633] ds_conv3 csp: 1234 cycles, 12.34 x bound, verified proxy (0.5 s)");
  r.ok = false;
  r.error = "no embedding";
  CHECK(progressLine(p) == "[42/633] ds_conv3 csp: failed: no embedding");
}

TEST_CASE("report: writeReports writes the six files") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "inlay_bench_report_test";
  std::filesystem::remove_all(dir);
  std::vector<KernelResult> rows = sampleRows();
  writeReports((dir / "out").string(), sampleInfo(), rows, summarize(rows));
  for (const char* name :
       {"results.json", "results.csv", "summary.md", "summary.json", "speedup.svg", "cycles_per_bound.svg"})
    CHECK(std::filesystem::exists(dir / "out" / name));
  CHECK(readTextFile((dir / "out" / "summary.json").string()) ==
        benchSummaryJson(sampleInfo(), rows, summarize(rows)).dump(2) + "\n");
  CHECK(nlohmann::json::parse(readTextFile((dir / "out" / "results.json").string()))["rows"].size() == 6);
  std::filesystem::remove_all(dir);
}

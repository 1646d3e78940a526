// End-to-end tests of `inlay run` and `inlay bench` (src/cli/cmd_run.cpp, cmd_bench.cpp) through the built binary:
// the exact JSON keys, text output, the reports on disk, plain progress lines when stderr is not a terminal, exit
// codes.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/ir/file_io.h"
#include "run_inlay.h"

using inlay_test::runInlay;
namespace fs = std::filesystem;

namespace {

struct SpecDir {
  fs::path path;
  explicit SpecDir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path / "suite");
    inlay::writeFileAtomic((path / "suite" / "g.json").string(),
                           R"({"name": "g", "op": "gemm", "shape": {"M": 35, "N": 6, "K": 40}})");
    inlay::writeFileAtomic((path / "suite" / "c.json").string(),
                           R"({"name": "c", "op": "conv2d", "shape": {"N": 1, "C": 3, "H": 8, "W": 9, "K": 20,
                               "R": 3, "S": 3}, "pad": [1, 1]})");
  }
  ~SpecDir() { fs::remove_all(path); }
  std::string spec(const char* name) const { return (path / "suite" / name).string(); }
};

}  // namespace

TEST_CASE("inlay run --json prints exactly the agreed keys") {
  SpecDir dir("inlay_run_cli_test");
  auto r = runInlay({"run", dir.spec("c.json"), "--strategy", "reference", "--verify", "--json"});
  REQUIRE(r.exitCode == 0);
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "version", "operator", "isa", "strategy", "cycles", "utilization",
                                         "gemm_uops", "alu_uops", "instructions", "dma_bytes", "bound_cycles",
                                         "floor_cycles", "solve_seconds", "gen_seconds", "verified"});
  CHECK(j["cycles"].get<int64_t>() >= j["floor_cycles"].get<int64_t>());
  CHECK(j["floor_cycles"].get<int64_t>() >= j["bound_cycles"].get<int64_t>());
  CHECK(j["format"] == "inlay-run");
  CHECK(j["version"] == 1);
  CHECK(j["operator"] == "c");
  CHECK(j["isa"] == "vta-default");
  CHECK(j["strategy"] == "reference");
  CHECK(j["verified"] == true);
  CHECK(j["cycles"].get<int64_t>() > 0);
  std::vector<std::string> dma;
  for (auto it = j["dma_bytes"].begin(); it != j["dma_bytes"].end(); ++it) dma.push_back(it.key());
  CHECK(dma == std::vector<std::string>{"UOP", "WGT", "INP", "ACC", "OUT", "ACC_8BIT"});
}

TEST_CASE("inlay run prints text; without --verify nothing is checked") {
  SpecDir dir("inlay_run_text_test");
  auto r = runInlay({"run", dir.spec("g.json"), "--strategy", "fixed"});
  REQUIRE(r.exitCode == 0);
  CHECK(r.out.rfind("g on vta-default, strategy fixed\n", 0) == 0);
  CHECK(r.out.find("  verified      not run (use --verify)\n") != std::string::npos);
  CHECK(r.out.find("\n  DMA bytes     UOP ") != std::string::npos);
  auto j = nlohmann::json::parse(runInlay({"run", dir.spec("g.json"), "--json"}).out);
  CHECK(j["verified"].is_null());
}

TEST_CASE("inlay run: bad input exits 2") {
  auto r = runInlay({"run", "/nonexistent/op.json"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("/nonexistent/op.json") != std::string::npos);
}

TEST_CASE("inlay bench writes the reports and prints progress lines off a terminal") {
  SpecDir dir("inlay_bench_cli_test");
  std::string out = (dir.path / "out").string();
  auto r = runInlay({"bench", (dir.path / "suite").string(), "-j", "2", "--out", out});
  REQUIRE(r.exitCode == 0);
  CHECK(r.out.find("| all kernels | 2 | ×") != std::string::npos);
  CHECK(r.out.find("| TVM refuses (the reference models a TVM that pads them) | 2 | ×") != std::string::npos);
  CHECK(r.out.find("| runs below a bound (must be 0) | 0 |") != std::string::npos);
  CHECK(r.out.find("reports written to " + out) != std::string::npos);
  size_t lines = 0;
  for (size_t at = r.err.find("] "); at != std::string::npos; at = r.err.find("] ", at + 1)) ++lines;
  CHECK(lines == 6);  // one plain line per kernel × strategy
  CHECK(r.err.find("\r") == std::string::npos);
  for (const char* f :
       {"results.json", "results.csv", "summary.md", "summary.json", "speedup.svg", "cycles_per_bound.svg"})
    CHECK(fs::exists(fs::path(out) / f));
  auto results = nlohmann::json::parse(inlay::readTextFile((fs::path(out) / "results.json").string()));
  CHECK(results["format"] == "inlay-bench-results");
  CHECK(results["version"] == 1);
  REQUIRE(results["rows"].size() == 6);
  CHECK(results["rows"][0]["operator"] == "c");  // c.json sorts before g.json
  CHECK(results["rows"][2]["strategy"] == "reference");
  CHECK(results["rows"][2]["refused_by_tvm"] == true);
  CHECK(results["summary"]["mismatches"] == 0);
  CHECK(results["summary"]["failed_rows"] == 0);
}

TEST_CASE("inlay bench --json prints the summary document; --strategy runs a subset") {
  SpecDir dir("inlay_bench_cli_json_test");
  std::string out = (dir.path / "out").string();
  auto r = runInlay({"bench", (dir.path / "suite").string(), "--strategy", "reference,csp", "--json", "--out", out});
  REQUIRE(r.exitCode == 0);
  // The same document as summary.json in --out, and nothing else on stdout.
  CHECK(r.out == inlay::readTextFile((fs::path(out) / "summary.json").string()));
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "version", "isa", "suites", "strategies", "verification", "jobs",
                                         "wall_seconds", "summary", "per_kernel"});
  CHECK(j["format"] == "inlay-bench");
  CHECK(j["version"] == 1);
  CHECK(j["strategies"] == nlohmann::json({"csp", "reference"}));  // rows keep the order csp, fixed, reference
  CHECK(j["summary"]["rows"] == 4);
  CHECK(j["summary"]["subsets"][0]["csp_vs_reference"]["kernels"] == 2);
  CHECK(j["summary"]["subsets"][0]["csp_vs_fixed"]["kernels"] == 0);
  CHECK(j["summary"]["subsets"][0]["csp_vs_fixed"]["geomean"].is_null());
  REQUIRE(j["per_kernel"].size() == 2);
  const auto& c = j["per_kernel"][0];
  CHECK(c["operator"] == "c");
  CHECK(c["refused_by_tvm"] == true);
  CHECK(c["cycles"].size() == 2);
  CHECK(c["speedup_vs_fixed"].is_null());
  CHECK(c["speedup_vs_reference"].get<double>() ==
        doctest::Approx(c["cycles"]["reference"].get<double>() / c["cycles"]["csp"].get<double>()));
  CHECK(c["verification"]["csp"] == "proxy");
  size_t lines = 0;
  for (size_t at = r.err.find("] "); at != std::string::npos; at = r.err.find("] ", at + 1)) ++lines;
  CHECK(lines == 4);
  auto results = nlohmann::json::parse(inlay::readTextFile((fs::path(out) / "results.json").string()));
  REQUIRE(results["rows"].size() == 4);
  CHECK(results["rows"][0]["strategy"] == "csp");
  CHECK(results["rows"][1]["strategy"] == "reference");
  CHECK(inlay::readTextFile((fs::path(out) / "summary.md").string()).rfind("# Benchmark: csp vs reference\n", 0) == 0);
}

TEST_CASE("inlay bench: a strategy that does not apply is n/a, a failure only with --strict; inlay run names why") {
  SpecDir dir("inlay_bench_cli_na_test");
  fs::remove(dir.path / "suite" / "c.json");
  inlay::writeFileAtomic((dir.path / "suite" / "dw.json").string(),
                         R"({"name": "dw", "op": "conv2d", "groups": 16, "pad": [1, 1],
                             "shape": {"N": 1, "C": 16, "H": 6, "W": 6, "K": 16, "R": 3, "S": 3}})");
  const std::string out = (dir.path / "out").string();
  auto r = runInlay({"bench", (dir.path / "suite").string(), "--out", out});
  CHECK(r.exitCode == 0);
  CHECK(r.out.find("| failed runs, not applicable, verification mismatches | 0, 1, 0 |") != std::string::npos);
  const std::string md = inlay::readTextFile((fs::path(out) / "summary.md").string());
  CHECK(md.find("| dw † | ") != std::string::npos);
  CHECK(md.find(" | n/a | ") != std::string::npos);
  auto results = nlohmann::json::parse(inlay::readTextFile((fs::path(out) / "results.json").string()));
  CHECK(results["rows"][2]["strategy"] == "reference");
  CHECK(results["rows"][2]["applicable"] == false);
  CHECK(results["summary"]["not_applicable_rows"] == 1);
  CHECK(results["summary"]["failed_rows"] == 0);
  auto strict = runInlay({"bench", (dir.path / "suite").string(), "--strict", "--strategy", "reference"});
  CHECK(strict.exitCode == 1);
  const std::string spec = dir.spec("dw.json");
  CHECK(strict.err.find("] dw reference: n/a: reference strategy: operator 'dw'") != std::string::npos);
  CHECK(strict.err.find("inlay bench: " + spec +
                        ": reference strategy: operator 'dw': dim 'g' indexes both operands "
                        "and the output") != std::string::npos);
  CHECK(strict.err.find("(a failure under --strict)\n") != std::string::npos);
  auto run = runInlay({"run", spec, "--strategy", "reference"});
  CHECK(run.exitCode == 1);
  CHECK(run.err == "inlay run: " + spec +
                       ": reference strategy: operator 'dw': dim 'g' indexes both operands and the output (a grouped "
                       "or depthwise convolution, or a batched GEMM) in groups that are not whole 16-channel blocks; "
                       "TVM runs it on the host\n");
}

TEST_CASE("inlay bench --rank: the model's ranking (the default) and the simulator's give the same rows") {
  SpecDir dir("inlay_bench_cli_rank_test");
  const std::string suite = (dir.path / "suite").string();
  auto byModel = runInlay({"bench", suite, "--strategy", "csp,fixed", "--json"});
  auto bySim = runInlay({"bench", suite, "--strategy", "csp,fixed", "--json", "--rank", "sim"});
  auto explicitModel = runInlay({"bench", suite, "--strategy", "csp,fixed", "--json", "--rank", "model"});
  REQUIRE(byModel.exitCode == 0);
  REQUIRE(bySim.exitCode == 0);
  REQUIRE(explicitModel.exitCode == 0);
  const auto model = nlohmann::json::parse(byModel.out), sim = nlohmann::json::parse(bySim.out);
  CHECK(model["per_kernel"] == sim["per_kernel"]);
  CHECK(model["summary"] == sim["summary"]);
  CHECK(nlohmann::json::parse(explicitModel.out)["per_kernel"] == model["per_kernel"]);
  auto bad = runInlay({"bench", suite, "--rank", "fast"});
  CHECK(bad.exitCode == 2);
  CHECK(bad.err == "inlay bench: command line: --rank: expects one of sim, model, got 'fast'\n");
}

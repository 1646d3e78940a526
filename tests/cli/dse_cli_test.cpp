// End-to-end tests of `inlay dse` and `inlay dse merge` (src/cli/cmd_dse.cpp): the reports, resuming from the point
// store, two shards run as concurrent processes and merged into the same reports as one run, and bad input.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "inlay/ir/file_io.h"
#include "run_inlay.h"

using inlay_test::quoted;
using inlay_test::runInlay;
namespace fs = std::filesystem;

namespace {

struct DseDir {
  fs::path path;
  explicit DseDir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path / "suite");
    inlay::writeFileAtomic((path / "suite" / "g.json").string(),
                           R"({"name": "g", "op": "gemm", "shape": {"M": 35, "N": 6, "K": 40}})");
    inlay::writeFileAtomic((path / "suite" / "c.json").string(),
                           R"({"name": "c", "op": "conv2d", "shape": {"N": 1, "C": 3, "H": 8, "W": 9, "K": 20,
                               "R": 3, "S": 3}, "pad": [1, 1]})");
    inlay::writeFileAtomic((path / "space.json").string(),
                           R"({"parameters": {"LOG_BLOCK_OUT": [4, 5], "LOG_INP_BUFF_SIZE": [14, 15],
                                              "bus_bytes": [8, 16]}})");
  }
  ~DseDir() { fs::remove_all(path); }
  std::string at(const std::string& name) const { return (path / name).string(); }
};

/// A report's bytes with the timings blanked (results.json's "wall_seconds" and each point's "seconds"; results.csv's
/// last column, the seconds; summary.md's sentence on the time taken, which also gives the job count).
std::string withoutTimings(const std::string& file) {
  const std::string text = inlay::readTextFile(file);
  if (file.ends_with(".json"))
    return std::regex_replace(text, std::regex(R"re("(wall_seconds|seconds)": [0-9.]+)re"), R"("$1": _)");
  if (file.ends_with(".csv")) return std::regex_replace(text, std::regex(R"(,[0-9.]+\n)"), ",_\n");
  return std::regex_replace(text, std::regex(R"(took [0-9.]+ s \(this run: [0-9.]+ s with [0-9]+ job\(s\))"), "took _");
}

/// Whether two output directories hold the same reports, byte for byte apart from the timings (the runs compared use
/// the same job count).
void checkSameReports(const DseDir& d, const std::string& a, const std::string& b) {
  for (const char* f : {"results.json", "results.csv", "summary.md"})
    CHECK(withoutTimings(d.at(a + "/" + f)) == withoutTimings(d.at(b + "/" + f)));
  for (const char* f : {"pareto_sram.svg", "pareto_lanes.svg"})
    CHECK(inlay::readTextFile(d.at(a + "/" + f)) == inlay::readTextFile(d.at(b + "/" + f)));
}

}  // namespace

TEST_CASE("inlay dse: reports, fronts over the complete points, and a resumed run recomputes nothing") {
  DseDir d("inlay_dse_cli_test");
  auto r = runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("out"), "-j", "2"});
  REQUIRE(r.exitCode == 0);
  for (const char* f : {"results.json", "results.csv", "summary.md", "pareto_sram.svg", "pareto_lanes.svg"})
    CHECK(fs::exists(d.path / "out" / f));
  CHECK(r.err.find("[8/8] vta-1x16x32-i15-w18-a17-u15-bus16: ") != std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(inlay::readTextFile(d.at("out/results.json")));
  CHECK(j["format"] == "inlay-dse-results");
  CHECK(j["points"] == 8);
  CHECK(j["valid_points"] == 6);  // INP 2^14 bytes holds fewer elements than ACC with 16 output lanes: invalid
  CHECK(j["complete_points"] == 6);
  CHECK(j["results"][0]["valid"] == false);
  CHECK(j["results"][3]["name"] == "vta-1x16x16-i15-w18-a17-u15-bus16");
  // The fronts hold complete points only, and a wider bus never costs cycles here: the bus-16 points dominate.
  REQUIRE(!j["front_sram"].empty());
  REQUIRE(!j["front_lanes"].empty());
  for (const auto& name : j["front_sram"]) CHECK(name.get<std::string>().ends_with("-bus16"));
  for (const auto& name : j["front_lanes"]) CHECK(name.get<std::string>().ends_with("-bus16"));
  const std::string md = inlay::readTextFile(d.at("out/summary.md"));
  CHECK(md.find("8 points, 6 valid, 6 complete") != std::string::npos);
  CHECK(md.find("- vta-1x16x16-i14-w18-a17-u15-bus8: LOG_INP_BUFF_SIZE: the ACC depth") != std::string::npos);
  const std::string first = withoutTimings(d.at("out/results.json"));
  auto again = runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("out"), "-j", "2"});
  REQUIRE(again.exitCode == 0);
  CHECK(again.err.empty());  // every point came from the store
  CHECK(withoutTimings(d.at("out/results.json")) == first);
}

TEST_CASE("inlay dse: a run into a directory holding half the points computes the other half") {
  DseDir d("inlay_dse_resume_test");
  REQUIRE(runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("single")}).exitCode == 0);
  REQUIRE(runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("out"), "--shard", "1/2"}).exitCode == 0);
  auto rest = runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("out")});
  REQUIRE(rest.exitCode == 0);
  CHECK(rest.err.find("[4/4] vta-1x16x32-i15-w18-a17-u15-bus8: ") != std::string::npos);  // the even points only
  CHECK(rest.err.find("[5/") == std::string::npos);
  checkSameReports(d, "out", "single");
}

TEST_CASE("inlay dse: two shards as concurrent processes, merged, equal one run apart from the timings") {
  DseDir d("inlay_dse_shard_test");
  REQUIRE(runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("single")}).exitCode == 0);
  const std::string shard = std::string(INLAY_BINARY) + " dse " + quoted(d.at("space.json")) + " " +
                            quoted(d.at("suite")) + " 2>/dev/null >/dev/null -o ";
  const std::string both =
      "(" + shard + quoted(d.at("s0")) + " --shard 0/2 & " + shard + quoted(d.at("s1")) + " --shard 1/2 & wait)";
  REQUIRE(std::system(both.c_str()) == 0);
  CHECK(nlohmann::json::parse(inlay::readTextFile(d.at("s0/results.json")))["points"] == 4);
  auto merged = runInlay({"dse", "merge", d.at("space.json"), d.at("suite"), "-o", d.at("merged"), "--from",
                          d.at("s0") + "," + d.at("s1")});
  REQUIRE(merged.exitCode == 0);
  checkSameReports(d, "merged", "single");
  // A merge that lacks a shard says so.
  auto partial =
      runInlay({"dse", "merge", d.at("space.json"), d.at("suite"), "-o", d.at("partial"), "--from", d.at("s0")});
  CHECK(partial.exitCode == 1);
  CHECK(partial.err == "inlay dse merge: the shards hold 4 of the space's 8 points; run the missing shards first\n");
}

TEST_CASE("inlay dse: bad input exits 2 naming the field") {
  DseDir d("inlay_dse_bad_test");
  auto shard = runInlay({"dse", d.at("space.json"), d.at("suite"), "-o", d.at("out"), "--shard", "2/2"});
  CHECK(shard.exitCode == 2);
  CHECK(shard.err == "inlay dse: command line: --shard: expected I/N with 0 <= I < N, got '2/2'\n");
  inlay::writeFileAtomic(d.at("bad.json"), R"({"parameters": {"LOG_BLOK_IN": [4]}})");
  auto bad = runInlay({"dse", d.at("bad.json"), d.at("suite"), "-o", d.at("out")});
  CHECK(bad.exitCode == 2);
  CHECK(bad.err == "inlay dse: " + d.at("bad.json") +
                       ": parameters.LOG_BLOK_IN: unknown field (did you mean "
                       "'LOG_BLOCK_IN'?)\n");
}

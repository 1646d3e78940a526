// End-to-end tests of `inlay embed` (src/cli/cmd_embed.cpp) through the built binary: the --json document's keys,
// the text table, exit 1 with the model's explanation when nothing embeds, and a time limit that is flagged.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inlay/ir/file_io.h"
#include "run_inlay.h"

using inlay_test::runInlay;
namespace fs = std::filesystem;

namespace {

/// A spec file in a fresh temporary directory, removed with the object.
struct SpecFile {
  fs::path dir;
  std::string path;
  SpecFile(const std::string& name, const std::string& text) : dir(fs::temp_directory_path() / name) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = (dir / "op.json").string();
    inlay::writeFileAtomic(path, text);
  }
  ~SpecFile() { fs::remove_all(dir); }
};

std::vector<std::string> keysOf(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

const char* kThreeChannelConv =
    R"({"name": "c3", "op": "conv2d", "shape": {"N": 1, "C": 3, "H": 32, "W": 32, "K": 32, "R": 3, "S": 3},
        "pad": [1, 1]})";

}  // namespace

TEST_CASE("inlay embed --json: one document with the agreed keys, the same from both solvers") {
  SpecFile spec("inlay_embed_cli_json", kThreeChannelConv);
  std::vector<nlohmann::json> docs;
  for (const char* solver : {"gecode", "z3"}) {
    auto r = runInlay({"embed", spec.path, "--solver", solver, "--top", "3", "--json"});
    REQUIRE(r.exitCode == 0);
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
    CHECK(keysOf(j) == std::vector<std::string>{"format", "version", "operator", "isa", "solver", "solve_seconds",
                                                "timed_out", "node_limit_hit", "optimal", "status", "explanation",
                                                "stats", "embeddings"});
    CHECK(j["format"] == "inlay-embed");
    CHECK(j["version"] == 1);
    CHECK(j["operator"] == "c3");
    CHECK(j["isa"] == "vta-default");
    CHECK(j["solver"] == solver);
    CHECK(j["timed_out"] == false);
    CHECK(j["status"] == "feasible");
    REQUIRE(j["embeddings"].size() == 3);
    const nlohmann::ordered_json& best = j["embeddings"][0];
    CHECK(keysOf(best) == std::vector<std::string>{"rank", "objective", "utilization", "roles", "lanes",
                                                   "padding_lanes", "duplication", "masked"});
    CHECK(best["masked"].is_null());
    CHECK(best["rank"] == 1);  // ranks count from 1
    CHECK(j["embeddings"][2]["rank"] == 3);
    CHECK(keysOf(best["roles"]) == std::vector<std::string>{"INP", "WGT"});
    CHECK(best["roles"]["INP"] == "I");
    CHECK(best["roles"]["WGT"] == "F");
    CHECK(best["lanes"]["i"] == nlohmann::json({"c", "r", "s"}));  // channels and filter taps packed together
    CHECK(best["utilization"].get<double>() > 0.84);
    docs.push_back(nlohmann::json(j["embeddings"]));
  }
  CHECK(docs[0] == docs[1]);
}

TEST_CASE("inlay embed: the text table, and exit 1 with the model's reason when nothing embeds") {
  SpecFile spec("inlay_embed_cli_table", kThreeChannelConv);
  auto table = runInlay({"embed", spec.path});
  REQUIRE(table.exitCode == 0);
  CHECK(table.out.find("c3 on vta-default (gecode): 1 embedding(s)") == 0);
  CHECK(table.out.find("(c,r,s)") != std::string::npos);
  CHECK(table.out.find("\nrank  INP  WGT   b ") != std::string::npos);

  SpecFile hadamard("inlay_embed_cli_infeasible", R"({"name": "h", "op": "loopnest", "dims": {"m": 32, "n": 32},
      "reduce": [], "out": {"tensor": "O", "index": ["m", "n"]},
      "inputs": [{"tensor": "X", "index": ["m", "n"]}, {"tensor": "Y", "index": ["m", "n"]}]})");
  for (bool json : {false, true}) {
    std::vector<std::string> args{"embed", hadamard.path};
    if (json) args.push_back("--json");
    auto r = runInlay(args);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("reduction lanes: no reduction dim can feed the intrinsic's reduction lanes i") !=
          std::string::npos);
    if (!json) continue;
    nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["status"] == "infeasible");
    CHECK(j["embeddings"].empty());
    CHECK(j["explanation"] == "reduction lanes: no reduction dim can feed the intrinsic's reduction lanes i");
  }
}

TEST_CASE("inlay embed --time-limit: a limit hit is flagged in the document") {
  SpecFile spec("inlay_embed_cli_limit", kThreeChannelConv);
  auto r = runInlay({"embed", spec.path, "--top", "1000", "--time-limit", "0.000001", "--json"});
  REQUIRE(r.exitCode == 0);  // the best embedding found so far comes back
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["timed_out"] == true);
  CHECK(j["status"] == "unknown");
  CHECK_FALSE(j["embeddings"].empty());
}

TEST_CASE("inlay embed --node-limit: a budget that stops the search before any embedding is exit 1 (issue 11, 7)") {
  SpecFile spec("inlay_embed_cli_budget", kThreeChannelConv);
  auto r = runInlay({"embed", spec.path, "--node-limit", "1", "--json"});
  CHECK(r.exitCode == 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["status"] == "unknown");
  CHECK(j["node_limit_hit"] == true);
  CHECK(j["timed_out"] == false);
  CHECK(j["embeddings"].empty());
  CHECK(j["explanation"] == "node budget reached before any embedding was found");
  CHECK(r.err.find("node budget reached before any embedding was found") != std::string::npos);
  // The same budget gives the same answer every time, and a sufficient one the complete search.
  nlohmann::json again = nlohmann::json::parse(runInlay({"embed", spec.path, "--node-limit", "1", "--json"}).out);
  j.erase("solve_seconds");  // the only field that may differ between runs
  again.erase("solve_seconds");
  CHECK(again == j);
  auto full = runInlay({"embed", spec.path, "--json"});
  CHECK(full.exitCode == 0);
  CHECK(nlohmann::json::parse(full.out)["status"] == "feasible");
}

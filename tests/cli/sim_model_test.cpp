// `inlay sim --model fast` (src/cli/cmd_sim.cpp) through the built binary: the fast performance model's cycles equal
// the simulation's on a generated program, in the text and the --json document; --verify with it is a usage error.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gen_program.h"
#include "run_inlay.h"

using inlay_test::runInlay;

namespace {

std::vector<std::string> keysOf(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

}  // namespace

TEST_CASE("inlay sim --model fast predicts the simulated cycles, in text and --json") {
  inlay_test::GeneratedProgram program("sim_model");
  REQUIRE(program.generated.exitCode == 0);
  const auto simulated = runInlay({"sim", program.dir.string(), "--json"});
  REQUIRE(simulated.exitCode == 0);
  const nlohmann::ordered_json stats = nlohmann::ordered_json::parse(simulated.out)["stats"];

  const auto r = runInlay({"sim", program.dir.string(), "--model", "fast", "--json"});
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.empty());
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  CHECK(keysOf(j) == std::vector<std::string>{"format", "version", "dir", "model", "prediction", "fault",
                                              "violation_count", "violations"});
  CHECK(j["format"] == "inlay-sim");
  CHECK(j["model"] == "fast");
  CHECK(j["fault"].is_null());
  CHECK(j["violation_count"] == 0);
  const nlohmann::ordered_json& p = j["prediction"];
  CHECK(keysOf(p) == std::vector<std::string>{"cycles", "busy_cycles", "instructions", "stepped_instructions",
                                              "regions", "extrapolations"});
  CHECK(p["cycles"] == stats["cycles"]);
  CHECK(p["busy_cycles"] == stats["busy_cycles"]);
  CHECK(p["instructions"] == stats["instructions"]);
  CHECK(p["stepped_instructions"].get<int64_t>() <= p["instructions"].get<int64_t>());

  const auto text = runInlay({"sim", program.dir.string(), "--model", "fast"});
  CHECK(text.exitCode == 0);
  CHECK(text.out.rfind("cycles        " + std::to_string(stats["cycles"].get<int64_t>()) + " (fast model)\n", 0) == 0);
  CHECK(text.out.find("\nmodel         ") != std::string::npos);
}

TEST_CASE("inlay sim --model fast --verify and an unknown model are usage errors (exit 2)") {
  inlay_test::GeneratedProgram program("sim_model_bad");
  REQUIRE(program.generated.exitCode == 0);
  const auto r = runInlay({"sim", program.dir.string(), "--model", "fast", "--verify"});
  CHECK(r.exitCode == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "inlay sim: command line: --verify: needs --model sim: the fast model times a program, it does not run it\n");
  const auto unknown = runInlay({"sim", program.dir.string(), "--model", "slow"});
  CHECK(unknown.exitCode == 2);
  CHECK(unknown.err.find("--model") != std::string::npos);
}

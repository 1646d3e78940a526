// End-to-end tests of `inlay sim` (src/cli/cmd_sim.cpp) through the built binary on a program `inlay gen` wrote:
// the --json document, --verify, and a program whose instruction stream faults (exit 1, naming the instruction).
#include <doctest/doctest.h>

#include <filesystem>
#include <variant>

#include <nlohmann/json.hpp>

#include "gen_program.h"
#include "inlay/program/program_io.h"
#include "run_inlay.h"

using inlay_test::runInlay;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> keysOf(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

/// Copies the program with the SRAM base of its first LOAD INP moved to the INP depth, one past the last element:
/// a well-formed instruction word that faults when it runs. Returns that instruction's index.
size_t writeFaultingCopy(const fs::path& from, const fs::path& to) {
  inlay::Program p = inlay::readProgramDir(from.string());
  for (size_t i = 0; i < p.insns.size(); ++i) {
    auto* load = std::get_if<inlay::MemInsn>(&p.insns[i]);
    if (!load || load->opcode != inlay::Opcode::Load || load->memType != inlay::MemType::Inp) continue;
    load->sramBase = static_cast<uint32_t>(p.isa.inpDepth());
    inlay::writeProgramDir(p, to.string());
    return i;
  }
  FAIL("the generated program has no LOAD INP");
  return 0;
}

}  // namespace

TEST_CASE("inlay sim --json reports the statistics of a generated program; --verify passes") {
  inlay_test::GeneratedProgram program("sim_cli");
  REQUIRE(program.generated.exitCode == 0);

  const auto r = runInlay({"sim", program.dir.string(), "--json"});
  REQUIRE(r.exitCode == 0);
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  CHECK(keysOf(j) == std::vector<std::string>{"format", "version", "dir", "stats", "fault", "violation_count",
                                              "violations", "verify"});
  CHECK(j["format"] == "inlay-sim");
  CHECK(j["version"] == 1);
  CHECK(j["verify"].is_null());
  CHECK(j["dir"] == program.dir.string());
  CHECK(j["fault"].is_null());
  CHECK(j["violation_count"] == 0);
  CHECK(j["violations"] == json::array());
  CHECK(keysOf(j["stats"]) == std::vector<std::string>{"cycles", "busy_cycles", "instructions", "gemm_uops",
                                                       "reset_uops", "alu_uops", "dma_bytes", "hazards", "macs",
                                                       "utilization"});
  CHECK(keysOf(j["stats"]["dma_bytes"]) == std::vector<std::string>{"UOP", "WGT", "INP", "ACC", "OUT", "ACC_8BIT"});
  CHECK(j["stats"]["utilization"].get<double>() ==
        doctest::Approx(16.0 * 3 * 32 / (j["stats"]["gemm_uops"].get<double>() * 256)));
  CHECK(j["stats"]["cycles"].get<int64_t>() > 0);
  CHECK(j["stats"]["macs"] == 16 * 3 * 32);
  CHECK(j["stats"]["gemm_uops"].get<int64_t>() > 0);

  const auto v = runInlay({"sim", program.dir.string(), "--verify"});
  CHECK(v.exitCode == 0);
  CHECK(v.out.find("verified      yes (seed 1)\n") != std::string::npos);
  CHECK(v.err.empty());

  const auto vj = runInlay({"sim", program.dir.string(), "--verify", "--seed", "7", "--json"});
  CHECK(vj.exitCode == 0);
  const json verify = json::parse(vj.out)["verify"];
  CHECK(verify["verified"] == true);
  CHECK(verify["seed"] == 7);
  CHECK(verify["mismatches"] == 0);
  CHECK(verify["first_mismatch"].is_null());
  CHECK(vj.out.find("utilization") != std::string::npos);
  CHECK(v.out.find("\nutilization   ") != std::string::npos);
}

TEST_CASE("inlay sim: a faulting instruction stream exits 1 with a message naming the instruction") {
  inlay_test::GeneratedProgram program("sim_fault");
  REQUIRE(program.generated.exitCode == 0);
  const fs::path faulty = program.root / "faulty";
  const size_t insn = writeFaultingCopy(program.dir, faulty);
  const std::string named = "insn " + std::to_string(insn) + " (LOAD INP sram_base=2048 ";

  // The program checks name it before it runs; then the simulator faults on it.
  const auto r = runInlay({"sim", faulty.string()});
  CHECK(r.exitCode == 1);
  const std::string violation = "inlay sim: " + faulty.string() + ": " + named;
  CHECK_MESSAGE(r.err.rfind(violation, 0) == 0, r.err);
  CHECK(r.err.find("): [dma-sram] LOAD INP SRAM elements [2048, 2054) beyond the depth 2048\ninlay sim: fault: " +
                   named) != std::string::npos);
  CHECK(r.err.find("beyond the INP depth 2048\ninlay sim: protocol violations: 1\n") != std::string::npos);

  const auto unchecked = runInlay({"sim", faulty.string(), "--no-check"});
  CHECK(unchecked.exitCode == 1);
  CHECK_MESSAGE(unchecked.err.rfind("inlay sim: fault: " + named, 0) == 0, unchecked.err);
  CHECK(unchecked.err.find("beyond the INP depth 2048") != std::string::npos);

  const auto j = runInlay({"sim", faulty.string(), "--verify", "--json"});
  CHECK(j.exitCode == 1);
  const json doc = json::parse(j.out);
  CHECK(doc["fault"]["kind"] == "out_of_bounds");
  CHECK(doc["fault"]["insn"] == insn);
  CHECK(doc["fault"]["message"].get<std::string>().rfind(named, 0) == 0);
  CHECK(doc["verify"]["verified"] == false);
}

TEST_CASE("inlay sim --base ADDR runs the program relocated to ADDR: the same statistics; unusable bases exit 2") {
  inlay_test::GeneratedProgram program("sim_base");
  REQUIRE(program.generated.exitCode == 0);
  const std::string dir = program.dir.string();
  const auto atZero = runInlay({"sim", dir, "--json"});
  REQUIRE(atZero.exitCode == 0);
  const auto moved = runInlay({"sim", dir, "--json", "--base", "268435456"});  // 256 MiB
  CHECK(moved.exitCode == 0);
  CHECK(moved.out == atZero.out);  // the same document: cycles, busy cycles, DMA bytes, ...
  const auto verified = runInlay({"sim", dir, "--verify", "--base", "268435456"});
  CHECK(verified.exitCode == 0);
  CHECK(verified.out.find("verified      yes (seed 1)\n") != std::string::npos);

  const std::vector<std::pair<std::string, std::string>> bad{
      {"-4096", "must not be negative, got -4096"},
      {"4100", "4100 is not a multiple of the 16-byte INP element that instruction"},
      {"17179869184", "17179869184 moves the dram_base of instruction"},
  };
  for (const auto& [base, message] : bad) {
    CAPTURE(base);
    const auto r = runInlay({"sim", dir, "--base", base});
    CHECK(r.exitCode == 2);
    CHECK_MESSAGE(r.err.rfind("inlay sim: command line: --base: " + message, 0) == 0, r.err);
    CHECK(r.out.empty());
  }
}

// `inlay sim` as a judge of any program (issue 11, 11): hand-assembled program directories (tests/sim/
// k_split_program.h) that each break one rule of VTA's protocol — a missing WAR token, a missing RAW token, FINISH
// not ordered after the last STORE, unbalanced tokens, a set unused bit. Each exits 1 naming its violation on stderr
// and in --json, and is never "verified", even where the simulated output matches; --no-check restores the plain run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/ir/file_io.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/insn_text.h"
#include "run_inlay.h"
#include "sim/k_split_program.h"

using inlay_test::runInlay;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace inlay::test;

namespace {

/// A scratch directory for the program directories of one test, removed at scope exit.
struct Scratch {
  fs::path root = fs::temp_directory_path() / ("inlay_sim_protocol_" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Scratch() { fs::remove_all(root); }
  std::string write(const std::string& name, const inlay::Program& p) const {
    const fs::path dir = root / name;
    inlay::writeProgramDir(p, dir.string());
    return dir.string();
  }
};

/// The stderr line of one violation at instruction `insn` of `p`.
std::string violationLine(const std::string& dir, const inlay::Program& p, int64_t insn, const std::string& rest) {
  return "inlay sim: " + dir + ": insn " + std::to_string(insn) + " (" +
         inlay::describeInsn(p.insns[static_cast<size_t>(insn)]) + "): " + rest + "\n";
}

/// The GEMM kGemm0 of the K-split program with bit 63 set in insns.bin, which no GEMM field uses.
std::string writeUnusedBit(const Scratch& s) {
  const std::string dir = s.write("unused_bit", kSplitProgram());
  std::vector<uint8_t> insns = inlay::readBinaryFile(dir + "/insns.bin");
  insns[kGemm0 * 16 + 7] |= 0x80;
  inlay::writeFileAtomic(dir + "/insns.bin", insns);
  return dir;
}

}  // namespace

TEST_CASE("inlay sim: the clean hand-assembled program verifies with no violation") {
  Scratch s;
  const std::string dir = s.write("clean", kSplitProgram());
  const auto r = runInlay({"sim", dir, "--verify"});
  CHECK(r.exitCode == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("verified      yes (seed 1)\n") != std::string::npos);
  const auto j = runInlay({"sim", dir, "--verify", "--json"});
  CHECK(j.exitCode == 0);
  const json doc = json::parse(j.out);
  CHECK(doc["violation_count"] == 0);
  CHECK(doc["violations"] == json::array());
  CHECK(doc["verify"]["verified"] == true);
}

TEST_CASE("inlay sim: each protocol violation is named, exits 1 and is never verified") {
  Scratch s;
  struct Case {
    const char* what;
    std::string dir;
    inlay::Program program;  // as written (before any bit is flipped in its files)
    json violation;          // {insn, rule, detail}
    bool outputMatches;      // under the timed schedule, on seed 1
  };
  const std::vector<Case> cases{
      {"missing WAR token",
       s.write("war", kSplitMissingWar()),
       kSplitMissingWar(),
       {{"insn", kLoadInp1},
        {"rule", "race"},
        {"detail",
         "write after read on INP[0]: insn 3 (compute) reads it first, and no g2l token orders that read before "
         "this write (a missing WAR token)"}},
       true},
      {"missing RAW token",
       s.write("raw", kSplitMissingRaw()),
       kSplitMissingRaw(),
       {{"insn", kGemm0},
        {"rule", "race"},
        {"detail",
         "read after write on INP[0]: insn 1 (load) writes it first, and no l2g token orders that write before this "
         "read (a missing RAW token)"}},
       false},
      {"FINISH before the last STORE",
       s.write("finish", kSplitFinishBeforeStore()),
       kSplitFinishBeforeStore(),
       {{"insn", kFinish},
        {"rule", "finish"},
        {"detail",
         "FINISH may start before store insn 10 completes: no chain of tokens orders it after that instruction"}},
       true},
      {"unbalanced tokens",
       s.write("unbalanced", kSplitUnbalanced()),
       kSplitUnbalanced(),
       {{"insn", nullptr}, {"rule", "token-balance"}, {"detail", "g2l: 2 pushes, 1 pop"}},
       true},
      {"a set unused bit",
       writeUnusedBit(s),
       kSplitProgram(),
       {{"insn", kGemm0}, {"rule", "unused-bits"}, {"detail", "bit 63 is set, but no field uses it (VTA ignores it)"}},
       true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const json& v = c.violation;
    const std::string line =
        v["insn"].is_null() ? "inlay sim: " + c.dir + ": program: [" + v["rule"].get<std::string>() + "] " +
                                  v["detail"].get<std::string>() + "\n"
                            : violationLine(c.dir, c.program, v["insn"].get<int64_t>(),
                                            "[" + v["rule"].get<std::string>() + "] " + v["detail"].get<std::string>());

    const auto plain = runInlay({"sim", c.dir});
    CHECK(plain.exitCode == 1);
    CHECK(plain.err == line + "inlay sim: protocol violations: 1\n");
    CHECK(plain.out.find("cycles        ") == 0);

    const auto verify = runInlay({"sim", c.dir, "--verify"});
    CHECK(verify.exitCode == 1);
    if (c.outputMatches) {
      CHECK(verify.err == line + "inlay sim: protocol violations: 1\n");
      CHECK(verify.out.find("verified      no: 1 protocol violation (the output matched the reference on seed 1)\n") !=
            std::string::npos);
    } else {
      CHECK(verify.err == line + "inlay sim: protocol violations: 1\ninlay sim: verification failed\n");
      CHECK(verify.out.find("verified      no: 1 protocol violation; ") != std::string::npos);
    }

    const auto j = runInlay({"sim", c.dir, "--verify", "--json"});
    CHECK(j.exitCode == 1);
    const json doc = json::parse(j.out);
    CHECK(doc["violation_count"] == 1);
    CHECK(doc["violations"] == json::array({v}));
    CHECK(doc["fault"].is_null());
    CHECK(doc["verify"]["verified"] == false);
    CHECK((doc["verify"]["mismatches"] == 0) == c.outputMatches);

    // --no-check: the plain simulation, which only the output can fail.
    const auto unchecked = runInlay({"sim", c.dir, "--verify", "--no-check", "--json"});
    CHECK(unchecked.exitCode == (c.outputMatches ? 0 : 1));
    const json u = json::parse(unchecked.out);
    CHECK(u["violation_count"].is_null());
    CHECK(u["violations"].is_null());
    CHECK(u["verify"]["verified"] == c.outputMatches);
  }
}

TEST_CASE("inlay sim: at most 100 violations are listed, and all are counted") {
  Scratch s;
  inlay::Program p = kSplitProgram();
  inlay::MemInsn nop;  // a load-module NOP: x_size 0
  p.insns.insert(p.insns.begin(), 120, nop);
  const std::string dir = s.write("many", p);
  std::vector<uint8_t> insns = inlay::readBinaryFile(dir + "/insns.bin");
  for (size_t i = 0; i < 120; ++i) insns[i * 16 + 7] |= 0x40;  // bit 62
  inlay::writeFileAtomic(dir + "/insns.bin", insns);

  const auto r = runInlay({"sim", dir});
  CHECK(r.exitCode == 1);
  const std::string last =
      violationLine(dir, p, 99, "[unused-bits] bit 62 is set, but no field uses it (VTA ignores it)");
  CHECK(r.err.find(last + "inlay sim: " + dir + ": 20 more protocol violations not listed\n" +
                   "inlay sim: protocol violations: 120\n") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 102);

  const json doc = json::parse(runInlay({"sim", dir, "--json"}).out);
  CHECK(doc["violation_count"] == 120);
  CHECK(doc["violations"].size() == 100);
  CHECK(doc["violations"][99] == json{{"insn", 99},
                                      {"rule", "unused-bits"},
                                      {"detail", "bit 62 is set, but no field uses it (VTA ignores it)"}});
}

// The `inlay` driver: --version, --help on every command, usage errors with exit 2, and `inlay show` output.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "run_inlay.h"

using inlay_test::runInlay;

namespace {
const std::string kSource = INLAY_SOURCE_DIR;
const std::string kReadme = kSource + "/README.md";  // an existing regular file
}  // namespace

TEST_CASE("--version and --help") {
  auto v = runInlay({"--version"});
  CHECK(v.exitCode == 0);
  CHECK(v.out.rfind("inlay ", 0) == 0);
  auto h = runInlay({"--help"});
  CHECK(h.exitCode == 0);
  for (const char* cmd : {"embed", "gen", "sim", "run", "bench", "show"}) {
    CAPTURE(cmd);
    CHECK(h.out.find(std::string("  ") + cmd + " ") != std::string::npos);
    auto c = runInlay({cmd, "--help"});
    CHECK(c.exitCode == 0);
    CHECK(c.out.rfind(std::string("usage: inlay ") + cmd, 0) == 0);
    CHECK(c.out.find("-h, --help") != std::string::npos);
  }
  CHECK(runInlay({}).exitCode == 2);
}

TEST_CASE("usage errors exit 2 and name the option") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"frobnicate"}, "inlay: unknown command 'frobnicate' (see inlay --help)\n"},
      {{"embed"}, "inlay embed: command line: OP.json: missing argument (see inlay embed --help)\n"},
      {{"embed", "x.json", "--top", "0"}, "inlay embed: command line: --top: must be positive, got 0\n"},
      {{"embed", "x.json", "--solver", "cplex"},
       "inlay embed: command line: --solver: expects one of gecode, z3, got 'cplex'\n"},
      {{"embed", "x.json", "--time-limit", "soon"},
       "inlay embed: command line: --time-limit: expects a number, got 'soon'\n"},
      {{"gen", "x.json"}, "inlay gen: command line: --out: is required (see inlay gen --help)\n"},
      {{"sim", "dir", "--seed", "1.5"}, "inlay sim: command line: --seed: expects an integer, got '1.5'\n"},
      {{"bench", "-j", "0", "suite"}, "inlay bench: command line: --jobs: must be positive, got 0\n"},
      {{"show", "a.json", "b.json"}, "inlay show: command line: too many arguments (see inlay show --help)\n"},
      {{"show", "a.json", "--bogus"}, "inlay show: command line: --bogus: unrecognised option '--bogus'\n"},
      // -o is checked before anything is read or computed: a path that cannot be written is a usage error.
      {{"gen", "x.json", "-o", ""}, "inlay gen: command line: --out: expects a directory name, got ''\n"},
      {{"gen", "x.json", "-o", kReadme},
       "inlay gen: command line: --out: '" + kReadme + "' exists and is not a directory\n"},
      {{"gen", "x.json", "-o", kReadme + "/dir"},
       "inlay gen: command line: --out: '" + kReadme + "' exists and is not a directory (in '" + kReadme + "/dir')\n"},
      {{"show", "x.json", "-o", "/nonexistent/dir/x.json"},
       "inlay show: command line: --out: the directory '/nonexistent/dir' of '/nonexistent/dir/x.json' does not "
       "exist\n"},
      {{"show", "x.json", "-o", ""}, "inlay show: command line: --out: expects a file name, got ''\n"},
      {{"show", "x.json", "-o", kSource}, "inlay show: command line: --out: '" + kSource + "' is a directory\n"},
      {{"bench", "suite", "--out", kReadme},
       "inlay bench: command line: --out: '" + kReadme + "' exists and is not a directory\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    auto r = runInlay(c.args);
    CHECK(r.exitCode == 2);
    CHECK(r.err == c.message);
  }
}

TEST_CASE("inlay show prints the lowered IR and writes the loopnest form") {
  auto r = runInlay({"show", kSource + "/operators/examples/ds_conv1.json"});
  CHECK(r.exitCode == 0);
  CHECK(r.out.rfind("ds_conv1 (conv2d): 86204800 MACs\n"
                    "  for n < 1, k < 32, p < 79, q < 341, c < 1, r < 5, s < 20 (reduce c, r, s)\n"
                    "  O[n, k, p, q] += I[n, c, 2*p + r, 2*q + s] * F[k, c, r, s]\n",
                    0) == 0);
  CHECK(r.out.find("isa vta-default: GEMM 1x16x16") != std::string::npos);

  auto out = std::filesystem::temp_directory_path() / ("inlay_show_" + std::to_string(::getpid()) + ".json");
  auto j = runInlay({"show", kSource + "/operators/examples/dilated.json", "--isa", kSource + "/isa/vta-1x8x8.json",
                     "--json", "-o", out.string()});
  CHECK(j.exitCode == 0);
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["operators"][0]["macs"] == 460800);
  CHECK(doc["isa_derived"]["block_in"] == 8);
  CHECK(doc["isa_derived"]["wgt_elem_bytes"] == 64);
  auto written = nlohmann::json::parse(inlay_test::slurp(out));
  CHECK(written["operators"][0]["inputs"][0]["index"][2] == "p + 2*r - 1");
  std::filesystem::remove(out);
  // The written loopnest form is itself a valid spec with the same IR.
  auto again = runInlay({"show", kSource + "/operators/examples/dilated.json"});
  CHECK(again.exitCode == 0);
}

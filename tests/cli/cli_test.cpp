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
      // "did you mean": the closest command, option or choice within a few edits.
      {{"embd"}, "inlay: unknown command 'embd'; did you mean 'embed'?\n"},
      {{"bnech", "suite"}, "inlay: unknown command 'bnech'; did you mean 'bench'?\n"},
      {{"--verison"}, "inlay: unknown option '--verison'; did you mean '--version'?\n"},
      {{"-x"}, "inlay: unknown option '-x' (see inlay --help)\n"},
      {{"run", "x.json", "--stratgy", "csp"},
       "inlay run: command line: --stratgy: unknown option; did you mean '--strategy'?\n"},
      {{"run", "x.json", "--stratgy=csp"},
       "inlay run: command line: --stratgy: unknown option; did you mean '--strategy'?\n"},
      {{"embed", "x.json", "--to", "3"}, "inlay embed: command line: --to: unknown option; did you mean '--top'?\n"},
      {{"run", "x.json", "-x"}, "inlay run: command line: -x: unknown option (see inlay run --help)\n"},
      {{"run", "x.json", "--strategy", "cps"},
       "inlay run: command line: --strategy: expects one of csp, fixed, reference, got 'cps'; did you mean 'csp'?\n"},
      {{"gen", "x.json", "-o", "dir", "--solver", "z4"},
       "inlay gen: command line: --solver: expects one of gecode, z3, got 'z4'; did you mean 'z3'?\n"},
      {{"gen", "x.json", "-o", "dir", "--time-limit", "0"},
       "inlay gen: command line: --time-limit: must be positive, got 0\n"},
      {{"bench", "suite", "--strategy", "csp,refrence"},
       "inlay bench: command line: --strategy: expects a comma-separated subset of csp, fixed, reference, got "
       "'csp,refrence'; did you mean 'reference'?\n"},
      {{"bench", "suite", "--strategy", "csp,"},
       "inlay bench: command line: --strategy: expects a comma-separated subset of csp, fixed, reference, got "
       "'csp,'\n"},
      {{"bench", "suite", "--strategy", "csp,fixed,csp"},
       "inlay bench: command line: --strategy: names 'csp' twice in 'csp,fixed,csp'\n"},
      // --isa NAME: a shipped ISA; anything else without '/' or ".json" is an unknown name.
      {{"show", kSource + "/operators/examples/ds_conv1.json", "--isa", "vta-1x8x"},
       "inlay show: command line: --isa: unknown ISA 'vta-1x8x'; did you mean 'vta-1x8x8'? (shipped ISAs: vta-1x32x32, "
       "vta-1x8x8, vta-2x16x16, vta-default; an ISA file is named by a path or a name ending in .json)\n"},
      {{"run", kSource + "/operators/examples/ds_conv1.json", "--isa", "tpu"},
       "inlay run: command line: --isa: unknown ISA 'tpu' (shipped ISAs: vta-1x32x32, vta-1x8x8, vta-2x16x16, "
       "vta-default; an ISA file is named by a path or a name ending in .json)\n"},
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
      {{"show", "a.json", "--bogus"}, "inlay show: command line: --bogus: unknown option (see inlay show --help)\n"},
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
  auto doc = nlohmann::ordered_json::parse(j.out);
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "version", "file", "operators", "isa", "isa_derived"});
  CHECK(doc["format"] == "inlay-show");
  CHECK(doc["version"] == 1);
  CHECK(doc["operators"][0]["macs"] == 460800);
  CHECK(doc["isa_derived"]["block_in"] == 8);
  CHECK(doc["isa_derived"]["elem_bytes"].dump() == R"({"INP":8,"WGT":64,"ACC":32,"OUT":8})");
  CHECK(doc["isa_derived"]["depth"].dump() == R"({"UOP":8192,"INP":2048,"WGT":1024,"ACC":2048})");
  CHECK(doc["isa_derived"]["field_bits"].dump() ==
        R"({"uop_bgn":13,"uop_end":14,"uop_src":11,"index":{"INP":11,"WGT":10,"ACC":11}})");
  auto written = nlohmann::json::parse(inlay_test::slurp(out));
  CHECK(written["operators"][0]["inputs"][0]["index"][2] == "p + 2*r - 1");
  std::filesystem::remove(out);
  // The written loopnest form is itself a valid spec with the same IR.
  auto again = runInlay({"show", kSource + "/operators/examples/dilated.json"});
  CHECK(again.exitCode == 0);
}

TEST_CASE("--isa NAME loads a shipped ISA from any working directory; a path or a .json name is a file") {
  const std::string spec = kSource + "/operators/examples/ds_conv1.json";
  const std::string line =
      "isa vta-1x8x8: GEMM 1x8x8 (acc[b,o] += inp[b,i] * wgt[o,i]); INP 2048 x 8 B, WGT 1024 x 64 B, "
      "ACC 2048 x 32 B, UOP 8192; bus 8 B/cycle at 100 MHz\n";
  const auto tmp = std::filesystem::temp_directory_path().string();
  for (const std::string& cwd : {kSource, tmp}) {
    CAPTURE(cwd);
    auto named = runInlay({"show", spec, "--isa", "vta-1x8x8"}, cwd);
    CHECK(named.exitCode == 0);
    CHECK(named.out.find(line) != std::string::npos);
  }
  auto file = runInlay({"show", spec, "--isa", kSource + "/isa/vta-1x8x8.json"});
  CHECK(file.exitCode == 0);
  CHECK(file.out.find(line) != std::string::npos);
  auto relative = runInlay({"show", spec, "--isa", "vta-1x8x8.json"}, kSource + "/isa");  // a .json name is a file
  CHECK(relative.exitCode == 0);
  CHECK(relative.out.find(line) != std::string::npos);
  auto missing = runInlay({"show", spec, "--isa", "vta-1x8x8.json"}, tmp);
  CHECK(missing.exitCode == 2);
  CHECK(missing.err.rfind("inlay show: vta-1x8x8.json: ", 0) == 0);
}

TEST_CASE("inlay gen --solver and --time-limit reach the solver") {
  namespace fs = std::filesystem;
  const std::string spec = kSource + "/operators/examples/ds_conv1.json";
  const fs::path root = fs::temp_directory_path() / ("inlay_gen_solver_" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto gecode = runInlay({"gen", spec, "-o", (root / "gecode").string()});
  auto z3 = runInlay({"gen", spec, "-o", (root / "z3").string(), "--solver", "z3", "--time-limit", "30"});
  auto limited = runInlay({"gen", spec, "-o", (root / "limited").string(), "--time-limit", "0.000001"});
  auto fixed = runInlay({"gen", spec, "-o", (root / "fixed").string(), "--strategy", "fixed", "--solver", "z3"});
  const std::string shape = ": ds_conv1 on vta-default, strategy csp (solver ";
  CHECK(gecode.exitCode == 0);
  CHECK(gecode.out.find(shape + "gecode), ") != std::string::npos);
  CHECK(gecode.out.find("time limit") == std::string::npos);
  CHECK(z3.exitCode == 0);
  CHECK(z3.out.find(shape + "z3), ") != std::string::npos);
  // Both solvers find the same embeddings, so the programs are byte-identical.
  for (const char* file : {"manifest.json", "insns.bin", "uops.bin"})
    CHECK(inlay_test::slurp(root / "gecode" / file) == inlay_test::slurp(root / "z3" / file));
  CHECK(limited.exitCode == 0);  // the best embeddings found so far
  CHECK(limited.out.find(" (a solver limit stopped the search: the best embeddings found so far)\n") !=
        std::string::npos);
  CHECK(fixed.exitCode == 0);
  CHECK(fixed.out.find(", strategy fixed, ") != std::string::npos);  // no solver runs
  fs::remove_all(root);
}

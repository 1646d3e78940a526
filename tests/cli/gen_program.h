// A small program directory written by the built `inlay gen` for the tests of `inlay sim`: C[16,3] = A[16,32]·B[32,3]
// (gemm M=16, N=3, K=32) with the fixed strategy, so that no solver runs. Removed at scope exit.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "inlay/ir/file_io.h"
#include "run_inlay.h"

namespace inlay_test {

struct GeneratedProgram {
  std::filesystem::path root;  // holds the spec, the program and any copies a test makes
  std::filesystem::path dir;   // the program directory
  RunResult generated;         // the `inlay gen` run: exit code 0 expected

  /// `extraArgs` go to `inlay gen` (e.g. {"--emit-data", "7"}).
  explicit GeneratedProgram(const std::string& tag, const std::vector<std::string>& extraArgs = {})
      : root(std::filesystem::temp_directory_path() / ("inlay_" + tag + "_" + std::to_string(::getpid()))),
        dir(root / "program") {
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    const std::string spec = (root / "g.json").string();
    inlay::writeFileAtomic(spec, R"({"name": "g", "op": "gemm", "shape": {"M": 16, "N": 3, "K": 32}})");
    std::vector<std::string> args{"gen", spec, "--strategy", "fixed", "-o", dir.string()};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    generated = runInlay(args);
  }
  ~GeneratedProgram() { std::filesystem::remove_all(root); }
};

}  // namespace inlay_test

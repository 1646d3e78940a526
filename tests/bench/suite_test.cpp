// Tests of suite loading (bench/suite.h): files, directories in sorted order, and the errors.
#include <doctest/doctest.h>

#include <filesystem>

#include "inlay/bench/suite.h"
#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"

using namespace inlay;

namespace {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) : path(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path / "sub");
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name, const std::string& text) const {
    writeFileAtomic((path / name).string(), text);
    return (path / name).string();
  }
};

std::string gemm(const std::string& name) {
  return R"({"name": ")" + name + R"(", "op": "gemm", "shape": {"M": 16, "N": 2, "K": 32}})";
}

}  // namespace

TEST_CASE("suite: a directory contributes its specs sorted by path; a suite file keeps its order") {
  TempDir dir("inlay_suite_test");
  dir.file("b.json", gemm("b"));
  dir.file("sub/a.json", gemm("sub_a"));
  dir.file("a.json", R"({"operators": [)" + gemm("z") + ", " + gemm("y") + "]}");
  dir.file("notes.txt", "not a spec");
  std::vector<SuiteKernel> kernels = loadSuites({dir.path.string()});
  REQUIRE(kernels.size() == 4);
  CHECK(kernels[0].op.name == "z");
  CHECK(kernels[1].op.name == "y");
  CHECK(kernels[2].op.name == "b");
  CHECK(kernels[3].op.name == "sub_a");
  CHECK(kernels[3].source == (dir.path / "sub" / "a.json").string());
}

TEST_CASE("suite: errors name the path") {
  TempDir dir("inlay_suite_errors");
  std::string missing = (dir.path / "missing.json").string();
  CHECK_THROWS_WITH_AS(loadSuites({missing}), (missing + ": no such file or directory").c_str(), InputError);
  std::string empty = (dir.path / "sub").string();
  CHECK_THROWS_WITH_AS(loadSuites({empty}), (empty + ": no operator specs (*.json) in this directory").c_str(),
                       InputError);
  std::string one = dir.file("one.json", gemm("same"));
  std::string two = dir.file("two.json", gemm("same"));
  CHECK_THROWS_WITH_AS(
      loadSuites({one, two}),
      (two + ": kernel name 'same' is also used in " + one + "; kernel names must be unique within a benchmark")
          .c_str(),
      InputError);
}

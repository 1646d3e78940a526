// The DeepBench corpus (operators/deepbench): every inference GEMM and convolution of the source data
// (data/deepbench_inference.json) has exactly one spec file, which parses and whose MAC count matches M·N·K or
// N·K·C·R·S·P·Q (DeepBench's P = output width, Q = output height) and the published FLOPs / 2.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "inlay/ir/spec_reader.h"

using namespace inlay;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(INLAY_SOURCE_DIR) + "/operators/deepbench/";

std::string setName(const std::string& s) { return s == "inference_server" ? "server" : "device"; }

std::string index3(int i) {
  std::string s = std::to_string(i);
  return std::string(3 - s.size(), '0') + s;
}

}  // namespace

TEST_CASE("every DeepBench inference kernel has a spec with the right MAC count") {
  std::ifstream in(std::string(INLAY_SOURCE_DIR) + "/data/deepbench_inference.json");
  REQUIRE(in);
  nlohmann::json data = nlohmann::json::parse(in);
  size_t checked = 0;
  for (const auto& k : data["gemm"]) {
    std::string name = "gemm_" + setName(k["set"]) + "_" + index3(k["index"]) + "_M" + std::to_string(int64_t(k["M"])) +
                       "_N" + std::to_string(int64_t(k["N"])) + "_K" + std::to_string(int64_t(k["K"]));
    CAPTURE(name);
    auto ops = readOperatorFile(kDir + name + ".json");
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].name == name);
    CHECK(ops[0].macs() == int64_t(k["M"]) * int64_t(k["N"]) * int64_t(k["K"]));
    CHECK(ops[0].macs() * 2 == int64_t(k["flops"]));
    ++checked;
  }
  for (const auto& k : data["conv"]) {
    int64_t N = k["N"], C = k["C"], H = k["H"], W = k["W"], K = k["K"], R = k["R_filter_h"], S = k["S_filter_w"];
    int64_t P = k["out_w_P"], Q = k["out_h_Q"];
    std::string name = "conv_" + setName(k["set"]) + "_" + index3(k["index"]) + "_N" + std::to_string(N) + "_C" +
                       std::to_string(C) + "_H" + std::to_string(H) + "_W" + std::to_string(W) + "_K" +
                       std::to_string(K) + "_R" + std::to_string(R) + "_S" + std::to_string(S);
    CAPTURE(name);
    auto ops = readOperatorFile(kDir + name + ".json");
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].macs() == N * K * C * R * S * P * Q);
    CHECK(ops[0].macs() * 2 == int64_t(k["flops"]));
    // Inlay's output is O[n, k, p, q] with p the row (DeepBench's Q) and q the column (DeepBench's P).
    CHECK(ops[0].out.shape == std::vector<int64_t>{N, K, Q, P});
    ++checked;
  }
  CHECK(checked == 211);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kDir)) files += entry.path().extension() == ".json";
  CHECK(files == 211);
}

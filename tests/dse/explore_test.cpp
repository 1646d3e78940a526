// Evaluating design points (dse/explore.h) and storing them (dse/store.h): sums equal the benchmark runner's rows,
// points round-trip through their files, and a store of another run is refused.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/bench/runner.h"
#include "inlay/dse/store.h"
#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"

using namespace inlay;
namespace fs = std::filesystem;

namespace {

std::vector<SuiteKernel> smallSuite() {
  return {{gemmOperator(35, 6, 40, 0, "g"), "s"},
          {conv2dOperator({.N = 1, .C = 3, .H = 8, .W = 9, .K = 20, .R = 3, .S = 3, .padH = 1, .padW = 1}, "c"), "s"}};
}

DseSpace busSpace() { return parseDseSpace(R"({"parameters": {"bus_bytes": [8, 16]}})", "space.json"); }

}  // namespace

TEST_CASE("dse explore: a point's totals are the sums of its kernels' csp and reference cycles") {
  const std::vector<DsePoint> points = enumeratePoints(busSpace());
  DseOptions options;
  const PointResult r = evaluatePoint(points[1], smallSuite(), options);
  BenchOptions bench;
  bench.run.isa = *points[1].isa;
  bench.strategies = {Strategy::Csp, Strategy::Reference};
  const std::vector<KernelResult> rows = runBench(smallSuite(), bench);
  CHECK(r.complete());
  CHECK(r.kernels == 2);
  CHECK(r.cspCycles == rows[0].cycles + rows[2].cycles);
  CHECK(r.referenceRuns == 2);
  CHECK(r.referenceCycles == rows[1].cycles + rows[3].cycles);
  CHECK(r.referenceCspCycles == r.cspCycles);
  CHECK(r.sramBytes == 32768 + 262144 + 131072 + 32768);
  CHECK(r.macLanes == 256);
  CHECK(r.values == std::vector<std::pair<std::string, int64_t>>{{"bus_bytes", 16}});
}

TEST_CASE("dse explore: an invalid point runs nothing and keeps its reason") {
  const std::vector<DsePoint> points =
      enumeratePoints(parseDseSpace(R"({"parameters": {"LOG_INP_BUFF_SIZE": [14]}})", "s.json"));
  const PointResult r = evaluatePoint(points[0], smallSuite(), {});
  CHECK_FALSE(r.valid);
  CHECK_FALSE(r.complete());
  CHECK(r.kernels == 0);
  CHECK(r.invalidReason.rfind("LOG_INP_BUFF_SIZE: the ACC depth", 0) == 0);
}

TEST_CASE("dse store: points round-trip through their files; another run's store is refused") {
  const fs::path dir = fs::temp_directory_path() / "inlay_dse_store_test";
  fs::remove_all(dir);
  PointResult r;
  r.index = 3;
  r.name = "vta-x";
  r.values = {{"LOG_BLOCK_IN", 4}, {"bus_bytes", 16}};
  r.valid = true;
  r.kernels = 2;
  r.cspCycles = 1234;
  r.referenceRuns = 1;
  r.referenceCycles = 999;
  r.referenceCspCycles = 500;
  r.sramBytes = 4096;
  r.macLanes = 256;
  r.seconds = 0.5;
  savePoint(dir.string(), "abc", r);
  const std::map<int, PointResult> loaded = loadPoints(dir.string(), "abc");
  REQUIRE(loaded.size() == 1);
  CHECK(loaded.at(3) == r);
  CHECK_THROWS_WITH_AS(loadPoints(dir.string(), "other"),
                       ((dir / "points" / "3.json").string() +
                        ": fingerprint: the point belongs to another run (another space, workload, option set or "
                        "Inlay version); use another output directory")
                           .c_str(),
                       InputError);
  writeFileAtomic((dir / "points" / "4.json").string(), R"({"format": "inlay-dse-point", "fingerprint": "abc",
      "point": {"index": 4}})");
  CHECK_THROWS_WITH_AS(loadPoints(dir.string(), "abc"),
                       ((dir / "points" / "4.json").string() + ": point.name: missing field").c_str(), InputError);
  fs::remove_all(dir);
}

TEST_CASE("dse store: the fingerprint covers the space, the kernels and the options") {
  const DseSpace space = busSpace();
  const std::vector<SuiteKernel> kernels = smallSuite();
  const std::string base = dseFingerprint(space, kernels, {});
  CHECK(base.size() == 16);
  CHECK(dseFingerprint(space, kernels, {}) == base);
  DseOptions unchecked;
  unchecked.check = CheckSize::None;
  CHECK(dseFingerprint(space, kernels, unchecked) != base);
  CHECK(dseFingerprint(parseDseSpace(R"({"parameters": {"bus_bytes": [8]}})", "s"), kernels, {}) != base);
  CHECK(dseFingerprint(space, {kernels[0]}, {}) != base);
  DseOptions jobs;
  jobs.jobs = 2;  // not a result-changing option
  CHECK(dseFingerprint(space, kernels, jobs) == base);
}

// Point files: {"format": "inlay-dse-point", "version": 1, "fingerprint": ..., "point": {...}}.
#include "inlay/dse/store.h"

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/json_read.h"
#include "inlay/ir/operator_print.h"
#include "inlay/version.h"

namespace inlay {
namespace {

namespace jr = json_read;
namespace fs = std::filesystem;

std::string fnv1aHex(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string dseFingerprint(const DseSpace& space, const std::vector<SuiteKernel>& kernels, const DseOptions& options) {
  std::string text =
      std::string("inlay ") + INLAY_VERSION_STRING + " " + INLAY_GIT_REVISION + "\n" + canonicalSpaceText(space) + "\n";
  for (const SuiteKernel& k : kernels) text += printOperator(k.op) + "\n";
  text += "check " + std::to_string(static_cast<int>(options.check)) + " seed " + std::to_string(options.seed) +
          " solver " + std::to_string(static_cast<int>(options.gen.solve.backend)) + " nodes " +
          std::to_string(options.gen.solve.nodeLimit) + " time " + std::to_string(options.gen.solve.timeLimitSeconds);
  return fnv1aHex(text);
}

nlohmann::ordered_json pointToJson(const PointResult& r) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const auto& [name, value] : r.values) values[name] = value;
  return {{"index", r.index},
          {"name", r.name},
          {"values", values},
          {"valid", r.valid},
          {"invalid_reason", r.invalidReason},
          {"complete", r.complete()},
          {"kernels", r.kernels},
          {"csp_failed", r.cspFailed},
          {"first_failure", r.firstFailure},
          {"mismatches", r.mismatches},
          {"below_bound", r.belowBound},
          {"csp_cycles", r.cspCycles},
          {"reference_runs", r.referenceRuns},
          {"reference_cycles", r.referenceCycles},
          {"reference_csp_cycles", r.referenceCspCycles},
          {"sram_bytes", r.sramBytes},
          {"mac_lanes", r.macLanes},
          {"seconds", r.seconds}};
}

PointResult pointFromJson(const nlohmann::json& j, const std::string& file) {
  const jr::Where at{file, "point"};
  jr::object(j, at);
  PointResult r;
  auto integer = [&](const char* key) { return jr::integer(jr::member(j, key, at), at / key); };
  r.index = static_cast<int>(jr::integerIn(jr::member(j, "index", at), at / "index", 0, kMaxDsePoints - 1));
  r.name = jr::string(jr::member(j, "name", at), at / "name");
  const nlohmann::json& values = jr::object(jr::member(j, "values", at), at / "values");
  for (const std::string& name : dseParameterNames())
    if (values.contains(name)) r.values.emplace_back(name, jr::integer(values[name], at / "values" / name));
  r.valid = jr::boolean(jr::member(j, "valid", at), at / "valid");
  r.invalidReason = jr::string(jr::member(j, "invalid_reason", at), at / "invalid_reason");
  r.kernels = static_cast<int>(integer("kernels"));
  r.cspFailed = static_cast<int>(integer("csp_failed"));
  r.firstFailure = jr::string(jr::member(j, "first_failure", at), at / "first_failure");
  r.mismatches = static_cast<int>(integer("mismatches"));
  r.belowBound = static_cast<int>(integer("below_bound"));
  r.cspCycles = integer("csp_cycles");
  r.referenceRuns = static_cast<int>(integer("reference_runs"));
  r.referenceCycles = integer("reference_cycles");
  r.referenceCspCycles = integer("reference_csp_cycles");
  r.sramBytes = integer("sram_bytes");
  r.macLanes = integer("mac_lanes");
  r.seconds = jr::number(jr::member(j, "seconds", at), at / "seconds");
  return r;
}

std::map<int, PointResult> loadPoints(const std::string& dir, const std::string& fingerprint) {
  std::map<int, PointResult> points;
  const fs::path folder = fs::path(dir) / "points";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return points;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    const std::string file = path.string();
    const nlohmann::json doc = jr::parse(readTextFile(file), file);
    const jr::Where root{file, ""};
    jr::object(doc, root);
    if (jr::string(jr::member(doc, "format", root), root / "format") != "inlay-dse-point")
      (root / "format").fail("not a design point (expected \"inlay-dse-point\")");
    if (jr::string(jr::member(doc, "fingerprint", root), root / "fingerprint") != fingerprint)
      (root / "fingerprint")
          .fail(
              "the point belongs to another run (another space, workload, option set or Inlay version); use "
              "another output directory");
    const PointResult r = pointFromJson(jr::member(doc, "point", root), file);
    if (!points.emplace(r.index, r).second) (root / "point" / "index").fail("repeats point " + std::to_string(r.index));
  }
  return points;
}

void savePoint(const std::string& dir, const std::string& fingerprint, const PointResult& r) {
  const fs::path folder = fs::path(dir) / "points";
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw WorkError("cannot create " + folder.string() + ": " + ec.message());
  nlohmann::ordered_json doc{
      {"format", "inlay-dse-point"}, {"version", 1}, {"fingerprint", fingerprint}, {"point", pointToJson(r)}};
  writeFileAtomic((folder / (std::to_string(r.index) + ".json")).string(), doc.dump(2) + "\n");
}

}  // namespace inlay

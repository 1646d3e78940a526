// Design spaces: reading the space file, enumerating its points, building and validating each point's Isa.
#include "inlay/dse/space.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/json_read.h"
#include "inlay/isa/shipped_isa.h"

namespace inlay {
namespace {

namespace jr = json_read;

struct ParameterField {
  const char* name;
  int Isa::*member;
  int64_t lo, hi;  // the ISA file's range for the field
};

const std::vector<ParameterField>& parameterFields() {
  static const std::vector<ParameterField> fields{{"LOG_BATCH", &Isa::logBatch, 0, 8},
                                                  {"LOG_BLOCK_IN", &Isa::logBlockIn, 0, 10},
                                                  {"LOG_BLOCK_OUT", &Isa::logBlockOut, 0, 10},
                                                  {"LOG_INP_BUFF_SIZE", &Isa::logInpBuffSize, 0, 31},
                                                  {"LOG_WGT_BUFF_SIZE", &Isa::logWgtBuffSize, 0, 31},
                                                  {"LOG_ACC_BUFF_SIZE", &Isa::logAccBuffSize, 0, 31},
                                                  {"LOG_UOP_BUFF_SIZE", &Isa::logUopBuffSize, 0, 31},
                                                  {"bus_bytes", &Isa::busBytes, 1, 4096}};
  return fields;
}

const ParameterField& fieldNamed(const std::string& name) {
  for (const ParameterField& f : parameterFields())
    if (f.name == name) return f;
  throw InternalError("no DSE parameter '" + name + "'");
}

std::vector<int64_t> readValues(const nlohmann::json& v, const ParameterField& f, const jr::Where& at) {
  std::vector<int64_t> values;
  if (v.is_object()) {
    jr::rejectUnknownFields(v, {"from", "to"}, at);
    const int64_t from = jr::integerIn(jr::member(v, "from", at), at / "from", f.lo, f.hi);
    const int64_t to = jr::integerIn(jr::member(v, "to", at), at / "to", f.lo, f.hi);
    if (to < from)
      (at / "to").fail("must be at least 'from' (" + std::to_string(from) + "), got " + std::to_string(to));
    for (int64_t x = from; x <= to; ++x) values.push_back(x);
    return values;
  }
  const nlohmann::json& list = jr::array(v, at);
  if (list.empty()) at.fail("must list at least one value");
  std::set<int64_t> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    values.push_back(jr::integerIn(list[i], at[i], f.lo, f.hi));
    if (!seen.insert(values.back()).second) at[i].fail("repeats the value " + std::to_string(values.back()));
  }
  return values;
}

std::string pointName(const Isa& isa) {
  return "vta-" + std::to_string(isa.batch()) + "x" + std::to_string(isa.blockIn()) + "x" +
         std::to_string(isa.blockOut()) + "-i" + std::to_string(isa.logInpBuffSize) + "-w" +
         std::to_string(isa.logWgtBuffSize) + "-a" + std::to_string(isa.logAccBuffSize) + "-u" +
         std::to_string(isa.logUopBuffSize) + "-bus" + std::to_string(isa.busBytes);
}

}  // namespace

const std::vector<std::string>& dseParameterNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const ParameterField& f : parameterFields()) n.push_back(f.name);
    return n;
  }();
  return names;
}

std::vector<DsePoint> enumeratePoints(const DseSpace& space) {
  const Isa base = shippedIsa(space.baseName);
  std::vector<DsePoint> points;
  std::vector<size_t> at(space.parameters.size(), 0);  // an odometer over the value lists, the last fastest
  while (true) {
    DsePoint p;
    p.index = static_cast<int>(points.size());
    Isa isa = base;
    for (size_t k = 0; k < space.parameters.size(); ++k) {
      const DseParameter& param = space.parameters[k];
      p.values.emplace_back(param.name, param.values[at[k]]);
      isa.*fieldNamed(param.name).member = static_cast<int>(param.values[at[k]]);
    }
    isa.name = p.name = pointName(isa);
    isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
    try {
      validateIsa(isa, p.name);
      p.isa = isa;
    } catch (const InputError& e) {
      p.invalidReason = e.path().empty() ? e.message() : e.path() + ": " + e.message();
    }
    points.push_back(std::move(p));
    size_t k = space.parameters.size();
    while (k > 0 && ++at[k - 1] == space.parameters[k - 1].values.size()) at[--k] = 0;
    if (k == 0) break;
  }
  return points;
}

DseSpace parseDseSpace(const std::string& text, const std::string& file) {
  const nlohmann::json doc = jr::parse(text, file);
  const jr::Where root{file, ""};
  jr::object(doc, root);
  jr::rejectUnknownFields(doc, {"base", "parameters"}, root);
  DseSpace space;
  if (doc.contains("base")) {
    space.baseName = jr::string(doc["base"], root / "base");
    if (!isShippedIsa(space.baseName)) {
      std::string names;
      for (const std::string& n : shippedIsaNames()) names += (names.empty() ? "" : ", ") + n;
      (root / "base").fail("unknown ISA '" + space.baseName + "' (shipped ISAs: " + names + ")");
    }
  }
  const jr::Where at = root / "parameters";
  const nlohmann::json& params = jr::object(jr::member(doc, "parameters", root), at);
  jr::rejectUnknownFields(params, dseParameterNames(), at);
  int64_t points = 1;
  for (const ParameterField& f : parameterFields()) {  // canonical order, whatever the file's
    if (!params.contains(f.name)) continue;
    DseParameter p{f.name, readValues(params[f.name], f, at / f.name)};
    points *= static_cast<int64_t>(p.values.size());
    if (points > kMaxDsePoints)
      at.fail("the space has more than " + std::to_string(kMaxDsePoints) + " points; split it into several spaces");
    space.parameters.push_back(std::move(p));
  }
  return space;
}

DseSpace readDseSpaceFile(const std::string& path) { return parseDseSpace(readTextFile(path), path); }

std::string canonicalSpaceText(const DseSpace& space) {
  nlohmann::ordered_json j;
  j["base"] = space.baseName;
  j["parameters"] = nlohmann::ordered_json::object();
  for (const DseParameter& p : space.parameters) j["parameters"][p.name] = p.values;
  return j.dump();
}

}  // namespace inlay

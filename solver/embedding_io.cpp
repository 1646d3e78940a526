// Embedding ↔ JSON (solver/embedding_io.h).
#include "inlay/solver/embedding_io.h"

#include <nlohmann/json.hpp>

#include "inlay/ir/json_read.h"

namespace inlay {
namespace {

using json_read::Where;

constexpr const char* kLaneKeys[] = {"b", "i", "o"};  // in LaneDim order

}  // namespace

nlohmann::json embeddingToJson(const Operator& op, const Embedding& e) {
  nlohmann::json lanes = nlohmann::json::object();
  for (int j = 0; j < 3; ++j) {
    nlohmann::json names = nlohmann::json::array();
    for (int d : e.lanes[j]) names.push_back(op.dims.at(static_cast<size_t>(d)).name);
    lanes[kLaneKeys[j]] = names;
  }
  nlohmann::json doc = {{"roles", {{"inp", op.inputs[e.inpInput].tensor}, {"wgt", op.inputs[1 - e.inpInput].tensor}}},
                        {"lanes", lanes},
                        {"objective", e.objective},
                        {"utilization", e.utilization},
                        {"padding_lanes", e.paddingLanes},
                        {"duplication", e.duplication}};
  if (e.maskedDim() >= 0) doc["masked"] = op.dims.at(static_cast<size_t>(e.maskedDim())).name;
  return doc;
}

Embedding embeddingFromJson(const nlohmann::json& doc, const Operator& op, const std::string& file) {
  const Where at{file, ""};
  json_read::object(doc, at);
  json_read::rejectUnknownFields(
      doc, {"roles", "lanes", "objective", "utilization", "padding_lanes", "duplication", "masked"}, at);
  Embedding e;
  const Where rolesAt = at / "roles";
  const nlohmann::json& roles = json_read::object(json_read::member(doc, "roles", at), rolesAt);
  json_read::rejectUnknownFields(roles, {"inp", "wgt"}, rolesAt);
  const std::string inp = json_read::string(json_read::member(roles, "inp", rolesAt), rolesAt / "inp");
  const std::string wgt = json_read::string(json_read::member(roles, "wgt", rolesAt), rolesAt / "wgt");
  if (inp == op.inputs[0].tensor && wgt == op.inputs[1].tensor)
    e.inpInput = 0;
  else if (inp == op.inputs[1].tensor && wgt == op.inputs[0].tensor)
    e.inpInput = 1;
  else
    rolesAt.fail("expected the inputs of '" + op.name + "', " + op.inputs[0].tensor + " and " + op.inputs[1].tensor +
                 ", one per role");

  const Where lanesAt = at / "lanes";
  const nlohmann::json& lanes = json_read::object(json_read::member(doc, "lanes", at), lanesAt);
  json_read::rejectUnknownFields(lanes, {"b", "i", "o"}, lanesAt);
  // A dim may be in two groups only when "masked" names it (and it must then be in two).
  int masked = -1;
  if (doc.contains("masked")) {
    const std::string name = json_read::string(doc.at("masked"), at / "masked");
    masked = op.dimIndex(name);
    if (masked < 0) (at / "masked").fail("'" + op.name + "' has no dim '" + name + "'");
  }
  std::vector<int> used(op.dims.size(), 0);
  for (int j = 0; j < 3; ++j) {
    const Where groupAt = lanesAt / kLaneKeys[j];
    const nlohmann::json& group = json_read::array(json_read::member(lanes, kLaneKeys[j], lanesAt), groupAt);
    for (size_t k = 0; k < group.size(); ++k) {
      const std::string name = json_read::string(group[k], groupAt[k]);
      const int d = op.dimIndex(name);
      if (d < 0) groupAt[k].fail("'" + op.name + "' has no dim '" + name + "'");
      if (used[static_cast<size_t>(d)] >= (d == masked ? 2 : 1))
        groupAt[k].fail(d == masked ? "masked dim '" + name + "' is in more than two lane groups"
                                    : "dim '" + name + "' is in two lane groups");
      ++used[static_cast<size_t>(d)];
      e.lanes[j].push_back(d);
    }
  }
  if (masked >= 0 && used[static_cast<size_t>(masked)] != 2)
    (at / "masked")
        .fail("masked dim '" + op.dims[static_cast<size_t>(masked)].name + "' must be in exactly two lane groups");
  e.objective = json_read::number(json_read::member(doc, "objective", at), at / "objective");
  e.utilization = json_read::number(json_read::member(doc, "utilization", at), at / "utilization");
  e.paddingLanes = json_read::integer(json_read::member(doc, "padding_lanes", at), at / "padding_lanes");
  e.duplication = json_read::number(json_read::member(doc, "duplication", at), at / "duplication");
  return e;
}

}  // namespace inlay

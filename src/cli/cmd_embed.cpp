// `inlay embed`: find and rank embeddings of the ISA's GEMM intrinsic into an operator (docs/cli.md §3.1,
// docs/design.md §4). Prints a table of the top K (or one JSON document with --json); exit 1 with the model's
// explanation when no embedding exists, the best-so-far flagged when the time limit stops the search.
#include <cmath>
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/solver/solve.h"

namespace inlay::cli {

CommandSpec embedSpec() {
  return {"embed",
          "Find the embeddings of the ISA's GEMM intrinsic into an operator and rank them.",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           solverOption(),
           {.name = "top",
            .type = OptionType::Int,
            .defaultValue = "1",
            .valueName = "K",
            .description = "number of embeddings to report",
            .positive = true},
           nodeLimitOption(),
           timeLimitOption(),
           jsonOption()}};
}

namespace {

std::vector<std::string> dimNames(const Operator& op, const std::vector<int>& dims) {
  std::vector<std::string> names;
  for (int d : dims) names.push_back(op.dims[d].name);
  return names;
}

nlohmann::ordered_json embeddingJson(const Operator& op, const Embedding& e, size_t rank) {
  nlohmann::ordered_json lanes = nlohmann::ordered_json::object();
  static const char* laneKeys[] = {"b", "i", "o"};
  for (int j = 0; j < 3; ++j) lanes[laneKeys[j]] = dimNames(op, e.lanes[j]);
  return {
      {"rank", rank},  // counted from 1, as in the table
      {"objective", e.objective},
      {"utilization", e.utilization},
      {"roles", {{"INP", op.inputs[e.inpInput].tensor}, {"WGT", op.inputs[1 - e.inpInput].tensor}}},
      {"lanes", lanes},
      {"padding_lanes", e.paddingLanes},
      {"duplication", e.duplication},
      {"masked", e.maskedDim() < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(op.dims[e.maskedDim()].name)}};
}

/// A lane group as "(d1,d2)"; the masked dim, on two groups at once, in brackets: "([g],c)".
std::string group(const Operator& op, const Embedding& e, int lane) {
  std::string s = "(";
  const std::vector<int>& dims = e.lanes[lane];
  for (size_t k = 0; k < dims.size(); ++k) {
    const std::string& name = op.dims[dims[k]].name;
    s += (k ? "," : "") + (dims[k] == e.maskedDim() ? "[" + name + "]" : name);
  }
  return s + ")";
}

void printTable(std::ostream& out, const Operator& op, const Isa& isa, const SolveResult& r,
                const std::string& solver) {
  char line[512];
  std::snprintf(line, sizeof line, "%s on %s (%s): %zu embedding(s) in %.3f s%s\n", op.name.c_str(), isa.name.c_str(),
                solver.c_str(), r.embeddings.size(), r.seconds,
                r.timedOut ? " — time limit reached, best found so far" : "");
  out << line;
  std::snprintf(line, sizeof line, "%4s  %-4s %-4s  %-14s %-14s %-14s %12s %7s %7s %6s\n", "rank", "INP", "WGT", "b",
                "i", "o", "cycles", "util", "dup", "pad");
  out << line;
  for (size_t k = 0; k < r.embeddings.size(); ++k) {
    const Embedding& e = r.embeddings[k];
    std::snprintf(line, sizeof line, "%4zu  %-4s %-4s  %-14s %-14s %-14s %12.0f %7.4f %7.3f %6lld\n", k + 1,
                  op.inputs[e.inpInput].tensor.c_str(), op.inputs[1 - e.inpInput].tensor.c_str(),
                  group(op, e, 0).c_str(), group(op, e, 1).c_str(), group(op, e, 2).c_str(), e.objective, e.utilization,
                  e.duplication, static_cast<long long>(e.paddingLanes));
    out << line;
  }
  for (const Embedding& e : r.embeddings)
    if (e.maskedDim() >= 0) {
      out << "[d]: a masked dim, on two lane groups at once; its operand is block-diagonal and the off-diagonal "
             "lanes are idle: they lower util, and are not in the pad column\n";
      break;
    }
}

int embed(const ParsedArgs& args, std::ostream& out) {
  std::string file = args.text("op");
  std::vector<Operator> ops = readOperatorFile(file);
  if (ops.size() != 1)
    throw InputError(file, "", "expected one operator, the file holds " + std::to_string(ops.size()));
  const Operator& op = ops.front();
  Isa isa = loadIsa(args);
  SolveOptions options = solveOptions(args);
  options.topK = static_cast<int>(args.integer("top"));
  SolveResult r = solve(op, isa, options);
  const std::string status = r.status == SolveResult::Status::Feasible     ? "feasible"
                             : r.status == SolveResult::Status::Infeasible ? "infeasible"
                                                                           : "unknown";
  if (args.flag("json")) {  // the document also when nothing was found (status, explanation), then exit 1
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (size_t k = 0; k < r.embeddings.size(); ++k) list.push_back(embeddingJson(op, r.embeddings[k], k + 1));
    nlohmann::ordered_json doc = jsonDocument("inlay-embed");
    doc["operator"] = op.name;
    doc["isa"] = isa.name;
    doc["solver"] = backendName(options.backend);
    doc["solve_seconds"] = std::round(r.seconds * 1000) / 1000;  // milliseconds, as in every document
    doc["timed_out"] = r.timedOut;
    doc["node_limit_hit"] = r.nodeLimitHit;
    doc["optimal"] = r.optimal;
    doc["status"] = status;
    doc["explanation"] = r.explanation;
    doc["stats"] = {{"table_nodes", r.stats.tableNodes},
                    {"nodes", r.stats.nodes},
                    {"failures", r.stats.failures},
                    {"propagations", r.stats.propagations}};
    doc["embeddings"] = list;
    printJson(out, doc);
  } else if (!r.embeddings.empty()) {
    printTable(out, op, isa, r, backendName(options.backend));
  }
  if (r.embeddings.empty())
    throw WorkError("no embedding of " + isa.gemm.text + " into " + op.name + ": " + r.explanation);
  return kExitOk;
}

}  // namespace

int cmdEmbed(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(embedSpec(), args, out, err, [&](const ParsedArgs& parsed) { return embed(parsed, out); });
}

}  // namespace inlay::cli

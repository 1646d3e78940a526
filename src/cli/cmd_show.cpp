// `inlay show`: reads an operator spec (one operator or a suite), lowers it and prints the Operator IR, and the ISA
// with its derived quantities. -o writes the generic loopnest form of every operator (atomically). This is the
// front end on its own: useful to check a spec before embedding it.
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/operator_print.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/isa_reader.h"

namespace inlay::cli {
namespace {

/// The ISA's derived quantities; per-memory-type values are maps keyed by VTA's memory type names (INP, WGT, ...).
nlohmann::ordered_json derivedJson(const Isa& isa) {
  InsnFieldWidths w = fieldWidths(isa);
  nlohmann::ordered_json j;
  j["batch"] = isa.batch();
  j["block_in"] = isa.blockIn();
  j["block_out"] = isa.blockOut();
  j["macs_per_uop"] = isa.macsPerUop();
  j["elem_bytes"] = {{"INP", isa.inpElemBytes()},
                     {"WGT", isa.wgtElemBytes()},
                     {"ACC", isa.accElemBytes()},
                     {"OUT", isa.outElemBytes()}};
  j["depth"] = {{"UOP", isa.uopDepth()}, {"INP", isa.inpDepth()}, {"WGT", isa.wgtDepth()}, {"ACC", isa.accDepth()}};
  j["field_bits"] = {{"uop_bgn", w.uopBgn},
                     {"uop_end", w.uopEnd},
                     {"uop_src", w.uopSrc},
                     {"index", {{"INP", w.inpIndex}, {"WGT", w.wgtIndex}, {"ACC", w.accIndex}}}};
  return j;
}

std::string isaSummary(const Isa& isa) {
  auto buffer = [](const char* name, int64_t depth, int64_t bytes) {
    return std::string(name) + " " + std::to_string(depth) + " x " + std::to_string(bytes) + " B";
  };
  return "isa " + isa.name + ": GEMM " + std::to_string(isa.batch()) + "x" + std::to_string(isa.blockIn()) + "x" +
         std::to_string(isa.blockOut()) + " (" + isa.gemm.text + "); " +
         buffer("INP", isa.inpDepth(), isa.inpElemBytes()) + ", " + buffer("WGT", isa.wgtDepth(), isa.wgtElemBytes()) +
         ", " + buffer("ACC", isa.accDepth(), isa.accElemBytes()) + ", UOP " + std::to_string(isa.uopDepth()) +
         "; bus " + std::to_string(isa.busBytes) + " B/cycle at " + std::to_string(static_cast<int64_t>(isa.clockMhz)) +
         " MHz\n";
}

int show(const ParsedArgs& args, std::ostream& out) {
  checkOutputFile(args, "out");
  const std::string file = args.text("op");
  std::vector<Operator> ops = readOperatorFile(file);
  Isa isa = loadIsa(args);
  nlohmann::json specs = nlohmann::json::array();
  for (const Operator& op : ops) specs.push_back(toLoopnestSpec(op));
  if (args.has("out")) writeFileAtomic(args.text("out"), nlohmann::json{{"operators", specs}}.dump(2) + "\n");
  if (args.flag("json")) {
    nlohmann::ordered_json doc = jsonDocument("inlay-show");
    doc["file"] = file;
    doc["operators"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < ops.size(); ++i) {
      nlohmann::json entry = specs[i];
      entry["macs"] = ops[i].macs();
      doc["operators"].push_back(nlohmann::ordered_json(entry));
    }
    doc["isa"] = isaToJson(isa);
    doc["isa_derived"] = derivedJson(isa);
    printJson(out, doc);
    return kExitOk;
  }
  for (const Operator& op : ops) out << printOperator(op);
  out << isaSummary(isa);
  return kExitOk;
}

}  // namespace

CommandSpec showSpec() {
  return {"show",
          "Lower an operator spec and print its IR and MAC count (and the ISA's derived quantities).",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec or suite", .positional = true},
           isaOption(),
           {.name = "out",
            .shortName = 'o',
            .valueName = "FILE",
            .description = "also write the operators in the generic loopnest form"},
           jsonOption()}};
}

int cmdShow(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(showSpec(), args, out, err, [&](const ParsedArgs& parsed) { return show(parsed, out); });
}

}  // namespace inlay::cli

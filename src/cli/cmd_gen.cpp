// `inlay gen`: generate the program directory for an operator (DESIGN.md §2.3, §2.4, §3.3).
// Placeholder until the codegen stage lands: it parses its options, then says the stage is not built.
#include "cli/commands.h"

namespace inlay::cli {

CommandSpec genSpec() {
  return {"gen", "Generate the VTA program (instructions, micro-ops, DRAM buffer map) for an operator.",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           {.name = "strategy", .defaultValue = "csp", .valueName = "NAME", .description = "embedding strategy",
            .choices = {"csp", "fixed", "reference"}},
           {.name = "out", .shortName = 'o', .valueName = "DIR", .description = "program directory to write",
            .required = true},
           {.name = "emit-data", .type = OptionType::Int, .valueName = "SEED",
            .description = "also write packed random inputs and the expected packed output"}}};
}

int cmdGen(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(genSpec(), args, out, err, [&](const ParsedArgs&) { return stageNotBuilt("gen", "codegen", err); });
}

}  // namespace inlay::cli

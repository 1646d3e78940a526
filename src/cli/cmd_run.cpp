// `inlay run`: embed, generate and simulate an operator in one go (DESIGN.md §2.3).
// Placeholder until the codegen stage lands: it parses its options, then says the stage is not built.
#include "cli/commands.h"

namespace inlay::cli {

CommandSpec runSpec() {
  return {"run", "Embed, generate and simulate an operator; report cycles (and verify with --verify).",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           {.name = "strategy", .defaultValue = "csp", .valueName = "NAME", .description = "embedding strategy",
            .choices = {"csp", "fixed", "reference"}},
           {.name = "verify", .type = OptionType::Flag,
            .description = "run on random inputs and compare with the CPU reference"},
           jsonOption()}};
}

int cmdRun(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(runSpec(), args, out, err, [&](const ParsedArgs&) { return stageNotBuilt("run", "codegen", err); });
}

}  // namespace inlay::cli

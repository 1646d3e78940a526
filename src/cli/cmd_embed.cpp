// `inlay embed`: find and rank embeddings of the ISA's GEMM intrinsic into an operator (DESIGN.md §2.3, §3.2).
// Placeholder until the solver stage lands: it parses its options, then says the stage is not built.
#include "cli/commands.h"

namespace inlay::cli {

CommandSpec embedSpec() {
  return {"embed", "Find the embeddings of the ISA's GEMM intrinsic into an operator and rank them.",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           {.name = "solver", .defaultValue = "gecode", .valueName = "NAME", .description = "solver backend",
            .choices = {"gecode", "z3"}},
           {.name = "top", .type = OptionType::Int, .defaultValue = "1", .valueName = "K",
            .description = "number of embeddings to report", .positive = true},
           {.name = "time-limit", .type = OptionType::Real, .defaultValue = "10", .valueName = "S",
            .description = "wall-clock limit of the search in seconds", .positive = true},
           jsonOption()}};
}

int cmdEmbed(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(embedSpec(), args, out, err, [&](const ParsedArgs&) { return stageNotBuilt("embed", "solver", err); });
}

}  // namespace inlay::cli

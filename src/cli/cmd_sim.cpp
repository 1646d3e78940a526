// `inlay sim`: run a program directory in the bundled simulator (DESIGN.md §2.3, §3.4).
// Placeholder until the simulator stage lands: it parses its options, then says the stage is not built.
#include "cli/commands.h"

namespace inlay::cli {

CommandSpec simSpec() {
  return {"sim", "Simulate a program directory bit-exactly and report cycles and statistics.",
          {{.name = "dir", .valueName = "DIR", .description = "program directory written by inlay gen",
            .positional = true},
           {.name = "verify", .type = OptionType::Flag,
            .description = "run on random inputs and compare with the CPU reference"},
           {.name = "seed", .type = OptionType::Int, .defaultValue = "1", .valueName = "N",
            .description = "seed of the random inputs"},
           jsonOption()}};
}

int cmdSim(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(simSpec(), args, out, err, [&](const ParsedArgs&) { return stageNotBuilt("sim", "simulator", err); });
}

}  // namespace inlay::cli

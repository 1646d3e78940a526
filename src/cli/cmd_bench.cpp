// `inlay bench`: run suites of operators through every strategy and report the comparison (DESIGN.md §2.3, §3.5).
// Placeholder until the bench stage lands: it parses its options, then says the stage is not built.
#include "cli/commands.h"

namespace inlay::cli {

CommandSpec benchSpec() {
  return {"bench", "Benchmark suites (suite files or directories of specs) across strategies.",
          {{.name = "suite", .valueName = "SUITE", .description = "suite file or directory of operator specs",
            .positional = true, .repeated = true},
           isaOption(),
           {.name = "jobs", .shortName = 'j', .type = OptionType::Int, .defaultValue = "1", .valueName = "N",
            .description = "parallel jobs", .positive = true},
           {.name = "out", .valueName = "DIR", .description = "directory for tables and summaries"},
           {.name = "verify", .type = OptionType::Flag,
            .description = "verify every kernel against the CPU reference"}}};
}

int cmdBench(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(benchSpec(), args, out, err, [&](const ParsedArgs&) { return stageNotBuilt("bench", "bench", err); });
}

}  // namespace inlay::cli

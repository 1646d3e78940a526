// `inlay gen`: generate the program directory for an operator (docs/cli.md §3.2, docs/formats.md §3,
// docs/design.md §5): embed with the chosen strategy, tile, emit, and write the directory (the same program as
// `inlay run` and `inlay bench`: the strategy's candidates ranked by the simulator, bench/tune.h); with
// --emit-data SEED also the packed random inputs and the expected packed output.
#include <ostream>

#include "cli/commands.h"
#include "inlay/bench/tune.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/verify.h"

namespace inlay::cli {

CommandSpec genSpec() {
  return {"gen",
          "Generate the VTA program (instructions, micro-ops, DRAM buffer map) for an operator.",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           strategyOption(),
           solverOption(" for csp"),
           nodeLimitOption(" for csp"),
           timeLimitOption(" for csp"),
           {.name = "out",
            .shortName = 'o',
            .valueName = "DIR",
            .description = "program directory to write",
            .required = true},
           {.name = "emit-data",
            .type = OptionType::Int,
            .valueName = "SEED",
            .description = "also write packed random inputs and the expected packed output"}}};
}

namespace {

/// Packed inputs (every buffer whose layout carries an operator input) and the expected packed output.
ProgramData programData(const Program& program, uint64_t seed) {
  const DramImage image = buildDramImage(program, seed);
  ProgramData data;
  data.seed = seed;
  for (const DramBuffer& b : program.buffers) {
    if (!b.layout || b.role == BufferRole::Output || b.role == BufferRole::Uop) continue;
    data.buffers.emplace_back(b.name, image.bytes.read(b.offset, b.bytes));
  }
  data.expectedOutput = expectedOutputBytes(program, image);
  return data;
}

int gen(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.has("emit-data") && args.integer("emit-data") < 0)  // a seed is unsigned (docs/formats.md §3.5)
    throw InputError(kCommandLine, "--emit-data",
                     "must not be negative, got " + std::to_string(args.integer("emit-data")));
  checkOutputDir(args, "out");
  const std::string file = args.text("op");
  const std::vector<Operator> ops = readOperatorFile(file);
  if (ops.size() != 1)
    throw InputError(file, "", "expected one operator, the file holds " + std::to_string(ops.size()));
  const Isa isa = loadIsa(args);
  GenOptions options;
  options.solve = solveOptions(args);
  options.progress = slowProgress(err, "gen");
  const Strategy strategy = strategyNamed(args.text("strategy"));
  const Generated g = generateTuned(ops.front(), isa, strategy, options);
  const std::string dir = args.text("out");
  if (args.has("emit-data")) {
    const ProgramData data = programData(g.program, static_cast<uint64_t>(args.integer("emit-data")));
    writeProgramDir(g.program, dir, &data);
  } else {
    writeProgramDir(g.program, dir);
  }
  out << "wrote " << dir << ": " << ops.front().name << " on " << isa.name << ", strategy " << g.program.strategy
      << (strategy == Strategy::Csp ? " (solver " + backendName(options.solve.backend) + ")" : "") << ", "
      << g.program.insns.size() << " instructions, " << g.program.uops.size() << " micro-ops, " << g.program.dramBytes
      << " DRAM bytes"
      << (g.solverStopped ? " (a solver limit stopped the search: the best embeddings found so far)" : "") << "\n";
  return kExitOk;
}

}  // namespace

int cmdGen(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(genSpec(), args, out, err, [&](const ParsedArgs& parsed) { return gen(parsed, out, err); });
}

}  // namespace inlay::cli

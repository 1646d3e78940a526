// `inlay run`: embed, generate and simulate one operator (docs/cli.md §3.4) — the timing run, and with --verify the
// full-size functional check against the CPU reference. Exit 1 on a mismatch, a simulator fault or a failed
// generation; the metrics are those of a benchmark row (bench/run_kernel.h).
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/bench/run_kernel.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"

namespace inlay::cli {

CommandSpec runSpec() {
  return {"run",
          "Embed, generate and simulate an operator; report cycles (and verify with --verify).",
          {{.name = "op", .valueName = "OP.json", .description = "operator spec", .positional = true},
           isaOption(),
           strategyOption(),
           {.name = "verify",
            .type = OptionType::Flag,
            .description = "run on random inputs and compare with the CPU reference"},
           seedOption("seed of the random inputs of --verify"),
           solverOption(" for csp"),
           nodeLimitOption(" for csp"),
           timeLimitOption(" for csp"),
           jsonOption()}};
}

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void printText(std::ostream& out, const KernelResult& r, const std::string& isa, uint64_t seed) {
  out << r.kernel << " on " << isa << ", strategy " << r.strategy
      << (r.refusedByTvm ? " (TVM would refuse this layer: its input channels are padded to whole blocks)" : "") << "\n"
      << "  cycles        " << r.cycles << "  (" << fmt("%.2f", r.cyclesPerBound()) << " x bound " << r.boundCycles
      << ", " << fmt("%.2f", r.cyclesPerFloor()) << " x floor " << r.floorCycles << ")\n"
      << "  utilization   " << fmt("%.4f", r.utilization) << "\n"
      << "  GEMM uops     " << r.gemmUops << "\n"
      << "  ALU uops      " << r.aluUops << "\n"
      << "  instructions  " << r.instructions << "\n"
      << "  DMA bytes     UOP " << r.dma.uop << ", WGT " << r.dma.wgt << ", INP " << r.dma.inp << ", ACC " << r.dma.acc
      << ", OUT " << r.dma.out << ", ACC_8BIT " << r.dma.acc8 << "\n"
      << "  solve, gen    " << fmt("%.3f", r.solveSeconds) << " s, " << fmt("%.3f", r.genSeconds) << " s"
      << (r.solverStopped ? " (a solver limit stopped the search)" : "") << "\n"
      << "  verified      ";
  switch (r.verified) {
    case Verification::NotRun: out << "not run (use --verify)\n"; break;
    case Verification::Proxy: out << "yes, on a size-reduced proxy (seed " << seed << ")\n"; break;
    case Verification::Full: out << "yes, bit-exact at full size (seed " << seed << ")\n"; break;
    case Verification::Mismatch: out << "NO: " << r.error << "\n"; break;
  }
}

int run(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  const std::string file = args.text("op");
  const std::vector<Operator> ops = readOperatorFile(file);
  if (ops.size() != 1)
    throw InputError(file, "", "expected one operator, the file holds " + std::to_string(ops.size()));
  RunOptions options;
  options.isa = loadIsa(args);
  options.gen.solve = solveOptions(args);
  options.gen.progress = slowProgress(err, "run");
  options.check = args.flag("verify") ? CheckSize::Full : CheckSize::None;
  options.seed = static_cast<uint64_t>(args.integer("seed"));
  const KernelResult r = runKernel(ops.front(), file, strategyNamed(args.text("strategy")), options);
  if (!r.ok) throw WorkError(file + ": " + r.error);
  if (args.flag("json")) {
    nlohmann::ordered_json doc = jsonDocument("inlay-run");
    const nlohmann::ordered_json measurement = toRunJson(r, options.isa.name);
    for (const auto& [key, value] : measurement.items()) doc[key] = value;
    printJson(out, doc);
  } else {
    printText(out, r, options.isa.name, options.seed);
  }
  if (r.verified == Verification::Mismatch) throw WorkError("verification failed: " + r.error);
  return kExitOk;
}

}  // namespace

int cmdRun(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(runSpec(), args, out, err, [&](const ParsedArgs& parsed) { return run(parsed, out, err); });
}

}  // namespace inlay::cli

// `inlay bench`: every kernel of the suites through the --strategy list (default csp, fixed and reference;
// docs/cli.md §3.5, docs/design.md §7), on -j N worker threads; a progress bar on a terminal, plain progress lines
// otherwise; the reports into --out DIR and the headline (or with --json the summary document) on stdout. Exit 1
// when any run failed, any functional check mismatched or any run beat a lower bound (after writing the reports);
// a strategy that does not apply to a kernel is "n/a", a failure only with --strict.
#include <chrono>
#include <iostream>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/bench/report.h"
#include "inlay/bench/runner.h"
#include "inlay/bench/summary.h"

namespace inlay::cli {

CommandSpec benchSpec() {
  return {"bench",
          "Benchmark suites (suite files or directories of specs) across strategies.",
          {{.name = "suite",
            .valueName = "SUITE",
            .description = "suite file or directory of operator specs",
            .positional = true,
            .repeated = true},
           isaOption(),
           {.name = "jobs",
            .shortName = 'j',
            .type = OptionType::Int,
            .defaultValue = "1",
            .valueName = "N",
            .description = "parallel jobs",
            .positive = true},
           {.name = "out",
            .valueName = "DIR",
            .description = "directory for results.json, results.csv, summary.md, summary.json and the SVG plots"},
           {.name = "verify",
            .type = OptionType::Flag,
            .description = "verify every kernel at full size (default: on a size-reduced proxy)"},
           {.name = "strict",
            .type = OptionType::Flag,
            .description = "count a strategy that does not apply to a kernel (n/a) as a failed run"},
           seedOption("seed of the random inputs of the functional checks"),
           {.name = "strategy",
            .defaultValue = "csp,fixed,reference",
            .valueName = "LIST",
            .description = "the strategies to run",
            .choices = {"csp", "fixed", "reference"},
            .list = true},
           {.name = "rank",
            .defaultValue = "model",
            .valueName = "BY",
            .description = "how the tuner ranks candidates: by simulation, or by the fast model (the winner simulated)",
            .choices = {"sim", "model"}},
           solverOption(" for csp"),
           nodeLimitOption(" per kernel, for csp"),
           timeLimitOption(" per kernel, for csp"),
           {.name = "json",
            .type = OptionType::Flag,
            .description = "print the summary document (summary.json) on stdout instead of the headline"}}};
}

namespace {

/// Progress on stderr: a bar redrawn in place on a terminal, one line per finished run otherwise.
ProgressCallback progressPrinter(std::ostream& err) {
  const bool terminal = isTerminal(err);
  return [&err, terminal](const BenchProgress& p) {
    if (terminal)
      err << "\r\033[K" << progressBar(p) << (p.done == p.total ? "\n" : "") << std::flush;
    else
      err << progressLine(p) << "\n";
  };
}

int bench(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  checkOutputDir(args, "out");
  const std::vector<std::string> suites = args.texts("suite");
  const std::vector<SuiteKernel> kernels = loadSuites(suites);
  BenchOptions options;
  options.run.isa = loadIsa(args);
  options.run.gen.solve = solveOptions(args);
  options.run.check = args.flag("verify") ? CheckSize::Full : CheckSize::Proxy;
  options.run.seed = static_cast<uint64_t>(args.integer("seed"));
  options.run.ranking = args.text("rank") == "model" ? TuneRanking::Model : TuneRanking::Simulator;
  options.jobs = static_cast<int>(args.integer("jobs"));
  options.strategies.clear();
  for (const std::string& name : args.list("strategy")) options.strategies.push_back(strategyNamed(name));

  const auto start = std::chrono::steady_clock::now();
  const std::vector<KernelResult> rows = runBench(kernels, options, progressPrinter(err));
  BenchInfo info{options.run.isa.name,
                 suites,
                 {},
                 args.flag("verify"),
                 options.jobs,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  for (Strategy s : options.strategies) info.strategies.push_back(strategyName(s));
  const BenchSummary summary = summarize(rows);
  if (args.has("out")) writeReports(args.text("out"), info, rows, summary);
  if (args.flag("json")) {
    printJson(out, benchSummaryJson(info, rows, summary));
  } else {
    out << headlineMarkdown(info, summary);
    if (args.has("out")) out << "reports written to " << args.text("out") << "\n";
  }
  for (const KernelResult& r : rows)
    if (r.beatsABound())
      err << "inlay bench: " << r.kernel << " (" << r.strategy << "): " << r.cycles
          << " cycles, below its lower bound (bound " << r.boundCycles << ", floor " << r.floorCycles
          << "): the bound or the simulator is wrong\n";
  const bool strictFailure = args.flag("strict") && summary.notApplicableRows > 0;
  if (strictFailure)
    for (const KernelResult& r : rows)
      if (!r.applicable) err << "inlay bench: " << r.source << ": " << r.error << " (a failure under --strict)\n";
  return summary.failedRows > 0 || summary.mismatches > 0 || summary.rowsBelowABound > 0 || strictFailure
             ? kExitWorkFailed
             : kExitOk;
}

}  // namespace

int cmdBench(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(benchSpec(), args, out, err, [&](const ParsedArgs& parsed) { return bench(parsed, out, err); });
}

}  // namespace inlay::cli

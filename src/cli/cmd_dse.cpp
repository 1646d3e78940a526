// `inlay dse`: a design-space exploration (docs/cli.md §3.6, docs/design.md §8): every valid VTA configuration of a
// space file through the workload's kernels under csp and the reference, a progress line per point on stderr,
// resumable through the point store in --out, a deterministic slice with --shard I/N, and `inlay dse merge` to
// combine shard directories into the reports a single run writes.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/bench/progress.h"
#include "inlay/dse/dse_report.h"
#include "inlay/dse/store.h"
#include "inlay/ir/error.h"
#include "inlay/solver/check_cache.h"

namespace inlay::cli {

CommandSpec dseSpec() {
  return {"dse",
          "Explore VTA configurations of a space file on a workload; `inlay dse merge` joins shards.",
          {{.name = "space",
            .valueName = "SPACE.json",
            .description = "the design space (docs/formats.md §4)",
            .positional = true},
           {.name = "suite",
            .valueName = "SUITE",
            .description = "the workload: suite files or directories of specs",
            .positional = true,
            .repeated = true},
           {.name = "out",
            .shortName = 'o',
            .valueName = "DIR",
            .description = "directory for the point store and the reports; a run into it resumes",
            .required = true},
           {.name = "jobs",
            .shortName = 'j',
            .type = OptionType::Int,
            .defaultValue = "1",
            .valueName = "N",
            .description = "parallel jobs (kernels of a point)",
            .positive = true},
           {.name = "shard",
            .valueName = "I/N",
            .description = "evaluate only the points whose index is I modulo N (0 <= I < N)"},
           {.name = "no-check",
            .type = OptionType::Flag,
            .description = "skip the functional checks on size-reduced proxies"},
           solverOption(" for csp"),
           nodeLimitOption(" per kernel, for csp"),
           timeLimitOption(" per kernel, for csp"),
           jsonOption()}};
}

CommandSpec dseMergeSpec() {
  return {
      "dse merge",
      "Combine the point stores of shard directories into one directory and write its reports.",
      {{.name = "space",
        .valueName = "SPACE.json",
        .description = "the design space the shards ran",
        .positional = true},
       {.name = "suite",
        .valueName = "SUITE",
        .description = "the workload the shards ran",
        .positional = true,
        .repeated = true},
       {.name = "out", .shortName = 'o', .valueName = "DIR", .description = "the merged directory", .required = true},
       {.name = "from", .valueName = "DIRS", .description = "comma-separated shard directories", .required = true},
       {.name = "no-check", .type = OptionType::Flag, .description = "the shards ran with --no-check"},
       solverOption(" the shards used"),
       nodeLimitOption(" the shards used"),
       timeLimitOption(" the shards used"),
       jsonOption()}};
}

namespace {

struct Shard {
  int index = 0, count = 1;
};

Shard parseShard(const std::string& text) {
  const size_t slash = text.find('/');
  try {
    size_t used = 0;
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    const int i = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("trailing");
    const int n = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1 || n < 1 || i < 0 || i >= n) throw std::invalid_argument("range");
    return {i, n};
  } catch (const std::exception&) {
    throw InputError(kCommandLine, "--shard", "expected I/N with 0 <= I < N, got '" + text + "'");
  }
}

struct Run {
  DseSpace space;
  std::vector<SuiteKernel> kernels;
  DseOptions options;
  DseRunInfo info;
};

Run loadRun(const ParsedArgs& args) {
  Run run;
  run.space = readDseSpaceFile(args.text("space"));
  run.kernels = loadSuites(args.texts("suite"));
  run.options.gen.solve = solveOptions(args);
  run.options.gen.solve.checkCache = std::make_shared<CheckCache>();  // the points share GEMM shapes
  run.options.check = args.flag("no-check") ? CheckSize::None : CheckSize::Proxy;
  run.info.space = args.text("space");
  run.info.suites = args.texts("suite");
  run.info.fingerprint = dseFingerprint(run.space, run.kernels, run.options);
  run.info.checked = run.options.check != CheckSize::None;
  return run;
}

/// The stored results of the space's points, in enumeration order (points not yet finished are absent).
std::vector<PointResult> finishedInOrder(const std::vector<DsePoint>& points, const std::map<int, PointResult>& done) {
  std::vector<PointResult> results;
  for (const DsePoint& p : points)
    if (auto it = done.find(p.index); it != done.end()) results.push_back(it->second);
  return results;
}

int report(const ParsedArgs& args, const Run& run, const std::vector<PointResult>& results, std::ostream& out) {
  const std::string dir = args.text("out");
  writeDseReports(dir, run.info, results);
  if (args.flag("json")) {
    printJson(out, dseResultsJson(run.info, results));
  } else {
    const DseFronts fronts = paretoFronts(results);
    out << results.size() << " points; front (cycles vs SRAM):";
    for (size_t i : fronts.sram) out << " " << results[i].name;
    out << "\nreports written to " << dir << "\n";
  }
  int wrong = 0;  // a mismatch or a run below its bound is a bug, never a result
  for (const PointResult& r : results) wrong += r.mismatches + r.belowBound;
  return wrong > 0 ? kExitWorkFailed : kExitOk;
}

int dse(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  checkOutputDir(args, "out");
  Run run = loadRun(args);
  run.options.jobs = static_cast<int>(args.integer("jobs"));
  run.info.jobs = run.options.jobs;
  const Shard shard = args.has("shard") ? parseShard(args.text("shard")) : Shard{};
  const std::string dir = args.text("out");
  const std::vector<DsePoint> points = enumeratePoints(run.space);
  std::map<int, PointResult> done = loadPoints(dir, run.info.fingerprint);
  const auto start = std::chrono::steady_clock::now();
  std::vector<const DsePoint*> todo;
  for (const DsePoint& p : points)
    if (p.index % shard.count == shard.index && !done.count(p.index)) todo.push_back(&p);
  int finished = 0;
  // On a terminal, the point's runs as a bar redrawn in place; a line per finished point in any case.
  const bool terminal = isTerminal(err);
  for (const DsePoint* p : todo) {
    ProgressCallback runs;
    if (terminal && p->isa)
      runs = [&](const BenchProgress& b) {
        err << "\r\033[K[" << finished + 1 << "/" << todo.size() << "] " << p->name << " " << progressBar(b, 20)
            << std::flush;
      };
    const PointResult r = evaluatePoint(*p, run.kernels, run.options, runs);
    savePoint(dir, run.info.fingerprint, r);
    done[r.index] = r;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (runs) err << "\r\033[K";
    err << "[" << ++finished << "/" << todo.size() << "] " << r.name << ": "
        << (!r.valid       ? "invalid"
            : r.complete() ? std::to_string(r.cspCycles) + " csp cycles"
                           : "incomplete")
        << " (" << static_cast<int>(seconds) << " s)\n";
  }
  run.info.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<PointResult> results;
  for (const PointResult& r : finishedInOrder(points, done))
    if (r.index % shard.count == shard.index) results.push_back(r);
  return report(args, run, results, out);
}

int dseMerge(const ParsedArgs& args, std::ostream& out) {
  checkOutputDir(args, "out");
  const Run run = loadRun(args);
  const std::vector<DsePoint> points = enumeratePoints(run.space);
  const std::string dir = args.text("out");
  std::map<int, PointResult> done = loadPoints(dir, run.info.fingerprint);
  std::string from = args.text("from");
  for (size_t at = 0; at <= from.size();) {
    const size_t comma = std::min(from.find(',', at), from.size());
    const std::string shardDir = from.substr(at, comma - at);
    at = comma + 1;
    if (shardDir.empty()) continue;
    if (!std::filesystem::is_directory(shardDir))
      throw InputError(kCommandLine, "--from", "'" + shardDir + "' is not a directory");
    for (const auto& [index, r] : loadPoints(shardDir, run.info.fingerprint)) {
      done[index] = r;
      savePoint(dir, run.info.fingerprint, r);
    }
  }
  const std::vector<PointResult> results = finishedInOrder(points, done);
  if (results.size() != points.size())
    throw WorkError("the shards hold " + std::to_string(results.size()) + " of the space's " +
                    std::to_string(points.size()) + " points; run the missing shards first");
  return report(args, run, results, out);
}

}  // namespace

int cmdDse(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args.front() == "merge") {
    const Args rest(args.begin() + 1, args.end());
    return runCommand(dseMergeSpec(), rest, out, err, [&](const ParsedArgs& parsed) { return dseMerge(parsed, out); });
  }
  return runCommand(dseSpec(), args, out, err, [&](const ParsedArgs& parsed) { return dse(parsed, out, err); });
}

}  // namespace inlay::cli

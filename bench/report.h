// Benchmark reports (bench stage, docs/design.md §7.4): results.json (a row per kernel and strategy plus a summary
// object), results.csv, summary.md (headline table and per-kernel table) and the SVG plots, written atomically.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/bench/kernel_result.h"
#include "inlay/bench/summary.h"

namespace inlay {

/// What was run, for the reports' headers.
struct BenchInfo {
  std::string isa;                      // ISA name
  std::vector<std::string> suites;      // as given
  std::vector<std::string> strategies;  // in row order within a kernel
  bool fullVerify = false;              // functional checks at full size (else on proxies)
  int jobs = 1;
  double wallSeconds = 0;
};

/// The headline statistics (the "summary" object of results.json and of the summary document).
nlohmann::ordered_json summaryJson(const BenchSummary& s);
/// results.json: format "inlay-bench-results", the run's description, every row (toJson) and the summary.
nlohmann::ordered_json resultsJson(const BenchInfo& info, const std::vector<KernelResult>& rows, const BenchSummary& s);
/// The summary document (summary.json, and what `inlay bench --json` prints): format "inlay-bench", the run's
/// description, the summary and the per-kernel table of summary.md. docs/json.md describes every key.
nlohmann::ordered_json benchSummaryJson(const BenchInfo& info, const std::vector<KernelResult>& rows,
                                        const BenchSummary& s);
std::string resultsCsv(const std::vector<KernelResult>& rows);
/// The title, the run's description and the headline table (what `inlay bench` prints).
std::string headlineMarkdown(const BenchInfo& info, const BenchSummary& s);
/// The headline table, the plots (as relative links) and a per-kernel table.
std::string summaryMarkdown(const BenchInfo& info, const std::vector<KernelResult>& rows, const BenchSummary& s);

/// Writes results.json, results.csv, summary.md, summary.json, speedup.svg and cycles_per_bound.svg into `dir`
/// (created if missing). Throws WorkError when a file cannot be written.
void writeReports(const std::string& dir, const BenchInfo& info, const std::vector<KernelResult>& rows,
                  const BenchSummary& s);

}  // namespace inlay

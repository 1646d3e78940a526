// The reports of a design-space exploration (dse stage, docs/design.md §8): results.json, results.csv, summary.md
// and two Pareto plots, a function of the finished points and of the run's description (space and suite paths,
// verification, job count, wall time), so that a run, a resumed run and merged shards write the same bytes apart from
// the timings and the job count.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/dse/explore.h"

namespace inlay {

struct DseRunInfo {
  std::string space;                // the space file as given
  std::vector<std::string> suites;  // the workload's suite paths as given
  std::string fingerprint;          // dse/store.h
  bool checked = true;              // functional checks on proxies
  int jobs = 1;
  double wallSeconds = 0;
};

/// Fronts over the complete points, as indices into the results: csp cycles against SRAM bytes and against MAC
/// lanes, each sorted by the hardware cost.
struct DseFronts {
  std::vector<size_t> sram, lanes;
};
DseFronts paretoFronts(const std::vector<PointResult>& results);

nlohmann::ordered_json dseResultsJson(const DseRunInfo& info, const std::vector<PointResult>& results);
std::string dseResultsCsv(const std::vector<PointResult>& results);
std::string dseSummaryMarkdown(const DseRunInfo& info, const std::vector<PointResult>& results);

/// csp cycles (log) against SRAM bytes or MAC lanes (log2) of every complete point, the front joined and marked.
enum class HardwareCost { SramBytes, MacLanes };
std::string paretoSvg(const std::vector<PointResult>& results, HardwareCost x);

/// Writes results.json, results.csv, summary.md, pareto_sram.svg and pareto_lanes.svg into `dir`, atomically.
void writeDseReports(const std::string& dir, const DseRunInfo& info, const std::vector<PointResult>& results);

}  // namespace inlay

// Reports of a design-space exploration.
#include "inlay/dse/dse_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "inlay/bench/svg_text.h"
#include "inlay/dse/pareto.h"
#include "inlay/dse/store.h"
#include "inlay/ir/file_io.h"

namespace inlay {
namespace {

std::string fixed(double v, int decimals) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(decimals);
  os << v;
  return os.str();
}

std::string ratio(int64_t num, int64_t den) {
  return den > 0 && num > 0 ? "×" + fixed(double(num) / double(den), 2) : "–";
}

std::string kib(int64_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

std::vector<std::pair<int64_t, int64_t>> costs(const std::vector<PointResult>& results, const std::vector<size_t>& ids,
                                               HardwareCost x) {
  std::vector<std::pair<int64_t, int64_t>> c;
  for (size_t i : ids)
    c.emplace_back(x == HardwareCost::SramBytes ? results[i].sramBytes : results[i].macLanes, results[i].cspCycles);
  return c;
}

std::vector<size_t> completeIds(const std::vector<PointResult>& results) {
  std::vector<size_t> ids;
  for (size_t i = 0; i < results.size(); ++i)
    if (results[i].complete()) ids.push_back(i);
  return ids;
}

std::vector<size_t> frontOf(const std::vector<PointResult>& results, HardwareCost x) {
  const std::vector<size_t> ids = completeIds(results);
  std::vector<size_t> front;
  for (size_t k : paretoFront(costs(results, ids, x))) front.push_back(ids[k]);
  return front;
}

nlohmann::ordered_json frontJson(const std::vector<PointResult>& results, const std::vector<size_t>& front) {
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (size_t i : front) names.push_back(results[i].name);
  return names;
}

std::string frontTable(const std::vector<PointResult>& results, const std::vector<size_t>& front) {
  std::ostringstream md;
  md << "| configuration | SRAM | MAC lanes | csp cycles | reference cycles (kernels) | csp vs reference |\n"
        "|---|---:|---:|---:|---:|---:|\n";
  for (size_t i : front) {
    const PointResult& r = results[i];
    md << "| " << r.name << " | " << kib(r.sramBytes) << " | " << r.macLanes << " | " << r.cspCycles << " | "
       << r.referenceCycles << " (" << r.referenceRuns << ") | " << ratio(r.referenceCycles, r.referenceCspCycles)
       << " |\n";
  }
  return md.str();
}

}  // namespace

DseFronts paretoFronts(const std::vector<PointResult>& results) {
  return {frontOf(results, HardwareCost::SramBytes), frontOf(results, HardwareCost::MacLanes)};
}

nlohmann::ordered_json dseResultsJson(const DseRunInfo& info, const std::vector<PointResult>& results) {
  nlohmann::ordered_json j;
  j["format"] = "inlay-dse-results";
  j["version"] = 1;
  j["space"] = info.space;
  j["suites"] = info.suites;
  j["fingerprint"] = info.fingerprint;
  j["verification"] = info.checked ? "proxy" : "none";
  j["jobs"] = info.jobs;
  j["wall_seconds"] = std::round(info.wallSeconds * 10) / 10;
  int valid = 0, complete = 0;
  for (const PointResult& r : results) valid += r.valid, complete += r.complete();
  j["points"] = results.size();
  j["valid_points"] = valid;
  j["complete_points"] = complete;
  const DseFronts fronts = paretoFronts(results);
  j["front_sram"] = frontJson(results, fronts.sram);
  j["front_lanes"] = frontJson(results, fronts.lanes);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const PointResult& r : results) rows.push_back(pointToJson(r));
  j["results"] = rows;
  return j;
}

std::string dseResultsCsv(const std::vector<PointResult>& results) {
  std::ostringstream csv;
  csv << "index,name";
  for (const std::string& p : dseParameterNames()) csv << "," << p;
  csv << ",valid,complete,kernels,csp_failed,mismatches,below_bound,csp_cycles,reference_runs,reference_cycles,"
         "reference_csp_cycles,sram_bytes,mac_lanes,seconds\n";
  for (const PointResult& r : results) {
    csv << r.index << "," << r.name;
    for (const std::string& p : dseParameterNames()) {
      csv << ",";
      for (const auto& [name, value] : r.values)
        if (name == p) csv << value;
    }
    csv << "," << r.valid << "," << r.complete() << "," << r.kernels << "," << r.cspFailed << "," << r.mismatches << ","
        << r.belowBound << "," << r.cspCycles << "," << r.referenceRuns << "," << r.referenceCycles << ","
        << r.referenceCspCycles << "," << r.sramBytes << "," << r.macLanes << "," << fixed(r.seconds, 3) << "\n";
  }
  return csv.str();
}

std::string dseSummaryMarkdown(const DseRunInfo& info, const std::vector<PointResult>& results) {
  int valid = 0, complete = 0;
  for (const PointResult& r : results) valid += r.valid, complete += r.complete();
  const DseFronts fronts = paretoFronts(results);
  std::ostringstream md;
  md << "# Design-space exploration\n\n"
     << "Space `" << info.space << "`: " << results.size() << " points, " << valid << " valid, " << complete
     << " complete (every kernel ran under csp" << (info.checked ? " and passed its proxy check" : "") << "). "
     << "Workload: ";
  int kernels = 0;
  for (const PointResult& r : results) kernels = std::max(kernels, r.kernels);
  md << kernels << " kernels from ";
  if (info.suites.size() <= 3)
    for (size_t i = 0; i < info.suites.size(); ++i) md << (i ? ", `" : "`") << info.suites[i] << "`";
  else
    md << info.suites.size() << " suite paths (listed in results.json)";
  double evaluation = 0;
  for (const PointResult& r : results) evaluation += r.seconds;
  md << ". Evaluating the points took " << fixed(evaluation, 1) << " s (this run: " << fixed(info.wallSeconds, 1)
     << " s with " << info.jobs << " job(s); stored points are not recomputed).\n\n"
     << "## Pareto front: csp cycles against on-chip SRAM\n\n![](pareto_sram.svg)\n\n"
     << frontTable(results, fronts.sram)
     << "\n## Pareto front: csp cycles against MAC lanes\n\n![](pareto_lanes.svg)\n\n"
     << frontTable(results, fronts.lanes) << "\n## Points that are not complete\n\n";
  bool any = false;
  for (const PointResult& r : results) {
    if (r.complete()) continue;
    any = true;
    md << "- " << r.name << ": "
       << (!r.valid           ? r.invalidReason
           : r.mismatches > 0 ? std::to_string(r.mismatches) + " functional check(s) mismatched"
           : r.belowBound > 0 ? std::to_string(r.belowBound) + " run(s) below their lower bound"
                              : std::to_string(r.cspFailed) + " kernel(s) failed under csp, first " + r.firstFailure)
       << "\n";
  }
  if (!any) md << "None.\n";
  md << "\nThe reference column sums the kernels the reference ran (n/a and refused layers are left out); csp vs "
        "reference compares csp on those same kernels.\n";
  return md.str();
}

std::string paretoSvg(const std::vector<PointResult>& results, HardwareCost x) {
  const double width = 720, height = 440, left = 90, right = 20, top = 50, bottom = 60;
  const std::vector<size_t> ids = completeIds(results), front = frontOf(results, x);
  auto xValue = [&](const PointResult& r) { return double(x == HardwareCost::SramBytes ? r.sramBytes : r.macLanes); };
  double x0 = 1, x1 = 2, y0 = 1, y1 = 10;
  if (!ids.empty()) {
    x0 = x1 = xValue(results[ids[0]]);
    y0 = y1 = double(results[ids[0]].cspCycles);
    for (size_t i : ids) {
      x0 = std::min(x0, xValue(results[i])), x1 = std::max(x1, xValue(results[i]));
      y0 = std::min(y0, double(results[i].cspCycles)), y1 = std::max(y1, double(results[i].cspCycles));
    }
  }
  // Log axes with a margin of 8 % of the span (at least a quarter octave / a tenth of a decade) around the data.
  const double sx = std::max(std::log2(x1) - std::log2(x0), 1.0), sy = std::max(std::log10(y1) - std::log10(y0), 0.5);
  const double lx0 = std::log2(x0) - 0.08 * sx, lx1 = std::log2(x1) + 0.08 * sx;
  const double ly0 = std::log10(y0) - 0.08 * sy, ly1 = std::log10(y1) + 0.08 * sy;
  auto px = [&](double v) { return left + (std::log2(v) - lx0) / (lx1 - lx0) * (width - left - right); };
  auto py = [&](double v) { return top + (ly1 - std::log10(v)) / (ly1 - ly0) * (height - top - bottom); };
  const std::string xName = x == HardwareCost::SramBytes ? "on-chip SRAM (INP + WGT + ACC + UOP), KiB, log scale"
                                                         : "MAC lanes (BATCH × BLOCK_IN × BLOCK_OUT), log scale";
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
     << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
     << escapeSvg("Workload cycles under csp against " +
                  std::string(x == HardwareCost::SramBytes ? "on-chip SRAM" : "MAC lanes") + ": " +
                  std::to_string(ids.size()) + " configurations, Pareto front in red")
     << "</text>\n"
     << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << width - left - right << "\" height=\""
     << height - top - bottom << "\" fill=\"none\" stroke=\"black\"/>\n";
  // x ticks at the distinct hardware costs of the points (few, by construction of a space), y ticks at 1, 2, 5 × 10^k.
  std::vector<double> xs;
  for (size_t i : ids) xs.push_back(xValue(results[i]));
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  double lastLabel = -1e9;
  for (double v : xs) {
    if (px(v) - lastLabel < 40) continue;  // keep labels apart
    lastLabel = px(v);
    const std::string label =
        x == HardwareCost::SramBytes ? std::to_string(int64_t(v) / 1024) : std::to_string(int64_t(v));
    os << "<text x=\"" << fixed(px(v), 1) << "\" y=\"" << height - bottom + 16 << "\" text-anchor=\"middle\">" << label
       << "</text>\n";
  }
  for (int e = int(std::floor(ly0)); e <= int(std::ceil(ly1)); ++e)
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, e);
      if (std::log10(v) < ly0 || std::log10(v) > ly1) continue;
      os << "<text x=\"" << left - 6 << "\" y=\"" << fixed(py(v) + 4, 1) << "\" text-anchor=\"end\">" << int(m) << "e"
         << e << "</text>\n"
         << "<line x1=\"" << left << "\" x2=\"" << left + 4 << "\" y1=\"" << fixed(py(v), 1) << "\" y2=\""
         << fixed(py(v), 1) << "\" stroke=\"black\"/>\n";
    }
  os << "<text x=\"" << (left + width - right) / 2 << "\" y=\"" << height - 18 << "\" text-anchor=\"middle\">"
     << escapeSvg(xName) << "</text>\n"
     << "<text transform=\"translate(20," << (top + height - bottom) / 2
     << ") rotate(-90)\" text-anchor=\"middle\">csp cycles, log scale</text>\n";
  for (size_t i : ids)
    os << "<circle cx=\"" << fixed(px(xValue(results[i])), 1) << "\" cy=\""
       << fixed(py(double(results[i].cspCycles)), 1) << "\" r=\"3\" fill=\"#999999\"><title>"
       << escapeSvg(results[i].name) << ": " << results[i].cspCycles << " cycles</title></circle>\n";
  if (!front.empty()) {
    os << "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" points=\"";
    for (size_t i : front)
      os << fixed(px(xValue(results[i])), 1) << "," << fixed(py(double(results[i].cspCycles)), 1) << " ";
    os << "\"/>\n";
    for (size_t i : front)
      os << "<circle cx=\"" << fixed(px(xValue(results[i])), 1) << "\" cy=\""
         << fixed(py(double(results[i].cspCycles)), 1) << "\" r=\"4.5\" fill=\"#d62728\"><title>"
         << escapeSvg(results[i].name) << ": " << results[i].cspCycles << " cycles</title></circle>\n";
  }
  os << "</svg>\n";
  return os.str();
}

void writeDseReports(const std::string& dir, const DseRunInfo& info, const std::vector<PointResult>& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path d(dir);
  writeFileAtomic((d / "results.json").string(), dseResultsJson(info, results).dump(2) + "\n");
  writeFileAtomic((d / "results.csv").string(), dseResultsCsv(results));
  writeFileAtomic((d / "summary.md").string(), dseSummaryMarkdown(info, results));
  writeFileAtomic((d / "pareto_sram.svg").string(), paretoSvg(results, HardwareCost::SramBytes));
  writeFileAtomic((d / "pareto_lanes.svg").string(), paretoSvg(results, HardwareCost::MacLanes));
}

}  // namespace inlay

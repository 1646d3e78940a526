// SVG plots for benchmark reports: plain SVG 1.1 with inline styles, deterministic number formatting.
#include "inlay/bench/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace inlay {
namespace {

constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 50, kPlotHeight = 320;
const char* const kPalette[] = {"#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#9467bd"};

std::string num(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

/// The 1-2-5 sequence (…, 0.5, 1, 2, 5, 10, …): tick values of the log axes.
double niceBelow(double v) {
  double decade = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * decade <= v * (1 + 1e-9)) return m * decade;
  return decade;
}
double niceAbove(double v) {
  double decade = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * decade >= v * (1 - 1e-9)) return m * decade;
  return 10 * decade;
}

/// A log10 y axis from the 1-2-5 value below the data to the one above it.
struct LogAxis {
  double lo, hi;  // log10 of the ends
  LogAxis(double minValue, double maxValue)
      : lo(std::log10(niceBelow(std::max(minValue, 1e-3)))), hi(std::log10(niceAbove(std::max(maxValue, 1e-3)))) {
    if (hi <= lo) hi = lo + 1;
  }
  double y(double v) const { return kTop + kPlotHeight * (hi - std::log10(std::max(v, 1e-3))) / (hi - lo); }
  std::vector<double> ticks() const {
    std::vector<double> t;
    for (double v = std::pow(10.0, lo); std::log10(v) <= hi + 1e-9; v = niceAbove(v * 1.0001)) t.push_back(v);
    return t;
  }
};

std::string header(double width, const std::string& title) {
  double height = kTop + kPlotHeight + kBottom;
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width, 0) << "\" height=\"" << num(height, 0)
     << "\" viewBox=\"0 0 " << num(width, 0) << " " << num(height, 0)
     << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"" << num(width / 2, 0) << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" << escape(title)
     << "</text>\n";
  return os.str();
}

/// Grid lines and labels at the axis' 1-2-5 ticks ("0.5×", "1×", "2×" with `suffix`).
std::string grid(const LogAxis& axis, double width, const std::string& suffix) {
  std::ostringstream os;
  for (double v : axis.ticks()) {
    double y = axis.y(v);
    os << "<line x1=\"" << num(kLeft, 0) << "\" x2=\"" << num(width - kRight, 0) << "\" y1=\"" << num(y) << "\" y2=\""
       << num(y) << "\" stroke=\"#dddddd\"/>\n"
       << "<text x=\"" << num(kLeft - 6, 0) << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\">"
       << (v < 1 ? num(v, static_cast<int>(std::ceil(-std::log10(v) - 1e-9))) : num(v, 0)) << suffix << "</text>\n";
  }
  return os.str();
}

std::string horizontalMarker(const LogAxis& axis, double width, double v, const std::string& colour,
                             const std::string& label) {
  double y = axis.y(v);
  std::ostringstream os;
  os << "<line x1=\"" << num(kLeft, 0) << "\" x2=\"" << num(width - kRight, 0) << "\" y1=\"" << num(y) << "\" y2=\""
     << num(y) << "\" stroke=\"" << colour << "\" stroke-dasharray=\"6,3\"/>\n"
     << "<text x=\"" << num(width - kRight - 4, 0) << "\" y=\"" << num(y - 4) << "\" text-anchor=\"end\" fill=\""
     << colour << "\">" << escape(label) << "</text>\n";
  return os.str();
}

std::string legendEntry(double x, const std::string& colour, const std::string& label) {
  double y = kTop + kPlotHeight + 38;
  std::ostringstream os;
  os << "<rect x=\"" << num(x, 0) << "\" y=\"" << num(y - 10, 0) << "\" width=\"12\" height=\"12\" fill=\"" << colour
     << "\"/>\n<text x=\"" << num(x + 16, 0) << "\" y=\"" << num(y, 0) << "\">" << escape(label) << "</text>\n";
  return os.str();
}

}  // namespace

std::string speedupSvg(const BenchSummary& s) {
  std::vector<KernelSpeedup> bars;
  for (const KernelSpeedup& k : s.speedups)
    if (k.vsReference > 0) bars.push_back(k);
  std::stable_sort(bars.begin(), bars.end(),
                   [](const KernelSpeedup& a, const KernelSpeedup& b) { return a.vsReference < b.vsReference; });
  double barWidth = bars.size() > 150 ? 4 : bars.size() > 60 ? 8 : 16;
  double width = std::max(480.0, kLeft + kRight + barWidth * static_cast<double>(bars.size()));
  double lo = 1, hi = 1;
  for (const KernelSpeedup& k : bars) lo = std::min(lo, k.vsReference), hi = std::max(hi, k.vsReference);
  LogAxis axis(lo, hi);
  std::ostringstream os;
  os << header(width, "Speedup of csp over the reference (TVM's VTA schedule), per kernel") << grid(axis, width, "×");
  double base = axis.y(1);
  for (size_t i = 0; i < bars.size(); ++i) {
    double x = kLeft + barWidth * static_cast<double>(i), y = axis.y(bars[i].vsReference);
    bool low = bars[i].referenceUtilization < s.lowUtilThreshold;
    os << "<rect x=\"" << num(x) << "\" y=\"" << num(std::min(y, base)) << "\" width=\"" << num(barWidth * 0.85)
       << "\" height=\"" << num(std::max(std::abs(base - y), 0.5)) << "\" fill=\"" << (low ? kPalette[1] : kPalette[0])
       << "\"><title>" << escape(bars[i].kernel) << ": " << num(bars[i].vsReference, 2) << "×</title></rect>\n";
  }
  os << horizontalMarker(axis, width, 1, "black", "1×");
  if (s.speedupVsReference.count > 0)
    os << horizontalMarker(axis, width, s.speedupVsReference.value, "#2ca02c",
                           "geomean " + num(s.speedupVsReference.value, 2) + "×");
  os << legendEntry(kLeft, kPalette[1], "reference utilization < " + num(s.lowUtilThreshold, 2))
     << legendEntry(kLeft + 260, kPalette[0], "reference utilization ≥ " + num(s.lowUtilThreshold, 2)) << "</svg>\n";
  return os.str();
}

std::string cyclesPerBoundSvg(const std::vector<KernelResult>& rows, const std::vector<std::string>& strategies) {
  std::map<std::string, std::vector<double>> series;
  size_t longest = 1;
  double lo = 1, hi = 2;
  for (const std::string& st : strategies) {
    std::vector<double>& v = series[st];
    for (const KernelResult& r : rows)
      if (r.strategy == st && r.ok && r.boundCycles > 0) v.push_back(r.cyclesPerBound());
    std::sort(v.begin(), v.end());
    longest = std::max(longest, v.size());
    for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
  }
  double width = std::max(480.0, kLeft + kRight + 4.0 * static_cast<double>(longest));
  double plotWidth = width - kLeft - kRight;
  LogAxis axis(lo, hi);
  std::ostringstream os;
  os << header(width, "Cycles / bound per kernel, each strategy sorted (1 = at the bound)") << grid(axis, width, "");
  for (size_t s = 0; s < strategies.size(); ++s) {
    const std::vector<double>& v = series[strategies[s]];
    if (v.empty()) continue;
    os << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << kPalette[s % 5] << "\" points=\"";
    for (size_t i = 0; i < v.size(); ++i) {
      double x = kLeft + plotWidth * (v.size() == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(v.size() - 1));
      os << (i ? " " : "") << num(x) << "," << num(axis.y(v[i]));
    }
    os << "\"/>\n" << legendEntry(kLeft + 160.0 * static_cast<double>(s), kPalette[s % 5], strategies[s]);
  }
  os << "<text x=\"" << num(kLeft + plotWidth / 2, 0) << "\" y=\"" << num(kTop + kPlotHeight + 16, 0)
     << "\" text-anchor=\"middle\" fill=\"#555555\">kernels, sorted by cycles / bound</text>\n</svg>\n";
  return os.str();
}

}  // namespace inlay

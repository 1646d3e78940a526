// SVG plots for benchmark reports: plain SVG 1.1 with inline styles and deterministic number formatting. A chart is
// laid out before it is drawn (chartLayout): the margins fit the tick labels, the title, the x-axis label and the
// legend wrap to the width, and every label lies outside the plot area.
#include "inlay/bench/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "inlay/bench/svg_text.h"

namespace inlay {
namespace {

constexpr double kPad = 10;           // outer margin
constexpr double kTitleSize = 15;     // px
constexpr double kTextSize = 12;      // px: every other text
constexpr double kLineHeight = 1.25;  // × font size
constexpr double kPlotHeight = 300;
constexpr double kAutoMinWidth = 600;
constexpr double kSwatch = 12;  // legend marks are kSwatch wide, then a gap before the label
const char* const kPalette[] = {"#1f77b4", "#d62728", "#7f7f7f", "#2ca02c", "#9467bd"};

std::string num(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
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

/// A log10 value axis from the 1-2-5 value at or below the data to the one at or above it, mapped onto the plot
/// area's height once the layout is known.
struct LogAxis {
  double lo, hi;  // log10 of the ends
  double top = 0, height = kPlotHeight;
  LogAxis(double minValue, double maxValue)
      : lo(std::log10(niceBelow(std::max(minValue, 1e-3)))), hi(std::log10(niceAbove(std::max(maxValue, 1e-3)))) {
    if (hi <= lo) hi = lo + 1;
  }
  double y(double v) const { return top + height * (hi - std::log10(std::max(v, 1e-3))) / (hi - lo); }
  std::vector<double> ticks() const {
    std::vector<double> t;
    for (double v = std::pow(10.0, lo); std::log10(v) <= hi + 1e-9; v = niceAbove(v * 1.0001)) t.push_back(v);
    return t;
  }
};

std::string tickLabel(double v, const std::string& suffix) {
  return (v < 1 ? num(v, static_cast<int>(std::ceil(-std::log10(v) - 1e-9))) : num(v, 0)) + suffix;
}

/// A legend entry: a mark in `colour` (a filled box, or a line sample, dashed or solid) and its label.
struct LegendEntry {
  enum class Mark { Box, Line, DashedLine };
  Mark mark;
  std::string colour;
  std::string label;
};

/// The texts of a chart, from which its layout follows.
struct ChartText {
  std::string title, yLabel, xLabel;
  std::vector<std::string> ticks;  // the y axis' tick labels
  std::vector<LegendEntry> legend;
};

/// Where everything goes. Text positions are baselines.
struct Layout {
  double width = 0, height = 0;
  double plotLeft = 0, plotTop = 0, plotWidth = 0, plotHeight = kPlotHeight;
  std::vector<std::string> title, xLabel;  // wrapped lines
  double xLabelBaseline = 0;               // of the first line
  struct PlacedEntry {
    LegendEntry entry;
    double x, top;                   // the mark's left edge and the entry's top
    std::vector<std::string> lines;  // the wrapped label
  };
  std::vector<PlacedEntry> legend;
};

double lineStep(double fontSize) { return fontSize * kLineHeight; }

/// Lays out a chart `requestedWidth` wide (0: wide enough for `contentWidth` px of plot area, at least
/// kAutoMinWidth); widths below kMinPlotWidth are raised to it.
Layout chartLayout(const ChartText& text, double requestedWidth, double contentWidth) {
  Layout l;
  double tickWidth = 0;
  for (const std::string& t : text.ticks) tickWidth = std::max(tickWidth, estimatedTextWidth(t, kTextSize));
  // The rotated y label's band, a gap, the tick labels, a gap.
  l.plotLeft = kPad + kTextSize * (kTextAscent + kTextDescent) + 6 + tickWidth + 6;
  l.width = requestedWidth > 0 ? std::max(requestedWidth, kMinPlotWidth)
                               : std::max(kAutoMinWidth, std::ceil(l.plotLeft + contentWidth + kPad));
  l.plotWidth = l.width - l.plotLeft - kPad;
  const double textWidth = l.width - 2 * kPad;

  l.title = wrapText(text.title, kTitleSize, textWidth);
  l.plotTop = kPad + static_cast<double>(l.title.size()) * lineStep(kTitleSize) + 10;

  const double plotBottom = l.plotTop + l.plotHeight;
  l.xLabel = wrapText(text.xLabel, kTextSize, textWidth);
  l.xLabelBaseline = plotBottom + 10 + kTextSize * kTextAscent;

  // Legend entries flow left to right and wrap to new rows; a label too long for a row wraps itself.
  const double labelIndent = kSwatch + 5;
  double x = kPad, rowTop = l.xLabelBaseline + static_cast<double>(l.xLabel.size() - 1) * lineStep(kTextSize) +
                            kTextSize * kTextDescent + 10;
  double rowHeight = 0;
  for (const LegendEntry& e : text.legend) {
    std::vector<std::string> lines = wrapText(e.label, kTextSize, textWidth - labelIndent);
    double labelWidth = 0;
    for (const std::string& line : lines) labelWidth = std::max(labelWidth, estimatedTextWidth(line, kTextSize));
    const double entryWidth = labelIndent + labelWidth;
    if (x > kPad && x + entryWidth > l.width - kPad) {
      x = kPad;
      rowTop += rowHeight + 4;
      rowHeight = 0;
    }
    const double entryHeight = static_cast<double>(lines.size()) * lineStep(kTextSize);
    l.legend.push_back({e, x, rowTop, lines});
    x += entryWidth + 18;
    rowHeight = std::max(rowHeight, entryHeight);
  }
  l.height = std::ceil(rowTop + rowHeight + kPad);
  return l;
}

std::string textElement(double x, double y, const char* anchor, const std::string& text, double fontSize = kTextSize,
                        const std::string& extra = "") {
  std::ostringstream os;
  os << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" text-anchor=\"" << anchor << "\"";
  if (fontSize != kTextSize) os << " font-size=\"" << num(fontSize, 0) << "\"";
  os << extra << ">" << escapeSvg(text) << "</text>\n";
  return os.str();
}

/// The frame: background, title, plot-area border, grid and tick labels, axis labels and legend. The chart's own
/// marks go between `open` and `close`.
struct Frame {
  std::string open, close;
};

Frame drawFrame(const Layout& l, const ChartText& text, const LogAxis& axis, const std::string& tickSuffix) {
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(l.width, 0) << "\" height=\"" << num(l.height, 0)
     << "\" viewBox=\"0 0 " << num(l.width, 0) << " " << num(l.height, 0)
     << "\" font-family=\"sans-serif\" font-size=\"" << num(kTextSize, 0) << "\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (size_t k = 0; k < l.title.size(); ++k)
    os << textElement(l.width / 2, kPad + kTitleSize * kTextAscent + static_cast<double>(k) * lineStep(kTitleSize),
                      "middle", l.title[k], kTitleSize);
  const double right = l.plotLeft + l.plotWidth;
  for (double v : axis.ticks()) {
    const double y = axis.y(v);
    os << "<line x1=\"" << num(l.plotLeft) << "\" x2=\"" << num(right) << "\" y1=\"" << num(y) << "\" y2=\"" << num(y)
       << "\" stroke=\"#dddddd\"/>\n"
       << textElement(l.plotLeft - 6, y + 0.35 * kTextSize, "end", tickLabel(v, tickSuffix));
  }
  const double yLabelX = kPad + kTextSize * kTextAscent, yLabelY = l.plotTop + l.plotHeight / 2;
  os << textElement(yLabelX, yLabelY, "middle", text.yLabel, kTextSize,
                    " transform=\"rotate(-90 " + num(yLabelX) + " " + num(yLabelY) + ")\"");
  Frame f{os.str(), ""};

  std::ostringstream end;
  end << "<rect class=\"plot-area\" x=\"" << num(l.plotLeft) << "\" y=\"" << num(l.plotTop) << "\" width=\""
      << num(l.plotWidth) << "\" height=\"" << num(l.plotHeight) << "\" fill=\"none\" stroke=\"#999999\"/>\n";
  for (size_t k = 0; k < l.xLabel.size(); ++k) {
    // Centred under the plot area, moved inwards where the plot area's centre would push it over an edge.
    const double half = estimatedTextWidth(l.xLabel[k], kTextSize) / 2;
    const double x =
        std::clamp(l.plotLeft + l.plotWidth / 2, kPad + half, std::max(kPad + half, l.width - kPad - half));
    end << textElement(x, l.xLabelBaseline + static_cast<double>(k) * lineStep(kTextSize), "middle", l.xLabel[k],
                       kTextSize, " fill=\"#555555\"");
  }
  for (const Layout::PlacedEntry& p : l.legend) {
    const double markY = p.top + kTextSize * kLineHeight / 2;
    switch (p.entry.mark) {
      case LegendEntry::Mark::Box:
        end << "<rect x=\"" << num(p.x) << "\" y=\"" << num(markY - kSwatch / 2) << "\" width=\"" << num(kSwatch, 0)
            << "\" height=\"" << num(kSwatch, 0) << "\" fill=\"" << p.entry.colour << "\"/>\n";
        break;
      case LegendEntry::Mark::Line:
      case LegendEntry::Mark::DashedLine:
        end << "<line x1=\"" << num(p.x) << "\" x2=\"" << num(p.x + kSwatch) << "\" y1=\"" << num(markY) << "\" y2=\""
            << num(markY) << "\" stroke=\"" << p.entry.colour << "\" stroke-width=\"2\""
            << (p.entry.mark == LegendEntry::Mark::DashedLine ? " stroke-dasharray=\"4,2\"" : "") << "/>\n";
        break;
    }
    for (size_t k = 0; k < p.lines.size(); ++k)
      end << textElement(p.x + kSwatch + 5,
                         p.top + kTextSize * kTextAscent + static_cast<double>(k) * lineStep(kTextSize), "start",
                         p.lines[k]);
  }
  end << "</svg>\n";
  f.close = end.str();
  return f;
}

std::vector<std::string> tickLabels(const LogAxis& axis, const std::string& suffix) {
  std::vector<std::string> labels;
  for (double v : axis.ticks()) labels.push_back(tickLabel(v, suffix));
  return labels;
}

std::string dashedRule(const Layout& l, double y, const std::string& colour) {
  std::ostringstream os;
  os << "<line x1=\"" << num(l.plotLeft) << "\" x2=\"" << num(l.plotLeft + l.plotWidth) << "\" y1=\"" << num(y)
     << "\" y2=\"" << num(y) << "\" stroke=\"" << colour << "\" stroke-width=\"1.5\" stroke-dasharray=\"6,3\"/>\n";
  return os.str();
}

}  // namespace

std::string speedupSvg(const BenchSummary& s, const PlotOptions& options) {
  std::vector<KernelSpeedup> bars;
  for (const KernelSpeedup& k : s.speedups)
    if (k.vsReference > 0) bars.push_back(k);
  std::stable_sort(bars.begin(), bars.end(),
                   [](const KernelSpeedup& a, const KernelSpeedup& b) { return a.vsReference < b.vsReference; });
  double lo = 1, hi = 1;
  for (const KernelSpeedup& k : bars) lo = std::min(lo, k.vsReference), hi = std::max(hi, k.vsReference);
  // Bars rise from the axis' bottom, which lies below the smallest value, so that every bar has a height.
  LogAxis axis(lo / 1.05, hi * 1.05);

  const std::string threshold = num(s.lowUtilThreshold, 2);
  ChartText text;
  text.title = "Speedup of csp over the reference (TVM's VTA schedules), per kernel";
  text.yLabel = "speedup (log scale)";
  text.xLabel = bars.empty()
                    ? "no kernel has both a csp and a reference result"
                    : std::to_string(bars.size()) + (bars.size() == 1 ? " kernel" : " kernels") + ", sorted by speedup";
  text.ticks = tickLabels(axis, "×");
  text.legend = {{LegendEntry::Mark::Box, kPalette[1], "TVM's utilization < " + threshold},
                 {LegendEntry::Mark::Box, kPalette[0], "TVM's utilization ≥ " + threshold},
                 {LegendEntry::Mark::DashedLine, "black", "1× (as fast as the reference)"}};
  const Geomean& all = s.subset("all kernels").vsReference;
  if (all.count > 0)
    text.legend.push_back({LegendEntry::Mark::DashedLine, kPalette[3], "geomean " + num(all.value, 2) + "×"});
  const double slotWidth = bars.size() > 150 ? 4 : bars.size() > 60 ? 8 : 16;
  const Layout l = chartLayout(text, options.width, slotWidth * static_cast<double>(bars.size()));
  axis.top = l.plotTop;
  axis.height = l.plotHeight;

  const Frame frame = drawFrame(l, text, axis, "×");
  std::ostringstream os;
  os << frame.open;
  const double slot = bars.empty() ? 0 : l.plotWidth / static_cast<double>(bars.size());
  const double barWidth = slot < 3 ? slot : std::min(slot * 0.8, 40.0);
  const double bottom = l.plotTop + l.plotHeight;
  for (size_t i = 0; i < bars.size(); ++i) {
    const double x = l.plotLeft + slot * static_cast<double>(i) + (slot - barWidth) / 2;
    const double y = axis.y(bars[i].vsReference);
    const bool low = bars[i].tvmUtilization < s.lowUtilThreshold;
    os << "<rect class=\"bar\" x=\"" << num(x, 2) << "\" y=\"" << num(y) << "\" width=\"" << num(barWidth, 2)
       << "\" height=\"" << num(bottom - y) << "\" fill=\"" << (low ? kPalette[1] : kPalette[0]) << "\"><title>"
       << escapeSvg(bars[i].kernel) << ": " << num(bars[i].vsReference, 2) << "×</title></rect>\n";
  }
  os << dashedRule(l, axis.y(1), "black");
  if (all.count > 0) os << dashedRule(l, axis.y(all.value), kPalette[3]);
  os << frame.close;
  return os.str();
}

std::string cyclesPerBoundSvg(const std::vector<KernelResult>& rows, const std::vector<std::string>& strategies,
                              const PlotOptions& options) {
  std::map<std::string, std::vector<double>> series;
  size_t longest = 0;
  double lo = 1, hi = 2;
  for (const std::string& st : strategies) {
    std::vector<double>& v = series[st];
    for (const KernelResult& r : rows)
      if (r.strategy == st && r.ok && r.boundCycles > 0) v.push_back(r.cyclesPerBound());
    std::sort(v.begin(), v.end());
    longest = std::max(longest, v.size());
    for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
  }
  LogAxis axis(lo, hi);

  ChartText text;
  text.title = "Cycles / bound per kernel, each strategy sorted (1 = at the bound)";
  text.yLabel = "cycles / bound (log scale)";
  text.xLabel = longest == 0 ? "no kernel has a result"
                             : "kernels, sorted by cycles / bound within each strategy (" + std::to_string(longest) +
                                   (longest == 1 ? " kernel)" : " kernels)");
  text.ticks = tickLabels(axis, "");
  for (size_t s = 0; s < strategies.size(); ++s)
    text.legend.push_back({LegendEntry::Mark::Line, kPalette[s % 5], strategies[s]});
  const Layout l = chartLayout(text, options.width, 4.0 * static_cast<double>(longest));
  axis.top = l.plotTop;
  axis.height = l.plotHeight;

  const Frame frame = drawFrame(l, text, axis, "");
  std::ostringstream os;
  os << frame.open;
  for (size_t s = 0; s < strategies.size(); ++s) {
    const std::vector<double>& v = series[strategies[s]];
    auto x = [&](size_t i) {
      return l.plotLeft +
             l.plotWidth * (v.size() == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(v.size() - 1));
    };
    if (v.size() >= 2) {
      os << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << kPalette[s % 5] << "\" points=\"";
      for (size_t i = 0; i < v.size(); ++i) os << (i ? " " : "") << num(x(i)) << "," << num(axis.y(v[i]));
      os << "\"/>\n";
    }
    if (v.size() <= 60)  // few points: mark each (a single kernel is a dot)
      for (size_t i = 0; i < v.size(); ++i)
        os << "<circle cx=\"" << num(x(i)) << "\" cy=\"" << num(axis.y(v[i])) << "\" r=\"3.5\" fill=\""
           << kPalette[s % 5] << "\"/>\n";
  }
  os << frame.close;
  return os.str();
}

}  // namespace inlay

// Tests of the SVG plots (bench/plots.h, bench/svg_text.h): for 1, 2 and 211 kernels at automatic and small widths,
// every text lies inside the viewBox, outside the plot area (so it covers no bar or line) and clear of every other
// text, by the layout's own width estimate; every kernel has a visible bar; and rsvg-convert (librsvg) renders each
// plot to a PNG of the SVG's size.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "inlay/bench/plots.h"
#include "inlay/bench/svg_text.h"
#include "inlay/ir/file_io.h"

using namespace inlay;

namespace {

struct Box {
  double x0, y0, x1, y1;
  std::string what;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  // Coordinates are printed rounded to 0.1 px (bars' x to 0.01 px): allow for that.
  bool inside(const Box& o) const {
    const double eps = 0.1;
    return x0 >= o.x0 - eps && x1 <= o.x1 + eps && y0 >= o.y0 - eps && y1 <= o.y1 + eps;
  }
};

std::ostream& operator<<(std::ostream& os, const Box& b) {
  return os << "'" << b.what << "' [" << b.x0 << ", " << b.x1 << "] x [" << b.y0 << ", " << b.y1 << "]";
}

/// The value of attribute `name` in a tag's attribute text, or "" when absent.
std::string attributeText(const std::string& attrs, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = (" " + attrs).find(key);
  if (at == std::string::npos) return "";
  const size_t start = at + key.size() - 1;  // in attrs, which lacks the leading space
  return attrs.substr(start, attrs.find('"', start) - start);
}

double attribute(const std::string& attrs, const std::string& name, double otherwise = -1) {
  const std::string text = attributeText(attrs, name);
  return text.empty() ? otherwise : std::stod(text);
}

/// Every `<tag ...>` (attribute text) and, for elements with text content, that text.
std::vector<std::pair<std::string, std::string>> elements(const std::string& svg, const std::string& tag) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string open = "<" + tag + " ", close = "</" + tag + ">";
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    const size_t attrsEnd = svg.find('>', at);
    std::string attrs = svg.substr(at + open.size(), attrsEnd - at - open.size());
    if (!attrs.empty() && attrs.back() == '/') attrs.pop_back();
    const size_t contentEnd = svg.find(close, attrsEnd);
    const size_t nextOpen = svg.find('<', attrsEnd);
    const bool hasText = contentEnd != std::string::npos && nextOpen == contentEnd;
    found.emplace_back(attrs, hasText ? svg.substr(attrsEnd + 1, contentEnd - attrsEnd - 1) : "");
  }
  return found;
}

std::string unescape(std::string s) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, from.size(), to);
  return s;
}

/// What a plot consists of, read back from its SVG.
struct ParsedPlot {
  double width = 0, height = 0;
  Box plotArea{};
  std::vector<Box> texts, bars;
  int titleLines = 0;
};

ParsedPlot parse(const std::string& svg) {
  ParsedPlot p;
  const auto roots = elements(svg, "svg");
  REQUIRE(roots.size() == 1);
  const std::string& root = roots[0].first;
  std::istringstream viewBox(attributeText(root, "viewBox"));
  double x0 = -1, y0 = -1;
  viewBox >> x0 >> y0 >> p.width >> p.height;
  CHECK(x0 == 0);
  CHECK(y0 == 0);
  CHECK(attribute(root, "width") == p.width);
  CHECK(attribute(root, "height") == p.height);

  for (const auto& [attrs, escaped] : elements(svg, "text")) {
    const std::string content = unescape(escaped);
    const double x = attribute(attrs, "x"), y = attribute(attrs, "y"), size = attribute(attrs, "font-size", 12);
    if (size == 15) ++p.titleLines;
    const double w = estimatedTextWidth(content, size);
    const std::string anchor = attributeText(attrs, "text-anchor");
    const double start = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0;
    if (attributeText(attrs, "transform").rfind("rotate(-90 ", 0) == 0)  // reads upwards; glyphs left of the baseline
      p.texts.push_back({x - size * kTextAscent, y - start - w, x + size * kTextDescent, y - start, content});
    else
      p.texts.push_back({x + start, y - size * kTextAscent, x + start + w, y + size * kTextDescent, content});
  }
  int areas = 0;
  for (const auto& [attrs, content] : elements(svg, "rect")) {
    const std::string kind = attributeText(attrs, "class");
    if (kind.empty()) continue;
    const double x = attribute(attrs, "x"), y = attribute(attrs, "y");
    const Box b{x, y, x + attribute(attrs, "width"), y + attribute(attrs, "height"), kind};
    if (kind == "bar") {
      p.bars.push_back(b);
    } else {
      CHECK(kind == "plot-area");
      p.plotArea = b;
      ++areas;
    }
  }
  CHECK(areas == 1);
  return p;
}

/// Nothing clipped, nothing covered: the checks every plot must pass.
void checkLayout(const std::string& svg, size_t expectedBars) {
  const ParsedPlot p = parse(svg);
  const Box view{0, 0, p.width, p.height, "viewBox"};
  CHECK(p.width >= kMinPlotWidth);
  CHECK(p.plotArea.inside(view));
  CHECK(p.plotArea.x1 - p.plotArea.x0 > 100);
  CHECK(p.titleLines >= 1);
  CHECK(p.texts.size() >= 6);  // title, tick labels, axis labels, legend
  for (size_t i = 0; i < p.texts.size(); ++i) {
    const Box& t = p.texts[i];
    CAPTURE(t);
    CHECK(t.inside(view));
    CHECK_FALSE(t.overlaps(p.plotArea));
    for (const Box& bar : p.bars) CHECK_FALSE(t.overlaps(bar));
    for (size_t j = i + 1; j < p.texts.size(); ++j) {
      CAPTURE(p.texts[j]);
      CHECK_FALSE(t.overlaps(p.texts[j]));
    }
  }
  CHECK(p.bars.size() == expectedBars);
  for (const Box& bar : p.bars) {
    CAPTURE(bar);
    CHECK(bar.x1 - bar.x0 >= 0.5);  // visible, even 211 bars at the smallest width
    CHECK(bar.y1 - bar.y0 >= 1);
    CHECK(bar.inside(p.plotArea));
  }
}

uint32_t bigEndian32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
  return v;
}

/// Renders `svg` with rsvg-convert and checks that it succeeds with a PNG of the SVG's size.
void checkRenders(const std::string& svg, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("inlay_plots_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / (name + ".svg"), out = dir / (name + ".png");
  writeFileAtomic(in.string(), svg);
  const std::string cmd = "rsvg-convert -o '" + out.string() + "' '" + in.string() + "' 2>/dev/null";
  CHECK_MESSAGE(std::system(cmd.c_str()) == 0, "rsvg-convert failed on ", name);
  std::ifstream png(out, std::ios::binary);
  std::ostringstream bytes;
  bytes << png.rdbuf();
  const std::string data = bytes.str();
  REQUIRE_MESSAGE(data.size() > 24, name, ": no PNG written");
  CHECK(data.compare(1, 3, "PNG") == 0);
  const ParsedPlot p = parse(svg);
  CHECK(bigEndian32(data, 16) == static_cast<uint32_t>(p.width));  // the IHDR chunk: width, height
  CHECK(bigEndian32(data, 20) == static_cast<uint32_t>(p.height));
  fs::remove_all(dir);
}

/// `n` kernels with speedups from 1 (the first, so a one-kernel chart shows a speedup of exactly 1) upwards; every
/// fifth has a low reference utilization.
std::vector<KernelResult> rowsFor(size_t n) {
  std::vector<KernelResult> rows;
  for (size_t k = 0; k < n; ++k) {
    for (const char* strategy : {"csp", "fixed", "reference"}) {
      KernelResult r;
      r.kernel = "kernel_" + std::to_string(k) + (k % 7 == 3 ? "_<&>" : "");
      r.strategy = strategy;
      r.ok = true;
      r.boundCycles = 1000;
      const auto scale = static_cast<int64_t>(k % 23);
      r.cycles = std::string(strategy) == "csp"     ? 1000 + 10 * scale
                 : std::string(strategy) == "fixed" ? 1000 + 60 * scale
                                                    : 1000 + 700 * scale;
      r.utilization = std::string(strategy) == "reference" && k % 5 == 4 ? 0.5 : 1.0;
      rows.push_back(r);
    }
  }
  return rows;
}

}  // namespace

TEST_CASE("svg_text: width estimates, wrapping and escaping") {
  CHECK(estimatedTextWidth("", 12) == 0);
  CHECK(estimatedTextWidth("0", 10) == doctest::Approx(0.636 * 10 * 1.05));
  CHECK(estimatedTextWidth("×", 10) == doctest::Approx(0.838 * 10 * 1.05));  // one code point of two bytes
  CHECK(estimatedTextWidth("mm", 12) > estimatedTextWidth("ii", 12) * 3);
  CHECK(wrapText("a bb ccc", 12, 1000) == std::vector<std::string>{"a bb ccc"});
  CHECK(wrapText("a bb ccc", 12, estimatedTextWidth("a bb", 12)) == std::vector<std::string>{"a bb", "ccc"});
  CHECK(wrapText("unbreakable", 12, 5) == std::vector<std::string>{"unbreakable"});
  CHECK(wrapText("", 12, 100) == std::vector<std::string>{""});
  CHECK(escapeSvg("a<b & c>d") == "a&lt;b &amp; c&gt;d");
}

TEST_CASE("plots: 1, 2 and 211 kernels at automatic and small widths: nothing clipped or covered, every bar visible") {
  for (size_t n : {size_t{1}, size_t{2}, size_t{211}}) {
    const std::vector<KernelResult> rows = rowsFor(n);
    const BenchSummary summary = summarize(rows);
    for (double width : {0.0, 100.0, 240.0, 320.0, 480.0, 600.0}) {
      CAPTURE(n);
      CAPTURE(width);
      const std::string speedup = speedupSvg(summary, {width});
      checkLayout(speedup, n);
      checkLayout(cyclesPerBoundSvg(rows, {"csp", "fixed", "reference"}, {width}), 0);
    }
    const std::string tag = std::to_string(n);
    checkRenders(speedupSvg(summary), "speedup_" + tag);
    checkRenders(speedupSvg(summary, {240}), "speedup_narrow_" + tag);
    checkRenders(cyclesPerBoundSvg(rows, {"csp", "fixed", "reference"}), "cycles_" + tag);
    checkRenders(cyclesPerBoundSvg(rows, {"csp", "fixed", "reference"}, {240}), "cycles_narrow_" + tag);
  }
}

TEST_CASE("plots: the requested width, a minimum, and an automatic width that fits every kernel") {
  const BenchSummary one = summarize(rowsFor(1)), many = summarize(rowsFor(211));
  CHECK(parse(speedupSvg(one, {400})).width == 400);
  CHECK(parse(speedupSvg(one, {100})).width == kMinPlotWidth);
  CHECK(parse(speedupSvg(one)).width == 600);
  CHECK(parse(speedupSvg(many)).width > 211 * 4);
  // Narrow: the title wraps instead of running off the edge.
  CHECK(parse(speedupSvg(one, {240})).titleLines > 1);
  CHECK(parse(speedupSvg(many)).titleLines == 1);
}

TEST_CASE("plots: self-contained SVG; one bar per kernel with its tooltip; one line or dot per strategy") {
  const std::vector<KernelResult> rows = rowsFor(2);
  const std::string svg = speedupSvg(summarize(rows));
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("<title>kernel_0: 1.00×</title>") != std::string::npos);
  CHECK(svg.find("<title>kernel_1: 1.68×</title>") != std::string::npos);
  CHECK(svg.find("href") == std::string::npos);  // no external assets
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find(">2 kernels, sorted by speedup</text>") != std::string::npos);  // the x axis is labelled
  CHECK(svg.find(">geomean 1.30×</text>") != std::string::npos);
  const std::string profile = cyclesPerBoundSvg(rows, {"csp", "fixed", "reference"});
  auto count = [](const std::string& text, const std::string& what) {
    size_t k = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++k;
    return k;
  };
  CHECK(count(profile, "<polyline") == 3);
  CHECK(count(profile, "<circle") == 6);
  const std::string single = cyclesPerBoundSvg(rowsFor(1), {"csp", "fixed", "reference"});
  CHECK(count(single, "<polyline") == 0);
  CHECK(count(single, "<circle") == 3);  // a one-kernel profile is a dot per strategy
  CHECK(single.find(">kernels, sorted by cycles / bound within each strategy (1 kernel)</text>") != std::string::npos);
}

TEST_CASE("plots: the same input gives the same bytes") {
  const std::vector<KernelResult> rows = rowsFor(211);
  CHECK(speedupSvg(summarize(rows), {300}) == speedupSvg(summarize(rows), {300}));
  CHECK(cyclesPerBoundSvg(rows, {"csp", "fixed"}) == cyclesPerBoundSvg(rows, {"csp", "fixed"}));
}

TEST_CASE("plots: the committed DeepBench plots (bench/results) pass the same checks and render") {
  const std::string dir = std::string(INLAY_SOURCE_DIR) + "/bench/results/";
  const std::string speedup = readTextFile(dir + "speedup.svg"), profile = readTextFile(dir + "cycles_per_bound.svg");
  checkLayout(speedup, 211);
  checkLayout(profile, 0);
  checkRenders(speedup, "results_speedup");
  checkRenders(profile, "results_cycles_per_bound");
}

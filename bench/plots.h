// Self-contained SVG plots of a benchmark run (bench stage): no scripts, fonts or external assets. The layout follows
// from estimated text widths (bench/svg_text.h): titles, axis labels and legends wrap to the width and sit outside
// the plot area, so that nothing is clipped and no label covers a bar, at any width from kMinPlotWidth.
#pragma once

#include <string>
#include <vector>

#include "inlay/bench/kernel_result.h"
#include "inlay/bench/summary.h"

namespace inlay {

/// The narrowest plot drawn; a smaller requested width is raised to it.
inline constexpr double kMinPlotWidth = 240;

struct PlotOptions {
  double width = 0;  // px; 0: wide enough for every kernel (about 4-16 px each) and at least 600
};

/// Bars of csp's speedup over the reference per kernel, sorted, on a log axis from below the smallest value (every
/// bar, even of a single kernel, has a height), with 1× and the geomean marked; kernels where the reference
/// under-uses the lanes (utilization < threshold) in a second colour.
std::string speedupSvg(const BenchSummary& s, const PlotOptions& options = {});

/// Cycles / bound of every strategy, each sorted ascending over the kernels (a profile: lower and flatter is
/// better), on a log axis; points are marked where there are few (a single kernel is a dot per strategy).
std::string cyclesPerBoundSvg(const std::vector<KernelResult>& rows, const std::vector<std::string>& strategies,
                              const PlotOptions& options = {});

}  // namespace inlay

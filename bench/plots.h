// Self-contained SVG plots of a benchmark run (bench stage): no scripts, fonts or external assets.
#pragma once

#include <string>
#include <vector>

#include "inlay/bench/kernel_result.h"
#include "inlay/bench/summary.h"

namespace inlay {

/// Bars of csp's speedup over the reference per kernel, sorted, on a log axis, with 1× and the geomean marked;
/// kernels where the reference under-uses the lanes (utilization < threshold) in a second colour.
std::string speedupSvg(const BenchSummary& s);

/// Cycles / bound of every strategy, each sorted ascending over the kernels (a profile: lower and flatter is
/// better), on a log axis.
std::string cyclesPerBoundSvg(const std::vector<KernelResult>& rows, const std::vector<std::string>& strategies);

}  // namespace inlay

// Progress reporting for benchmark runs (bench stage): the text of a terminal progress bar and of plain progress
// lines. Library code never prints; the CLI writes these strings where it sees fit.
#pragma once

#include <cstddef>
#include <string>

#include "inlay/bench/kernel_result.h"

namespace inlay {

struct BenchProgress {
  size_t done = 0, total = 0;
  const KernelResult* last = nullptr;  // the run that just finished
  double elapsedSeconds = 0;
};

/// "[#########...........]  42/633  6.6%  12s  ds_conv3 csp" — one line meant to be redrawn with '\r'; `width` is
/// the bar's width in characters.
std::string progressBar(const BenchProgress& p, int width = 30);

/// "[42/633] ds_conv3 csp: 123456 cycles, ×1.23 of bound, verified proxy (0.4 s)" — or the failure reason.
std::string progressLine(const BenchProgress& p);

}  // namespace inlay

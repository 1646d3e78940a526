// The benchmark runner (bench stage): every kernel of a suite through every strategy on a pool of worker threads,
// with results in a deterministic order (kernel-major, strategies in the given order) whatever the job count.
#pragma once

#include <functional>
#include <vector>

#include "inlay/bench/kernel_result.h"
#include "inlay/bench/progress.h"
#include "inlay/bench/run_kernel.h"
#include "inlay/bench/suite.h"

namespace inlay {

struct BenchOptions {
  RunOptions run;
  std::vector<Strategy> strategies{Strategy::Csp, Strategy::Fixed, Strategy::Reference};
  int jobs = 1;  // worker threads, ≥ 1
};

/// Called after each finished run, from a worker thread but never concurrently (the runner serialises the calls).
using ProgressCallback = std::function<void(const BenchProgress&)>;

/// Runs kernels × strategies with `options.jobs` workers. Row i·S + s is kernel i with strategy s.
std::vector<KernelResult> runBench(const std::vector<SuiteKernel>& kernels, const BenchOptions& options,
                                   const ProgressCallback& progress = {});

}  // namespace inlay

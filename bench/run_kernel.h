// Running one kernel through one strategy (bench stage, docs/design.md §7.1): generate, simulate for timing, check
// functionally, and collect the metrics. Shared by `inlay run` and `inlay bench`.
#pragma once

#include <cstdint>
#include <string>

#include "inlay/bench/kernel_result.h"
#include "inlay/bench/tune.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay {

enum class CheckSize {
  None,   // timing only
  Proxy,  // the functional check runs on a size-reduced proxy (bench/proxy.h) with the kernel's own embedding
  Full,   // the functional check runs on the kernel itself (its functional run also gives the timing)
};

struct RunOptions {
  Isa isa = defaultIsa();
  GenOptions gen;
  TuneRanking ranking = TuneRanking::Model;  // how the tuner ranks candidates (bench/tune.h: why the model)
  CheckSize check = CheckSize::Proxy;
  uint64_t seed = 1;  // random inputs of the functional check
  int64_t proxyMacBudget = int64_t{1} << 20;
};

/// Runs `op` with `strategy`. Never throws for a kernel that fails: generation errors, simulator faults and
/// mismatches are recorded in the result (ok = false or verified = Mismatch, with `error`). Metrics: cycles and
/// counters from the timing run (docs/design.md §6.2), utilization = MACs / (GEMM uops × B·I·O), bound = boundCycles().
KernelResult runKernel(const Operator& op, const std::string& source, Strategy strategy, const RunOptions& options);

}  // namespace inlay

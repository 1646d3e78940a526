// Tests of runKernel and the worker pool (bench/run_kernel.h, bench/runner.h): metrics of real runs through every
// strategy, functional checks at full size and on proxies, failures recorded rather than thrown, and results in
// the same order whatever the job count.
#include <doctest/doctest.h>

#include "bench_ops.h"
#include "inlay/bench/runner.h"
#include "inlay/codegen/bounds.h"

using namespace inlay;

namespace {

RunOptions options(CheckSize check) {
  RunOptions o;
  o.check = check;
  o.seed = 3;
  return o;
}

}  // namespace

TEST_CASE("runKernel: every strategy verifies bit-exactly at full size, with consistent metrics") {
  Operator op = test::convSpec("small_conv", 1, 3, 10, 12, 20, 3, 3, 1, 1);
  for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
    KernelResult r = runKernel(op, "specs.json", s, options(CheckSize::Full));
    CAPTURE(r.strategy);
    CAPTURE(r.error);
    CHECK(r.ok);
    CHECK(r.verified == Verification::Full);
    CHECK(r.kernel == "small_conv");
    CHECK(r.source == "specs.json");
    CHECK(r.strategy == strategyName(s));
    CHECK(r.cycles > 0);
    CHECK(r.boundCycles == boundCycles(op, defaultIsa()));
    CHECK(r.instructions > 0);
    CHECK(r.dma.out > 0);
    CHECK(r.utilization == doctest::Approx(static_cast<double>(op.macs()) / (r.gemmUops * 256.0)));
    CHECK(r.refusedByTvm == (s == Strategy::Reference));  // 3 input channels
    if (s != Strategy::Csp) CHECK(r.embeddingRank == 0);  // ranks (from 1) are csp's only
  }
}

TEST_CASE("runKernel: the proxy check and the timing run agree with a full-size run's counters") {
  Operator op = test::gemmSpec("g", 35, 40, 64);
  KernelResult proxy = runKernel(op, "", Strategy::Reference, options(CheckSize::Proxy));
  KernelResult full = runKernel(op, "", Strategy::Reference, options(CheckSize::Full));
  KernelResult timing = runKernel(op, "", Strategy::Reference, options(CheckSize::None));
  CHECK(proxy.verified == Verification::Proxy);
  CHECK(full.verified == Verification::Full);
  CHECK(timing.verified == Verification::NotRun);
  CHECK(proxy.cycles == full.cycles);  // the timing-only run and the functional run count the same cycles
  CHECK(timing.cycles == full.cycles);
  CHECK(timing.gemmUops == full.gemmUops);
  CHECK(timing.dma.inp == full.dma.inp);
}

TEST_CASE("runKernel: a strategy that does not apply to the operator is recorded as not applicable, with the cause") {
  Operator op = test::opFromSpec(R"({"name": "diag", "op": "loopnest", "dims": {"i": 16, "k": 16},
      "reduce": ["k"], "out": {"tensor": "O", "index": ["i"]},
      "inputs": [{"tensor": "A", "index": ["i", "k"]}, {"tensor": "B", "index": ["k", "k"]}]})");
  KernelResult r = runKernel(op, "", Strategy::Reference, options(CheckSize::Proxy));
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.applicable);
  CHECK_FALSE(r.failed());
  CHECK(r.error ==
        "reference strategy: operator 'diag': neither a conv2d (O[n,k,p,q] += I[n,c,sh·p+r,sw·q+s] · F[k,c,r,s]) nor "
        "a GEMM; the reference models only TVM's conv2d_packed and dense_packed schedules");
  CHECK(r.verified == Verification::NotRun);
  // The other strategies apply to every operator.
  KernelResult fixed = runKernel(op, "", Strategy::Fixed, options(CheckSize::Proxy));
  CHECK(fixed.ok);
  CHECK(fixed.applicable);
}

TEST_CASE("runKernel: the reference names why a dilated or a grouped conv is not TVM's conv2d") {
  Operator dilated = test::opFromSpec(R"({"name": "dil", "op": "loopnest",
      "dims": {"k": 16, "p": 8, "q": 8, "c": 16, "r": 3, "s": 3}, "reduce": ["c", "r", "s"],
      "out": {"tensor": "O", "index": ["k", "p", "q"]},
      "inputs": [{"tensor": "I", "index": ["c", "p+2*r", "q+2*s"]}, {"tensor": "F", "index": ["k", "c", "r", "s"]}]})");
  KernelResult d = runKernel(dilated, "", Strategy::Reference, options(CheckSize::Proxy));
  CHECK_FALSE(d.applicable);
  CHECK(d.error ==
        "reference strategy: operator 'dil': window dim 'r' is dilated (2 in I's index); TVM offloads "
        "conv2d to VTA only with dilation 1");
  Operator grouped = test::opFromSpec(R"({"name": "grp", "op": "conv2d", "groups": 4,
      "shape": {"N": 1, "C": 16, "H": 6, "W": 6, "K": 16, "R": 3, "S": 3}})");
  KernelResult g = runKernel(grouped, "", Strategy::Reference, options(CheckSize::Proxy));
  CHECK_FALSE(g.applicable);
  CHECK(g.error ==
        "reference strategy: operator 'grp': dim 'g' indexes both operands and the output (a grouped or "
        "depthwise convolution, or a batched GEMM) in groups that are not whole 16-channel blocks; TVM runs "
        "it on the host");
  CHECK(g.refusedByTvm);
  // Groups of 32 channels are whole blocks: TVM runs the layer on VTA (group_conv2d_packed), the reference is n/a.
  Operator whole = test::opFromSpec(R"({"name": "whole", "op": "conv2d", "groups": 2,
      "shape": {"N": 1, "C": 64, "H": 6, "W": 6, "K": 64, "R": 3, "S": 3}})");
  KernelResult w = runKernel(whole, "", Strategy::Reference, options(CheckSize::Proxy));
  CHECK_FALSE(w.applicable);
  CHECK_FALSE(w.refusedByTvm);
  CHECK(w.error.find("in groups of whole lane blocks, which TVM runs on VTA as group_conv2d_packed") !=
        std::string::npos);
}

TEST_CASE("runBench: kernel-major rows in strategy order, identical for 1 and 2 jobs") {
  std::vector<SuiteKernel> kernels{{test::gemmSpec("a", 20, 3, 30), "s"},
                                   {test::convSpec("b", 1, 16, 6, 6, 16, 3, 3, 1, 1), "s"},
                                   {test::gemmSpec("c", 64, 1, 64), "s"}};
  BenchOptions o;
  o.run = options(CheckSize::Proxy);
  size_t calls = 0;
  std::vector<KernelResult> one = runBench(kernels, o, [&](const BenchProgress& p) {
    ++calls;
    CHECK(p.total == 9);
    CHECK(p.done == calls);
  });
  CHECK(calls == 9);
  o.jobs = 2;
  std::vector<KernelResult> two = runBench(kernels, o);
  REQUIRE(one.size() == 9);
  REQUIRE(two.size() == 9);
  for (size_t i = 0; i < 9; ++i) {
    CAPTURE(i);
    CHECK(one[i].kernel == kernels[i / 3].op.name);
    CHECK(one[i].strategy == std::vector<std::string>{"csp", "fixed", "reference"}[i % 3]);
    CHECK(two[i].kernel == one[i].kernel);
    CHECK(two[i].strategy == one[i].strategy);
    CHECK(two[i].cycles == one[i].cycles);
    CHECK(two[i].instructions == one[i].instructions);
    CHECK(one[i].ok);
    CHECK(one[i].verified == Verification::Proxy);
  }
}

// A small worker pool over (kernel, strategy) jobs: workers take the next job from an atomic counter and write into
// that job's slot, so the output order never depends on scheduling. Jobs start largest kernel first (by MACs), so
// that no long kernel is left running alone at the end while the other workers idle.
#include "inlay/bench/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace inlay {

std::vector<KernelResult> runBench(const std::vector<SuiteKernel>& kernels, const BenchOptions& options,
                                   const ProgressCallback& progress) {
  const size_t strategies = options.strategies.size();
  const size_t total = kernels.size() * strategies;
  std::vector<KernelResult> results(total);
  std::atomic<size_t> next{0};
  std::mutex progressMutex;
  size_t done = 0;
  auto start = std::chrono::steady_clock::now();
  std::vector<size_t> order(total);
  for (size_t job = 0; job < total; ++job) order[job] = job;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return kernels[a / strategies].op.macs() > kernels[b / strategies].op.macs();
  });

  auto worker = [&] {
    for (size_t taken = next++; taken < total; taken = next++) {
      const size_t job = order[taken];
      const SuiteKernel& k = kernels[job / strategies];
      results[job] = runKernel(k.op, k.source, options.strategies[job % strategies], options.run);
      std::lock_guard<std::mutex> lock(progressMutex);
      ++done;
      if (progress) {
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress(BenchProgress{done, total, &results[job], elapsed});
      }
    }
  };
  size_t threads = std::min<size_t>(static_cast<size_t>(std::max(options.jobs, 1)), std::max<size_t>(total, 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread works too
  for (std::thread& t : pool) t.join();
  return results;
}

}  // namespace inlay

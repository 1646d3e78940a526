// CPU time for the benchmark programs: the machine is shared with other jobs, so wall time would measure them too.
#pragma once

#include <cstdint>
#include <ctime>

/// CPU seconds of the calling thread.
inline double cpuNow() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// CPU seconds per call of `f`, repeated until at least `minSeconds` have passed (small programs take microseconds).
template <class F>
double secondsPerCall(F&& f, double minSeconds = 0.02) {
  const double start = cpuNow();
  int64_t calls = 0;
  double elapsed = 0;
  do {
    f();
    ++calls;
    elapsed = cpuNow() - start;
  } while (elapsed < minSeconds);
  return elapsed / static_cast<double>(calls);
}

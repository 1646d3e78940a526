// Progress text for benchmark runs.
#include "inlay/bench/progress.h"

#include <cstdio>

namespace inlay {

std::string progressBar(const BenchProgress& p, int width) {
  int filled =
      p.total == 0 ? width : static_cast<int>(static_cast<double>(p.done) * width / static_cast<double>(p.total));
  std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
  char buf[160];
  std::snprintf(buf, sizeof buf, " %zu/%zu %5.1f%% %4.0fs ", p.done, p.total,
                p.total ? 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total) : 100.0, p.elapsedSeconds);
  std::string label = p.last ? p.last->kernel + " " + p.last->strategy : "";
  if (label.size() > 40) label = label.substr(0, 37) + "...";
  return bar + buf + label;
}

std::string progressLine(const BenchProgress& p) {
  char head[64];
  std::snprintf(head, sizeof head, "[%zu/%zu] ", p.done, p.total);
  if (!p.last) return head;
  const KernelResult& r = *p.last;
  std::string line = head + r.kernel + " " + r.strategy + ": ";
  if (!r.ok) return line + (r.applicable ? "failed: " : "n/a: ") + r.error;
  char body[160];
  std::snprintf(body, sizeof body, "%lld cycles, %.2f x bound, verified %s (%.1f s)", static_cast<long long>(r.cycles),
                r.cyclesPerBound(), verificationName(r.verified).c_str(), r.solveSeconds + r.genSeconds + r.simSeconds);
  return line + body;
}

}  // namespace inlay

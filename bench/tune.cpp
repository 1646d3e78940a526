// Tuning by simulation (bench/tune.h): generate every candidate, simulate each for timing, keep the fastest.
#include "bench/tune.h"

#include <chrono>
#include <optional>

#include "ir/error.h"
#include "sim/simulator.h"

namespace inlay {

Generated generateTuned(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  std::vector<Generated> candidates = generateCandidates(op, isa, strategy, options);
  const auto start = std::chrono::steady_clock::now();
  std::optional<size_t> best;
  int64_t bestCycles = 0;
  std::string firstFault;
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (candidates.size() == 1) {  // nothing to compare: the caller simulates it anyway
      best = 0;
      break;
    }
    std::vector<uint8_t> dram;
    const SimResult r = simulate(candidates[k].program, dram, SimOptions{.functional = false});
    if (r.fault) {
      if (firstFault.empty())
        firstFault = "simulator fault at instruction " + std::to_string(r.fault->insnIndex) + ": " + r.fault->message;
      continue;
    }
    if (!best || r.stats.cycles < bestCycles) best = k, bestCycles = r.stats.cycles;
  }
  if (!best) throw WorkError("every candidate program faulted in the simulator; the first: " + firstFault);
  Generated g = std::move(candidates[*best]);
  g.genSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  g.candidatesTried = static_cast<int>(candidates.size());
  return g;
}

}  // namespace inlay

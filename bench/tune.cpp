// Tuning by simulation (bench/tune.h): generate every candidate, simulate each for timing, keep the fastest.
#include "inlay/bench/tune.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "inlay/ir/error.h"

namespace inlay {

bool isSolverTiler(const Generated& g) {
  return g.scheduleSource == ScheduleSource::Tiler && g.embeddingRank != kBaselineRank;
}

TunedProgram tuneProgram(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  std::vector<Generated> candidates = generateCandidates(op, isa, strategy, options);
  const auto start = std::chrono::steady_clock::now();
  std::optional<size_t> best;
  std::optional<SimStats> bestStats;
  std::optional<int64_t> solverTiler, unmasked;
  std::vector<uint8_t> noImage;  // a timing-only run needs only the program's DRAM size
  std::string firstFault;
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (candidates.size() == 1) {  // nothing to compare: the caller simulates it anyway
      best = 0;
      break;
    }
    if (options.progress)
      options.progress("timing candidate " + std::to_string(k + 1) + " of " + std::to_string(candidates.size()) + " (" +
                       std::to_string(candidates[k].program.insns.size()) + " instructions)");
    const SimResult r = simulate(candidates[k].program, noImage, SimOptions{.functional = false});
    if (r.fault) {
      if (firstFault.empty())
        firstFault = "simulator fault at instruction " + std::to_string(r.fault->insnIndex) + ": " + r.fault->message;
      continue;
    }
    if (!best || r.stats.cycles < bestStats->cycles) best = k, bestStats = r.stats;
    if (isSolverTiler(candidates[k]) && (!solverTiler || r.stats.cycles < *solverTiler)) solverTiler = r.stats.cycles;
    if (candidates[k].embedding.maskedDim() < 0 && (!unmasked || r.stats.cycles < *unmasked)) unmasked = r.stats.cycles;
  }
  if (!best) throw WorkError("every candidate program faulted in the simulator; the first: " + firstFault);
  TunedProgram tuned{std::move(candidates[*best]), bestStats, solverTiler, unmasked};
  tuned.generated.genSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  tuned.generated.candidatesTried = static_cast<int>(candidates.size());
  return tuned;
}

Generated generateTuned(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  return tuneProgram(op, isa, strategy, options).generated;
}

}  // namespace inlay

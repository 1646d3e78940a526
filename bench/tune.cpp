// Tuning (bench/tune.h): generate every candidate, time each (simulator or fast model), keep the fastest; a
// model-ranked winner is simulated before it is returned.
#include "inlay/bench/tune.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>

#include "inlay/ir/error.h"
#include "inlay/perfmodel/perf_model.h"

namespace inlay {

namespace {

std::string faultText(const SimFault& f) {
  return "simulator fault at instruction " + std::to_string(f.insnIndex) + ": " + f.message;
}

/// A candidate's timing-only simulation; nullopt (and `firstFault` set, if empty) when the simulator faults.
std::optional<SimStats> simulated(const Program& program, std::string& firstFault) {
  std::vector<uint8_t> noImage;  // a timing-only run needs only the program's DRAM size
  const SimResult r = simulate(program, noImage, SimOptions{.functional = false});
  if (!r.fault) return r.stats;
  if (firstFault.empty()) firstFault = faultText(*r.fault);
  return std::nullopt;
}

void reportProgress(const GenOptions& options, size_t k, const std::vector<Generated>& candidates, const char* how) {
  if (options.progress)
    options.progress(std::string(how) + " candidate " + std::to_string(k + 1) + " of " +
                     std::to_string(candidates.size()) + " (" + std::to_string(candidates[k].program.insns.size()) +
                     " instructions)");
}

/// Ranking by the simulator: every candidate simulated; the category bests are simulated cycles.
TunedProgram rankBySimulator(std::vector<Generated>& candidates, const GenOptions& options) {
  std::optional<size_t> best;
  TunedProgram t;
  std::string firstFault;
  for (size_t k = 0; k < candidates.size(); ++k) {
    reportProgress(options, k, candidates, "timing");
    const std::optional<SimStats> s = simulated(candidates[k].program, firstFault);
    if (!s) continue;
    if (!best || s->cycles < t.timing->cycles) best = k, t.timing = s;
    if (isSolverTiler(candidates[k]) && (!t.solverTilerCycles || s->cycles < *t.solverTilerCycles))
      t.solverTilerCycles = s->cycles;
    if (candidates[k].embedding.maskedDim() < 0 && (!t.unmaskedCycles || s->cycles < *t.unmaskedCycles))
      t.unmaskedCycles = s->cycles;
  }
  if (!best) throw WorkError("every candidate program faulted in the simulator; the first: " + firstFault);
  t.generated = std::move(candidates[*best]);
  return t;
}

/// Ranking by the fast model: every candidate predicted (or simulated, when short: kModelFrom); then, fewest cycles
/// first, candidates simulated until one runs without a fault (the model does not look for the simulator's address
/// and micro-op faults). The category bests are the simulated cycles of each category's best candidate that runs.
TunedProgram rankByModel(std::vector<Generated>& candidates, const GenOptions& options) {
  std::vector<int64_t> predicted(candidates.size(), -1);  // -1: a deadlock, an illegal flag or a simulator fault
  std::vector<std::optional<SimStats>> runs(candidates.size());
  std::string firstFault;
  for (size_t k = 0; k < candidates.size(); ++k) {
    const Program& program = candidates[k].program;
    if (static_cast<int64_t>(program.insns.size()) < kModelFrom) {
      reportProgress(options, k, candidates, "timing");
      if ((runs[k] = simulated(program, firstFault))) predicted[k] = runs[k]->cycles;
      continue;
    }
    reportProgress(options, k, candidates, "modelling");
    const PerfPrediction p = predictCycles(program);
    if (!p.fault) predicted[k] = p.cycles;
  }
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {  // ties: the earlier candidate
    return predicted[a] >= 0 && (predicted[b] < 0 || predicted[a] < predicted[b]);
  });
  TunedProgram t;
  auto firstRunning = [&](auto&& inCategory) -> std::optional<size_t> {
    for (size_t k : order) {
      if (predicted[k] < 0 || !inCategory(candidates[k])) continue;
      if (!runs[k]) runs[k] = simulated(candidates[k].program, firstFault);
      if (runs[k]) return k;
    }
    return std::nullopt;
  };
  const std::optional<size_t> best = firstRunning([](const Generated&) { return true; });
  if (!best) {
    if (firstFault.empty()) firstFault = "the fast model found every candidate deadlocked or with an illegal flag";
    throw WorkError("every candidate program faulted in the simulator; the first: " + firstFault);
  }
  t.timing = runs[*best];
  if (std::optional<size_t> k = firstRunning(isSolverTiler)) t.solverTilerCycles = runs[*k]->cycles;
  if (std::optional<size_t> k = firstRunning([](const Generated& g) { return g.embedding.maskedDim() < 0; }))
    t.unmaskedCycles = runs[*k]->cycles;
  t.generated = std::move(candidates[*best]);
  return t;
}

}  // namespace

bool isSolverTiler(const Generated& g) {
  return g.scheduleSource == ScheduleSource::Tiler && g.embeddingRank != kBaselineRank;
}

TunedProgram tuneCandidates(std::vector<Generated> candidates, TuneRanking ranking, const GenOptions& options) {
  if (candidates.empty()) throw WorkError("no candidate program to tune");
  const auto start = std::chrono::steady_clock::now();
  const int tried = static_cast<int>(candidates.size());
  TunedProgram tuned;
  if (candidates.size() == 1)  // nothing to compare: the caller simulates it anyway
    tuned.generated = std::move(candidates.front());
  else
    tuned = ranking == TuneRanking::Model ? rankByModel(candidates, options) : rankBySimulator(candidates, options);
  tuned.generated.genSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  tuned.generated.candidatesTried = tried;
  return tuned;
}

TunedProgram tuneProgram(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options,
                         TuneRanking ranking) {
  return tuneCandidates(generateCandidates(op, isa, strategy, options), ranking, options);
}

Generated generateTuned(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options,
                        TuneRanking ranking) {
  return tuneProgram(op, isa, strategy, options, ranking).generated;
}

}  // namespace inlay

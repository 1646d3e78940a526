// Tuning by simulation (bench stage, docs/design.md §5.5): the strategy's candidate programs (codegen/generate.h)
// ranked by the simulator's cycle model (or by the fast performance model, src/perfmodel, whose winner is still
// simulated: TuneRanking, measured exact-equivalent on DeepBench and the default of RunOptions). This is what `csp`
// means everywhere in Inlay's commands: the best of the solver's top-K embeddings and TVM's fixed embedding (the
// baseline) under the schedule candidates (Inlay's tiler's choice, TVM's plan on TVM's embedding), ranked by the
// simulator's timing-only run, not by the solver's objective or the tiler's estimate alone — so never slower than
// `fixed`, which gets the same schedule search on TVM's fixed embedding only, or than `reference`, which has exactly
// TVM's plan.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "inlay/codegen/generate.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/sim/simulator.h"

namespace inlay {

/// Candidates shorter than this are simulated even under TuneRanking::Model: the model steps a few thousand
/// instructions whatever the program's length, so below that it is no faster than the simulator.
inline constexpr int64_t kModelFrom = 4096;

/// How the tuner ranks candidates. Simulator: each candidate's timing-only simulation. Model: each candidate's
/// predictCycles (perfmodel/perf_model.h) from kModelFrom instructions on, tens of times faster on large programs, and
/// simulation below; the winner is then simulated (so TunedProgram::timing is always the simulator's), and so is the
/// model-best of each category TunedProgram reports. Measured over DeepBench × the shipped ISAs × csp and fixed by
/// perf_bench_tune_ranking (bench/RESULTS.md): the model chose the simulator's candidate for all 1688 kernels, with a
/// fifth of the ranking time, so it is the default where Inlay runs kernels in bulk (RunOptions: `inlay run`,
/// `inlay bench`, `inlay dse`); the calls below default to the simulator.
enum class TuneRanking { Simulator, Model };

/// The candidate with the fewest simulated cycles (timing-only runs: cost ∝ instructions; or predicted, under
/// TuneRanking::Model); ties go to the earlier candidate, so the result is deterministic. Candidates the simulator
/// faults on are skipped. genSeconds includes the tuning time; candidatesTried is the number of candidates compared.
/// Throws WorkError when generation fails or every candidate faults (with the first fault).
Generated generateTuned(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options = {},
                        TuneRanking ranking = TuneRanking::Simulator);

/// generateTuned's choice with its timing-only simulation (none when there was only one candidate).
struct TunedProgram {
  Generated generated;
  std::optional<SimStats> timing;
  /// The fewest cycles among the candidates on the solver's own embeddings under Inlay's tiler (no TVM plan, no
  /// baseline): what csp achieves without help; none when no such candidate was timed. Under TuneRanking::Model, the
  /// simulated cycles of the one the model ranks first (as for the next field).
  std::optional<int64_t> solverTilerCycles;
  /// The fewest cycles among the candidates without a masked embedding (solver/embedding.h): what the strategy
  /// would achieve without masked lanes; none when no such candidate was timed.
  std::optional<int64_t> unmaskedCycles;
};
/// Whether `g` is a csp candidate of the solver's own: one of its embeddings under Inlay's tiler.
bool isSolverTiler(const Generated& g);

TunedProgram tuneProgram(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options = {},
                         TuneRanking ranking = TuneRanking::Simulator);

/// tuneProgram's ranking of candidates already generated (generateCandidates' order decides ties); options.progress
/// hears of each candidate timed. Throws WorkError when `candidates` is empty or every candidate faults.
TunedProgram tuneCandidates(std::vector<Generated> candidates, TuneRanking ranking, const GenOptions& options = {});

}  // namespace inlay

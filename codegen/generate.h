// The code generator's entry point (docs/design.md §5): from an operator and an ISA, via an embedding chosen by a
// strategy, to a complete Program (layouts, tiling, instruction stream).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/schedule.h"
#include "inlay/ir/expected.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/program/program.h"
#include "inlay/solver/embedding.h"
#include "inlay/solver/solve.h"

namespace inlay {

enum class Strategy { Csp, Fixed, Reference };
std::string strategyName(Strategy s);

struct GenOptions {
  SolveOptions solve;  // used by Strategy::Csp (its topK is replaced by `candidates`)
  int candidates = 4;  // Strategy::Csp: the solver's top-K embeddings offered by generateCandidates
  /// Called (on the calling thread) as a long generation advances — each embedding tiled and emitted, each
  /// candidate timed by the tuner — with a short description such as "embedding 2 of 4: tiling and emitting";
  /// for progress displays. Empty: no calls.
  std::function<void(const std::string&)> progress;
};

/// Where a candidate's schedule came from.
enum class ScheduleSource {
  Tiler,           // Inlay's tiler (codegen/tiler.h), the estimate's choice
  TvmPlan,         // TVM's plan on TVM's embedding (referencePlansFor, or the reference strategy itself)
  TvmPlanReusing,  // the same, without the loads TVM repeats for operand tiles already resident
};
std::string scheduleSourceName(ScheduleSource s);

/// Generated::embeddingRank of csp's baseline candidate: TVM's fixed embedding, not from the solver's list.
inline constexpr int kBaselineRank = -1;

struct Generated {
  Program program;
  Embedding embedding;  // the embedding the program implements
  double solveSeconds = 0;
  double genSeconds = 0;
  bool solverStopped =
      false;  // a limit (node budget or time) stopped the solver: the embedding is the best found so far
  bool refusedByTvm = false;  // Strategy::Reference: TVM would refuse the layer (input channels padded to 16)
  ScheduleSource scheduleSource = ScheduleSource::Tiler;
  int embeddingRank = 0;         // Strategy::Csp: the embedding's rank in the solver's list (0 = the objective's best),
                                 // or kBaselineRank
  int candidatesTried = 1;       // programs compared to pick this one (bench/tune.h); 1 without tuning
  bool laneBlocksOuter = false;  // the schedule's DRAM layout (Schedule::laneBlocksOuter)
};

/// Every program a strategy offers, best estimate first: for csp the solver's top `options.candidates` embeddings
/// (when some are masked, on to the `options.candidates`-th unmasked one, docs/design.md §5.5) and, as a baseline
/// whatever its estimate, TVM's fixed embedding (after them unless among them); for fixed TVM's fixed embedding; each
/// under the schedule candidates (Inlay's tiler's choice, then TVM's plans — each as TVM runs it and, when some operand
/// box is still resident to reuse, with it reused — when the embedding is TVM's up to what does not change the
/// mapping); for reference exactly TVM's
/// plans (referencePlans: a conv2d's one, a dense's best-estimated legal ones). Candidates that fail to emit are left
/// out. The simulator (a later stage) ranks them: bench/tune.h. solveSeconds and genSeconds are those of the whole
/// call, on every candidate. Throws WorkError when no embedding exists or no candidate could be emitted (with the first
/// candidate's reason).
std::vector<Generated> generateCandidates(const Operator& op, const Isa& isa, Strategy strategy,
                                          const GenOptions& options = {});

/// The first of generateCandidates (the estimate's choice), for callers that cannot simulate; with
/// options.candidates = 1 it generates only that one. Throws WorkError when no embedding exists (with the solver's
/// explanation) or the operator cannot be generated.
Generated generate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options = {});

/// Emits `schedule` (Inlay's tiler's choice over `space`, the invocation space of `emb`); a kernel the estimate
/// under-counted (hazard padding, unfoldable dims) is re-tiled with a smaller micro-op budget, in the same DRAM
/// layout, up to four times. Throws WorkError when every attempt fails.
Program tileAndEmit(const Operator& op, const Isa& isa, const Embedding& emb, const InvocationSpace& space,
                    Schedule schedule, const std::function<void(int64_t stepsDone, int64_t steps)>& progress = {});

/// generateCandidates and generate without exceptions (inlay/ir/expected.h).
Expected<std::vector<Generated>> tryGenerateCandidates(const Operator& op, const Isa& isa, Strategy strategy,
                                                       const GenOptions& options = {});
Expected<Generated> tryGenerate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options = {});

}  // namespace inlay

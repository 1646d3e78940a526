// The code generator's entry point (codegen/generate.h): strategy → embedding → schedule → program.
#include "codegen/generate.h"

#include <chrono>

#include "codegen/emit.h"
#include "codegen/reference.h"
#include "codegen/strategies.h"
#include "codegen/tiler.h"
#include "ir/error.h"
#include "solver/checker.h"

namespace inlay {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Tiles with Inlay's tiler and emits; a kernel the estimate under-counted (hazard padding, unfoldable dims) is
/// retried with a smaller micro-op budget.
Program tileAndEmit(const Operator& op, const Isa& isa, const Embedding& emb) {
  const InvocationSpace space = buildInvocationSpace(op, isa, emb);
  TilerOptions options;
  for (int attempt = 0;; ++attempt) {
    const Schedule schedule = chooseSchedule(space, isa, options);
    try {
      return emitProgram(op, isa, emb, schedule);
    } catch (const WorkError&) {
      if (attempt == 4) throw;
      options.uopBufferShare /= 4;
    }
  }
}

}  // namespace

std::string strategyName(Strategy s) {
  switch (s) {
    case Strategy::Csp: return "csp";
    case Strategy::Fixed: return "fixed";
    case Strategy::Reference: return "reference";
  }
  return "?";
}

Generated generate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Generated g;
  switch (strategy) {
    case Strategy::Csp: {
      const SolveResult r = solve(op, isa, options.solve);
      g.solveSeconds = r.seconds;
      g.timedOut = r.timedOut;
      if (r.embeddings.empty())
        throw WorkError("no embedding of the GEMM intrinsic into '" + op.name + "': " +
                        (r.timedOut ? "the solver hit its time limit" : r.explanation));
      g.embedding = r.embeddings.front();
      g.program = tileAndEmit(op, isa, g.embedding);
      break;
    }
    case Strategy::Fixed: {
      const Embedding e = fixedEmbedding(op);
      const CheckResult check = checkEmbedding(op, isa, e);
      if (!check.ok) throw WorkError("TVM's fixed embedding does not fit '" + op.name + "': " + check.reason);
      g.embedding = scoreEmbedding(op, isa, e);
      g.program = tileAndEmit(op, isa, g.embedding);
      break;
    }
    case Strategy::Reference: {
      const ReferencePlan plan = planReference(op, isa);
      g.embedding = plan.embedding;
      g.refusedByTvm = plan.refusedByTvm;
      g.program = emitProgram(op, isa, plan.embedding, plan.schedule);
      break;
    }
  }
  g.program.strategy = strategyName(strategy);
  g.genSeconds = secondsSince(start) - g.solveSeconds;
  return g;
}

int64_t boundCycles(const Operator& op, const Isa& isa) {
  const int64_t compute = (op.macs() + isa.macsPerUop() - 1) / isa.macsPerUop();
  const int64_t bytes = op.inputs[0].elements() + op.inputs[1].elements() + op.out.elements();
  const int64_t dma = (bytes + isa.busBytes - 1) / isa.busBytes;
  return std::max(compute, dma);
}

}  // namespace inlay

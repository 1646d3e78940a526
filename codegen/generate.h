// The code generator's entry point (DESIGN.md §3.3): from an operator and an ISA, via an embedding chosen by a
// strategy, to a complete Program (layouts, tiling, instruction stream).
#pragma once

#include <string>

#include "ir/operator.h"
#include "isa/isa.h"
#include "program/program.h"
#include "solver/embedding.h"
#include "solver/solve.h"

namespace inlay {

enum class Strategy { Csp, Fixed, Reference };
std::string strategyName(Strategy s);

struct GenOptions {
  SolveOptions solve;          // used by Strategy::Csp
};

struct Generated {
  Program program;
  Embedding embedding;         // the embedding the program implements
  double solveSeconds = 0;
  double genSeconds = 0;
  bool timedOut = false;       // the solver hit its limit (the embedding is the best found so far)
  bool refusedByTvm = false;   // Strategy::Reference: TVM would refuse the layer (input channels padded to 16)
};

/// Throws WorkError when no embedding exists (with the solver's explanation) or the operator cannot be generated.
Generated generate(const Operator& op, const Isa& isa, Strategy strategy, const GenOptions& options = {});

/// The limit of DESIGN.md §3.5: max(MACs / (B·I·O), minimal DRAM bytes / bus bytes per cycle), minimal bytes =
/// every input, weight and output byte moved once.
int64_t boundCycles(const Operator& op, const Isa& isa);

}  // namespace inlay

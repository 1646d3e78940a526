// Option names to C++ options for the Python module (see options.h).
#include "options.h"

#include "inlay/ir/error.h"

namespace inlay::python {

SolveOptions solveOptions(const std::string& solver, int top, int64_t nodeLimit, std::optional<double> timeLimit) {
  SolveOptions options{.topK = top, .nodeLimit = nodeLimit, .timeLimitSeconds = timeLimit.value_or(0)};
  if (solver == "gecode")
    options.backend = SolverBackend::Gecode;
  else if (solver == "z3")
    options.backend = SolverBackend::Z3;
  else
    throw InputError("<options>", "solver", "unknown solver '" + solver + "' (expected gecode or z3)");
  return options;
}

Strategy strategyFrom(const std::string& name) {
  for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference})
    if (name == strategyName(s)) return s;
  throw InputError("<options>", "strategy", "unknown strategy '" + name + "' (expected csp, fixed or reference)");
}

Isa isaOrDefault(const Isa* isa) { return isa ? *isa : defaultIsa(); }

}  // namespace inlay::python

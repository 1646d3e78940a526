// Option names to C++ options for the Python module (see options.h).
#include "options.h"

#include "inlay/ir/error.h"

namespace inlay::python {

SolverBackend backendFrom(const std::string& name) {
  if (name == "gecode") return SolverBackend::Gecode;
  if (name == "z3") return SolverBackend::Z3;
  throw InputError("<options>", "solver", "unknown solver '" + name + "' (expected gecode or z3)");
}

Strategy strategyFrom(const std::string& name) {
  for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference})
    if (name == strategyName(s)) return s;
  throw InputError("<options>", "strategy", "unknown strategy '" + name + "' (expected csp, fixed or reference)");
}

Isa isaOrDefault(const Isa* isa) { return isa ? *isa : defaultIsa(); }

}  // namespace inlay::python

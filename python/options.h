// Option values as Python passes them (names, None for the default ISA) turned into the C++ options; a name that
// is not one of the choices is an InputError("<options>", the argument, why), as solve() reports its own options.
#pragma once

#include <optional>
#include <string>

#include "inlay/codegen/generate.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/solve.h"

namespace inlay::python {

/// The solver's options: time_limit None is no wall-clock limit (the node budget alone bounds the search).
SolveOptions solveOptions(const std::string& solver, int top, int64_t nodeLimit, std::optional<double> timeLimit);
Strategy strategyFrom(const std::string& name);
/// *isa, or defaultIsa() for None.
Isa isaOrDefault(const Isa* isa);

}  // namespace inlay::python

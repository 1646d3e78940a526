// The codegen tests' assertion on the program checks (sim/program_checks.h): every program the generator writes
// breaks none of VTA's instruction-protocol rules — the project issue's "loop counts within limits, tokens balanced,
// no hazards, every program deadlock-free" and the emission rules of docs/vta.md §2–4.
#pragma once

#include "inlay/program/program.h"
#include "inlay/sim/program_checks.h"

namespace inlay::test {

namespace rule = inlay::insn_rule;

/// doctest: no violation (the message lists the first ones, each with its instruction index and rule).
void checkInstructions(const Program& p);

}  // namespace inlay::test

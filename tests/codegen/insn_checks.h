// The codegen tests' assertion on the program checks (sim/program_checks.h): every program the generator writes
// breaks none of VTA's instruction-protocol rules — the project issue's "loop counts within limits, tokens balanced,
// no hazards, every program deadlock-free" and the emission rules of docs/vta.md §2–4 — nor the generator's own
// placement rule, which is no protocol rule: buffers on 4 KiB pages.
#pragma once

#include "inlay/program/program.h"
#include "inlay/sim/program_checks.h"

namespace inlay::test {

namespace rule {
using namespace inlay::insn_rule;
inline constexpr const char* kBufferAlign = "buffer-align";  // DRAM buffers on kDramPageBytes pages
}  // namespace rule

/// findInsnViolations, then the buffers off their pages (program-level rule::kBufferAlign).
std::vector<InsnViolation> findGeneratedViolations(const Program& p, size_t cap = 8);

/// doctest: no violation of findGeneratedViolations (the message lists the first ones, each with its instruction
/// index and rule).
void checkInstructions(const Program& p);

}  // namespace inlay::test

// Instruction-level checks on a generated Program, shared by the codegen tests: the project issue's "loop counts
// within limits, tokens balanced, no hazards, every program deadlock-free" and the emission rules of
// docs/vta.md §2–4. findInsnViolations lists the rules a program breaks (up to a cap), each with the
// instruction index and the rule's name; checkInstructions asserts that there is none.
//
// Cost: linear in the program. Per instruction O(1), plus O(uops · accDepDistance²) for the accumulator hazard of a
// GEMM/ALU (analytic over its two loops, never enumerating the iterations) and O(SRAM elements touched) for the
// cross-module race check (per-element last writer/readers against vector clocks from the token protocol).
// Implementation: insn_checks.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/isa/instruction.h"
#include "inlay/program/program.h"

namespace inlay::test {

/// The rules, by the name a violation carries.
namespace rule {
inline constexpr const char* kEncoding = "encoding";               // encodes to 128 bits and decodes back unchanged
inline constexpr const char* kUopEncoding = "uop-encoding";        // every micro-op of the image: 32 bits, round trip
inline constexpr const char* kLoopIterations = "loop-iterations";  // each of the 2 affine loops: 1..16383 iterations
inline constexpr const char* kUopRange = "uop-range";              // uop_bgn < uop_end ≤ micro-op buffer depth
inline constexpr const char* kUopLoaded = "uop-loaded";        // the range's slots were filled by an earlier LOAD UOP
inline constexpr const char* kUopIndex = "uop-index";          // every ACC/INP/WGT index the loops reach is in range
inline constexpr const char* kAccHazard = "acc-hazard";        // no ACC index written twice within accDepDistance
                                                               // uop executions (GEMM, reset GEMM, ALU)
inline constexpr const char* kAluOp = "alu-op";                // MUL only where the ISA has it
inline constexpr const char* kDmaPad = "dma-pad";              // each pad ≤ 15
inline constexpr const char* kDmaPadType = "dma-pad-type";     // no pad on WGT, STORE, or a type the ISA cannot pad
inline constexpr const char* kDmaType = "dma-type";            // STORE from OUT; no LOAD OUT; ACC_8BIT only if enabled
inline constexpr const char* kDmaSram = "dma-sram";            // the (padded) SRAM block fits its buffer
inline constexpr const char* kDmaDram = "dma-dram";            // the DRAM rows lie in one buffer of the memory type
inline constexpr const char* kTokenFlags = "token-flags";      // load: no prev flags; store: no next flags
inline constexpr const char* kTokenBalance = "token-balance";  // per token queue, pushes == pops
inline constexpr const char* kDeadlock = "deadlock";           // the bounded pipeline runs every instruction
inline constexpr const char* kRace = "race";                   // cross-module SRAM accesses ordered by tokens
inline constexpr const char* kFinish = "finish";               // one FINISH, last, after every load and store
inline constexpr const char* kBufferAlign = "buffer-align";    // DRAM buffers 4 KiB-aligned
}  // namespace rule

struct InsnViolation {
  int64_t insn = -1;  // instruction index; -1 for a program-level rule
  std::string rule;   // one of rule::k*
  std::string detail;
};

/// "insn K (<instruction>): [rule] detail", or "program: [rule] detail".
std::string describeViolation(const Program& p, const InsnViolation& v);

/// An accumulator write hazard of a GEMM/ALU loop: the executions (i, j, uop k) and `delta` executions later write
/// the same ACC index `dst`.
struct AccHazard {
  int64_t i = 0, j = 0, k = 0, delta = 0, dst = 0;
};

/// The first (in the analysis' order) pair of uop executions at most `distance` apart that write one ACC index, for
/// the loop `l` over the uops whose dst indices are `dst` (dst[k - l.uopBgn] for k in [uopBgn, uopEnd)). Execution
/// order: for i < iterOut, j < iterIn, k in order. O(uops · distance²): for each uop and distance the successor is the
/// same (i, j) advanced, or a later j (valid for every j far enough from the end: one difference to test), or one
/// of the ≤ distance last j values, which may carry into i.
std::optional<AccHazard> findAccHazard(const UopLoop& l, const std::vector<int64_t>& dst, int distance);

/// Every rule `p` breaks, in the order found (program-level rules, then instructions in program order, then the
/// pipeline's deadlock, token-order and race findings), at most `cap`.
std::vector<InsnViolation> findInsnViolations(const Program& p, size_t cap = 8);

/// doctest: no violation (the message lists the first ones, each with its instruction index and rule).
void checkInstructions(const Program& p);

}  // namespace inlay::test

// The program checks: every rule of VTA's instruction protocol (docs/vta.md §2–4) that a program can break, whether
// or not a simulation happens to notice — encodings and unused bits, loop counts, micro-op ranges and indices, the
// accumulator hazard, ALU ops and shifts, DMA pads, types and bounds, token flags and balance, deadlock, races
// between modules that the tokens leave unordered, and FINISH. `inlay sim` applies them to every program before
// simulating it (docs/cli.md §3.3), and the code generator's tests hold every generated program to them.
//
// Cost: linear in the program. Per instruction O(1), plus O(uops · accDepDistance²) for the accumulator hazard of a
// GEMM/ALU (analytic over its two loops, never enumerating the iterations) and, for the cross-module race check
// (per-element last writer/readers against vector clocks from the token protocol, kept as runs of elements in equal
// state), O(log runs) per run of SRAM elements an access overlaps: at most the elements it touches, which simulating
// it costs anyway, and in practice a few runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/isa/instruction.h"
#include "inlay/program/program.h"

namespace inlay {

/// The rules, by the name a violation carries.
namespace insn_rule {
inline constexpr const char* kEncoding = "encoding";               // encodes to 128 bits and decodes back unchanged
inline constexpr const char* kUnusedBits = "unused-bits";          // no set bit outside the fields (insns/uops.bin)
inline constexpr const char* kUopEncoding = "uop-encoding";        // every micro-op of the image: 32 bits, round trip
inline constexpr const char* kLoopIterations = "loop-iterations";  // each of the 2 affine loops: 1..16383 iterations
inline constexpr const char* kUopRange = "uop-range";              // uop_bgn < uop_end ≤ micro-op buffer depth
inline constexpr const char* kUopLoaded = "uop-loaded";        // the range's slots were filled by an earlier LOAD UOP
inline constexpr const char* kUopIndex = "uop-index";          // every ACC/INP/WGT index the loops reach is in range
inline constexpr const char* kAccHazard = "acc-hazard";        // no ACC index written twice within accDepDistance
                                                               // uop executions (GEMM, reset GEMM, ALU)
inline constexpr const char* kAluOp = "alu-op";                // MUL only where the ISA has it
inline constexpr const char* kAluShift = "alu-shift";          // SHR immediates in -16..15, which every VTA
                                                               // implementation reads alike (docs/vta.md §2.5)
inline constexpr const char* kDmaPad = "dma-pad";              // each pad ≤ 15
inline constexpr const char* kDmaPadType = "dma-pad-type";     // no pad on WGT, STORE, or a type the ISA cannot pad
inline constexpr const char* kDmaType = "dma-type";            // STORE from OUT (but a NOP's type is free); no LOAD
                                                               // OUT; ACC_8BIT only if enabled
inline constexpr const char* kDmaSram = "dma-sram";            // the (padded) SRAM block fits its buffer
inline constexpr const char* kDmaDram = "dma-dram";            // the DRAM rows lie in one buffer of the memory type
inline constexpr const char* kTokenFlags = "token-flags";      // load: no prev flags; store: no next flags
inline constexpr const char* kTokenBalance = "token-balance";  // per token queue, pushes == pops
inline constexpr const char* kDeadlock = "deadlock";           // the bounded pipeline runs every instruction
inline constexpr const char* kRace = "race";                   // cross-module SRAM accesses ordered by tokens
inline constexpr const char* kFinish = "finish";               // one FINISH, last, after every load and store
}  // namespace insn_rule

struct InsnViolation {
  int64_t insn = -1;  // instruction index; -1 for a program-level rule
  std::string rule;   // one of insn_rule::k*
  std::string detail;
};

/// "insn K (<instruction>): [rule] detail", or "program: [rule] detail".
std::string describeViolation(const Program& p, const InsnViolation& v);

/// What the checks found: the first violations (at most the cap asked for), in the order found — program-level
/// rules, then instructions in program order, then the pipeline's deadlock, token-order and race findings — and
/// how many there are in all.
struct ProgramCheck {
  std::vector<InsnViolation> violations;
  int64_t total = 0;
};

/// Every rule `p` breaks; keeps the first `cap` violations and counts the rest. Never throws for a malformed
/// program (that is what it reports); the cost does not depend on `cap`.
ProgramCheck checkProgram(const Program& p, size_t cap);

/// The first `cap` violations of checkProgram.
std::vector<InsnViolation> findInsnViolations(const Program& p, size_t cap = 8);

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

}  // namespace inlay

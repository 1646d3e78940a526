// Micro-op kernels (codegen stage, docs/vta.md §2.3): the GEMM kernel of one tile — at most two invocation dims
// folded into the instruction's affine loops (≤ 16383 iterations, factors within their fields), the rest unrolled
// into micro-ops — ordered so that no micro-op execution writes an ACC index written by one of the previous
// accDepDistance executions; and single-micro-op kernels sweeping an ACC range (GEMM reset, ALU epilogue).
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/schedule.h"
#include "inlay/codegen/tiles.h"
#include "inlay/isa/instruction.h"
#include "inlay/isa/isa.h"

namespace inlay {

inline constexpr int64_t kLoopIterMax = 16383;

/// Micro-ops plus the loop fields of the GEMM/ALU instruction that runs them (uopBgn/uopEnd left to the caller).
struct Kernel {
  std::vector<Uop> uops;
  UopLoop loop;  // iterOut/iterIn and dst/src factors; uopBgn/uopEnd unset
  uint32_t wgtFactorOut = 0, wgtFactorIn = 0;
  int64_t executions() const { return int64_t{loop.iterOut} * loop.iterIn * static_cast<int64_t>(uops.size()); }
};

/// Operand placement of a tile: SRAM maps relative to each box base, and the bases (slot starts).
struct TilePlacement {
  SramMap acc, inp, wgt;
  int64_t accBase = 0, inpBase = 0, wgtBase = 0;
};

/// The GEMM kernel for a tile of extents `len`. With schedule.autoFold, picks the folds that minimise the micro-op
/// count among hazard-free choices; otherwise uses schedule.foldOuter/foldInner/uopOrder as given. When the tile
/// writes fewer than accDepDistance + 1 distinct ACC elements per reduction point, the unrolled kernel interleaves
/// writes to the `scratch` ACC entries (accDepDistance of them, never read). Throws WorkError if the requested folds
/// are illegal or the result has a hazard.
Kernel gemmKernel(const Isa& isa, const InvocationSpace& space, const std::vector<int64_t>& len,
                  const TilePlacement& placement, const Schedule& schedule, int64_t scratch);

/// Kernels applying one micro-op {dst = src = base} over [base, base + count) with dst/src factors 1 (one or two
/// kernels: a 2-loop body and a remainder).
std::vector<Kernel> rangeKernels(int64_t base, int64_t count);

/// True when no execution of `k` writes an ACC index written by one of the previous `distance` executions.
bool hazardFree(const Kernel& k, int distance);

}  // namespace inlay

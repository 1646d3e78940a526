// The schedule (codegen stage, docs/design.md §5.2): everything the emitter needs beyond the embedding, as one explicit
// value, so that Inlay's tiler (strategies csp, fixed) and the model of TVM's planner (strategy reference) both just
// produce a Schedule that the same emitter (codegen/emit.h) turns into a Program.
//
// Dims are indices into InvocationSpace::dims (codegen/invocation.h). The emitter walks tiles — boxes of the
// invocation space of extent `tile` (smaller at the upper edges: remainders) — in `loopOrder`; each tile is one
// step: its operand rows are loaded (skipped when the same rows are resident), one GEMM runs its invocations, and
// after the last reduction tile of an output tile the ALU epilogue runs and the outputs are stored. Within a tile's
// GEMM, `foldOuter`/`foldInner` become the instruction's two affine loops and the other dims are unrolled into
// micro-ops in `uopOrder`. `*Copies` = 2 double-buffers that SRAM buffer (TVM's two virtual threads).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace inlay {

struct Schedule {
  std::vector<int64_t> tile;   // per invocation dim, 1..extent
  std::vector<int> loopOrder;  // all invocation dims, outermost first; reduction dims after all others
  int foldOuter = -1;          // invocation dim folded into iter_out; -1: none
  int foldInner = -1;          // invocation dim folded into iter_in; -1: none
  bool autoFold = true;        // true: the emitter picks the folds and uop order itself (fold*/uopOrder ignored)
  std::vector<int> uopOrder;   // unrolled dims, outermost first (empty: reduction dims outer, others inner)
  int inpCopies = 2, wgtCopies = 2, accCopies = 2;  // 1 or 2
  bool reuseResidentOperands = true;  // skip a LOAD when the same operand rows are resident; false: load at every
                                      // step, as TVM's schedules do (loads compute_at the ci loop; strategy reference)
  bool laneBlocksOuter = false;       // DRAM/SRAM rows with the lane-block coordinates outermost (TVM's NCHW{B}n{I}c,
                                      // OIHW{O}o{I}i layouts; strategy reference); false: block coordinates innermost
  double estimatedCycles = 0;         // the tiler's estimate (codegen/tiler.h), 0 when not estimated

  bool operator==(const Schedule&) const = default;
};

/// "tile n1 k2 p7 ...; order ...; fold q,s; copies 2/2/2" over the given dim names.
std::string describeSchedule(const Schedule& s, const std::vector<std::string>& dimNames);

}  // namespace inlay

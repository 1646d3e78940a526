// Inlay's tiler (codegen stage, docs/design.md §5.2): chooses tile sizes, loop order and buffer copies for an
// embedding by minimising an estimate of cycles under the SRAM capacities and the micro-op buffer. Used by the
// `csp` and `fixed` strategies; the estimate is documented at estimateCycles.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/schedule.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// The estimate's parts, in cycles (see estimateCycles).
struct CycleEstimate {
  double gemm = 0, alu = 0, loads = 0, stores = 0, fetch = 0, total = 0;
  bool fits = false;  // the tile fits every buffer (when false, total is +inf)
};

/// Estimated cycles of running `s` (over the DRAM layout s.laneBlocksOuter selects):
///  - compute module (serial): GEMM uops (one per invocation, plus one reset per ACC element of every output tile),
///    the ALU epilogue (2–3 immediate ops per ACC element), pipeline fill per GEMM/ALU instruction, and micro-op
///    reloads when the kernels of all buffer-copy combinations do not stay resident;
///  - DMA (one shared port): per operand load, rows × row latency + bytes / bus bytes; an operand is reloaded only
///    when a loop it depends on advances (loads = Π tile counts of the loops down to the innermost one its key
///    depends on; at every step without s.reuseResidentOperands); stores once per output tile;
///  - fetch: two cycles per instruction;
///  - overlap: double-buffered operands overlap their loads with compute; a single-copy operand's loads and a
///    single-copy ACC's stores serialise with compute. The longer of two streams sets the total: compute after the
///    first step's loads (pipeline fill) up to the last store, or the DMA port from the start up to the last step's
///    compute (drain); or fetch, if slower. Fetch is added once more as a tie-breaker towards fewer, larger steps.
/// Tile sizes per dim are averaged over remainder tiles. Not fitting: INP/WGT boxes × copies beyond their depth, the
/// ACC box × copies beyond the depth less the hazard scratch entries, or a kernel over `uopShare` of the micro-op
/// buffer.
CycleEstimate estimateCycles(const InvocationSpace& space, const Isa& isa, const Schedule& s, double uopShare = 0.5);

struct TilerOptions {
  double uopBufferShare = 0.5;          // the largest share of the micro-op buffer one GEMM kernel may take
  std::optional<bool> laneBlocksOuter;  // search only this DRAM layout (Schedule::laneBlocksOuter); unset: both
};

/// The schedule with the lowest estimate found by descent over tile sizes (single-dim moves and grow-one/shrink-another
/// trades) and buffer copies, from several starts, with the non-reduction loop order re-optimised over permutations;
/// searched in both DRAM layouts (lane blocks innermost, and outermost as TVM's NCHW16c) unless options fix one.
/// Deterministic. Always returns a schedule that fits (all-ones tiles fit any valid ISA); estimatedCycles is set.
Schedule chooseSchedule(const InvocationSpace& space, const Isa& isa, const TilerOptions& options = {});

/// The tiler's best schedule in each DRAM layout, the better estimate first (what chooseSchedule picks, then the
/// other layout's). `options.laneBlocksOuter` is ignored.
std::array<Schedule, 2> chooseSchedulePerLayout(const InvocationSpace& space, const Isa& isa,
                                                const TilerOptions& options = {});

}  // namespace inlay

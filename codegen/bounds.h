// Lower bounds on the cycles of any program for an operator on an ISA (docs/design.md §7.1), whatever the
// embedding and schedule: what the benchmark measures the strategies against. Both are true lower bounds for every
// program Inlay (or TVM) writes; the benchmark fails a run that beats either, since that would be a bound that lies.
#pragma once

#include <cstdint>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// max(⌈non-padding MACs / (B·I·O)⌉, ⌈footprint bytes / bus bytes⌉): every MAC that does not multiply a padding
/// zero on a fully used GEMM core, every byte some iteration reads or writes (ir/footprint.h; a strided conv's
/// skipped pixels and the padding are not counted) moved once over the DRAM port. A lower bound for every program.
int64_t boundCycles(const Operator& op, const Isa& isa);

/// The architectural floor: boundCycles refined by the work VTA's modules cannot avoid in a program of the form
/// VTA's schedules take (accumulators reset by the GEMM core, the requantising epilogue on the ALU), each at its
/// cost in the timing model (IsaTiming):
///  - the compute module runs, one after another, a reset and the epilogue's ALU micro-ops (one SHR per
///    portableShifts part, MIN and MAX unless the shift is ≥ 24 and makes them redundant) for every accumulator
///    vector the output needs, the non-padding GEMM micro-ops, and the fill
///    of at least one reset GEMM, one GEMM and one ALU instruction per distinct epilogue op;
///  - the DRAM port moves the footprint plus at least one INP, one WGT and one OUT row, each with its row latency;
///  - the chain: no GEMM before one INP and one WGT row have arrived, no result before the epilogue, and one OUT row
///    stored after the last epilogue micro-op.
/// The largest of these, and never below boundCycles.
int64_t floorCycles(const Operator& op, const Isa& isa);

}  // namespace inlay

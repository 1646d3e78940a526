// The emitter (codegen stage, docs/design.md §5.3): turns an embedding and a schedule into a complete Program — DRAM
// buffers with their layouts, the micro-op image, and the instruction stream (2-D DMA loads, GEMM reset and GEMM
// micro-op kernels, the ALU epilogue, stores, dependency tokens for double buffering, the end-of-stream sync and
// FINISH), respecting every ISA limit.
#pragma once

#include <cstdint>
#include <functional>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/schedule.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/program/program.h"
#include "inlay/solver/embedding.h"

namespace inlay {

/// Told, every kEmitProgressSteps tile steps of a long emission, how many of the steps are emitted.
using EmitProgress = std::function<void(int64_t stepsDone, int64_t steps)>;
inline constexpr int64_t kEmitProgressSteps = int64_t{1} << 16;

/// Emits the program. Throws WorkError when the schedule cannot be emitted on this ISA (a tile that does not fit
/// its SRAM buffer, a micro-op kernel larger than the micro-op buffer, an ill-formed schedule), or would need more
/// DRAM or instructions than a program may have (kMaxDramBytes, kMaxInstructions).
Program emitProgram(const Operator& op, const Isa& isa, const Embedding& emb, const Schedule& schedule,
                    const EmitProgress& progress = {});

/// Whether `schedule` with reuseResidentOperands would skip a load because its operand box is still resident; when
/// not, the program is the same with and without reuse. Walks the tiles without emitting; throws WorkError for a
/// schedule emitProgram would refuse as ill-formed.
bool reusesResidentOperands(const Operator& op, const Isa& isa, const Embedding& emb, Schedule schedule);

}  // namespace inlay

// 2-D strided DMA for key boxes (codegen stage, docs/vta.md §3): the rows of a key box are a dense block in SRAM
// and a strided set in DRAM; this splits them into LOAD/STORE instructions, each one 2-D slab (x = the innermost
// coordinates that are contiguous in DRAM, y = the next coordinate with more than one row), within the 16-bit
// size and stride fields. Key values in a coordinate's halo (not stored in DRAM) become the LOAD's zero padding
// (y pads for the y coordinate, x pads for the outermost x coordinate, at most 15 each) or pad-only zero fills.
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/tiles.h"
#include "inlay/isa/instruction.h"

namespace inlay {

/// The DMA field limit for sizes and strides (16 bits).
inline constexpr int64_t kDmaFieldMax = 65535;

/// Appends to `insns` the LOADs (opcode Load) or STOREs (opcode Store) moving `box` of `keys` between DRAM, whose
/// packed buffer starts at element `dramBase`, and SRAM starting at element `sramBase`. Token flags are left clear.
void appendDmaForBox(const OperandKeys& keys, const KeyBox& box, int64_t dramBase, int64_t sramBase, Opcode opcode,
                     MemType memType, std::vector<Instruction>& insns);

}  // namespace inlay

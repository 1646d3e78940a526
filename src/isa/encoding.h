// Encoding and decoding of instructions (128-bit little-endian words) and micro-ops (32 bits), bit-compatible with
// VTA's published layout (docs/vta.md §2.2), field widths parameterised by the Isa. Explicit shifts
// and masks only, never bit-fields.
#pragma once

#include <cstdint>

#include "inlay/isa/instruction.h"
#include "inlay/isa/isa.h"

namespace inlay {

struct InsnWord {
  uint64_t lo = 0, hi = 0;  // bits 0–63 and 64–127
  bool operator==(const InsnWord&) const = default;
};

/// Throws InternalError if a field does not fit its width for this isa (a code generator bug).
InsnWord encode(const Instruction& insn, const Isa& isa);
/// Throws InputError("", "", ...) for an unknown opcode or memory type.
Instruction decode(const InsnWord& word, const Isa& isa);

uint32_t encodeUop(const Uop& uop, const Isa& isa);
Uop decodeUop(uint32_t word, const Isa& isa);

/// The set bits of `word` that no field of its instruction uses: decode drops them and VTA ignores them, so a stream
/// that sets them is suspect (e.g. bits 58–63 of a LOAD/STORE or bit 63 of a GEMM/ALU for the default ISA, or any
/// bit past the flags of a FINISH). Zero for every word that encode writes. Throws as decode does.
InsnWord unusedBits(const InsnWord& word, const Isa& isa);
/// The set bits of a micro-op word above its dst, src and wgt fields (none for the default ISA's 11/11/10 bits).
uint32_t unusedUopBits(uint32_t word, const Isa& isa);

}  // namespace inlay

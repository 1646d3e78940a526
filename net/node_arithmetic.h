// The exact integer arithmetic of the network nodes (docs/formats.md §5.4), element by element, so that the CPU
// reference and a later VTA schedule agree bit for bit. Every intermediate is int32 and wraps, as VTA's ALU does;
// the comments name the ALU operations that implement each step (VTA has ADD, MAX, MIN and SHR, no divide).
#pragma once

#include <cstdint>

namespace inlay::net {

/// a + b in int32, wrapping (VTA's ALU ADD).
int32_t wrapAdd(int32_t a, int32_t b);

/// clamp(v, -128, 127): ALU MIN 127 then MAX -128.
int8_t clampInt8(int32_t v);

/// The fused epilogue of a GEMM-core node on one accumulator: v = acc + bias (ALU ADD), v >>= shift (SHR,
/// arithmetic), v += residual (ADD; the int8 residual sign-extended), v = max(v, 0) if relu (MAX 0), then clampInt8.
/// Pass bias 0 and residual 0 when the node has none: adding 0 changes nothing.
int8_t fusedEpilogueValue(int32_t acc, int32_t bias, int shift, int8_t residual, bool relu);

/// The standalone add: clampInt8(max?((a + b) >> shift, 0)). a + b never overflows int32.
int8_t addValue(int8_t a, int8_t b, int shift, bool relu);

/// ⌊sum / count⌋, rounding towards −∞ (count > 0). For a power-of-two count this is exactly an arithmetic right
/// shift by log2(count), one ALU SHR; for any other count VTA has no exact operation, and the node is host work.
int32_t floorDivide(int64_t sum, int64_t count);

/// True when count is a power of two (the average VTA's ALU computes exactly).
bool isPowerOfTwo(int64_t count);

}  // namespace inlay::net

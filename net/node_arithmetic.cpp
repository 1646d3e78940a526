// Element semantics of the network nodes, written once for the CPU reference.
#include "inlay/net/node_arithmetic.h"

#include <algorithm>

namespace inlay::net {

int32_t wrapAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));  // no signed overflow
}

int8_t clampInt8(int32_t v) { return static_cast<int8_t>(std::clamp(v, -128, 127)); }

int8_t fusedEpilogueValue(int32_t acc, int32_t bias, int shift, int8_t residual, bool relu) {
  int32_t v = wrapAdd(acc, bias) >> shift;  // arithmetic shift (C++20 defines >> on negative values so)
  v = wrapAdd(v, residual);
  if (relu) v = std::max(v, 0);
  return clampInt8(v);
}

int8_t addValue(int8_t a, int8_t b, int shift, bool relu) {
  int32_t v = (int32_t{a} + int32_t{b}) >> shift;
  if (relu) v = std::max(v, 0);
  return clampInt8(v);
}

int32_t floorDivide(int64_t sum, int64_t count) {
  int64_t q = sum / count;
  if (sum % count != 0 && sum < 0) --q;  // C++ division truncates towards zero
  return static_cast<int32_t>(q);
}

bool isPowerOfTwo(int64_t count) { return count > 0 && (count & (count - 1)) == 0; }

}  // namespace inlay::net

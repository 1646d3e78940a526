// The element semantics of net/node_arithmetic.h at their edges: wrapping, arithmetic shifts, clamping, floors.
#include <doctest/doctest.h>

#include <cstdint>

#include "inlay/net/node_arithmetic.h"

using namespace inlay::net;

TEST_CASE("fused epilogue: each step in order, in wrapping int32") {
  CHECK(fusedEpilogueValue(6, 3, 1, 10, false) == 14);           // (6 + 3) >> 1 = 4, + 10
  CHECK(fusedEpilogueValue(-3, 0, 1, 0, false) == -2);           // arithmetic shift: ⌊-1.5⌋
  CHECK(fusedEpilogueValue(-3, 0, 1, 0, true) == 0);             // ReLU after the shift
  CHECK(fusedEpilogueValue(-300, 0, 1, 100, true) == 0);         // -150 + 100 = -50 → ReLU 0
  CHECK(fusedEpilogueValue(-300, 0, 0, 127, false) == -128);     // clamp below
  CHECK(fusedEpilogueValue(1000, 0, 2, -100, false) == 127);     // 250 - 100 = 150 → clamp above
  CHECK(fusedEpilogueValue(INT32_MAX, 1, 0, 0, false) == -128);  // the bias add wraps to INT32_MIN
  CHECK(fusedEpilogueValue(INT32_MAX, 1, 31, 0, false) == -1);   // INT32_MIN >> 31
  CHECK(fusedEpilogueValue(INT32_MAX, 0, 31, -1, true) == 0);    // 0 + -1 → ReLU
  CHECK(wrapAdd(INT32_MIN, -1) == INT32_MAX);
}

TEST_CASE("add, clamp, floor division") {
  CHECK(addValue(127, 127, 0, false) == 127);
  CHECK(addValue(-128, -128, 0, false) == -128);
  CHECK(addValue(-128, -128, 1, false) == -128);
  CHECK(addValue(-1, 0, 1, false) == -1);
  CHECK(addValue(-1, 0, 1, true) == 0);
  CHECK(clampInt8(200) == 127);
  CHECK(clampInt8(-129) == -128);
  CHECK(floorDivide(-14, 9) == -2);
  CHECK(floorDivide(14, 9) == 1);
  CHECK(floorDivide(-18, 9) == -2);
  CHECK(floorDivide(-1, 16) == (-1 >> 4));  // a power-of-two count is an arithmetic shift
  CHECK(floorDivide(-136, 16) == (-136 >> 4));
  CHECK(isPowerOfTwo(16));
  CHECK(isPowerOfTwo(1));
  CHECK(!isPowerOfTwo(49));
  CHECK(!isPowerOfTwo(0));
}

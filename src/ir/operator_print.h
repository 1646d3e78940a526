// The text printer of the Operator IR: a compact, human-readable form of the loop nest, its accesses and epilogue,
// used by `inlay show` and in golden tests.
#pragma once

#include <string>

#include "inlay/ir/operator.h"

namespace inlay {

/// E.g.
///   ds_out (gemm): 49000000 MACs
///     for m < 35, n < 700, k < 2000 (reduce k)
///     C[m, n] += A[m, k] * B[k, n]
///     shapes C: [35, 700]  A: [35, 2000]  B: [2000, 700]
///     out = clamp(acc >> 0, -128, 127)
std::string printOperator(const Operator& op);

}  // namespace inlay

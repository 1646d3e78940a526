// The CPU reference of any Operator: the oracle every generated kernel is checked against. Plain arithmetic:
// one loop over the iteration domain, int8 × int8 products accumulated in int32 (wrapping), then the epilogue.
#pragma once

#include "inlay/ir/operator.h"
#include "inlay/ir/tensor.h"

namespace inlay {

/// acc[out] = Σ_x X[a_X(x)] · Y[a_Y(x)] over the domain; input indices outside the input's shape read 0.
/// `x`, `y` must have the shapes of op.inputs[0], op.inputs[1]. Result has op.out.shape.
Tensor32 referenceAccumulate(const Operator& op, const Tensor8& x, const Tensor8& y);

/// clamp(acc >> shift, -128, 127) element-wise (arithmetic shift).
Tensor8 applyEpilogue(const Epilogue& e, const Tensor32& acc);

/// referenceAccumulate followed by applyEpilogue.
Tensor8 referenceRun(const Operator& op, const Tensor8& x, const Tensor8& y);

}  // namespace inlay

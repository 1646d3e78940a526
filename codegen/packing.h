// Layouts of the three operand tensors under an embedding (codegen stage, docs/design.md §5.1): channel packing,
// fused-lane (im2col-style) packing with its duplication, swapped roles and zero padding to lane multiples all
// follow from the operand keys of codegen/invocation.h. A packed buffer is rows in key order; a row is one SRAM
// element, [outer lane][inner lane] (inp: [b][i], wgt: [o][i], out: [b][o]).
#pragma once

#include "inlay/codegen/invocation.h"
#include "inlay/ir/operator.h"
#include "inlay/program/layout.h"

namespace inlay {

/// The layout of operand `which` (0 inp, 1 wgt, 2 out). Lanes beyond a group's fused extent (padding) always map
/// outside the tensor, so they pack as zeros and are ignored when unpacking. So do the masked lanes of a
/// block-diagonal operand (a masked dim's two values differ on its two lane axes): it packs with zeros off the
/// diagonal.
Layout operandLayout(const Operator& op, const InvocationSpace& space, int which);

}  // namespace inlay

// Fuses standalone relu and add nodes into the epilogue of the GEMM-core node that produces their operand, as TVM's
// VTA flow does (docs/formats.md §5.4): conv → add(x) → relu becomes one conv2d with residual x and relu. Importers
// (ONNX) produce one node per operator and call this. Fusing a relu changes no value (ReLU and the int8 clamp
// commute); fusing an add changes a value only where the producer's result before its clamp lies outside int8: the
// fused node adds the residual before clamping, with no int8 intermediate, as TVM's VTA flow computes it.
#pragma once

#include "inlay/net/network.h"

namespace inlay::net {

/// Rewrites `net` (complete, checked) until no rule applies:
///  - relu(y), y produced by a GEMM-core node without relu → that node with relu;
///  - add(y, x) with shift 0 and no relu, y (or else x) produced by a GEMM-core node without residual or relu →
///    that node with residual x.
/// Only when y has no other reader and is not a graph output. The fused node takes the place and the output name of
/// the relu or add (so that a residual defined between the two stays defined before it); y disappears. Returns the
/// number of nodes fused away.
int fuseEpilogues(Network& net);

}  // namespace inlay::net

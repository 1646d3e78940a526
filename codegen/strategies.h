// Embedding strategies (codegen stage, docs/design.md §5.4): `fixed` is TVM's fixed embedding built directly — channels
// on i, output channels on o, batch on b (GEMM: K on i, M on o, N on b) — for any operator; `csp` asks the solver.
#pragma once

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

/// TVM's fixed embedding of `op`, unscored, decided by the operator's structure alone (its name and `kind` play no
/// part). An operator TVM's packed schedules recognise (matchReferenceShape: a conv2d, or a GEMM read as TVM's
/// dense) gets TVM's embedding: b ↦ batch, i ↦ input channels, o ↦ output channels, inp = TVM's data (for a GEMM
/// C[m,n] = A[m,k]·B[k,n]: b ↦ n, i ↦ k, o ↦ m, inp = B). Any other loop nest (a grouped conv among them) by the
/// same rule on unit-coefficient index terms: i ↦ the first reduction dim with such a term in both inputs, o ↦ the
/// first output dim with one in the output and input 1 and absent from input 0, b ↦ likewise with the inputs
/// swapped, inp = input 0; a role without such a dim gets an empty (all-padding) group.
Embedding fixedEmbedding(const Operator& op);

}  // namespace inlay

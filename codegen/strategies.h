// Embedding strategies (codegen stage, docs/design.md §5.4): `fixed` is TVM's fixed embedding built directly — channels
// on i, output channels on o, batch on b (GEMM: K on i, M on o, N on b) — for any operator; `csp` asks the solver.
#pragma once

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

/// TVM's fixed embedding of `op`, unscored. gemm: b ↦ n, i ↦ k, o ↦ m, inp = B. conv2d (grouped too): b ↦ n,
/// i ↦ c, o ↦ k, inp = the input. Other loop nests by the same rule on direct indices: i ↦ the first reduction dim
/// indexing both inputs, o ↦ the first output dim indexing input 1 but not input 0, b ↦ the first output dim
/// indexing input 0 but not input 1, inp = input 0; a role without such a dim gets an empty (all-padding) group.
Embedding fixedEmbedding(const Operator& op);

}  // namespace inlay

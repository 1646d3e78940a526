// Size-reduced proxies of operators (bench stage): the same loop nest, accesses, padding and lane remainders with
// smaller extents, so that a benchmark can check every kernel functionally in the simulator in little time.
#pragma once

#include <cstdint>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// A proxy of `op` with at most `macBudget` MACs (or every extent 1). Extents above two lane blocks (L = the ISA's
/// largest lane count) first shrink to L + (e mod L, or L when L divides e), keeping the remainder that padding
/// lanes must handle; then the largest extents shrink further (by L while above L, else halving) until the budget
/// holds. A dim whose extent is another dim's place value in an index (a grouped convolution's k in g·Kg + k) keeps
/// its extent, so the proxy writes every output element. Tensor shapes are cut to the index ranges the smaller domain
/// reaches, so zero padding stays at the low borders. Deterministic.
Operator makeProxy(const Operator& op, const Isa& isa, int64_t macBudget);

}  // namespace inlay

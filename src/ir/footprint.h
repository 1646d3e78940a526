// The footprint of a tensor access: how many distinct elements of the tensor some iteration of the loop nest reads
// or writes (docs/design.md §7.1). A strided convolution skips input pixels and a padded one reads zeros outside the
// tensor; neither is data any program has to move, so lower bounds on DMA count footprints, not tensor sizes.
#pragma once

#include <cstdint>
#include <vector>

#include "inlay/ir/operator.h"

namespace inlay {

/// The number of distinct in-shape elements `access` touches over the box of `dims`. Exact when the access's index
/// positions use disjoint sets of dims (every DeepBench kernel: conv2d, GEMM) and for small coupled positions; for
/// large coupled positions (e.g. A[i, i+j] with millions of points) a lower bound: the largest footprint of one
/// position alone. Never more than the true count, so bounds built on it stay lower bounds.
int64_t footprintElements(const TensorAccess& access, const std::vector<Dim>& dims);

/// The iterations of `op` whose every input index lies inside its tensor: the multiply-accumulates no program can
/// skip (the others multiply a padding zero, and a program may leave them out). Exact when each group of dims that
/// share an input index has at most 2^22 points besides its largest dim (every conv2d and GEMM); 0 for a larger
/// group, which keeps it a lower bound.
int64_t nonPaddingIterations(const Operator& op);

}  // namespace inlay

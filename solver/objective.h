// The embedding objective (docs/design.md §4.4), solver stage: an estimate of the cycles an embedding costs once tiled,
// from lane utilization, the packed layouts' size (duplication, padding) and the reuse the SRAM buffers allow.
// One function, used by the model's objective table (both backends) and by scoreEmbedding.
#pragma once

#include <cstdint>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/dataflow.h"
#include "inlay/solver/embedding.h"

namespace inlay {

struct CostEstimate {
  int64_t invocations = 0;  // GEMM uops: Π blocks_j × Π extents of loop dims
  int64_t gemmCycles = 0;
  int64_t epilogueCycles = 0;                     // ALU shift/min/max per accumulator row
  int64_t inpRows = 0, wgtRows = 0, accRows = 0;  // SRAM elements of the packed operands and the output
  int64_t inpBytes = 0, wgtBytes = 0, outBytes = 0;
  int64_t dmaBytes = 0;  // traffic after reuse (see estimateCost)
  int64_t dmaCycles = 0;
  int64_t cycles = 0;              // the objective: max(compute, DMA)
  int64_t paddingLanes = 0;        // Σ_j (blocks_j·L_j − F_j)
  double utilization = 0;          // MACs / (invocations × B·I·O)
  double duplication = 1;          // worst operand: unpadded packed elements / tensor elements (a block-diagonal
                                   // operand's zeros off the diagonal count)
  bool fitsDramAddressing = true;  // every packed operand addressable with a 32-bit element index
};

/// The estimate for any embedding whose groups are disjoint but for one masked dim (validity is the checker's
/// business, not this one's). Masked lanes count as idle: utilization counts useful MACs only.
/// Precondition: `embedding.inpInput` ∈ {0,1} and group dims are valid dim indices.
CostEstimate estimateCost(const Operator& op, const Isa& isa, const IntrinsicGraph& graph, const Embedding& embedding);

}  // namespace inlay

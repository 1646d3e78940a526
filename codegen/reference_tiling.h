// The tile choice of TVM's VTA schedules for the `reference` strategy (codegen stage; docs/vta.md §5.2, §5.4):
// recognising an operator as TVM's conv2d_packed or dense_packed, the TVM-legal plans (divisor tiles and virtual
// threads that pass the legacy planner's validity rules) and the legacy planner, which picks among them the fewest
// estimated DRAM bytes. Pure arithmetic on shapes; turning a plan into a Schedule is in codegen/reference.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// An operator in the terms of TVM's packed schedules. Dim fields are indices into Operator::dims (-1: absent).
struct ReferenceShape {
  enum class Kind { Conv2d, Dense };
  Kind kind = Kind::Conv2d;
  int dataInput = 0;  // operator input playing TVM's `data` (NCHW activations, dense data); the other is `kernel`
  int dimBatch = -1, dimOutChannels = -1, dimInChannels = -1;
  int dimOutH = -1, dimOutW = -1, dimKh = -1, dimKw = -1;  // conv only
  int64_t batch = 1, inChannels = 1, outChannels = 1;
  int64_t outH = 1, outW = 1, kh = 1, kw = 1, strideH = 1, strideW = 1;
};

/// Recognises `op` as a conv2d (O[n,k,p,q] += I[n,c,sh·p+r+c0,sw·q+s+c1] · F[k,c,r,s], either input order) or a
/// GEMM lowered as TVM's dense (C[m,n] += A[m,k] · B[k,n]: data = the input indexed by n, kernel = the one indexed
/// by m). Returns nothing for any other loop nest (TVM has no VTA schedule for it).
std::optional<ReferenceShape> matchReferenceShape(const Operator& op);

/// One plan of the legacy planner, in blocks of the ISA's lanes: `batchTile` BATCH-rows, `ciTile` BLOCK_IN input
/// channel blocks, `coTile` BLOCK_OUT output channel blocks; hTile/wTile in output pixels. Tiles are per virtual
/// thread; threads split the outer h (hThreads = 2) or outer co (coThreads = 2) loop.
struct ReferenceTiling {
  int64_t batchTile = 1, hTile = 1, wTile = 1, ciTile = 1, coTile = 1;
  int hThreads = 1, coThreads = 1;
  int64_t estimatedDramBytes = 0;  // the planner's objective for this plan
  bool hazardRuleRelaxed = false;  // no plan met h > 2 and w > 2 (or the dense analogue); chosen without it

  int threads() const { return hThreads * coThreads; }
  bool operator==(const ReferenceTiling&) const = default;
};

/// Block counts of a shape on an ISA: channels and batch padded up to whole lane blocks.
struct ReferenceBlocks {
  int64_t batch = 1, ci = 1, co = 1;
};
ReferenceBlocks referenceBlocks(const ReferenceShape& shape, const Isa& isa);

/// Bytes of the three SRAM tiles one thread holds for `t` (input with its halo, weights, outputs), as the planner
/// counts them.
struct ReferenceTileBytes {
  int64_t input = 0, weight = 0, output = 0;
};
ReferenceTileBytes referenceTileBytes(const ReferenceShape& shape, const Isa& isa, const ReferenceTiling& t);

/// The planner's validity filter for one candidate (docs/vta.md §5.4 step 2); the hazard rule h > 2, w > 2 optional.
bool referenceTilingValid(const ReferenceShape& shape, const Isa& isa, const ReferenceTiling& t, bool hazardRule);

/// The legacy planner, the conv2d reference's choice: the valid plan with the fewest estimated DRAM bytes (first in
/// enumeration order on ties). Tries two virtual threads first (as TVM's vt_only), then one thread, then both again
/// without the hazard rule. Throws WorkError when no plan fits the buffers at all. (The dense reference measures
/// instead: codegen/reference.h, referencePlans.)
ReferenceTiling planReferenceTiling(const ReferenceShape& shape, const Isa& isa);

/// Every TVM-legal plan: divisor tiles (of the block counts, and of a conv's output height and width) under one
/// virtual thread or two (dense: on co, as dense_packed's oc_nthread; conv: on co or h), that pass
/// referenceTilingValid — with the hazard rule wherever some plan meets it, as the legacy planner applies it, and
/// without it (hazardRuleRelaxed) only when none does. In enumeration order b, h, w, ci, co, threads (one thread
/// first), each with its estimatedDramBytes; empty when nothing fits the buffers.
std::vector<ReferenceTiling> legalReferenceTilings(const ReferenceShape& shape, const Isa& isa);

/// "h 4, w 56, ci 1, co 4, threads h2" — for messages and tests.
std::string describeTiling(const ReferenceTiling& t);

}  // namespace inlay

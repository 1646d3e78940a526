// The `reference` strategy (codegen stage, docs/design.md §5.4): a model of TVM's VTA schedules — NCHW{B}n{BLOCK_IN}c
// and OIHW{BLOCK_OUT}o{BLOCK_IN}i packing (channels padded to whole blocks), GEMMs lowered as TVM's dense, the legacy
// planner's tiles (codegen/reference_tiling.h), TVM's loop order, load placement and micro-op folding — expressed as
// an Embedding plus a Schedule that Inlay's own emitter turns into a Program.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/reference_tiling.h"
#include "inlay/codegen/schedule.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

struct ReferencePlan {
  Embedding embedding;
  Schedule schedule;
  bool refusedByTvm = false;  // TVM would refuse the layer: input channels (or batch) not a multiple of the lanes;
                              // Inlay pads them with zeros as it pads output channels
  ReferenceShape shape;       // how the operator was read (conv2d or dense)
  ReferenceTiling tiling;     // the plan's tiles and threads
};

/// TVM's fixed embedding of `shape`: data on inp; batch on b, input channels on i, output channels on o.
Embedding referenceEmbedding(const Operator& op, const ReferenceShape& shape, const Isa& isa);

/// Why the reference does not apply to `op`, and whether TVM would still run the layer on VTA (a grouped conv whose
/// groups hold whole lane blocks: TVM's group_conv2d_packed, which the reference does not model) or on the host.
struct ReferenceInapplicable {
  std::string reason;  // names the cause: a dim indexing both operands and the output (grouped, depthwise,
                       // batched), a dilated window, or a loop nest that is neither a conv2d nor a GEMM
  bool tvmOffloads = false;
};
/// Nothing when the reference applies. The benchmark reports the other layers as "n/a".
std::optional<ReferenceInapplicable> referenceInapplicable(const Operator& op, const Isa& isa);

/// How many dense plans the reference strategy offers for measurement (referencePlans).
inline constexpr size_t kDenseReferenceCandidates = 8;

/// The reference strategy's plans of `op`, which the tuner (bench/tune.h) simulates, keeping the fastest. A conv2d
/// has one: the legacy planner's (planReferenceTiling). A dense has the `maxDensePlans` TVM-legal plans
/// (legalReferenceTilings) with the fewest estimated cycles — the tiler's estimate (codegen/tiler.h: DMA row
/// latency, loads at every ci chunk, one or two virtual threads) of TVM's schedule — best first, ties in enumeration
/// order: TVM tuned dense with AutoTVM, which measures candidates. Each plan's schedule carries its estimate.
/// Throws WorkError with referenceInapplicable's message when the reference does not apply, and when no tile fits
/// the buffers.
///
/// The schedule over the invocation space (outer dims p q r s / none, then blocks tb ti to): tiles from the plan
/// (r, s whole); loop order b_o, h_o, co_o, w_o | ci_o, kh, kw (TVM's output order, loads at the outer ci loop);
/// micro-op folding as TVM's FoldUopLoop after its conv reorder (w → iter_out, kw → iter_in, uops over b × kh × co ×
/// h × ci; dense: ci → iter_out, b → iter_in, uops over co); buffer copies 2 with two virtual threads, else 1.
std::vector<ReferencePlan> referencePlans(const Operator& op, const Isa& isa,
                                          size_t maxDensePlans = kDenseReferenceCandidates);

/// Every TVM-legal plan of `op` (legalReferenceTilings) on TVM's embedding, fewest estimated cycles first (the
/// estimate of referencePlans; ties in enumeration order); empty when none fits. Throws WorkError as referencePlans
/// for an operator that is not TVM's conv2d or dense.
std::vector<ReferencePlan> legalReferencePlans(const Operator& op, const Isa& isa);

/// The first of referencePlans: the conv2d's legacy plan, the dense's best estimate (what `generate`, which does not
/// simulate, uses).
ReferencePlan planReference(const Operator& op, const Isa& isa);

/// TVM's embedding and schedule for one plan of `shape` (`op` read by matchReferenceShape).
ReferencePlan referencePlanWith(const Operator& op, const ReferenceShape& shape, const Isa& isa,
                                const ReferenceTiling& tiling);

/// TVM's plans as candidates for a strategy that lands on TVM's embedding: when `emb` equals TVM's embedding of `op`
/// up to what does not change the mapping (extent-1 dims; the dim TVM puts on a 1-wide lane left outside the lanes),
/// referencePlans, whose embedding — TVM's own — the strategy may use in place of `emb`; nothing otherwise, or when
/// TVM finds no tile. Lets a strategy on TVM's embedding never run slower than the reference, which measures the same
/// plans.
std::vector<ReferencePlan> referencePlansFor(const Operator& op, const Isa& isa, const Embedding& emb);

}  // namespace inlay

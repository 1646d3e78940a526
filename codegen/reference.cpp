// The `reference` strategy: TVM's fixed embedding and its conv2d/dense schedule as an Inlay Schedule
// (docs/vta.md §5.2–5.4). The tile sizes come from codegen/reference_tiling.cpp.
#include "inlay/codegen/reference.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "inlay/codegen/tiler.h"
#include "inlay/ir/error.h"

namespace inlay {
namespace {

/// Invocation-space indices (codegen/invocation.h: outer operator dims in operator order, then the b, i, o block
/// dims) of the dims TVM's schedules name, over TVM's own embedding: batch, ci and co are the block dims; a conv's
/// h, w, kh and kw are its only outer dims (a dense has none).
struct ReferenceDims {
  int batch = -1, ci = -1, co = -1;      // block dims tb, ti, to
  int h = -1, w = -1, kh = -1, kw = -1;  // conv only
  size_t count = 0;
};

ReferenceDims invocationDims(const Operator& op, const ReferenceShape& s, const Embedding& emb) {
  std::vector<int> outer;
  for (int dim = 0; dim < static_cast<int>(op.dims.size()); ++dim) {
    bool inLanes = false;
    for (const std::vector<int>& group : emb.lanes)
      inLanes = inLanes || std::find(group.begin(), group.end(), dim) != group.end();
    if (!inLanes) outer.push_back(dim);
  }
  const bool conv = s.kind == ReferenceShape::Kind::Conv2d;
  INLAY_CHECK(outer.size() == (conv ? 4u : 0u), "TVM's embedding leaves only a conv's h, w, kh, kw outside the lanes");
  auto position = [&](int opDim) {
    const auto it = std::find(outer.begin(), outer.end(), opDim);
    INLAY_CHECK(it != outer.end(), "a conv h, w, kh or kw dim sits in a lane group");
    return static_cast<int>(it - outer.begin());
  };
  ReferenceDims d;
  if (conv) d.h = position(s.dimOutH), d.w = position(s.dimOutW), d.kh = position(s.dimKh), d.kw = position(s.dimKw);
  const int blocks = static_cast<int>(outer.size());
  d.batch = blocks + kLaneB;
  d.ci = blocks + kLaneI;
  d.co = blocks + kLaneO;
  d.count = outer.size() + 3;
  return d;
}

Schedule convSchedule(const ReferenceDims& d, const ReferenceShape& s, const ReferenceTiling& t) {
  Schedule sc;
  sc.tile.assign(d.count, 1);
  sc.tile[d.batch] = t.batchTile;
  sc.tile[d.h] = t.hTile;
  sc.tile[d.w] = t.wTile;
  sc.tile[d.ci] = t.ciTile;
  sc.tile[d.co] = t.coTile;
  sc.tile[d.kh] = s.kh;  // the whole window is inside every tile: TVM never splits kh, kw
  sc.tile[d.kw] = s.kw;
  // Output loop order b_o, h_o, co_o, w_o (docs/vta.md §5.2); the loads sit at the outer ci loop (step 4).
  sc.loopOrder = {d.batch, d.h, d.co, d.w, d.ci, d.kh, d.kw};
  // FoldUopLoop on TVM's conv reorder (b_o, ci_o, w, kw, kh, co, h, ci_i | tensorized): the two outermost loops
  // inside the uop scope are folded, the rest unrolled in order (docs/vta.md §5.3). Interpretation: the legacy
  // planner's batch tile (b_o in TVM's order, outside the ci loop) is unrolled outermost.
  sc.autoFold = false;
  sc.foldOuter = d.w;
  sc.foldInner = d.kw;
  sc.uopOrder = {d.batch, d.kh, d.co, d.h, d.ci};
  return sc;
}

Schedule denseSchedule(const ReferenceDims& d, const ReferenceTiling& t) {
  Schedule sc;
  sc.tile.assign(d.count, 1);
  sc.tile[d.batch] = t.batchTile;
  sc.tile[d.ci] = t.ciTile;
  sc.tile[d.co] = t.coTile;
  // dense_packed: output order b_o, co_o; loads at the outer ci loop. Interpretation of its uop scope: the ci blocks
  // of a chunk are the outer folded loop (a reduction loop innermost would write one accumulator in consecutive
  // uops), the batch rows the inner one, and the co blocks are unrolled into uops.
  sc.loopOrder = {d.batch, d.co, d.ci};
  sc.autoFold = false;
  sc.foldOuter = d.ci;
  sc.foldInner = d.batch;
  sc.uopOrder = {d.co};
  return sc;
}

/// `emb`'s lane groups without what changes nothing about the mapping: extent-1 dims, and the dim TVM places on a
/// 1-wide lane (there it iterates exactly as an outer dim would).
std::array<std::vector<int>, 3> significantLanes(const Operator& op, const Isa& isa, const Embedding& emb,
                                                 const Embedding& tvm) {
  std::array<std::vector<int>, 3> lanes;
  for (size_t l = 0; l < 3; ++l)
    for (int d : emb.lanes[l]) {
      bool tvmOnOneLane = laneCount(isa, static_cast<int>(l)) == 1 &&
                          std::find(tvm.lanes[l].begin(), tvm.lanes[l].end(), d) != tvm.lanes[l].end();
      if (op.dims[static_cast<size_t>(d)].extent > 1 && !tvmOnOneLane) lanes[l].push_back(d);
    }
  return lanes;
}

/// TVM's schedule over the invocation space of its embedding `emb`.
Schedule referenceSchedule(const Operator& op, const ReferenceShape& shape, const ReferenceTiling& tiling,
                           const Embedding& emb) {
  ReferenceDims dims = invocationDims(op, shape, emb);
  Schedule sc =
      shape.kind == ReferenceShape::Kind::Conv2d ? convSchedule(dims, shape, tiling) : denseSchedule(dims, tiling);
  sc.laneBlocksOuter = true;         // NCHW{B}n{I}c activations, OIHW{O}o{I}i weights
  sc.reuseResidentOperands = false;  // TVM loads both operand tiles at every ci chunk of every tile
  // Interpretation: a plan that needed the hazard rule relaxed (h or w ≤ accDepDistance, e.g. a prime output height)
  // would have been rejected by TVM; TVM's uop order would write one accumulator in consecutive uops, so Inlay's
  // emitter chooses the folds and uop order itself there.
  if (tiling.hazardRuleRelaxed) sc.autoFold = true;
  int copies = tiling.threads() > 1 ? 2 : 1;  // each virtual thread owns its own INP/WGT/ACC tiles
  sc.inpCopies = sc.wgtCopies = sc.accCopies = copies;
  return sc;
}

}  // namespace

Embedding referenceEmbedding(const Operator& op, const ReferenceShape& s, const Isa& isa) {
  Embedding e;
  e.inpInput = s.dataInput;
  e.lanes[kLaneB] = {s.dimBatch};
  e.lanes[kLaneI] = {s.dimInChannels};
  e.lanes[kLaneO] = {s.dimOutChannels};
  ReferenceBlocks blocks = referenceBlocks(s, isa);
  int64_t invocations = blocks.batch * blocks.ci * blocks.co;
  for (size_t d = 0; d < op.dims.size(); ++d)
    if (static_cast<int>(d) != s.dimBatch && static_cast<int>(d) != s.dimInChannels &&
        static_cast<int>(d) != s.dimOutChannels)
      invocations *= op.dims[d].extent;
  e.utilization = static_cast<double>(op.macs()) / (static_cast<double>(invocations) * isa.macsPerUop());
  e.paddingLanes = (blocks.batch * isa.batch() - s.batch) + (blocks.ci * isa.blockIn() - s.inChannels) +
                   (blocks.co * isa.blockOut() - s.outChannels);
  e.duplication = 1;                               // channel packing stores every element once
  e.objective = static_cast<double>(invocations);  // GEMM cycles at one invocation per cycle
  return e;
}

std::optional<ReferenceInapplicable> referenceInapplicable(const Operator& op, const Isa& isa) {
  if (matchReferenceShape(op)) return std::nullopt;
  const std::string head = "reference strategy: operator '" + op.name + "': ";
  for (size_t d = 0; d < op.dims.size(); ++d) {
    bool inAll = op.dims[d].extent > 1, wholeBlocks = true;
    for (const TensorAccess* a : {&op.out, &op.inputs[0], &op.inputs[1]}) {
      bool indexes = false;
      for (const AffineExpr& e : a->index)
        if (e.dependsOn(d)) {
          indexes = true;
          // The group dim's coefficient is the channels per group (g·Cg + c): whole lane blocks for TVM.
          const int64_t block = a == &op.out ? isa.blockOut() : std::min(isa.blockIn(), isa.blockOut());
          wholeBlocks = wholeBlocks && std::abs(e.coeffs[d]) % block == 0;
        }
      inAll = inAll && indexes;
    }
    if (!inAll) continue;
    const std::string what = "dim '" + op.dims[d].name +
                             "' indexes both operands and the output (a grouped or "
                             "depthwise convolution, or a batched GEMM)";
    if (wholeBlocks)
      return ReferenceInapplicable{head + what +
                                       " in groups of whole lane blocks, which TVM runs on VTA as "
                                       "group_conv2d_packed; the reference models only its ungrouped conv2d_packed "
                                       "and dense_packed schedules",
                                   true};
    return ReferenceInapplicable{head + what + " in groups that are not whole " + std::to_string(isa.blockIn()) +
                                     "-channel blocks; TVM runs it on the host",
                                 false};
  }
  for (const TensorAccess& input : op.inputs)
    for (const AffineExpr& e : input.index) {
      bool outputDim = false;
      for (size_t d = 0; d < op.dims.size(); ++d) outputDim = outputDim || (e.dependsOn(d) && !op.dims[d].reduction);
      for (size_t d = 0; d < op.dims.size() && outputDim; ++d)
        if (op.dims[d].reduction && op.dims[d].extent > 1 && std::abs(e.coeffs[d]) > 1)
          return ReferenceInapplicable{head + "window dim '" + op.dims[d].name + "' is dilated (" +
                                           std::to_string(std::abs(e.coeffs[d])) + " in " + input.tensor +
                                           "'s index); TVM offloads conv2d to VTA only with dilation 1",
                                       false};
    }
  return ReferenceInapplicable{
      head +
          "neither a conv2d (O[n,k,p,q] += I[n,c,sh·p+r,sw·q+s] · F[k,c,r,s]) nor a GEMM; the reference models "
          "only TVM's conv2d_packed and dense_packed schedules",
      false};
}

ReferencePlan referencePlanWith(const Operator& op, const ReferenceShape& shape, const Isa& isa,
                                const ReferenceTiling& tiling) {
  ReferencePlan plan;
  plan.shape = shape;
  plan.tiling = tiling;
  plan.embedding = referenceEmbedding(op, shape, isa);
  // TVM asserts batch % BATCH == 0 and input channels % BLOCK_IN == 0 (graph_pack); output channels it pads.
  plan.refusedByTvm = shape.batch % isa.batch() != 0 || shape.inChannels % isa.blockIn() != 0;
  plan.schedule = referenceSchedule(op, shape, tiling, plan.embedding);
  return plan;
}

namespace {

ReferenceShape matchedShape(const Operator& op, const Isa& isa) {
  if (std::optional<ReferenceInapplicable> why = referenceInapplicable(op, isa)) throw WorkError(why->reason);
  return *matchReferenceShape(op);
}

/// TVM's embedding of `op` laid out as its invocation space, for estimating plans.
InvocationSpace referenceSpace(const Operator& op, const ReferenceShape& shape, const Isa& isa) {
  return buildInvocationSpace(op, isa, referenceEmbedding(op, shape, isa));
}

/// Sets the plan's estimated cycles: the tiler's estimate of its schedule (codegen/tiler.h), against the whole
/// micro-op buffer (the emitter, not the estimate, decides whether a plan's kernels fit).
void estimate(ReferencePlan& plan, const InvocationSpace& space, const Isa& isa) {
  plan.schedule.estimatedCycles = estimateCycles(space, isa, plan.schedule, 1.0).total;
}

}  // namespace

std::vector<ReferencePlan> legalReferencePlans(const Operator& op, const Isa& isa) {
  const ReferenceShape shape = matchedShape(op, isa);
  const std::vector<ReferenceTiling> legal = legalReferenceTilings(shape, isa);
  if (legal.empty()) return {};
  const InvocationSpace space = referenceSpace(op, shape, isa);
  std::vector<ReferencePlan> plans;
  plans.reserve(legal.size());
  for (const ReferenceTiling& tiling : legal) {
    plans.push_back(referencePlanWith(op, shape, isa, tiling));
    estimate(plans.back(), space, isa);
  }
  std::stable_sort(plans.begin(), plans.end(), [](const ReferencePlan& a, const ReferencePlan& b) {
    return a.schedule.estimatedCycles < b.schedule.estimatedCycles;
  });
  return plans;
}

std::vector<ReferencePlan> referencePlans(const Operator& op, const Isa& isa, size_t maxDensePlans) {
  const ReferenceShape shape = matchedShape(op, isa);
  if (shape.kind == ReferenceShape::Kind::Conv2d) {
    ReferencePlan plan = referencePlanWith(op, shape, isa, planReferenceTiling(shape, isa));
    estimate(plan, referenceSpace(op, shape, isa), isa);
    return {plan};
  }
  std::vector<ReferencePlan> plans = legalReferencePlans(op, isa);
  if (plans.empty())
    throw WorkError("reference strategy: no dense plan of TVM's fits the on-chip buffers (one weight block needs " +
                    std::to_string(isa.wgtElemBytes()) + " bytes)");
  plans.resize(std::min(plans.size(), std::max<size_t>(1, maxDensePlans)));
  return plans;
}

ReferencePlan planReference(const Operator& op, const Isa& isa) { return referencePlans(op, isa, 1).front(); }

std::vector<ReferencePlan> referencePlansFor(const Operator& op, const Isa& isa, const Embedding& emb) {
  std::optional<ReferenceShape> shape = matchReferenceShape(op);
  if (!shape) return {};
  Embedding tvm = referenceEmbedding(op, *shape, isa);
  if (tvm.inpInput != emb.inpInput || significantLanes(op, isa, tvm, tvm) != significantLanes(op, isa, emb, tvm))
    return {};
  try {
    return referencePlans(op, isa);
  } catch (const WorkError&) {
    return {};
  }
}

}  // namespace inlay

// Tests of the `reference` strategy's planner (codegen/reference_tiling.h): recognising conv2d and dense operators,
// and the tiles TVM's legacy planner chose for ResNet-18's layers (docs/vta.md §5.5).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "inlay/codegen/emit.h"
#include "inlay/codegen/reference.h"
#include "inlay/codegen/reference_tiling.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/sim/verify.h"
#include "insn_checks.h"

using namespace inlay;

namespace {

AffineExpr term(size_t dims, std::initializer_list<std::pair<int, int64_t>> coeffs, int64_t constant = 0) {
  AffineExpr e;
  e.constant = constant;
  e.coeffs.assign(dims, 0);
  for (auto [d, c] : coeffs) e.coeffs[d] = c;
  return e;
}

/// A conv2d in the Operator IR: dims n k p q c r s, O[n,k,p,q] += I[n,c,s·p+r-pad,s·q+s-pad] · F[k,c,r,s].
Operator makeConv(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t kh, int64_t kw, int64_t stride,
                  int64_t pad) {
  int64_t oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
  Operator op;
  op.name = "conv";
  op.kind = "conv2d";
  op.dims = {{"n", n, false}, {"k", k, false}, {"p", oh, false}, {"q", ow, false},
             {"c", c, true},  {"r", kh, true}, {"s", kw, true}};
  const size_t D = 7;
  op.out = {"O", {term(D, {{0, 1}}), term(D, {{1, 1}}), term(D, {{2, 1}}), term(D, {{3, 1}})}, {n, k, oh, ow}};
  op.inputs[0] = {"I",
                  {term(D, {{0, 1}}), term(D, {{4, 1}}), term(D, {{2, stride}, {5, 1}}, -pad),
                   term(D, {{3, stride}, {6, 1}}, -pad)},
                  {n, c, h, w}};
  op.inputs[1] = {"F", {term(D, {{1, 1}}), term(D, {{4, 1}}), term(D, {{5, 1}}), term(D, {{6, 1}})}, {k, c, kh, kw}};
  return op;
}

/// A GEMM C[M,N] = A[M,K]·B[K,N]: dims m n k.
Operator makeGemm(int64_t m, int64_t n, int64_t k) {
  Operator op;
  op.name = "gemm";
  op.kind = "gemm";
  op.dims = {{"m", m, false}, {"n", n, false}, {"k", k, true}};
  op.out = {"C", {term(3, {{0, 1}}), term(3, {{1, 1}})}, {m, n}};
  op.inputs[0] = {"A", {term(3, {{0, 1}}), term(3, {{2, 1}})}, {m, k}};
  op.inputs[1] = {"B", {term(3, {{2, 1}}), term(3, {{1, 1}})}, {k, n}};
  return op;
}

ReferenceTiling planConv(int64_t hw, int64_t cin, int64_t cout, int64_t k, int64_t stride) {
  Operator op = makeConv(1, cin, hw, hw, cout, k, k, stride, k / 2);
  auto shape = matchReferenceShape(op);
  REQUIRE(shape);
  return planReferenceTiling(*shape, defaultIsa());
}

}  // namespace

TEST_CASE("reference: a conv2d is recognised with its strides and roles") {
  Operator op = makeConv(2, 64, 56, 56, 128, 3, 3, 2, 1);
  auto s = matchReferenceShape(op);
  REQUIRE(s);
  CHECK(s->kind == ReferenceShape::Kind::Conv2d);
  CHECK(s->dataInput == 0);
  CHECK(s->batch == 2);
  CHECK(s->inChannels == 64);
  CHECK(s->outChannels == 128);
  CHECK(s->outH == 28);
  CHECK(s->outW == 28);
  CHECK(s->kh == 3);
  CHECK(s->strideH == 2);
  CHECK(s->strideW == 2);
  CHECK(s->dimInChannels == 4);
  CHECK(s->dimOutChannels == 1);

  std::swap(op.inputs[0], op.inputs[1]);  // the filter first: roles follow the accesses, not the order
  auto swapped = matchReferenceShape(op);
  REQUIRE(swapped);
  CHECK(swapped->dataInput == 1);
}

TEST_CASE("reference: a GEMM is TVM's dense with N on the batch and M on the output channels") {
  auto s = matchReferenceShape(makeGemm(35, 700, 2048));
  REQUIRE(s);
  CHECK(s->kind == ReferenceShape::Kind::Dense);
  CHECK(s->dataInput == 1);  // B[K,N] is indexed by n
  CHECK(s->batch == 700);
  CHECK(s->outChannels == 35);
  CHECK(s->inChannels == 2048);
  ReferenceBlocks blocks = referenceBlocks(*s, defaultIsa());
  CHECK(blocks.batch == 700);
  CHECK(blocks.co == 3);  // 35 output channels padded to 48
  CHECK(blocks.ci == 128);
}

TEST_CASE("reference: other loop nests are not TVM schedules") {
  Operator op = makeGemm(16, 16, 16);
  op.inputs[1].index[0] = term(3, {{2, 2}});  // B[2k, n]: not a dense access
  CHECK_FALSE(matchReferenceShape(op));
}

TEST_CASE("reference: the legacy planner's ResNet-18 tiles (docs/vta.md §5.5)") {
  // Expected: h, w, ci blocks, co blocks, threads — the table of docs/vta.md §5.5, which also matches TopHub's
  // full-width rows.
  CHECK(describeTiling(planConv(56, 64, 64, 3, 1)) == "b 1, h 4, w 56, ci 1, co 4, threads h2");     // C2
  CHECK(describeTiling(planConv(56, 64, 128, 3, 2)) == "b 1, h 7, w 28, ci 1, co 4, threads co2");   // C3
  CHECK(describeTiling(planConv(56, 64, 128, 1, 2)) == "b 1, h 4, w 28, ci 1, co 4, threads co2");   // C4
  CHECK(describeTiling(planConv(28, 128, 128, 3, 1)) == "b 1, h 7, w 28, ci 1, co 4, threads co2");  // C5
  CHECK(describeTiling(planConv(28, 128, 256, 3, 2)) == "b 1, h 7, w 14, ci 1, co 8, threads co2");  // C6
  CHECK(describeTiling(planConv(28, 128, 256, 1, 2)) == "b 1, h 7, w 14, ci 1, co 8, threads co2");  // C7
  CHECK(describeTiling(planConv(14, 256, 256, 3, 1)) == "b 1, h 7, w 14, ci 1, co 8, threads co2");  // C8
  CHECK(describeTiling(planConv(14, 256, 512, 3, 2)) == "b 1, h 7, w 7, ci 1, co 16, threads co2");  // C9
  CHECK(describeTiling(planConv(14, 256, 512, 1, 2)) == "b 1, h 7, w 7, ci 1, co 16, threads co2");  // C10
  CHECK(describeTiling(planConv(7, 512, 512, 3, 1)) == "b 1, h 7, w 7, ci 1, co 16, threads co2");   // C11
}

TEST_CASE("reference: C2's plan, its buffer use and its estimate") {
  Operator op = makeConv(1, 64, 56, 56, 64, 3, 3, 1, 1);
  ReferenceShape s = *matchReferenceShape(op);
  ReferenceTiling t = planReferenceTiling(s, defaultIsa());
  ReferenceTileBytes bytes = referenceTileBytes(s, defaultIsa(), t);
  CHECK(bytes.input == 6 * 58 * 16);       // (4-1)·1+3 rows × (56-1)+3 columns × one block of 16 B
  CHECK(bytes.weight == 9 * 4 * 256);      // 3×3 taps × 1 ci block × 4 co blocks
  CHECK(bytes.output == 4 * 56 * 4 * 16);  // ≤ OUT/2 = 16 KiB
  CHECK(bytes.output <= 32768 / 2);
  // 14·1·1 tiles × 4 chunks × (input + weights without the co factor) + the output once.
  CHECK(t.estimatedDramBytes == 14 * 4 * (6 * 58 * 16 + 9 * 256) + 56 * 56 * 64);
  CHECK_FALSE(t.hazardRuleRelaxed);
}

TEST_CASE("reference: every chosen plan is valid, on DeepBench-like shapes and other ISAs") {
  Isa big = vtaIsa({.blockIn = 32, .blockOut = 32});
  Isa small = defaultIsa();
  small.logInpBuffSize = 13;  // 8 KiB input buffer
  for (const Isa& isa : {defaultIsa(), big, small}) {
    for (const Operator& op : {makeConv(1, 1, 161, 700, 32, 5, 20, 2, 0), makeConv(2, 32, 79, 341, 32, 5, 10, 2, 0),
                               makeConv(4, 3, 224, 224, 64, 7, 7, 2, 3), makeConv(1, 512, 7, 7, 512, 3, 3, 1, 1),
                               makeConv(1, 64, 2, 2, 64, 1, 1, 1, 0), makeGemm(35, 700, 2048), makeGemm(5124, 1, 2048),
                               makeGemm(7680, 1500, 2560)}) {
      CAPTURE(op.dims[0].extent);
      ReferenceShape s = *matchReferenceShape(op);
      ReferenceTiling t = planReferenceTiling(s, isa);
      CHECK(referenceTilingValid(s, isa, t, !t.hazardRuleRelaxed));
      ReferenceBlocks blocks = referenceBlocks(s, isa);
      CHECK(blocks.ci % t.ciTile == 0);
      CHECK(blocks.co % (t.coTile * t.coThreads) == 0);
      CHECK(s.outH % (t.hTile * t.hThreads) == 0);
      CHECK(s.outW % t.wTile == 0);
    }
  }
}

TEST_CASE("reference: tiny outputs relax the hazard rule instead of failing") {
  ReferenceShape s = *matchReferenceShape(makeConv(1, 16, 2, 2, 16, 1, 1, 1, 0));
  ReferenceTiling t = planReferenceTiling(s, defaultIsa());
  CHECK(t.hazardRuleRelaxed);
  // Two threads still come first (TVM's vt_only): the two output rows go one to each thread.
  CHECK(describeTiling(t) == "b 1, h 1, w 2, ci 1, co 1, threads h2");
}

TEST_CASE("reference: C2's embedding and schedule over the invocation space p q r s | tb ti to") {
  Operator op = makeConv(1, 64, 56, 56, 64, 3, 3, 1, 1);
  ReferencePlan plan = planReference(op, defaultIsa());
  CHECK(plan.embedding.inpInput == 0);
  CHECK(plan.embedding.lanes[kLaneB] == std::vector<int>{0});  // n
  CHECK(plan.embedding.lanes[kLaneI] == std::vector<int>{4});  // c
  CHECK(plan.embedding.lanes[kLaneO] == std::vector<int>{1});  // k
  CHECK(plan.embedding.utilization == doctest::Approx(1.0));
  CHECK_FALSE(plan.refusedByTvm);
  const Schedule& s = plan.schedule;
  CHECK(s.tile == std::vector<int64_t>{4, 56, 3, 3, 1, 1, 4});
  CHECK(s.loopOrder == std::vector<int>{4, 0, 6, 1, 5, 2, 3});  // b_o, h_o, co_o, w_o | ci_o, kh, kw
  CHECK_FALSE(s.autoFold);
  CHECK(s.foldOuter == 1);                               // w → iter_out
  CHECK(s.foldInner == 3);                               // kw → iter_in
  CHECK(s.uopOrder == std::vector<int>{4, 2, 6, 0, 5});  // b × kh × co × h × ci
  CHECK(s.inpCopies == 2);
  CHECK(s.wgtCopies == 2);
  CHECK(s.accCopies == 2);
}

TEST_CASE("reference: padded channels are flagged where TVM would refuse the layer") {
  ReferencePlan conv = planReference(makeConv(1, 3, 32, 32, 20, 3, 3, 1, 1), defaultIsa());
  CHECK(conv.refusedByTvm);  // 3 input channels: TVM asserts C % 16 == 0
  CHECK(conv.embedding.paddingLanes == 13 + 12);
  CHECK(conv.embedding.utilization == doctest::Approx(3.0 * 20 / (16 * 32)));
  ReferencePlan outOnly = planReference(makeConv(1, 16, 8, 8, 20, 1, 1, 1, 0), defaultIsa());
  CHECK_FALSE(outOnly.refusedByTvm);  // output channels TVM pads itself
}

TEST_CASE("reference: a GEMM's dense schedule folds ci and b") {
  ReferencePlan plan = planReference(makeGemm(35, 700, 2048), defaultIsa());
  CHECK(plan.embedding.inpInput == 1);
  CHECK(plan.embedding.lanes[kLaneB] == std::vector<int>{1});
  CHECK(plan.embedding.lanes[kLaneI] == std::vector<int>{2});
  CHECK(plan.embedding.lanes[kLaneO] == std::vector<int>{0});
  CHECK(plan.schedule.loopOrder == std::vector<int>{0, 2, 1});
  CHECK(plan.schedule.foldOuter == 1);  // ci
  CHECK(plan.schedule.foldInner == 0);  // b
  CHECK(plan.schedule.uopOrder == std::vector<int>{2});
  // The best estimate among the legal plans: b 100 (of 700), ci 16, co 3; one thread, as 3 co blocks cannot split
  // in two. Its input rows are 16 blocks × 16 B = 256 B (16 cycles of row latency for 32 of transfer); 100 rows ×
  // 256 B = 25600 B ≤ 32 KiB of INP.
  CHECK(describeTiling(plan.tiling) == "b 100, h 1, w 1, ci 16, co 3");
  CHECK(plan.schedule.tile == std::vector<int64_t>{100, 16, 3});
  CHECK(plan.schedule.inpCopies == 1);
  CHECK_FALSE(plan.schedule.reuseResidentOperands);
}

TEST_CASE("reference: the TVM-legal dense plans of a small GEMM, in enumeration order") {
  // M 64, N 4, K 64: 4 batch, 4 ci and 4 co blocks. Divisor tiles 3 × 3 × 3, one thread or two on co (the co tile
  // count even); the hazard rule b·co > 2 leaves b 1 only with co 4, b 2 with co 2 or 4.
  ReferenceShape s = *matchReferenceShape(makeGemm(64, 4, 64));
  std::vector<ReferenceTiling> legal = legalReferenceTilings(s, defaultIsa());
  REQUIRE(legal.size() == 3 + 9 + 15);
  CHECK(describeTiling(legal[0]) == "b 1, h 1, w 1, ci 1, co 4");
  CHECK(describeTiling(legal[3]) == "b 2, h 1, w 1, ci 1, co 2");
  CHECK(describeTiling(legal[4]) == "b 2, h 1, w 1, ci 1, co 2, threads co2");
  CHECK(describeTiling(legal[12]) == "b 4, h 1, w 1, ci 1, co 1");
  CHECK(describeTiling(legal.back()) == "b 4, h 1, w 1, ci 4, co 4");
  // 4 tiles × 4 ci chunks × (a 16-byte input row + 4 weight blocks of 256 B), plus 4 × 4 output blocks of 16 B.
  CHECK(legal[0].estimatedDramBytes == 4 * 4 * (16 + 4 * 256) + 4 * 4 * 16);
  for (const ReferenceTiling& t : legal) {
    CAPTURE(describeTiling(t));
    CHECK_FALSE(t.hazardRuleRelaxed);
    CHECK(referenceTilingValid(s, defaultIsa(), t, true));
  }
  // The reference offers the 8 best estimates (a single-thread plan holding everything first); each is legal.
  std::vector<ReferencePlan> plans = referencePlans(makeGemm(64, 4, 64), defaultIsa());
  REQUIRE(plans.size() == kDenseReferenceCandidates);
  CHECK(describeTiling(plans[0].tiling) == "b 4, h 1, w 1, ci 4, co 4");
  CHECK(describeTiling(plans[1].tiling) == "b 4, h 1, w 1, ci 4, co 2, threads co2");
  for (size_t k = 1; k < plans.size(); ++k)
    CHECK(plans[k - 1].schedule.estimatedCycles <= plans[k].schedule.estimatedCycles);
  CHECK(plans[1].schedule.inpCopies == 2);
}

TEST_CASE("reference: legal plans obey the capacity and thread rules, and a conv's 2D load rule") {
  // M 35, N 700, K 2048: 700 × 128 × 3 blocks. 3 co blocks never split evenly in two: every plan has one thread.
  ReferenceShape dense = *matchReferenceShape(makeGemm(35, 700, 2048));
  std::vector<ReferenceTiling> legal = legalReferenceTilings(dense, defaultIsa());
  CHECK(legal.size() == 206);
  for (const ReferenceTiling& t : legal) {
    CAPTURE(describeTiling(t));
    CHECK(t.threads() == 1);
    CHECK(t.batchTile * t.ciTile * 16 <= 32768);  // the input tile fits INP
  }
  // 700 rows of 128 blocks do not fit INP (1.4 MB); 2 rows of 128 blocks (4 KiB) do.
  CHECK_FALSE(referenceTilingValid(dense, defaultIsa(), {700, 1, 1, 128, 3, 1, 1}, true));
  CHECK(referenceTilingValid(dense, defaultIsa(), {2, 1, 1, 128, 3, 1, 1}, true));
  // A 1×1 conv with a 4×4 output, 16 → 32 channels: the hazard rule (h, w > 2) keeps only whole 4×4 tiles; co 2
  // splits over two threads only with a co tile of 1, and no h tile count is even.
  ReferenceShape conv = *matchReferenceShape(makeConv(1, 16, 4, 4, 32, 1, 1, 1, 0));
  std::vector<ReferenceTiling> convPlans = legalReferenceTilings(conv, defaultIsa());
  REQUIRE(convPlans.size() == 3);
  CHECK(describeTiling(convPlans[0]) == "b 1, h 4, w 4, ci 1, co 1");
  CHECK(describeTiling(convPlans[1]) == "b 1, h 4, w 4, ci 1, co 1, threads co2");
  CHECK(describeTiling(convPlans[2]) == "b 1, h 4, w 4, ci 1, co 2");
  // The legacy planner's choice is one of them: the two-thread plan (TVM's vt_only).
  CHECK(planReferenceTiling(conv, defaultIsa()) == convPlans[1]);
  // Outputs of 2×2 cannot meet the hazard rule: every fitting plan is legal, marked relaxed.
  std::vector<ReferenceTiling> tiny =
      legalReferenceTilings(*matchReferenceShape(makeConv(1, 16, 2, 2, 16, 1, 1, 1, 0)), defaultIsa());
  REQUIRE_FALSE(tiny.empty());
  for (const ReferenceTiling& t : tiny) CHECK(t.hazardRuleRelaxed);
}

TEST_CASE("reference: a conv2d's reference is the legacy plan alone") {
  Operator op = makeConv(1, 64, 56, 56, 64, 3, 3, 1, 1);
  std::vector<ReferencePlan> plans = referencePlans(op, defaultIsa());
  REQUIRE(plans.size() == 1);
  CHECK(describeTiling(plans[0].tiling) == "b 1, h 4, w 56, ci 1, co 4, threads h2");
  CHECK(plans[0].schedule.estimatedCycles > 0);
  std::vector<ReferencePlan> legal = legalReferencePlans(op, defaultIsa());
  CHECK(std::any_of(legal.begin(), legal.end(), [&](const ReferencePlan& p) { return p.tiling == plans[0].tiling; }));
}

TEST_CASE("reference: loop nests that are not TVM schedules are refused with a reason") {
  Operator op = makeGemm(16, 16, 16);
  op.inputs[1].index[0] = term(3, {{2, 2}});
  CHECK_THROWS_WITH_AS(planReference(op, defaultIsa()),
                       "reference strategy: operator 'gemm': neither a conv2d (O[n,k,p,q] += I[n,c,sh·p+r,sw·q+s] · "
                       "F[k,c,r,s]) nor a GEMM; the reference models only TVM's conv2d_packed and dense_packed "
                       "schedules",
                       WorkError);
}

namespace {

/// Emits the reference plan of `op` with Inlay's emitter, checks its instructions (insn_checks.h) and verifies it
/// bit-exactly in the simulator.
VerifyResult emitAndVerify(const Operator& op, const Isa& isa = defaultIsa()) {
  ReferencePlan plan = planReference(op, isa);
  Program program = emitProgram(op, isa, plan.embedding, plan.schedule);
  test::checkInstructions(program);
  return verifyProgram(program, 7);
}

}  // namespace

TEST_CASE("reference: emitted programs are bit-exact on small kernels") {
  struct Case {
    const char* what;
    Operator op;
  };
  std::vector<Case> cases{
      {"3x3 conv, padded, 2 co blocks", makeConv(1, 32, 8, 8, 32, 3, 3, 1, 1)},
      {"strided conv, channels padded (TVM refuses)", makeConv(1, 3, 9, 11, 20, 3, 3, 2, 1)},
      {"batch 2, 1x1 conv", makeConv(2, 16, 6, 6, 48, 1, 1, 1, 0)},
      {"wide window", makeConv(1, 1, 7, 24, 16, 3, 5, 2, 0)},
      {"dense, M padded", makeGemm(35, 7, 40)},
      {"dense, batch 1", makeGemm(64, 1, 64)},
  };
  for (const Case& c : cases) {
    std::string what = c.what;
    CAPTURE(what);
    VerifyResult v = emitAndVerify(c.op);
    CHECK_MESSAGE(!v.fault, (v.fault ? v.fault->message : ""));
    CHECK(v.error == "");
    CHECK(v.mismatches == 0);
    CHECK(v.verified);
  }
}

TEST_CASE("reference: bit-exact on other VTA configurations") {
  Isa batch2 = vtaIsa({.batch = 2});
  Isa wide = vtaIsa({.blockIn = 32, .blockOut = 32});
  for (const Isa& isa : {batch2, wide}) {
    VerifyResult conv = emitAndVerify(makeConv(2, 40, 6, 6, 40, 3, 3, 1, 1), isa);
    CHECK(conv.verified);
    VerifyResult gemm = emitAndVerify(makeGemm(40, 6, 70), isa);
    CHECK(gemm.verified);
  }
}

TEST_CASE("reference: operand tiles are reloaded at every step, as TVM's schedules do") {
  // One input-channel block and four output-channel tiles: the same input rows serve every co tile, which Inlay's
  // emitter would keep resident and TVM reloads.
  Operator op = makeConv(1, 16, 16, 16, 128, 1, 1, 1, 0);
  ReferencePlan plan = planReference(op, defaultIsa());
  auto inputLoads = [&](const Schedule& s) {
    Program p = emitProgram(op, defaultIsa(), plan.embedding, s);
    test::checkInstructions(p);
    int64_t n = 0;
    for (const Instruction& insn : p.insns)
      if (auto* m = std::get_if<MemInsn>(&insn);
          m && m->opcode == Opcode::Load && m->memType == MemType::Inp && m->xSize > 0)
        ++n;  // not the x_size 0 sync NOPs
    return n;
  };
  CHECK_FALSE(plan.schedule.reuseResidentOperands);
  CHECK(plan.schedule.laneBlocksOuter);
  Schedule oneCoBlock = plan.schedule;  // h 4 w 16 and a co tile of one block: 4 h tiles × 8 co tiles, where the
                                        // 8 co tiles of an h tile share their input rows
  oneCoBlock.tile.back() = 1;
  Schedule reusing = oneCoBlock;
  reusing.reuseResidentOperands = true;
  CHECK(inputLoads(oneCoBlock) == 8 * inputLoads(reusing));
  CHECK(emitAndVerify(op).verified);
}

TEST_CASE("reference: grouped convolutions are not modelled") {
  Operator op = parseOperators(R"({"name": "g", "op": "conv2d", "groups": 2,
      "shape": {"N": 1, "C": 32, "H": 8, "W": 8, "K": 32, "R": 3, "S": 3}})",
                               "<test>")
                    .at(0);
  CHECK_FALSE(matchReferenceShape(op));
  CHECK_THROWS_AS(planReference(op, defaultIsa()), WorkError);
}

TEST_CASE("reference: TVM's plan is offered as a candidate only for TVM's embedding, up to what maps the same") {
  Operator op = makeConv(1, 32, 8, 8, 32, 3, 3, 1, 1);
  ReferencePlan plan = planReference(op, defaultIsa());
  std::vector<ReferencePlan> same = referencePlansFor(op, defaultIsa(), plan.embedding);
  REQUIRE(same.size() == 1);  // a conv2d: the legacy planner's plan alone
  CHECK(same[0].schedule.tile == plan.schedule.tile);
  CHECK(same[0].schedule.loopOrder == plan.schedule.loopOrder);
  CHECK(same[0].embedding.lanes == plan.embedding.lanes);
  Embedding other = plan.embedding;
  other.lanes[kLaneB] = {3};  // q on the batch lanes: not TVM's embedding
  CHECK(referencePlansFor(op, defaultIsa(), other).empty());
  Embedding noBatch = plan.embedding;
  noBatch.lanes[kLaneB] = {};  // batch 1 left out of the b lanes: the same mapping
  REQUIRE(referencePlansFor(op, defaultIsa(), noBatch).size() == 1);
  // A batch of 3 left out of the 1-wide b lanes iterates as TVM's b blocks do; the plan keeps TVM's embedding.
  Operator batched = makeConv(3, 32, 8, 8, 32, 3, 3, 1, 1);
  ReferencePlan batchedPlan = planReference(batched, defaultIsa());
  Embedding batchedOuter = batchedPlan.embedding;
  batchedOuter.lanes[kLaneB] = {};
  std::vector<ReferencePlan> batchedCandidate = referencePlansFor(batched, defaultIsa(), batchedOuter);
  REQUIRE(batchedCandidate.size() == 1);
  CHECK(batchedCandidate[0].embedding.lanes == batchedPlan.embedding.lanes);
  CHECK(batchedCandidate[0].schedule.tile == batchedPlan.schedule.tile);
  // On the 2×16×16 ISA the b lanes are 2 wide: a batch outside them is a different mapping.
  CHECK(referencePlansFor(batched, readIsaFile(std::string(INLAY_SOURCE_DIR) + "/isa/vta-2x16x16.json"), batchedOuter)
            .empty());
  Operator diagonal = makeGemm(16, 16, 16);
  diagonal.inputs[1].index[0] = term(3, {{2, 2}});
  CHECK(referencePlansFor(diagonal, defaultIsa(), plan.embedding).empty());
}

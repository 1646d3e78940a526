// generateCandidates (codegen/generate.h): the candidate set per strategy, generate() as its first element, every
// candidate bit-exact and passing the instruction-level checks (insn_checks.h); and the emitter's refusal of a micro-op
// order that leaves out a dim.
#include <doctest/doctest.h>

#include <algorithm>

#include "inlay/codegen/emit.h"
#include "inlay/codegen/generate.h"
#include "inlay/codegen/invocation.h"
#include "inlay/codegen/reference.h"
#include "inlay/ir/error.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/sim/verify.h"
#include "insn_checks.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

Operator smallConv() {
  ConvShape s;
  s.n = 1, s.c = 32, s.h = 10, s.w = 10, s.k = 32, s.r = 3, s.s = 3, s.ph = s.pw = 1;
  return makeConv(s);
}

std::string errorOf(const Operator& op, const Embedding& emb, const Schedule& sc) {
  try {
    emitProgram(op, defaultIsa(), emb, sc);
  } catch (const WorkError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("candidates: the reference strategy offers exactly TVM's plan") {
  const std::vector<Generated> c = generateCandidates(smallConv(), defaultIsa(), Strategy::Reference);
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheduleSource == ScheduleSource::TvmPlan);
  CHECK(c[0].program.strategy == "reference");
  checkInstructions(c[0].program);
  CHECK(c[0].program.insns == generate(smallConv(), defaultIsa(), Strategy::Reference).program.insns);
}

TEST_CASE("candidates: fixed offers the tiler's choice in each DRAM layout, then TVM's plan, as is and reusing") {
  const Operator op = smallConv();
  const std::vector<Generated> c = generateCandidates(op, defaultIsa(), Strategy::Fixed);
  REQUIRE(c.size() == 4);
  CHECK(c[0].scheduleSource == ScheduleSource::Tiler);
  CHECK(c[1].scheduleSource == ScheduleSource::Tiler);
  CHECK(c[0].laneBlocksOuter != c[1].laneBlocksOuter);
  CHECK(c[2].scheduleSource == ScheduleSource::TvmPlan);
  CHECK(c[3].scheduleSource == ScheduleSource::TvmPlanReusing);
  CHECK(c[2].program.insns == generate(op, defaultIsa(), Strategy::Reference).program.insns);
  for (const Generated& g : c) {
    CHECK(g.embedding.lanes == c[0].embedding.lanes);
    CHECK(g.embedding.inpInput == c[0].embedding.inpInput);
  }
  CHECK(c[0].program.insns == generate(op, defaultIsa(), Strategy::Fixed).program.insns);
  for (const Generated& g : c) {
    CHECK(g.program.strategy == "fixed");
    checkInstructions(g.program);
    CHECK(verifyProgram(g.program, 3).verified);
  }
}

TEST_CASE("candidates: csp offers up to K embeddings, best first, then TVM's as baseline; each bit-exact") {
  const Operator op = smallConv();
  GenOptions options;
  options.candidates = 3;
  const std::vector<Generated> c = generateCandidates(op, defaultIsa(), Strategy::Csp, options);
  REQUIRE(!c.empty());
  CHECK(c.size() <= 10);  // the tiler's choice in two layouts on ≤ 4 embeddings (3 + the baseline), TVM's plan twice
  CHECK(c[0].embeddingRank == 0);
  CHECK(c[0].scheduleSource == ScheduleSource::Tiler);
  size_t solverEnd = 0;
  while (solverEnd < c.size() && c[solverEnd].embeddingRank != kBaselineRank) ++solverEnd;
  for (size_t k = 1; k < solverEnd; ++k) CHECK(c[k].embeddingRank >= c[k - 1].embeddingRank);
  for (size_t k = 0; k < c.size(); ++k) CHECK(c[k].embeddingRank <= 2);
  for (size_t k = solverEnd; k < c.size(); ++k) {  // only TVM's fixed embedding follows the solver's
    CHECK(c[k].embeddingRank == kBaselineRank);
    CHECK(c[k].embedding.lanes == generate(op, defaultIsa(), Strategy::Fixed).embedding.lanes);
  }
  const auto tvmPlans =
      std::count_if(c.begin(), c.end(), [](const Generated& g) { return g.scheduleSource == ScheduleSource::TvmPlan; });
  CHECK(tvmPlans == 1);  // TVM's plan once, from the solver's TVM-equivalent embedding or from the baseline
  for (const Generated& g : c) {
    checkInstructions(g.program);
    CHECK(verifyProgram(g.program, 5).verified);
  }
  const Generated first = generate(op, defaultIsa(), Strategy::Csp, options);
  CHECK(first.program.insns == c[0].program.insns);
  CHECK(first.embedding.lanes == c[0].embedding.lanes);
}

TEST_CASE("candidates: every candidate of every strategy passes the instruction-level checks, on other ISAs too") {
  ConvShape padded;
  padded.c = 20, padded.h = 7, padded.w = 9, padded.k = 24, padded.r = 3, padded.s = 3;
  padded.sh = 2, padded.ph = padded.pw = 1, padded.shift = 5;
  ConvShape pointwise;
  pointwise.n = 2, pointwise.c = 32, pointwise.h = 7, pointwise.w = 7, pointwise.k = 40;
  pointwise.sh = pointwise.sw = 2;
  ConvShape grouped;
  grouped.c = 12, grouped.h = 8, grouped.w = 8, grouped.k = 12, grouped.r = 3, grouped.s = 3, grouped.ph = 1;
  grouped.groups = 3, grouped.shift = 2;
  std::vector<Operator> ops{makeConv(padded), makeConv(pointwise), makeConv(grouped), makeGemm(35, 3, 100, 4)};
  ops[0].name = "conv_pad_s2", ops[1].name = "conv_1x1_s2", ops[2].name = "conv_grouped";
  const std::vector<Isa> isas{defaultIsa(), readIsaFile(std::string(INLAY_SOURCE_DIR) + "/isa/vta-2x16x16.json"),
                              makeIsa(0, 3, -5)};
  int checked = 0;
  for (const Isa& isa : isas)
    for (const Operator& op : ops)
      for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
        if (s == Strategy::Reference && op.name == "conv_grouped") continue;  // TVM's schedules model no groups
        const std::vector<Generated> candidates = generateCandidates(op, isa, s);
        for (size_t k = 0; k < candidates.size(); ++k) {
          INFO(op.name << " on " << isa.name << ", " << strategyName(s) << " candidate " << k << " ("
                       << scheduleSourceName(candidates[k].scheduleSource) << ", embedding rank "
                       << candidates[k].embeddingRank << ")");
          checkInstructions(candidates[k].program);
          ++checked;
        }
      }
  CHECK(checked > static_cast<int>(isas.size() * ops.size()) * 2);
}

TEST_CASE("emit: an explicit micro-op order must name every unfolded dim a tile spans") {
  const Operator op = makeGemm(35, 700, 2048);
  const ReferencePlan plan = planReference(op, defaultIsa());
  const InvocationSpace space = buildInvocationSpace(op, defaultIsa(), plan.embedding);
  REQUIRE(plan.schedule.uopOrder == std::vector<int>{2});
  REQUIRE(plan.schedule.tile[2] == 3);
  Schedule missing = plan.schedule;
  missing.uopOrder.clear();
  missing.uopOrder.push_back(0);  // the folded b dim is not the unrolled co dim: co is left out
  missing.foldInner = -1;
  CHECK(errorOf(op, plan.embedding, missing) ==
        "invalid schedule: dim '" + space.dims[2].name + "' (tile 3) is neither folded nor in the micro-op order");
  Schedule twice = plan.schedule;
  twice.uopOrder = {2, 2};
  CHECK(errorOf(op, plan.embedding, twice) ==
        "invalid schedule: dim '" + space.dims[2].name + "' appears twice in the micro-op order");
}

TEST_CASE("reusesResidentOperands: false exactly when reuse would emit the same program") {
  int reusing = 0, same = 0;
  for (const Operator& op : {smallConv(), makeGemm(64, 96, 512), makeGemm(35, 700, 2048), makeGemm(1, 4096, 64)})
    for (ReferencePlan plan : referencePlans(op, defaultIsa())) {
      const Program plain = emitProgram(op, defaultIsa(), plan.embedding, plan.schedule);
      plan.schedule.reuseResidentOperands = true;
      const Program reused = emitProgram(op, defaultIsa(), plan.embedding, plan.schedule);
      const bool reuses = reusesResidentOperands(op, defaultIsa(), plan.embedding, plan.schedule);
      CHECK(reuses == (plain.insns != reused.insns));
      (reuses ? reusing : same) += 1;
    }
  CHECK(reusing > 0);  // both cases occur
  CHECK(same > 0);
}

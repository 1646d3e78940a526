// generateCandidates (codegen/generate.h): the candidate set per strategy, generate() as its first element, every
// candidate bit-exact; and the emitter's refusal of a micro-op order that leaves out a dim.
#include <doctest/doctest.h>

#include <algorithm>

#include "codegen/emit.h"
#include "codegen/generate.h"
#include "codegen/invocation.h"
#include "codegen/reference.h"
#include "ir/error.h"
#include "sim/verify.h"
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
  CHECK(c[0].program.insns == generate(smallConv(), defaultIsa(), Strategy::Reference).program.insns);
}

TEST_CASE("candidates: fixed offers the tiler's choice, then TVM's plan on the same embedding, as is and reusing") {
  const Operator op = smallConv();
  const std::vector<Generated> c = generateCandidates(op, defaultIsa(), Strategy::Fixed);
  REQUIRE(c.size() == 3);
  CHECK(c[0].scheduleSource == ScheduleSource::Tiler);
  CHECK(c[1].scheduleSource == ScheduleSource::TvmPlan);
  CHECK(c[2].scheduleSource == ScheduleSource::TvmPlanReusing);
  CHECK(c[1].program.insns == generate(op, defaultIsa(), Strategy::Reference).program.insns);
  for (const Generated& g : c) {
    CHECK(g.embedding.lanes == c[0].embedding.lanes);
    CHECK(g.embedding.inpInput == c[0].embedding.inpInput);
  }
  CHECK(c[0].program.insns == generate(op, defaultIsa(), Strategy::Fixed).program.insns);
  for (const Generated& g : c) {
    CHECK(g.program.strategy == "fixed");
    CHECK(verifyProgram(g.program, 3).verified);
  }
}

TEST_CASE("candidates: csp offers up to K embeddings, best first, then TVM's as baseline; each bit-exact") {
  const Operator op = smallConv();
  GenOptions options;
  options.candidates = 3;
  const std::vector<Generated> c = generateCandidates(op, defaultIsa(), Strategy::Csp, options);
  REQUIRE(!c.empty());
  CHECK(c.size() <= 6);  // the tiler's choice on ≤ 4 embeddings (3 + the baseline), TVM's plan twice
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
  for (const Generated& g : c) CHECK(verifyProgram(g.program, 5).verified);
  const Generated first = generate(op, defaultIsa(), Strategy::Csp, options);
  CHECK(first.program.insns == c[0].program.insns);
  CHECK(first.embedding.lanes == c[0].embedding.lanes);
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

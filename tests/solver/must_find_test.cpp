// The "must find" embeddings of the solver issue, each solved by both backends: exact roles and lanes, utilizations,
// identical optimal objectives, and checker acceptance.
#include <doctest/doctest.h>

#include "inlay/solver/checker.h"
#include "inlay/solver/solve.h"
#include "operators.h"

using namespace inlay;
using namespace inlay::test;
using Names = std::vector<std::string>;

namespace {

/// Solves with both backends, requires them to agree on the optimum and the checker to accept it; returns Gecode's.
Embedding best(const Operator& op, const Isa& isa = defaultIsa()) {
  SolveResult g = solve(op, isa, {.backend = SolverBackend::Gecode, .topK = 1});
  SolveResult z = solve(op, isa, {.backend = SolverBackend::Z3, .topK = 1});
  REQUIRE(g.status == SolveResult::Status::Feasible);
  REQUIRE(z.status == SolveResult::Status::Feasible);
  CHECK(g.optimal);
  CHECK(z.optimal);
  CHECK(g.embeddings[0].objective == z.embeddings[0].objective);
  CHECK(g.embeddings[0].sameMapping(z.embeddings[0]));
  CheckResult verdict = checkEmbedding(op, isa, g.embeddings[0]);
  CHECK_MESSAGE(verdict.ok, verdict.reason);
  return g.embeddings[0];
}

}  // namespace

TEST_CASE("aligned 3x3 convolution: channels on i, output channels on o, full utilization") {
  Operator op = conv2d({.N = 1, .C = 64, .H = 56, .W = 56, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
  Embedding e = best(op);
  CHECK(op.inputs[e.inpInput].tensor == "I");
  CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"c"});
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"k"});
  CHECK(e.lanes[kLaneB].empty());
  CHECK(e.utilization == 1.0);
  CHECK(e.paddingLanes == 0);
}

TEST_CASE("C=3 convolutions pack channels and filter taps on i") {
  SUBCASE("3x3") {
    Operator op = conv2d({.N = 1, .C = 3, .H = 224, .W = 224, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
    Embedding e = best(op);
    CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"c", "r", "s"});
    CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"k"});
    CHECK(e.utilization >= 0.84);
    CHECK(e.utilization == doctest::Approx(27.0 / 32));
  }
  SUBCASE("7x7 stride 2") {
    Operator op =
        conv2d({.N = 1, .C = 3, .H = 224, .W = 224, .K = 64, .R = 7, .S = 7, .sh = 2, .sw = 2, .ph = 3, .pw = 3});
    Embedding e = best(op);
    CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"c", "r", "s"});
    CHECK(e.utilization >= 0.91);
  }
}

TEST_CASE("C=1 convolution with a 5x20 filter packs the taps on i") {
  Operator op = conv2d({.N = 1, .C = 1, .H = 161, .W = 700, .K = 32, .R = 5, .S = 20, .sh = 2, .sw = 2});
  Embedding e = best(op);
  CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"r", "s"});
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"k"});
  CHECK(e.utilization >= 0.89);
}

TEST_CASE("GEMM 35x700x2048 keeps the 35 rows off the o lanes") {
  Operator op = gemm(35, 700, 2048);
  Embedding e = best(op);
  CHECK(op.inputs[e.inpInput].tensor == "A");
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"n"});
  CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"k"});
  CHECK(e.lanes[kLaneB].empty());
  CHECK(e.utilization >= 0.99);
}

TEST_CASE("matrix-vector GEMM (N=1) uses every lane") {
  Operator op = gemm(1024, 1, 512);
  Embedding e = best(op);
  CHECK(op.inputs[e.inpInput].tensor == "B");
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"m"});
  CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"k"});
  CHECK(e.utilization == 1.0);
  CHECK(e.duplication == 1.0);
}

TEST_CASE("depthwise convolution: a masked embedding, found and reported honestly") {
  Operator op = conv2d({.N = 1, .C = 32, .H = 112, .W = 112, .K = 32, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 32});
  const SolveResult r = solve(op, defaultIsa(), {.topK = 4});
  REQUIRE(r.embeddings.size() == 4);
  const Embedding& e = r.embeddings[0];
  // g feeds both inputs and the output: masked on i and o, the filter block-diagonal (one GEMM serves 16 channels
  // of one tap), the taps loops. Utilization counts the 15/16 masked lanes as idle.
  CHECK(laneNames(op, e.lanes[kLaneI]) == Names{"g"});
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"g"});
  CHECK(e.lanes[kLaneB].empty());
  CHECK(e.maskedDim() == 1);
  CHECK(e.maskedLanes() == std::array<int, 2>{kLaneI, kLaneO});
  CHECK(op.inputs[e.inpInput].tensor == "I");
  CHECK(e.utilization == doctest::Approx(1.0 / 16));
  CHECK(e.paddingLanes == 0);
  // The unmasked im2col embedding (taps on i, the filter as inp) is still in the space, ranked below.
  bool im2col = false;
  for (const Embedding& x : r.embeddings)
    im2col = im2col || (x.maskedDim() < 0 && laneNames(op, x.lanes[kLaneI]) == Names{"r", "s"});
  CHECK(im2col);
}

TEST_CASE("generic loopnest (dilated convolution)") {
  Operator op =
      makeOperator("dilated", "loopnest", {{"n", 1}, {"k", 16}, {"p", 20}, {"q", 20}, {"c", 8}, {"r", 3}, {"s", 3}},
                   {"c", "r", "s"});
  size_t D = 7;
  op.out = {"O", {affine(D, {{0, 1}}), affine(D, {{1, 1}}), affine(D, {{2, 1}}), affine(D, {{3, 1}})}, {1, 16, 20, 20}};
  op.inputs[0] = {
      "I",
      {affine(D, {{0, 1}}), affine(D, {{4, 1}}), affine(D, {{2, 1}, {5, 2}}, -1), affine(D, {{3, 1}, {6, 2}}, -1)},
      {1, 8, 22, 22}};
  op.inputs[1] = {
      "F", {affine(D, {{1, 1}}), affine(D, {{4, 1}}), affine(D, {{5, 1}}), affine(D, {{6, 1}})}, {16, 8, 3, 3}};
  Embedding e = best(op);
  CHECK(laneNames(op, e.lanes[kLaneO]) == Names{"k"});
  CHECK(laneNames(op, e.lanes[kLaneI]).front() == "c");
  CHECK(e.utilization > 0.5);
}

TEST_CASE("ISA variants work without code change") {
  Operator conv = conv2d({.N = 2, .C = 64, .H = 14, .W = 14, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
  SUBCASE("1x32x32") {
    Embedding e = best(conv, isaWithShape(0, 5, 5));
    CHECK(laneNames(conv, e.lanes[kLaneI]) == Names{"c"});
    CHECK(laneNames(conv, e.lanes[kLaneO]) == Names{"k"});
    CHECK(e.utilization == 1.0);
  }
  SUBCASE("2x16x16: the batch of 2 fills the b lanes") {
    Embedding e = best(conv, isaWithShape(1, 4, 4));
    CHECK(laneNames(conv, e.lanes[kLaneB]) == Names{"n"});
    CHECK(laneNames(conv, e.lanes[kLaneI]) == Names{"c"});
    CHECK(e.utilization == 1.0);
  }
  SUBCASE("1x8x8 with GEMM") {
    Embedding e = best(gemm(35, 700, 2048), isaWithShape(0, 3, 3));
    CHECK(e.utilization >= 0.99);
  }
}

// The model and the solve() entry point: infeasibility explanations, top-K enumeration without symmetric variants,
// backend agreement, options, the model dump.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "inlay/ir/error.h"

#include "inlay/solver/dataflow.h"
#include "inlay/solver/problem.h"
#include "inlay/solver/solve.h"
#include "operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

/// out[m,n] = X[m,n] · Y[m,n]: nothing to reduce.
Operator elementwise() {
  Operator op = makeOperator("hadamard", "loopnest", {{"m", 32}, {"n", 32}}, {});
  op.out = {"O", {affine(2, {{0, 1}}), affine(2, {{1, 1}})}, {32, 32}};
  op.inputs[0] = {"X", {affine(2, {{0, 1}}), affine(2, {{1, 1}})}, {32, 32}};
  op.inputs[1] = {"Y", {affine(2, {{0, 1}}), affine(2, {{1, 1}})}, {32, 32}};
  return op;
}

}  // namespace

TEST_CASE("an operator with nothing to reduce is explained as infeasible") {
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    SolveResult r = solve(elementwise(), defaultIsa(), {.backend = backend, .topK = 1});
    CHECK(r.status == SolveResult::Status::Infeasible);
    CHECK(r.embeddings.empty());
    CHECK_FALSE(r.timedOut);
    CHECK(r.explanation == "reduction lanes: no reduction dim can feed the intrinsic's reduction lanes i");
  }
}

TEST_CASE("top-K: distinct embeddings, best first, identical sequences from both backends") {
  Operator op = conv2d({.N = 1, .C = 3, .H = 32, .W = 32, .K = 32, .R = 3, .S = 3, .ph = 1, .pw = 1});
  SolveResult g = solve(op, defaultIsa(), {.backend = SolverBackend::Gecode, .topK = 8});
  SolveResult z = solve(op, defaultIsa(), {.backend = SolverBackend::Z3, .topK = 8});
  REQUIRE(g.embeddings.size() == 8);
  REQUIRE(z.embeddings.size() == 8);
  std::set<std::pair<int, std::array<std::vector<int>, 3>>> seen;
  for (size_t k = 0; k < 8; ++k) {
    CHECK(g.embeddings[k].sameMapping(z.embeddings[k]));
    CHECK(g.embeddings[k].objective == z.embeddings[k].objective);
    if (k > 0) CHECK(g.embeddings[k - 1].objective <= g.embeddings[k].objective);
    CHECK(seen.insert({g.embeddings[k].inpInput, g.embeddings[k].lanes}).second);
    // Symmetric variants removed: no extent-1 dim in a group, groups in the operator's dim order.
    for (const auto& group : g.embeddings[k].lanes) {
      CHECK(std::is_sorted(group.begin(), group.end()));
      for (int d : group) CHECK(op.dims[d].extent > 1);
    }
  }
}

TEST_CASE("top-K with masked embeddings: depthwise and grouped convs, identical sequences from both backends") {
  const std::vector<std::pair<Operator, Isa>> cases = {
      {conv2d({.N = 1, .C = 48, .H = 14, .W = 14, .K = 48, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 48}),
       defaultIsa()},
      {conv2d({.N = 1, .C = 64, .H = 8, .W = 8, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 16}),
       defaultIsa()},
      {conv2d({.N = 2, .C = 32, .H = 8, .W = 8, .K = 32, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 32}),
       isaWithShape(1, 4, 4)}};
  for (const auto& [op, isa] : cases) {
    CAPTURE(op.dims[1].extent);
    SolveResult g = solve(op, isa, {.backend = SolverBackend::Gecode, .topK = 8});
    SolveResult z = solve(op, isa, {.backend = SolverBackend::Z3, .topK = 8});
    REQUIRE(g.embeddings.size() == 8);
    REQUIRE(z.embeddings.size() == 8);
    int masked = 0;
    for (size_t k = 0; k < 8; ++k) {
      CHECK(g.embeddings[k].sameMapping(z.embeddings[k]));
      CHECK(g.embeddings[k].objective == z.embeddings[k].objective);
      masked += g.embeddings[k].maskedDim() >= 0;
    }
    CHECK(masked >= 1);
    CHECK(g.embeddings[0].maskedDim() == 1);  // g, on i and o (or b and i)
  }
}

TEST_CASE("top-K: mirrored embeddings of a square conv, (c,r)/(p) against (c,s)/(q), appear once") {
  // conv dims n k p q c r s: the symmetry swaps p with q and r with s together.
  Operator square = conv2d({.N = 1, .C = 3, .H = 32, .W = 32, .K = 32, .R = 3, .S = 3, .ph = 1, .pw = 1});
  CHECK(operatorSymmetries(square) == std::vector<std::vector<int>>{{0, 1, 3, 2, 4, 6, 5}});
  CHECK(operatorSymmetries(conv2d({.N = 1, .C = 3, .H = 32, .W = 30, .K = 32, .R = 3, .S = 3})).empty());
  CHECK(operatorSymmetries(conv2d({.N = 1, .C = 3, .H = 32, .W = 32, .K = 32, .R = 3, .S = 5})).empty());
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    SolveResult r = solve(square, defaultIsa(), {.backend = backend, .topK = 20});
    std::set<std::pair<int, std::array<std::vector<int>, 3>>> seen;
    for (const Embedding& e : r.embeddings) seen.insert({e.inpInput, e.lanes});
    for (const Embedding& e : r.embeddings) {
      Embedding m = toEmbedding(permuted(toAssignment(e, 7), operatorSymmetries(square)[0]));
      if (m.lanes != e.lanes) CHECK_FALSE(seen.count({m.inpInput, m.lanes}));
    }
    CHECK(r.embeddings.size() == 20);
  }
}

TEST_CASE("top-K larger than the number of embeddings returns them all") {
  Operator op = gemm(16, 1, 16);  // m on o or b... with B = 1 only o; k on i; roles
  SolveResult g = solve(op, defaultIsa(), {.backend = SolverBackend::Gecode, .topK = 50});
  SolveResult z = solve(op, defaultIsa(), {.backend = SolverBackend::Z3, .topK = 50});
  CHECK(g.status == SolveResult::Status::Feasible);
  CHECK(g.embeddings.size() == z.embeddings.size());
  CHECK(g.embeddings.size() < 50);
}

TEST_CASE("invalid options are input errors") {
  CHECK_THROWS_AS(solve(gemm(4, 4, 4), defaultIsa(), {.backend = SolverBackend::Gecode, .topK = 0}), InputError);
  CHECK_THROWS_WITH(solve(gemm(4, 4, 4), defaultIsa(), {.timeLimitSeconds = -1}),
                    "<options>: time-limit: must be ≥ 0 (0: none)");
  CHECK_THROWS_WITH(solve(gemm(4, 4, 4), defaultIsa(), {.nodeLimit = 0}), "<options>: node-limit: must be at least 1");
}

TEST_CASE("the model as data: records by family, check(), dump") {
  EmbeddingProblem p = buildProblem(gemm(35, 700, 2048), defaultIsa());
  p.check();
  // m, n may go on o (b has one lane, so it is never a group); k only on i.
  CHECK(p.groupDomain[0] == std::vector<int>{-1, 1, 2});
  size_t accRecords = 0, operandRecords = 0;
  for (const ForbiddenValue& f : p.forbiddenValues) {
    accRecords += f.family == Family::AccumulatorEquivalence;
    operandRecords += f.family == Family::OperandEquivalence;
  }
  CHECK(accRecords == 3);      // m→i, n→i, k→o
  CHECK(operandRecords == 4);  // A as inp: m, k not on o; B as inp: n, k not on o
  CHECK(p.requiredGroups.size() == 1);
  // Table rows: assignments allowed by the unary records: role 0: m∈{loop}, n∈{loop,o}, k∈{loop,i} → 4; role 1: 4.
  CHECK(p.objective.rows.size() == 8);
  std::string dump = p.dump();
  CHECK(dump.find("family dataflow equivalence (accumulator):") != std::string::npos);
  CHECK(dump.find("group[k] ∈ {loop, i, o}") != std::string::npos);
  CHECK(dump.find("rank 0:") != std::string::npos);
}

TEST_CASE("an operator too large for 32-bit DRAM addressing is explained by the memory family") {
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    SolveResult r = solve(gemm(3000000, 3000000, 16), defaultIsa(), {.backend = backend, .topK = 1});
    CHECK(r.status == SolveResult::Status::Infeasible);
    CHECK(r.explanation ==
          "memory: every embedding leaves a packed operand of more than 2^32 DRAM elements, beyond the 32-bit element "
          "addresses of LOAD and STORE");
  }
}

TEST_CASE("output dims that alias stay off the accumulator lanes") {
  // O[p+k] (pairwise) and O[2a+3b+5c] (no two alias, the three do: 2+3−5 = 0).
  Operator triple = makeOperator("alias3", "loopnest", {{"a", 2}, {"b", 2}, {"c", 2}, {"k", 16}}, {"k"});
  triple.out = {"O", {affine(4, {{0, 2}, {1, 3}, {2, 5}})}, {11}};
  triple.inputs[0] = {"X", {affine(4, {{3, 1}})}, {16}};
  triple.inputs[1] = {
      "Y", {affine(4, {{0, 1}}), affine(4, {{1, 1}}), affine(4, {{2, 1}}), affine(4, {{3, 1}})}, {2, 2, 2, 16}};
  for (const Operator& op : {polynomialProduct(40, 32, 16), triple})
    for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
      CAPTURE(op.name);
      SolveResult r = solve(op, defaultIsa(), {.backend = backend, .topK = 10});
      REQUIRE(r.status == SolveResult::Status::Feasible);
      for (const Embedding& e : r.embeddings) CHECK(e.lanes[2].empty());  // o: the only accumulator lanes > 1
    }
  EmbeddingProblem p = buildProblem(polynomialProduct(40, 32, 16), defaultIsa());
  Embedding kOnO;
  kOnO.lanes = {std::vector<int>{}, {2}, {1}};
  CHECK(p.violation(toAssignment(kOnO, 3)) ==
        "injectivity: dim k aliases other dims in the output O, so it cannot feed accumulator lanes o");
}

TEST_CASE("a time limit bounds building the model too; the best embedding so far comes back, flagged") {
  // 16 dims of extent 3 on 2x16x16: an unbounded solve takes seconds, most of it tabulating the objective.
  std::vector<std::pair<std::string, int64_t>> dims;
  std::vector<std::string> reduce;
  for (int d = 0; d < 16; ++d) {
    dims.push_back({"d" + std::to_string(d), 3});
    if (d >= 8) reduce.push_back("d" + std::to_string(d));
  }
  Operator op = makeOperator("many", "loopnest", dims, reduce);
  auto index = [&](std::vector<int> ds) {
    std::vector<AffineExpr> v;
    for (int d : ds) v.push_back(affine(16, {{d, 1}}));
    return v;
  };
  op.out = {"O", index({0, 1, 2, 3, 4, 5, 6, 7}), std::vector<int64_t>(8, 3)};
  op.inputs[0] = {"X", index({0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15}), std::vector<int64_t>(12, 3)};
  op.inputs[1] = {"Y", index({4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), std::vector<int64_t>(12, 3)};
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    CAPTURE(backendName(backend));
    SolveResult r = solve(op, isaWithShape(1, 4, 4), {.backend = backend, .topK = 1, .timeLimitSeconds = 0.05});
    CHECK(r.timedOut);
    CHECK(r.status == SolveResult::Status::Unknown);
    CHECK_FALSE(r.embeddings.empty());
    CHECK(r.seconds < 1.0);  // 0.05 s plus scoring and checking

    // The default bound is the node budget: deterministic, the same embedding on every run and machine.
    SolveResult a = solve(op, isaWithShape(1, 4, 4), {.backend = backend, .topK = 1});
    SolveResult b = solve(op, isaWithShape(1, 4, 4), {.backend = backend, .topK = 1});
    CHECK(a.nodeLimitHit);
    CHECK_FALSE(a.timedOut);
    CHECK(a.stats.tableNodes == kDefaultNodeLimit);
    CHECK(a.status == SolveResult::Status::Unknown);
    REQUIRE(a.embeddings.size() == 1);
    REQUIRE(b.embeddings.size() == 1);
    CHECK(a.embeddings[0].sameMapping(b.embeddings[0]));
    CHECK(a.embeddings[0].objective == b.embeddings[0].objective);
  }
}

TEST_CASE("the node budget bounds the backend's search too, deterministically") {
  Operator op = conv2d({.N = 1, .C = 64, .H = 56, .W = 56, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
  const SolveResult full = solve(op, defaultIsa(), {.topK = 4});
  REQUIRE(full.status == SolveResult::Status::Feasible);
  REQUIRE(full.embeddings.size() == 4);
  CHECK(full.stats.nodes > 0);
  // A budget that covers the table but not the whole top-4 search stops it, flagged: the rounds it completed agree
  // with the full search, the interrupted one gives its best so far, and every run gives the same list.
  const int64_t limit = full.stats.tableNodes + full.stats.nodes / 2;
  const SolveResult cut = solve(op, defaultIsa(), {.topK = 4, .nodeLimit = limit});
  CHECK(cut.nodeLimitHit);
  CHECK_FALSE(cut.timedOut);
  REQUIRE(!cut.embeddings.empty());
  REQUIRE(cut.embeddings.size() <= 4);
  for (size_t k = 0; k + 1 < cut.embeddings.size(); ++k) CHECK(cut.embeddings[k].sameMapping(full.embeddings[k]));
  const SolveResult again = solve(op, defaultIsa(), {.topK = 4, .nodeLimit = limit});
  REQUIRE(again.embeddings.size() == cut.embeddings.size());
  for (size_t k = 0; k < cut.embeddings.size(); ++k) CHECK(cut.embeddings[k].sameMapping(again.embeddings[k]));
  CHECK(again.stats.nodes == cut.stats.nodes);
}

TEST_CASE("a tiny time limit is honoured and flagged, never reported as infeasible") {
  Operator op = conv2d({.N = 1, .C = 64, .H = 56, .W = 56, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
  for (SolverBackend backend : {SolverBackend::Gecode, SolverBackend::Z3}) {
    SolveResult r = solve(op, defaultIsa(), {.backend = backend, .topK = 1000, .timeLimitSeconds = 1e-6});
    CHECK(r.timedOut);
    CHECK(r.status != SolveResult::Status::Infeasible);
  }
}

// Brute force against both backends: on seeded random tiny operators and tiny intrinsics, every embedding is
// enumerated from the definition (the concrete checker plus the reduction-lane rule, symmetric variants
// removed) and the Gecode, Z3 and brute-force sets and optima must be equal. Each dim may also be listed on two lane
// groups at once (a masked dim; the checker decides which pairs and dims are valid), and a second batch of random
// operators has a grouped dim indexing the output and both inputs, so masked embeddings are among the answers. The
// seed is printed on failure.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "inlay/solver/checker.h"
#include "inlay/solver/dataflow.h"
#include "inlay/solver/problem.h"
#include "inlay/solver/solve.h"
#include "operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

using Key = std::pair<int, std::array<std::vector<int>, 3>>;

/// A random loopnest: 2–5 dims of extent 1–4; each output component one non-reduced dim (sometimes two fused as
/// e·d1 + d2, like a grouped convolution); input components sums of one or two dims with coefficients 1–2.
Operator randomOperator(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int n = pick(2, 5);
  Operator op;
  op.name = "random";
  op.kind = "loopnest";
  std::vector<int> kept, reduced;
  for (int d = 0; d < n; ++d) {
    bool red = pick(0, 2) == 0;
    op.dims.push_back({"d" + std::to_string(d), pick(1, 4), red});
    (red ? reduced : kept).push_back(d);
  }
  if (kept.empty()) {
    op.dims[0].reduction = false;
    kept.push_back(0);
    reduced.erase(std::remove(reduced.begin(), reduced.end(), 0), reduced.end());
  }
  size_t D = op.dims.size();
  auto shapeOf = [&](const std::vector<AffineExpr>& index) {
    std::vector<int64_t> shape;
    for (const AffineExpr& e : index) {
      int64_t hi = e.constant;
      for (size_t d = 0; d < D; ++d) hi += std::max<int64_t>(0, e.coeffs[d]) * (op.dims[d].extent - 1);
      shape.push_back(hi + 1);
    }
    return shape;
  };
  std::vector<AffineExpr> out;
  for (size_t k = 0; k < kept.size(); ++k) {
    if (k + 1 < kept.size() && pick(0, 3) == 0) {
      out.push_back(affine(D, {{kept[k], op.dims[kept[k + 1]].extent}, {kept[k + 1], 1}}));
      ++k;
    } else {
      out.push_back(affine(D, {{kept[k], 1}}));
    }
  }
  op.out = {"O", out, shapeOf(out)};
  for (int t = 0; t < 2; ++t) {
    std::vector<AffineExpr> index;
    int components = pick(1, 3);
    for (int c = 0; c < components; ++c) {
      AffineExpr e = affine(D, {{pick(0, n - 1), pick(1, 2)}});
      if (pick(0, 2) == 0) e.coeffs[pick(0, n - 1)] += 1;
      index.push_back(e);
    }
    op.inputs[t] = {t == 0 ? "X" : "Y", index, shapeOf(index)};
  }
  return op;
}

/// A random grouped operator: a dim g indexing the output and both inputs (fused with another dim in the output
/// and in one input, like a grouped convolution's g·Kg + k), around a random loopnest's other dims.
Operator randomGroupedOperator(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Operator op = randomOperator(rng);
  const size_t D = op.dims.size() + 1;
  const int g = static_cast<int>(D) - 1;
  op.dims.push_back({"g", pick(2, 5), false});
  auto widen = [&](TensorAccess& access, bool fuse) {
    for (AffineExpr& e : access.index) e.coeffs.push_back(0);
    AffineExpr& first = access.index.front();
    if (fuse && first.constant == 0) {  // g·shape + index: the component stays injective
      first.coeffs[static_cast<size_t>(g)] = access.shape.front();
      access.shape.front() *= op.dims.back().extent;
    } else {
      access.index.push_back(affine(D, {{g, 1}}));
      access.shape.push_back(op.dims.back().extent);
    }
  };
  const bool fuseOut = pick(0, 1) == 1;
  widen(op.out, fuseOut);
  widen(op.inputs[0], pick(0, 1) == 1);
  widen(op.inputs[1], false);
  return op;
}

/// Every embedding by the definition, symmetric variants removed.
std::set<Key> bruteForce(const Operator& op, const Isa& isa, int64_t& bestCycles) {
  IntrinsicGraph g = intrinsicGraph(isa.gemm);
  OperatorGraph graph(op);
  bool anyReduction = false, bigReduction = false;
  for (size_t d = 0; d < op.dims.size(); ++d)
    if (!graph.outputDependsOn(static_cast<int>(d))) {
      anyReduction = true;
      bigReduction = bigReduction || op.dims[d].extent > 1;
    }
  std::set<Key> found;
  bestCycles = -1;
  size_t n = op.dims.size();
  std::vector<int> group(n, -1);
  // Per dim: a loop (0), one lane group (1–3), or two lane groups at once (4: b+i, 5: b+o, 6: i+o).
  static const std::vector<std::vector<int>> kChoices = {{}, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};
  int64_t codes = 1;
  for (size_t d = 0; d < n; ++d) codes *= 7;
  for (int64_t code = 0; code < codes; ++code) {
    bool canonical = true;
    for (size_t d = 0, rest = static_cast<size_t>(code); d < n; ++d, rest /= 7) {
      group[d] = static_cast<int>(rest % 7);
      for (int j : kChoices[group[d]])
        if (op.dims[d].extent == 1 || g.laneCounts[j] == 1) canonical = false;
    }
    if (!canonical) continue;
    for (int role = 0; role < 2; ++role) {
      Embedding e;
      e.inpInput = role;
      for (size_t d = 0; d < n; ++d)
        for (int j : kChoices[group[d]]) e.lanes[j].push_back(static_cast<int>(d));
      // Symmetric variants: an outer group dim whose inner extents are a multiple of the lane count is a loop.
      for (int j = 0; j < 3; ++j) {
        int64_t inner = 1;
        for (size_t k = e.lanes[j].size(); k-- > 0;) {
          if (inner > 1 && inner % g.laneCounts[j] == 0) canonical = false;
          inner *= op.dims[e.lanes[j][k]].extent;
        }
      }
      bool lanesFed = anyReduction && canonical;
      for (int j = 0; j < 3; ++j)
        if (!g.indexes(Operand::Acc, j) && g.laneCounts[j] > 1 && bigReduction && e.lanes[j].empty()) lanesFed = false;
      if (!lanesFed || !checkEmbedding(op, isa, e).ok) continue;
      found.insert({role, e.lanes});
      int64_t cycles = static_cast<int64_t>(scoreEmbedding(op, isa, e).objective);
      if (bestCycles < 0 || cycles < bestCycles) bestCycles = cycles;
    }
  }
  // Mirrored variants under the operator's symmetries: the one with the smaller key (base-6 groups with the masked
  // values i+o = 3 and b+i = 4, then the role; the same order as base 4 without masked values).
  auto keyOf = [&](const Key& k) {
    Assignment a = toAssignment(Embedding{.inpInput = k.first, .lanes = k.second}, n);
    uint64_t v = 0;
    for (size_t d = n; d-- > 0;) v = v * 6 + static_cast<uint64_t>(a.group[d] + 1);
    return v * 2 + static_cast<uint64_t>(a.inpInput);
  };
  std::set<Key> kept;
  for (const Key& k : found) {
    bool mirrored = false;
    for (const std::vector<int>& sigma : operatorSymmetries(op)) {
      Embedding m = toEmbedding(permuted(toAssignment(Embedding{.inpInput = k.first, .lanes = k.second}, n), sigma));
      const Key mk{m.inpInput, m.lanes};
      mirrored = mirrored || (found.count(mk) && keyOf(mk) < keyOf(k));
    }
    if (!mirrored) kept.insert(k);
  }
  return kept;
}

std::set<Key> keys(const SolveResult& r) {
  std::set<Key> s;
  for (const Embedding& e : r.embeddings) s.insert({e.inpInput, e.lanes});
  return s;
}

}  // namespace

TEST_CASE("Gecode, Z3 and brute force agree on seeded random tiny operators") {
  std::vector<Isa> isas = {isaWithShape(0, 1, 1), isaWithShape(1, 1, 1), isaWithShape(0, 2, 1), isaWithShape(1, 1, 2)};
  int maskedAnswers = 0;
  for (unsigned seed = 1; seed <= 80; ++seed) {
    std::mt19937 rng(seed);
    Operator op = seed <= 40 ? randomOperator(rng) : randomGroupedOperator(rng);
    const Isa& isa = isas[seed % isas.size()];
    CAPTURE(seed);
    CAPTURE(isa.name);
    int64_t bestCycles = 0;
    std::set<Key> expected = bruteForce(op, isa, bestCycles);
    SolveResult g = solve(op, isa, {.backend = SolverBackend::Gecode, .topK = 100000});
    SolveResult z = solve(op, isa, {.backend = SolverBackend::Z3, .topK = 100000});
    for (const Key& k : expected)
      if (!keys(g).count(k)) {
        Embedding e;
        e.inpInput = k.first;
        e.lanes = k.second;
        EmbeddingProblem p = buildProblem(op, isa);
        MESSAGE("missing from the model: " << p.violation(toAssignment(e, op.dims.size())).value_or("?") << "\n"
                                           << p.dump(0));
      }
    CHECK_FALSE(g.timedOut);
    CHECK_FALSE(z.timedOut);
    CHECK(keys(g) == expected);
    CHECK(keys(z) == expected);
    for (const Key& k : expected) maskedAnswers += Embedding{.inpInput = k.first, .lanes = k.second}.maskedDim() >= 0;
    if (expected.empty()) {
      CHECK(g.status == SolveResult::Status::Infeasible);
      CHECK(z.status == SolveResult::Status::Infeasible);
      CHECK_FALSE(g.explanation.empty());
      CHECK(g.explanation == z.explanation);
    } else {
      REQUIRE(!g.embeddings.empty());
      REQUIRE(!z.embeddings.empty());
      CHECK(static_cast<int64_t>(g.embeddings[0].objective) == bestCycles);
      CHECK(static_cast<int64_t>(z.embeddings[0].objective) == bestCycles);
      CHECK(g.embeddings[0].sameMapping(z.embeddings[0]));
    }
  }
  CHECK(maskedAnswers >= 20);  // the grouped batch does exercise masked embeddings
}

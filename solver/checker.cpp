// The concrete checker: generates one invocation's intrinsic multiplies, maps them through the embedding to operator
// iteration points, and compares operand and accumulator nodes element by element. Independent of solver/problem.
#include "inlay/solver/checker.h"

#include <algorithm>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "inlay/solver/dataflow.h"
#include "inlay/solver/element_ids.h"
#include "inlay/solver/objective.h"

namespace inlay {

namespace {

constexpr int64_t kExhaustiveCoverWork = int64_t{1} << 22;  // invocations × multiplies checked exhaustively
constexpr size_t kMaxInvocations = 96;                      // boundary/interior invocations per check
constexpr int kSampledPoints = 512;
constexpr int64_t kMaxSweptBlocks = int64_t{1} << 15;    // per lane group; beyond it a seeded sample
constexpr int64_t kMaxFlatOutputIds = int64_t{1} << 20;  // the exhaustive cover's flat table: at most 24 MiB

struct Failure {
  std::string reason;
};

std::string joinInts(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t k = 0; k < v.size(); ++k) s += (k ? "," : "") + std::to_string(v[k]);
  return s;
}

/// The embedding's concrete geometry: fused extents, blocks, the invocation space and the lane → point map.
class Tiling {
public:
  Tiling(const Operator& op, const IntrinsicGraph& g, const Embedding& e)
      : op_(op), g_(g), e_(e), masked_(e.maskedDim()), maskedLanes_(e.maskedLanes()) {
    std::vector<bool> inGroup(op.dims.size(), false);
    for (int j = 0; j < 3; ++j) {
      int64_t f = 1;
      for (int d : e.lanes[j]) {
        f *= op.dims[d].extent;
        inGroup[d] = true;
      }
      fused_[j] = f;
      blocks_[j] = (f + g.laneCounts[j] - 1) / g.laneCounts[j];
    }
    for (size_t d = 0; d < op.dims.size(); ++d)
      if (!inGroup[d]) loops_.push_back(static_cast<int>(d));
  }

  int64_t blocks(int j) const { return blocks_[j]; }
  int64_t fused(int j) const { return fused_[j]; }
  const std::vector<int>& loops() const { return loops_; }
  /// The lane group whose block coordinate follows another's (the second group of the masked dim), or -1.
  int tiedLane() const { return masked_ < 0 ? -1 : maskedLanes_[1]; }
  /// Ties the block coordinates of the masked dim's groups: only the diagonal invocations run.
  void tie(std::array<int64_t, 3>& t) const {
    if (masked_ >= 0) t[maskedLanes_[1]] = t[maskedLanes_[0]];
  }
  bool diagonal(const std::array<int64_t, 3>& t) const {
    return masked_ < 0 || t[maskedLanes_[0]] == t[maskedLanes_[1]];
  }
  /// Invocations that run: Π blocks (tied blocks once) × Π loop extents.
  double invocations() const {
    double n = static_cast<double>(blocks_[0] * blocks_[1] * blocks_[2]);
    if (masked_ >= 0) n /= static_cast<double>(blocks_[maskedLanes_[1]]);
    for (int d : loops_) n *= static_cast<double>(op_.dims[d].extent);
    return n;
  }

  /// The iteration point of lane vector `lane` in invocation (t, loopValues); false for a padding lane, and for a
  /// masked lane (the masked dim's two lanes carry different values: its operand is zero there).
  bool point(const std::array<int64_t, 3>& t, const std::vector<int64_t>& loopValues, std::span<const int64_t> lane,
             std::vector<int64_t>& x) const {
    x.assign(op_.dims.size(), 0);
    for (size_t k = 0; k < loops_.size(); ++k) x[loops_[k]] = loopValues[k];
    int64_t maskedValue = -1;
    for (int j = 0; j < 3; ++j) {
      int64_t f = t[j] * g_.laneCounts[j] + lane[j];
      if (f >= fused_[j]) return false;
      for (size_t k = e_.lanes[j].size(); k-- > 0;) {  // innermost dim last in the group
        int d = e_.lanes[j][k];
        const int64_t v = f % op_.dims[d].extent;
        f /= op_.dims[d].extent;
        if (d == masked_) {
          if (maskedValue >= 0 && maskedValue != v) return false;
          maskedValue = v;
        }
        x[d] = v;
      }
    }
    return true;
  }

  /// The inverse: which invocation and lane compute point x.
  void locate(const std::vector<int64_t>& x, std::array<int64_t, 3>& t, std::vector<int64_t>& loopValues,
              std::array<int64_t, 3>& lane) const {
    for (int j = 0; j < 3; ++j) {
      int64_t f = 0;
      for (int d : e_.lanes[j]) f = f * op_.dims[d].extent + x[d];
      t[j] = f / g_.laneCounts[j];
      lane[j] = f % g_.laneCounts[j];
    }
    loopValues.clear();
    for (int d : loops_) loopValues.push_back(x[d]);
  }

private:
  const Operator& op_;
  const IntrinsicGraph& g_;
  const Embedding& e_;
  int masked_;
  std::array<int, 2> maskedLanes_;
  std::array<int64_t, 3> fused_{}, blocks_{};
  std::vector<int> loops_;
};

/// A dim may sit on two lane groups (masked) only when exactly one of them indexes acc and one operand is indexed
/// by both (that operand is block-diagonal), when it is the only such dim, and when it indexes the output and both
/// inputs (a dim missing from one has an unmasked group carrying it).
std::optional<std::string> checkMasked(const Operator& op, const IntrinsicGraph& g, int d, int j1, int j2,
                                       int& masked) {
  const std::string where =
      "structure: dim " + op.dims[d].name + " appears in lane groups " + g.dimNames[j1] + " and " + g.dimNames[j2];
  const bool oneAcc = g.indexes(Operand::Acc, j1) != g.indexes(Operand::Acc, j2);
  const bool diagonalOperand = (g.indexes(Operand::Inp, j1) && g.indexes(Operand::Inp, j2)) ||
                               (g.indexes(Operand::Wgt, j1) && g.indexes(Operand::Wgt, j2));
  if (!oneAcc || !diagonalOperand) return where + ", which cannot be masked together";
  if (masked >= 0 && masked != d) return where + "; dim " + op.dims[masked].name + " is masked too (at most one)";
  if (!accessDependsOn(op.out, d) || !accessDependsOn(op.inputs[0], d) || !accessDependsOn(op.inputs[1], d))
    return where + ", but only a dim indexing the output and both inputs may be masked";
  masked = d;
  return std::nullopt;
}

std::optional<std::string> checkStructure(const Operator& op, const IntrinsicGraph& g, const Embedding& e) {
  if (e.inpInput != 0 && e.inpInput != 1)
    return "structure: inpInput must be 0 or 1, got " + std::to_string(e.inpInput);
  std::vector<int> groupOf(op.dims.size(), -1);
  int masked = -1;
  for (int j = 0; j < 3; ++j)
    for (int d : e.lanes[j]) {
      if (d < 0 || static_cast<size_t>(d) >= op.dims.size())
        return "structure: lane group " + g.dimNames[j] + " names dim " + std::to_string(d) + ", the operator has " +
               std::to_string(op.dims.size()) + " dims";
      if (groupOf[d] == j || groupOf[d] == 3)
        return "structure: dim " + op.dims[d].name + " appears in lane group " + g.dimNames[j] + " more than once";
      if (groupOf[d] >= 0) {
        if (auto why = checkMasked(op, g, d, groupOf[d], j, masked)) return why;
        groupOf[d] = 3;
        continue;
      }
      groupOf[d] = j;
    }
  return std::nullopt;
}

/// Compares the nodes of one invocation; the first violation, if any.
class InvocationChecker {
public:
  InvocationChecker(const Operator& op, const IntrinsicGraph& g, const Embedding& e, const Tiling& tiling)
      : op_(op),
        graph_(op),
        g_(g),
        tiling_(tiling),
        access_{&op.out, &op.inputs[e.inpInput], &op.inputs[1 - e.inpInput]},
        ids_{ElementIds(op, op.out), ElementIds(op, op.inputs[e.inpInput]), ElementIds(op, op.inputs[1 - e.inpInput])} {
  }

  std::optional<std::string> check(const std::array<int64_t, 3>& t, const std::vector<int64_t>& loopValues) {
    points_.clear();
    for (auto& elements : elementOfNode_) elements.assign(static_cast<size_t>(g_.multiplies()), kNone);
    accNodeOfOutput_.clear();
    std::array<int64_t, 3> lane{};
    for (lane[0] = 0; lane[0] < g_.laneCounts[0]; ++lane[0])
      for (lane[1] = 0; lane[1] < g_.laneCounts[1]; ++lane[1])
        for (lane[2] = 0; lane[2] < g_.laneCounts[2]; ++lane[2]) {
          if (!tiling_.point(t, loopValues, lane, x_)) continue;  // a padding lane maps to nothing
          if (!graph_.inDomain(x_)) return "tileability: lane (" + laneText(lane) + ") maps outside the domain";
          if (!points_.insert(graph_.pointId(x_)).second)
            return "injectivity: two multiplies of one invocation map to point (" + joinInts(x_) + ")";
          for (Operand operand : {Operand::Inp, Operand::Wgt, Operand::Acc})
            if (auto why = sameElement(operand, lane)) return why;
          const int64_t out = ids_[0].id(x_);
          const int64_t accNode = g_.operandNode(Operand::Acc, lane);
          auto [it, fresh] = accNodeOfOutput_.emplace(out, accNode);
          if (!fresh && it->second != accNode)
            return "dataflow equivalence (acc): output " + op_.out.tensor + "[" + joinInts(ids_[0].element(out)) +
                   "] receives two distinct accumulators (lane (" + laneText(lane) + "))";
        }
    return std::nullopt;
  }

private:
  std::string laneText(const std::array<int64_t, 3>& lane) const {
    std::string s;
    for (int j = 0; j < 3; ++j) s += (j ? "," : "") + g_.dimNames[j] + "=" + std::to_string(lane[j]);
    return s;
  }

  /// Multiplies sharing an operand node must touch one element of the operator tensor playing that operand.
  std::optional<std::string> sameElement(Operand operand, const std::array<int64_t, 3>& lane) {
    const auto k = static_cast<size_t>(operand);
    const int64_t element = ids_[k].id(x_);
    int64_t& seen = elementOfNode_[k][static_cast<size_t>(g_.operandNode(operand, lane))];
    if (seen == kNone) seen = element;
    if (seen == element) return std::nullopt;
    static const char* names[] = {"acc", "inp", "wgt"};
    const std::string name = names[k], tensor = access_[k]->tensor;
    return "dataflow equivalence (" + name + "): one " + name + " node (lane (" + laneText(lane) + ")) meets " +
           tensor + "[" + joinInts(ids_[k].element(seen)) + "] and " + tensor + "[" +
           joinInts(ids_[k].element(element)) + "]";
  }

  const Operator& op_;
  OperatorGraph graph_;
  const IntrinsicGraph& g_;
  const Tiling& tiling_;
  std::array<const TensorAccess*, 3> access_;  // by Operand: acc, inp, wgt
  std::array<ElementIds, 3> ids_;
  // Per invocation, reused across invocations: points seen, each operand node's element, each output's acc node.
  std::vector<int64_t> x_;
  std::unordered_set<int64_t> points_;
  static constexpr int64_t kNone = -1;                 // element ids are ≥ 0
  std::array<std::vector<int64_t>, 3> elementOfNode_;  // by operand node (< the intrinsic's multiplies)
  std::unordered_map<int64_t, int64_t> accNodeOfOutput_;
};

/// First, last and (when it exists) a middle value of each invocation coordinate; their combinations, capped by a
/// seeded sample that always keeps the all-first and all-last invocations.
std::vector<std::pair<std::array<int64_t, 3>, std::vector<int64_t>>> boundaryInvocations(const Operator& op,
                                                                                         const Tiling& tiling) {
  std::vector<std::vector<int64_t>> choices;
  auto extremes = [](int64_t n) {
    std::vector<int64_t> v = {0};
    if (n > 2) v.push_back(n / 2);
    if (n > 1) v.push_back(n - 1);
    return v;
  };
  for (int j = 0; j < 3; ++j) choices.push_back(extremes(tiling.blocks(j)));
  for (int d : tiling.loops()) choices.push_back(extremes(op.dims[d].extent));
  size_t combos = 1;
  for (const auto& c : choices) combos = std::min<size_t>(combos * c.size(), size_t{1} << 30);
  std::vector<std::vector<size_t>> picks;
  if (combos <= kMaxInvocations) {
    std::vector<size_t> pick(choices.size(), 0);
    for (size_t n = 0; n < combos; ++n) {
      picks.push_back(pick);
      for (size_t k = 0; k < pick.size() && ++pick[k] == choices[k].size(); ++k) pick[k] = 0;
    }
  } else {
    std::mt19937_64 rng(12345);
    std::vector<size_t> first(choices.size(), 0), last(choices.size());
    for (size_t k = 0; k < choices.size(); ++k) last[k] = choices[k].size() - 1;
    picks = {first, last};
    while (picks.size() < kMaxInvocations) {
      std::vector<size_t> pick;
      for (const auto& c : choices) pick.push_back(rng() % c.size());
      picks.push_back(pick);
    }
  }
  std::vector<std::pair<std::array<int64_t, 3>, std::vector<int64_t>>> out;
  for (const auto& pick : picks) {
    std::array<int64_t, 3> t{};
    std::vector<int64_t> loopValues;
    for (size_t k = 0; k < pick.size(); ++k) {
      if (k < 3)
        t[k] = choices[k][pick[k]];
      else
        loopValues.push_back(choices[k][pick[k]]);
    }
    tiling.tie(t);
    out.push_back({t, loopValues});
  }
  return out;
}

/// Every block of one lane group j (others at block 0, loops at 0), varying only j's lanes: operands j does not index
/// must not change, accumulators must stay distinct when j indexes acc. Carries between the fused dims differ from
/// block to block, so every block is visited (a seeded sample beyond kMaxSweptBlocks).
std::optional<std::string> sweepGroup(const Operator& op, const IntrinsicGraph& g, const Embedding& e,
                                      const Tiling& tiling, int j, int64_t& visited) {
  if (j == tiling.tiedLane()) return std::nullopt;  // its blocks follow the masked dim's other group, swept there
  std::vector<int64_t> blocks;
  if (tiling.blocks(j) <= kMaxSweptBlocks) {
    for (int64_t t = 0; t < tiling.blocks(j); ++t) blocks.push_back(t);
  } else {
    std::mt19937_64 rng(777);
    for (int64_t k = 0; k < kMaxSweptBlocks; ++k)
      blocks.push_back(k < 2 ? k * (tiling.blocks(j) - 1) : static_cast<int64_t>(rng() % tiling.blocks(j)));
  }
  const std::array<const TensorAccess*, 3> access = {&op.out, &op.inputs[e.inpInput], &op.inputs[1 - e.inpInput]};
  std::array<ElementIds, 3> ids = {ElementIds(op, *access[0]), ElementIds(op, *access[1]), ElementIds(op, *access[2])};
  static const char* names[] = {"acc", "inp", "wgt"};
  std::vector<int64_t> loopValues(tiling.loops().size(), 0), x;
  std::unordered_map<int64_t, int64_t> homeLane;  // output element → the lane j it accumulates in
  std::unordered_set<int64_t> outputs;
  for (int64_t tj : blocks) {
    ++visited;
    std::array<int64_t, 3> t{}, lane{};
    t[j] = tj;
    tiling.tie(t);
    std::array<std::optional<int64_t>, 3> first;
    outputs.clear();
    for (lane[j] = 0; lane[j] < g.laneCounts[j]; ++lane[j]) {
      if (!tiling.point(t, loopValues, lane, x)) continue;
      for (size_t k = 0; k < 3; ++k) {
        const int64_t element = ids[k].id(x);
        if (g.indexes(static_cast<Operand>(k), j)) {
          if (k == 0 && !outputs.insert(element).second)
            return "dataflow equivalence (acc): distinct accumulators along lanes " + g.dimNames[j] + " (block " +
                   std::to_string(tj) + ") write one output element " + op.out.tensor + "[" +
                   joinInts(ids[0].element(element)) + "]";
          // The accumulation chain of an output element stays in one lane across invocations.
          if (k == 0) {
            auto [home, fresh] = homeLane.emplace(element, lane[j]);
            if (!fresh && home->second != lane[j])
              return "dataflow equivalence (acc): output " + op.out.tensor + "[" + joinInts(ids[0].element(element)) +
                     "] accumulates in lanes " + g.dimNames[j] + "=" + std::to_string(home->second) + " and " +
                     g.dimNames[j] + "=" + std::to_string(lane[j]);
          }
          continue;
        }
        if (!first[k])
          first[k] = element;
        else if (*first[k] != element)
          return std::string("dataflow equivalence (") + names[k] + "): one " + names[k] + " node (lanes " +
                 g.dimNames[j] + ", block " + std::to_string(tj) + ") meets " + access[k]->tensor + "[" +
                 joinInts(ids[k].element(*first[k])) + "] and " + access[k]->tensor + "[" +
                 joinInts(ids[k].element(element)) + "]";
      }
    }
  }
  return std::nullopt;
}

/// Every point covered exactly once, and every output element accumulated in one accumulator lane across all
/// invocations, by enumerating all invocations (small operators only).
std::optional<std::string> checkCoverExhaustive(const Operator& op, const IntrinsicGraph& g, const Tiling& tiling) {
  OperatorGraph graph(op);
  std::vector<uint8_t> hits(static_cast<size_t>(op.macs()), 0);
  ElementIds outIds(op, op.out);
  // Output element → acc-lane fused indices: a table by element id when the ids are few (the usual case, as output
  // indices rarely skip values), a hash map otherwise.
  constexpr std::array<int64_t, 3> kUnset{-2, -2, -2};
  const bool flat = outIds.span() >= 0 && outIds.span() <= kMaxFlatOutputIds;
  std::vector<std::array<int64_t, 3>> accumulatorTable(flat ? static_cast<size_t>(outIds.span()) : 0, kUnset);
  std::unordered_map<int64_t, std::array<int64_t, 3>> accumulatorMap;
  auto homeOf = [&](int64_t element, const std::array<int64_t, 3>& accumulator) -> const std::array<int64_t, 3>& {
    if (!flat) return accumulatorMap.emplace(element, accumulator).first->second;
    std::array<int64_t, 3>& home = accumulatorTable[static_cast<size_t>(element)];
    if (home == kUnset) home = accumulator;
    return home;
  };
  std::vector<int64_t> extents;
  for (int j = 0; j < 3; ++j) extents.push_back(tiling.blocks(j));
  for (int d : tiling.loops()) extents.push_back(op.dims[d].extent);
  std::vector<int64_t> coord(extents.size(), 0), x;
  while (true) {
    std::array<int64_t, 3> t = {coord[0], coord[1], coord[2]};
    std::vector<int64_t> loopValues(coord.begin() + 3, coord.end());
    std::array<int64_t, 3> lane{};
    if (tiling.diagonal(t))  // off the diagonal of a masked dim's tied blocks nothing runs
      for (lane[0] = 0; lane[0] < g.laneCounts[0]; ++lane[0])
        for (lane[1] = 0; lane[1] < g.laneCounts[1]; ++lane[1])
          for (lane[2] = 0; lane[2] < g.laneCounts[2]; ++lane[2])
            if (tiling.point(t, loopValues, lane, x)) {
              if (!graph.inDomain(x)) return "exact cover: an invocation reaches outside the domain";
              if (++hits[graph.pointId(x)] > 1) return "exact cover: point (" + joinInts(x) + ") is computed twice";
              std::array<int64_t, 3> accumulator{-1, -1, -1};
              for (int j = 0; j < 3; ++j)
                if (g.indexes(Operand::Acc, j)) accumulator[j] = t[j] * g.laneCounts[j] + lane[j];
              const int64_t element = outIds.id(x);
              const std::array<int64_t, 3>& home = homeOf(element, accumulator);
              if (home != accumulator)
                return "dataflow equivalence (acc): output " + op.out.tensor + "[" + joinInts(outIds.element(element)) +
                       "] would get partial sums from two accumulator lanes (no STORE adds them)";
            }
    size_t k = 0;
    while (k < coord.size() && ++coord[k] == extents[k]) coord[k++] = 0;
    if (k == coord.size()) break;
  }
  for (size_t id = 0; id < hits.size(); ++id)
    if (hits[id] == 0) return "exact cover: iteration point #" + std::to_string(id) + " is never computed";
  return std::nullopt;
}

/// Every sampled point (all domain corners and seeded random points) is computed by the invocation and non-padding
/// lane the embedding assigns it, and that lane maps back to it.
std::optional<std::string> checkCoverSampled(const Operator& op, const IntrinsicGraph& g, const Tiling& tiling) {
  std::mt19937_64 rng(2024);
  std::vector<std::vector<int64_t>> samples;
  size_t n = op.dims.size();
  for (size_t mask = 0; mask < (size_t{1} << std::min<size_t>(n, 8)); ++mask) {
    std::vector<int64_t> x(n, 0);
    for (size_t d = 0; d < n; ++d)
      if (d < 8 && (mask >> d & 1)) x[d] = op.dims[d].extent - 1;
    samples.push_back(x);
  }
  for (int k = 0; k < kSampledPoints; ++k) {
    std::vector<int64_t> x;
    for (const Dim& d : op.dims) x.push_back(static_cast<int64_t>(rng() % static_cast<uint64_t>(d.extent)));
    samples.push_back(x);
  }
  for (const std::vector<int64_t>& x : samples) {
    std::array<int64_t, 3> t{}, lane{};
    std::vector<int64_t> loopValues, back;
    tiling.locate(x, t, loopValues, lane);
    for (int j = 0; j < 3; ++j)
      if (t[j] >= tiling.blocks(j) || lane[j] >= g.laneCounts[j])
        return "exact cover: point (" + joinInts(x) + ") falls outside every invocation";
    if (!tiling.diagonal(t))
      return "exact cover: point (" + joinInts(x) +
             ") falls in an off-diagonal block of the masked dim, which no "
             "invocation runs";
    if (!tiling.point(t, loopValues, lane, back) || back != x)
      return "exact cover: point (" + joinInts(x) + ") is not computed by the lane that owns it";
  }
  return std::nullopt;
}

}  // namespace

CheckResult checkEmbedding(const Operator& op, const Isa& isa, const Embedding& embedding) {
  IntrinsicGraph g = intrinsicGraph(isa.gemm);
  CheckResult result;
  auto fail = [&](std::string reason) {
    result.ok = false;
    result.reason = std::move(reason);
    return result;
  };
  if (auto why = checkStructure(op, g, embedding)) return fail(*why);
  Tiling tiling(op, g, embedding);
  InvocationChecker checker(op, g, embedding, tiling);
  for (const auto& [t, loopValues] : boundaryInvocations(op, tiling)) {
    ++result.invocationsChecked;
    if (auto why = checker.check(t, loopValues)) return fail(*why);
  }
  for (int j = 0; j < 3; ++j)
    if (auto why = sweepGroup(op, g, embedding, tiling, j, result.invocationsChecked)) return fail(*why);
  const double invocations = tiling.invocations();
  result.exhaustiveCover = invocations * static_cast<double>(g.multiplies()) <= kExhaustiveCoverWork;
  auto cover = result.exhaustiveCover ? checkCoverExhaustive(op, g, tiling) : checkCoverSampled(op, g, tiling);
  if (cover) return fail(*cover);
  return result;
}

Embedding scoreEmbedding(const Operator& op, const Isa& isa, Embedding embedding) {
  CostEstimate c = estimateCost(op, isa, intrinsicGraph(isa.gemm), embedding);
  embedding.objective = static_cast<double>(c.cycles);
  embedding.utilization = c.utilization;
  embedding.paddingLanes = c.paddingLanes;
  embedding.duplication = c.duplication;
  return embedding;
}

}  // namespace inlay

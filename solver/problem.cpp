// Builds the embedding CSP as data: one small function per constraint family, the objective table, the model's
// self-check, its text dump and the explanation of infeasibility.
#include "inlay/solver/problem.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <tuple>

#include "inlay/ir/error.h"
#include "inlay/solver/objective.h"

namespace inlay {

std::vector<int> lanesOf(int value) {
  if (value == kMaskedIO) return {kLaneI, kLaneO};
  if (value == kMaskedBI) return {kLaneB, kLaneI};
  if (value < 0) return {};
  return {value};
}

Embedding toEmbedding(const Assignment& a) {
  Embedding e;
  e.inpInput = a.inpInput;
  for (size_t d = 0; d < a.group.size(); ++d)
    for (int j : lanesOf(a.group[d])) e.lanes[j].push_back(static_cast<int>(d));
  return e;
}

Assignment toAssignment(const Embedding& e, size_t numDims) {
  Assignment a;
  a.group.assign(numDims, -1);
  a.inpInput = e.inpInput;
  for (int j = 0; j < 3; ++j)
    for (int d : e.lanes[j])
      a.group[d] = a.group[d] < 0 ? j : a.group[d] == kLaneB && j == kLaneI ? kMaskedBI : kMaskedIO;
  return a;
}

std::string familyName(Family f) {
  switch (f) {
    case Family::AccumulatorEquivalence: return "dataflow equivalence (accumulator)";
    case Family::OperandEquivalence: return "dataflow equivalence (operands, roles)";
    case Family::ReductionLanes: return "reduction lanes";
    case Family::Injectivity: return "injectivity";
    case Family::MaskedLanes: return "masked lanes";
    case Family::Memory: return "memory";
  }
  return "?";
}

const std::vector<Family>& allFamilies() {
  static const std::vector<Family> families = {Family::AccumulatorEquivalence,
                                               Family::OperandEquivalence,
                                               Family::ReductionLanes,
                                               Family::Injectivity,
                                               Family::MaskedLanes,
                                               Family::Memory};
  return families;
}

namespace {

const std::string& laneName(const EmbeddingProblem& p, int j) { return p.graph.dimNames[j]; }

// A group value's name: a lane group's, "loop", or the two lane groups of a masked value ("i+o").
std::string valueName(const EmbeddingProblem& p, int v) {
  if (v < 0) return "loop";
  std::string name;
  for (int j : lanesOf(v)) name += (name.empty() ? "" : "+") + laneName(p, j);
  return name;
}
const std::string& dimName(const EmbeddingProblem& p, int d) { return p.op.dims[d].name; }

bool inDomain(const EmbeddingProblem& p, int d, int j) {
  const std::vector<int>& dom = p.groupDomain[d];
  return std::find(dom.begin(), dom.end(), j) != dom.end();
}

// Whether two lane groups can hold one masked dim: exactly one of them indexes acc (the dim's accumulator lanes; the
// other carries it as a reduction that the mask restricts to the diagonal), and one operand is indexed by both (the
// block-diagonal one). In VTA's pattern: (i, o) with wgt masked, (b, i) with inp masked; never (b, o).
bool maskablePair(const IntrinsicGraph& g, int j1, int j2) {
  if (g.indexes(Operand::Acc, j1) == g.indexes(Operand::Acc, j2)) return false;
  return (g.indexes(Operand::Inp, j1) && g.indexes(Operand::Inp, j2)) ||
         (g.indexes(Operand::Wgt, j1) && g.indexes(Operand::Wgt, j2));
}

// Domains: a dim joins lane group j only if both have extent > 1 (symmetry: extent-1 groups equal loops). It may be
// masked (two groups at once) only if it indexes the output and both inputs — a dim missing from one of them has an
// unmasked group that carries it (b or o) — and the pair is maskable.
void addDomains(EmbeddingProblem& p) {
  OperatorGraph g(p.op);
  for (size_t d = 0; d < p.numDims(); ++d) {
    const Dim& dim = p.op.dims[d];
    std::vector<int> dom = {-1};
    for (int j = 0; j < p.graph.numDims(); ++j)
      if (dim.extent > 1 && p.graph.laneCounts[j] > 1) dom.push_back(j);
    const int di = static_cast<int>(d);
    const bool everywhere = g.outputDependsOn(di) && g.inputDependsOn(0, di) && g.inputDependsOn(1, di);
    for (int v : {kMaskedIO, kMaskedBI}) {
      const std::vector<int> pair = lanesOf(v);
      if (everywhere && dim.extent > 1 && p.graph.laneCounts[pair[0]] > 1 && p.graph.laneCounts[pair[1]] > 1 &&
          maskablePair(p.graph, pair[0], pair[1]))
        dom.push_back(v);
    }
    if (dom.back() > 2) p.keyBase = 6;
    p.groupDomain.push_back(dom);
  }
}

// Accumulator equivalence: lanes j index acc  ⇔  a_O depends on the dims of group j.
//   (multiplies share an accumulator iff their images write the same output element)
void addAccumulatorEquivalence(EmbeddingProblem& p) {
  OperatorGraph g(p.op);
  for (size_t d = 0; d < p.numDims(); ++d)
    for (int j : p.groupDomain[d]) {
      if (j < 0 || j > 2) continue;  // a masked value: the domain admits only output dims on maskable pairs
      bool accLane = p.graph.indexes(Operand::Acc, j), writesOutput = g.outputDependsOn(static_cast<int>(d));
      if (accLane == writesOutput) continue;
      std::string why = accLane ? "reduction dim " + dimName(p, d) + " cannot feed accumulator lanes " +
                                      laneName(p, j) + " (distinct accumulators would write one output element)"
                                : "dim " + dimName(p, d) + " indexes the output, so it cannot feed reduction lanes " +
                                      laneName(p, j) + " (one accumulator would write several output elements)";
      p.forbiddenValues.push_back({Family::AccumulatorEquivalence, static_cast<int>(d), j, -1, why});
    }
}

// Operand equivalence under a role choice: lanes j not indexing inp (wgt) ⇒ the input playing inp (wgt) does not
// depend on group j's dims.   (multiplies sharing an operand node read one operator element)
void addOperandEquivalence(EmbeddingProblem& p) {
  OperatorGraph g(p.op);
  for (int role = 0; role < 2; ++role)
    for (size_t d = 0; d < p.numDims(); ++d)
      for (int j : p.groupDomain[d]) {
        if (j < 0) continue;
        for (Operand operand : {Operand::Inp, Operand::Wgt}) {
          int input = operand == Operand::Inp ? role : 1 - role;
          const std::vector<int> lanes = lanesOf(j);
          if (std::any_of(lanes.begin(), lanes.end(), [&](int l) { return p.graph.indexes(operand, l); }) ||
              !g.inputDependsOn(input, static_cast<int>(d)))
            continue;
          std::string operandName = operand == Operand::Inp ? "inp" : "wgt";
          p.forbiddenValues.push_back({Family::OperandEquivalence, static_cast<int>(d), j, role,
                                       "with " + p.op.inputs[input].tensor + " as " + operandName + ", dim " +
                                           dimName(p, d) + " on lanes " + valueName(p, j) +
                                           " would make multiplies sharing one " + operandName +
                                           " node read different " + p.op.inputs[input].tensor + " elements"});
        }
      }
}

// Reduction lanes: every intrinsic dim that does not index acc (and has more than one lane) has a non-empty group:
// ∨_{d reduced} group[d] = j, or a masked dim on j (its diagonal is the reduction's single term). An operator that
// declares reduction dims, all of extent 1 (a GEMM with K = 1, a 1×1 conv of one channel), needs none: its reduction
// lanes stay padding, as its spec asks for a (trivial) reduction. One that declares none (an element-wise product) has
// nothing to reduce and is infeasible.
void addReductionLanes(EmbeddingProblem& p) {
  OperatorGraph g(p.op);
  std::vector<int> reduced;
  bool anyReductionDim = false;
  for (size_t d = 0; d < p.numDims(); ++d) {
    if (g.outputDependsOn(static_cast<int>(d))) continue;
    anyReductionDim = true;
    if (p.op.dims[d].extent > 1) reduced.push_back(static_cast<int>(d));
  }
  for (int j = 0; j < p.graph.numDims(); ++j) {
    if (p.graph.indexes(Operand::Acc, j) || p.graph.laneCounts[j] == 1) continue;  // one lane: nothing to fill
    if (anyReductionDim && reduced.empty()) continue;
    std::vector<std::pair<int, int>> candidates;
    for (int d : reduced)
      if (inDomain(p, d, j)) candidates.push_back({d, j});
    if (!reduced.empty())
      for (size_t d = 0; d < p.numDims(); ++d)
        for (int v : p.groupDomain[d])
          if (v > 2 && onLane(v, j)) candidates.push_back({static_cast<int>(d), v});
    p.requiredGroups.push_back({Family::ReductionLanes, j, candidates,
                                candidates.empty()
                                    ? "no reduction dim can feed the intrinsic's reduction lanes " + laneName(p, j)
                                    : "the reduction lanes " + laneName(p, j) + " need a reduction dim"});
  }
}

// Injectivity of the accumulators: an output element is written by one accumulator lane. A dim that aliases others
// in the output access (O[p+k], O[2a+3b+5c]) therefore stays a loop: on accumulator lanes, the element it shares
// with another lane or another invocation would get two partial sums that no STORE adds. (Distinct multiplies map
// to distinct iteration points by construction: groups are disjoint, fusion is mixed radix.)
void addInjectivity(EmbeddingProblem& p) {
  const std::vector<bool> aliasing = aliasingOutputDims(p.op);
  for (size_t d = 0; d < p.numDims(); ++d) {
    if (!aliasing[d]) continue;
    for (int j : p.groupDomain[d]) {
      const std::vector<int> lanes = lanesOf(j);
      if (std::any_of(lanes.begin(), lanes.end(), [&](int l) { return p.graph.indexes(Operand::Acc, l); }))
        p.forbiddenValues.push_back({Family::Injectivity, static_cast<int>(d), j, -1,
                                     "dim " + dimName(p, d) + " aliases other dims in the output " + p.op.out.tensor +
                                         ", so it cannot feed accumulator lanes " + valueName(p, j)});
    }
  }
  p.notes.push_back(
      "injectivity: groups are disjoint and fused in mixed radix, so distinct intrinsic multiplies "
      "map to distinct iteration points");
  p.notes.push_back(
      "tileability: each lane group is a fused group of operator dims split by the lane count, so "
      "translated copies of one invocation cover the box domain exactly once");
}

bool satisfiesUnary(const EmbeddingProblem& p, const Assignment& a, const std::set<Family>& families) {
  for (const ForbiddenValue& f : p.forbiddenValues)
    if ((families.empty() || families.count(f.family)) && a.group[f.dim] == f.group &&
        (f.role < 0 || f.role == a.inpInput))
      return false;
  return true;
}

bool fitsMemory(const EmbeddingProblem& p, const Assignment& a) {
  return estimateCost(p.op, p.isa, p.graph, toEmbedding(a)).fitsDramAddressing;
}

}  // namespace

bool isCanonical(const EmbeddingProblem& p, const Assignment& a) {
  for (int j = 0; j < p.graph.numDims(); ++j) {
    int64_t inner = 1;
    for (size_t d = p.numDims(); d-- > 0;) {
      if (!onLane(a.group[d], j)) continue;
      if (inner > 1 && inner % p.graph.laneCounts[j] == 0) return false;  // d and the dims before it: loops
      inner *= p.op.dims[d].extent;
    }
  }
  return true;
}

std::optional<std::string> maskedLanesViolation(const EmbeddingProblem& p, const Assignment& a) {
  int masked = -1;
  for (size_t d = 0; d < p.numDims(); ++d) {
    if (a.group[d] <= 2) continue;
    if (masked >= 0)
      return "dims " + dimName(p, masked) + " and " + dimName(p, static_cast<int>(d)) +
             " are both masked; an embedding masks at most one dim";
    masked = static_cast<int>(d);
  }
  if (masked < 0) return std::nullopt;
  const std::vector<int> pair = lanesOf(a.group[masked]);
  bool oneBlock = true, outermost = true;
  std::array<int64_t, 2> perBlock{};  // values of the masked dim per block, when its inner dims divide the lanes
  for (size_t k = 0; k < 2; ++k) {
    const int j = pair[k];
    int64_t fused = 1, inner = 1;
    for (size_t d = 0; d < p.numDims(); ++d) {
      if (!onLane(a.group[d], j)) continue;
      fused *= p.op.dims[d].extent;
      if (static_cast<int>(d) < masked) outermost = false;
      if (static_cast<int>(d) > masked) inner *= p.op.dims[d].extent;
    }
    oneBlock = oneBlock && fused <= p.graph.laneCounts[j];
    perBlock[k] = p.graph.laneCounts[j] % inner == 0 ? p.graph.laneCounts[j] / inner : 0;
  }
  if (oneBlock || (outermost && perBlock[0] > 0 && perBlock[0] == perBlock[1])) return std::nullopt;
  return "masked dim " + dimName(p, masked) + ": the blocks of lanes " + laneName(p, pair[0]) + " and " +
         laneName(p, pair[1]) + " would hold different values of it, so some iterations fall off the diagonal blocks";
}

Assignment permuted(const Assignment& a, const std::vector<int>& sigma) {
  Assignment b = a;
  for (size_t d = 0; d < a.group.size(); ++d) b.group[static_cast<size_t>(sigma[d])] = a.group[d];
  return b;
}

namespace {

// Symmetry: of an assignment and its mirror under an operator symmetry (equally valid, equally costly), the table
// keeps the one with the smaller key — when the mirror is in the table (canonical and allowed) at all.
bool hasSmallerMirror(const EmbeddingProblem& p, const Assignment& a) {
  for (const std::vector<int>& sigma : p.symmetries) {
    const Assignment m = permuted(a, sigma);
    if (p.key(m) < p.key(a) && isCanonical(p, m) && satisfiesUnary(p, m, {}) && !maskedLanesViolation(p, m))
      return true;
  }
  return false;
}

// The objective table (and the memory family: packed operands addressable with 32-bit element indices). Enumerates
// only the values no role-independent record forbids, and stops at the node budget or the deadline (checked every
// 1024 assignments).
void addObjectiveTable(EmbeddingProblem& p, const SearchLimits& limits) {
  struct Row {
    Assignment a;
    int64_t cycles, dma;
    uint64_t key;
  };
  std::vector<std::vector<int>> allowed = p.groupDomain;
  for (const ForbiddenValue& f : p.forbiddenValues)
    if (f.role < 0) std::erase(allowed[f.dim], f.group);
  std::vector<Row> rows;
  forEachAssignmentIn(allowed, [&](const Assignment& a) {
    if (p.tableNodes >= limits.nodes) {
      p.tableNodeLimitHit = true;
      return false;
    }
    if (++p.tableNodes % 1024 == 0 && limits.pastDeadline()) {
      p.tableTimedOut = true;
      return false;
    }
    if (!satisfiesUnary(p, a, {}) || !isCanonical(p, a) || maskedLanesViolation(p, a) || hasSmallerMirror(p, a))
      return true;
    CostEstimate c = estimateCost(p.op, p.isa, p.graph, toEmbedding(a));
    if (c.fitsDramAddressing) rows.push_back({a, c.cycles, c.dmaBytes, p.key(a)});
    return true;
  });
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return std::tie(x.cycles, x.dma, x.key) < std::tie(y.cycles, y.dma, y.key);
  });
  for (const Row& r : rows) {
    p.rankOfKey[r.key] = static_cast<int>(p.objective.rows.size());
    p.objective.rows.push_back(r.a);
    p.objective.cycles.push_back(r.cycles);
    p.objective.dmaBytes.push_back(r.dma);
  }
}

}  // namespace

uint64_t EmbeddingProblem::key(const Assignment& a) const {
  uint64_t k = 0;
  for (size_t d = numDims(); d-- > 0;) k = k * keyBase + static_cast<uint64_t>(a.group[d] + 1);
  return k * 2 + static_cast<uint64_t>(a.inpInput);
}

int EmbeddingProblem::rank(const Assignment& a) const {
  auto it = rankOfKey.find(key(a));
  return it == rankOfKey.end() ? -1 : it->second;
}

std::optional<std::string> EmbeddingProblem::violation(const Assignment& a, const std::set<Family>& families) const {
  auto active = [&](Family f) { return families.empty() || families.count(f) > 0; };
  for (const ForbiddenValue& f : forbiddenValues)
    if (active(f.family) && a.group[f.dim] == f.group && (f.role < 0 || f.role == a.inpInput))
      return familyName(f.family) + ": " + f.why;
  for (const RequiredGroup& r : requiredGroups)
    if (active(r.family) && std::none_of(r.candidates.begin(), r.candidates.end(),
                                         [&](const std::pair<int, int>& c) { return a.group[c.first] == c.second; }))
      return familyName(r.family) + ": " + r.why;
  if (active(Family::MaskedLanes))
    if (auto why = maskedLanesViolation(*this, a)) return familyName(Family::MaskedLanes) + ": " + *why;
  if (active(Family::Memory) && !fitsMemory(*this, a))
    return familyName(Family::Memory) + ": a packed operand needs more than 2^32 DRAM elements";
  return std::nullopt;
}

void EmbeddingProblem::check() const {
  INLAY_CHECK(groupDomain.size() == numDims(), "one domain per dim");
  for (const std::vector<int>& dom : groupDomain)
    INLAY_CHECK(!dom.empty() && dom.front() == -1 && std::is_sorted(dom.begin(), dom.end()), "domain shape");
  auto validDim = [&](int d) { return d >= 0 && static_cast<size_t>(d) < numDims(); };
  for (const ForbiddenValue& f : forbiddenValues)
    INLAY_CHECK(validDim(f.dim) && f.group >= 0 && f.group <= kMaskedBI && f.role >= -1 && f.role < 2,
                "forbidden value");
  for (const RequiredGroup& r : requiredGroups)
    for (auto [d, v] : r.candidates)
      INLAY_CHECK(validDim(d) && inDomain(*this, d, v) && onLane(v, r.group), "required candidate");
  INLAY_CHECK(objective.rows.size() == objective.cycles.size() && rankOfKey.size() == objective.rows.size(),
              "objective table shape");
  for (size_t r = 0; r < objective.rows.size(); ++r) {
    const Assignment& a = objective.rows[r];
    INLAY_CHECK(a.group.size() == numDims(), "table row width");
    for (size_t d = 0; d < numDims(); ++d) INLAY_CHECK(inDomain(*this, static_cast<int>(d), a.group[d]), "row");
    INLAY_CHECK(r == 0 || objective.cycles[r - 1] <= objective.cycles[r], "table order");
  }
}

std::string EmbeddingProblem::dump(size_t tableRows) const {
  std::ostringstream s;
  s << "embedding problem: " << op.name << " into " << graph.text << " (lanes";
  for (int j = 0; j < graph.numDims(); ++j) s << " " << graph.dimNames[j] << "=" << graph.laneCounts[j];
  s << ")\nvariables:\n";
  for (size_t d = 0; d < numDims(); ++d) {
    s << "  group[" << dimName(*this, static_cast<int>(d)) << "] ∈ {";
    for (size_t k = 0; k < groupDomain[d].size(); ++k) s << (k ? ", " : "") << valueName(*this, groupDomain[d][k]);
    s << "}\n";
  }
  s << "  inpInput ∈ {0 (" << op.inputs[0].tensor << "), 1 (" << op.inputs[1].tensor << ")}\n";
  s << "  rank ∈ [0, " << objective.rows.size() << ")\n";
  for (Family f : allFamilies()) {
    s << "family " << familyName(f) << ":\n";
    for (const ForbiddenValue& v : forbiddenValues)
      if (v.family == f) s << "  " << v.why << "\n";
    for (const RequiredGroup& v : requiredGroups)
      if (v.family == f) s << "  " << v.why << "\n";
  }
  for (const std::string& n : notes) s << "note: " << n << "\n";
  s << "objective table (" << objective.rows.size() << " rows, best first):\n";
  for (size_t r = 0; r < std::min(tableRows, objective.rows.size()); ++r) {
    Embedding e = toEmbedding(objective.rows[r]);
    s << "  rank " << r << ": cycles " << objective.cycles[r] << ", dma " << objective.dmaBytes[r] << ", inp "
      << op.inputs[e.inpInput].tensor;
    for (int j = 0; j < 3; ++j) {
      s << ", " << laneName(*this, j) << "=(";
      for (size_t k = 0; k < e.lanes[j].size(); ++k)
        s << (k ? "," : "") << dimName(*this, e.lanes[j][k]) << (e.lanes[j][k] == e.maskedDim() ? "*" : "");
      s << ")";
    }
    s << "\n";
  }
  return s.str();
}

double SearchLimits::secondsLeft() const {
  if (!deadline) return std::numeric_limits<double>::infinity();
  return std::chrono::duration<double>(*deadline - std::chrono::steady_clock::now()).count();
}

EmbeddingProblem buildProblem(const Operator& op, const Isa& isa, const SearchLimits& limits) {
  EmbeddingProblem p;
  p.op = op;
  p.isa = isa;
  p.graph = intrinsicGraph(isa.gemm);
  p.symmetries = operatorSymmetries(op);
  addDomains(p);
  addAccumulatorEquivalence(p);
  addOperandEquivalence(p);
  addReductionLanes(p);
  addInjectivity(p);
  addObjectiveTable(p, limits);
  return p;
}

std::string explainInfeasible(const EmbeddingProblem& p) {
  auto satisfiable = [&](const std::set<Family>& families) {
    if (families.empty()) return true;
    bool found = false;
    forEachAssignment(p, [&](const Assignment& a) {
      found = isCanonical(p, a) && !p.violation(a, families);
      return !found;
    });
    return found;
  };
  std::set<Family> core(allFamilies().begin(), allFamilies().end());
  if (satisfiable(core)) return "";
  for (Family f : allFamilies()) {
    std::set<Family> without = core;
    without.erase(f);
    if (!satisfiable(without)) core = without;
  }
  std::string text;
  for (Family f : allFamilies()) {
    if (!core.count(f)) continue;
    std::string reason = f == Family::Memory
                             ? "every embedding leaves a packed operand of more than 2^32 DRAM elements, beyond the "
                               "32-bit element addresses of LOAD and STORE"
                             : "";
    for (const RequiredGroup& r : p.requiredGroups)
      if (r.family == f && r.candidates.empty() && reason.empty()) reason = r.why;
    if (reason.empty()) {
      size_t records = 0;
      for (const ForbiddenValue& v : p.forbiddenValues) records += v.family == f;
      for (const RequiredGroup& v : p.requiredGroups) records += v.family == f;
      reason = std::to_string(records) + " constraints";
    }
    text += (text.empty() ? "" : "; ") + familyName(f) + ": " + reason;
  }
  return core.size() == 1 ? text : "no embedding satisfies these constraint families together: " + text;
}

}  // namespace inlay

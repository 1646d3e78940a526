// Builds the embedding CSP as data: one small function per constraint family, the objective table, the model's
// self-check, its text dump and the explanation of infeasibility.
#include "solver/problem.h"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "ir/error.h"
#include "solver/objective.h"

namespace inlay {

Embedding toEmbedding(const Assignment& a) {
  Embedding e;
  e.inpInput = a.inpInput;
  for (size_t d = 0; d < a.group.size(); ++d)
    if (a.group[d] >= 0) e.lanes[a.group[d]].push_back(static_cast<int>(d));
  return e;
}

Assignment toAssignment(const Embedding& e, size_t numDims) {
  Assignment a;
  a.group.assign(numDims, -1);
  a.inpInput = e.inpInput;
  for (int j = 0; j < 3; ++j)
    for (int d : e.lanes[j]) a.group[d] = j;
  return a;
}

std::string familyName(Family f) {
  switch (f) {
    case Family::AccumulatorEquivalence: return "dataflow equivalence (accumulator)";
    case Family::OperandEquivalence: return "dataflow equivalence (operands, roles)";
    case Family::ReductionLanes: return "reduction lanes";
    case Family::Injectivity: return "injectivity";
    case Family::Memory: return "memory";
  }
  return "?";
}

const std::vector<Family>& allFamilies() {
  static const std::vector<Family> families = {Family::AccumulatorEquivalence, Family::OperandEquivalence,
                                               Family::ReductionLanes, Family::Injectivity, Family::Memory};
  return families;
}

namespace {

const std::string& laneName(const EmbeddingProblem& p, int j) { return p.graph.dimNames[j]; }
const std::string& dimName(const EmbeddingProblem& p, int d) { return p.op.dims[d].name; }

bool inDomain(const EmbeddingProblem& p, int d, int j) {
  const std::vector<int>& dom = p.groupDomain[d];
  return std::find(dom.begin(), dom.end(), j) != dom.end();
}

// Domains: a dim joins lane group j only if both have extent > 1 (symmetry: extent-1 groups equal loops).
void addDomains(EmbeddingProblem& p) {
  for (const Dim& dim : p.op.dims) {
    std::vector<int> dom = {-1};
    for (int j = 0; j < p.graph.numDims(); ++j)
      if (dim.extent > 1 && p.graph.laneCounts[j] > 1) dom.push_back(j);
    p.groupDomain.push_back(dom);
  }
}

// Accumulator equivalence: lanes j index acc  ⇔  a_O depends on the dims of group j.
//   (multiplies share an accumulator iff their images write the same output element)
void addAccumulatorEquivalence(EmbeddingProblem& p) {
  OperatorGraph g(p.op);
  for (size_t d = 0; d < p.numDims(); ++d)
    for (int j : p.groupDomain[d]) {
      if (j < 0) continue;
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
          if (p.graph.indexes(operand, j) || !g.inputDependsOn(input, static_cast<int>(d))) continue;
          std::string operandName = operand == Operand::Inp ? "inp" : "wgt";
          p.forbiddenValues.push_back({Family::OperandEquivalence, static_cast<int>(d), j, role,
                                       "with " + p.op.inputs[input].tensor + " as " + operandName + ", dim " +
                                           dimName(p, d) + " on lanes " + laneName(p, j) +
                                           " would make multiplies sharing one " + operandName +
                                           " node read different " + p.op.inputs[input].tensor + " elements"});
        }
      }
}

// Reduction lanes: every intrinsic dim that does not index acc has a non-empty group: ∨_{d reduced} group[d] = j.
// An operator whose reduction dims all have extent 1 needs none (an empty group is then equivalent).
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
    if (p.graph.indexes(Operand::Acc, j)) continue;
    if (anyReductionDim && reduced.empty()) continue;
    std::vector<int> candidates;
    for (int d : reduced)
      if (inDomain(p, d, j)) candidates.push_back(d);
    p.requiredGroups.push_back({Family::ReductionLanes, j, candidates,
                                candidates.empty()
                                    ? "no reduction dim can feed the intrinsic's reduction lanes " + laneName(p, j)
                                    : "the reduction lanes " + laneName(p, j) + " need a reduction dim"});
  }
}

/// Whether the output access maps two distinct points of the (d1, d2) box (other dims fixed) to one element.
bool outputAliases(const Operator& op, int d1, int d2) {
  int64_t e1 = op.dims[d1].extent, e2 = op.dims[d2].extent;
  for (int64_t delta1 = 1; delta1 < e1; ++delta1) {
    // Find δ2 with δ1·a_k + δ2·b_k = 0 for every component k.
    std::optional<int64_t> delta2;
    bool possible = true;
    for (const AffineExpr& c : op.out.index) {
      int64_t a = c.coeffs[d1], b = c.coeffs[d2];
      if (b == 0) {
        if (a != 0) possible = false;
      } else if ((delta1 * a) % b != 0) {
        possible = false;
      } else {
        int64_t need = -(delta1 * a) / b;
        if (delta2 && *delta2 != need) possible = false;
        delta2 = need;
      }
      if (!possible) break;
    }
    if (possible && delta2 && std::abs(*delta2) < e2) return true;
  }
  return false;
}

// Injectivity: distinct accumulator nodes map to distinct output elements, checked pairwise on the output access:
//   a_O injective on the box of (d1, d2)  or  ¬(d1 and d2 both on accumulator lanes).
// (Distinct multiplies map to distinct points by construction: groups are disjoint, fusion is mixed radix.)
void addInjectivity(EmbeddingProblem& p) {
  for (size_t d1 = 0; d1 < p.numDims(); ++d1)
    for (size_t d2 = d1 + 1; d2 < p.numDims(); ++d2) {
      if (!outputAliases(p.op, static_cast<int>(d1), static_cast<int>(d2))) continue;
      for (int j1 : p.groupDomain[d1])
        for (int j2 : p.groupDomain[d2])
          if (j1 >= 0 && j2 >= 0 && p.graph.indexes(Operand::Acc, j1) && p.graph.indexes(Operand::Acc, j2))
            p.forbiddenPairs.push_back({Family::Injectivity, static_cast<int>(d1), j1, static_cast<int>(d2), j2,
                                        "dims " + dimName(p, d1) + " and " + dimName(p, d2) +
                                            " alias in the output, so they cannot both be on accumulator lanes"});
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
      if (a.group[d] != j) continue;
      if (inner > 1 && inner % p.graph.laneCounts[j] == 0) return false;  // d and the dims before it: loops
      inner *= p.op.dims[d].extent;
    }
  }
  return true;
}

namespace {

// The objective table (and the memory family: packed operands addressable with 32-bit element indices).
void addObjectiveTable(EmbeddingProblem& p) {
  struct Row {
    Assignment a;
    int64_t cycles, dma;
    uint64_t key;
  };
  std::vector<Row> rows;
  forEachAssignment(p, [&](const Assignment& a) {
    if (!satisfiesUnary(p, a, {}) || !isCanonical(p, a)) return;
    CostEstimate c = estimateCost(p.op, p.isa, p.graph, toEmbedding(a));
    if (!c.fitsDramAddressing) return;
    rows.push_back({a, c.cycles, c.dmaBytes, p.key(a)});
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
  for (size_t d = numDims(); d-- > 0;) k = k * 4 + static_cast<uint64_t>(a.group[d] + 1);
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
  for (const ForbiddenPair& f : forbiddenPairs)
    if (active(f.family) && a.group[f.dim1] == f.group1 && a.group[f.dim2] == f.group2)
      return familyName(f.family) + ": " + f.why;
  for (const RequiredGroup& r : requiredGroups)
    if (active(r.family) &&
        std::none_of(r.candidates.begin(), r.candidates.end(), [&](int d) { return a.group[d] == r.group; }))
      return familyName(r.family) + ": " + r.why;
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
    INLAY_CHECK(validDim(f.dim) && f.group >= 0 && f.group < 3 && f.role >= -1 && f.role < 2, "forbidden value");
  for (const ForbiddenPair& f : forbiddenPairs)
    INLAY_CHECK(validDim(f.dim1) && validDim(f.dim2) && f.dim1 != f.dim2, "forbidden pair");
  for (const RequiredGroup& r : requiredGroups)
    for (int d : r.candidates) INLAY_CHECK(validDim(d) && inDomain(*this, d, r.group), "required candidate");
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
    for (size_t k = 0; k < groupDomain[d].size(); ++k)
      s << (k ? ", " : "") << (groupDomain[d][k] < 0 ? "loop" : laneName(*this, groupDomain[d][k]));
    s << "}\n";
  }
  s << "  inpInput ∈ {0 (" << op.inputs[0].tensor << "), 1 (" << op.inputs[1].tensor << ")}\n";
  s << "  rank ∈ [0, " << objective.rows.size() << ")\n";
  for (Family f : allFamilies()) {
    s << "family " << familyName(f) << ":\n";
    for (const ForbiddenValue& v : forbiddenValues)
      if (v.family == f) s << "  " << v.why << "\n";
    for (const ForbiddenPair& v : forbiddenPairs)
      if (v.family == f)
        s << "  " << v.why << " (" << laneName(*this, v.group1) << ", " << laneName(*this, v.group2) << ")\n";
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
      for (size_t k = 0; k < e.lanes[j].size(); ++k) s << (k ? "," : "") << dimName(*this, e.lanes[j][k]);
      s << ")";
    }
    s << "\n";
  }
  return s.str();
}

EmbeddingProblem buildProblem(const Operator& op, const Isa& isa) {
  EmbeddingProblem p;
  p.op = op;
  p.isa = isa;
  p.graph = intrinsicGraph(isa.gemm);
  addDomains(p);
  addAccumulatorEquivalence(p);
  addOperandEquivalence(p);
  addReductionLanes(p);
  addInjectivity(p);
  addObjectiveTable(p);
  return p;
}

std::string explainInfeasible(const EmbeddingProblem& p) {
  auto satisfiable = [&](const std::set<Family>& families) {
    if (families.empty()) return true;
    bool found = false;
    forEachAssignment(p, [&](const Assignment& a) {
      if (!found && isCanonical(p, a) && !p.violation(a, families)) found = true;
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
    std::string reason;
    for (const RequiredGroup& r : p.requiredGroups)
      if (r.family == f && r.candidates.empty() && reason.empty()) reason = r.why;
    if (reason.empty()) {
      size_t records = 0;
      for (const ForbiddenValue& v : p.forbiddenValues) records += v.family == f;
      for (const ForbiddenPair& v : p.forbiddenPairs) records += v.family == f;
      for (const RequiredGroup& v : p.requiredGroups) records += v.family == f;
      reason = std::to_string(records) + " constraints";
    }
    text += (text.empty() ? "" : "; ") + familyName(f) + ": " + reason;
  }
  return core.size() == 1 ? text : "no embedding satisfies these constraint families together: " + text;
}

}  // namespace inlay

// The Gecode backend of the embedding CSP: a translation of EmbeddingProblem records into Gecode constraints,
// solved by branch-and-bound on the objective rank; top-K by re-solving above the previous optimum's rank.
#include <gecode/int.hh>
#include <gecode/minimodel.hh>
#include <gecode/search.hh>

#include <chrono>
#include <memory>

#include "inlay/solver/backend.h"

namespace inlay {

namespace {

using namespace Gecode;

class EmbeddingSpace : public Space {
public:
  IntVarArray group;
  IntVar role, rank;

  EmbeddingSpace(const EmbeddingProblem& p, int minRank)
      : group(*this, static_cast<int>(p.numDims())),
        role(*this, 0, 1),
        rank(*this, 0, std::max(0, static_cast<int>(p.objective.rows.size()) - 1)) {
    for (size_t d = 0; d < p.numDims(); ++d) {
      const std::vector<int>& dom = p.groupDomain[d];
      group[static_cast<int>(d)] = IntVar(*this, IntSet(dom.data(), static_cast<int>(dom.size())));
    }
    for (const ForbiddenValue& f : p.forbiddenValues) {
      if (f.role < 0)
        rel(*this, group[f.dim], IRT_NQ, f.group);
      else
        rel(*this, !((group[f.dim] == f.group) && (role == f.role)));
    }
    for (const RequiredGroup& r : p.requiredGroups) {
      if (r.candidates.empty()) {
        fail();
        return;
      }
      BoolVarArgs chosen;
      for (auto [d, v] : r.candidates) chosen << expr(*this, group[d] == v);
      linear(*this, chosen, IRT_GQ, 1);
    }
    postTable(p);
    rel(*this, rank, IRT_GQ, minRank);  // top-K: ranks are unique, so round k excludes the k−1 better ones
    branch(*this, group, INT_VAR_NONE(), INT_VAL_MIN());
    branch(*this, role, INT_VAL_MIN());
    branch(*this, rank, INT_VAL_MIN());
  }

  EmbeddingSpace(EmbeddingSpace& s) : Space(s) {
    group.update(*this, s.group);
    role.update(*this, s.role);
    rank.update(*this, s.rank);
  }
  Space* copy() override { return new EmbeddingSpace(*this); }
  void constrain(const Space& best) override {
    rel(*this, rank, IRT_LE, static_cast<const EmbeddingSpace&>(best).rank.val());
  }

  Assignment assignment() const {
    Assignment a;
    for (int d = 0; d < group.size(); ++d) a.group.push_back(group[d].val());
    a.inpInput = role.val();
    return a;
  }

private:
  // (group…, role, rank) ∈ objective table.
  void postTable(const EmbeddingProblem& p) {
    if (p.objective.rows.empty()) {
      fail();
      return;
    }
    int arity = static_cast<int>(p.numDims()) + 2;
    TupleSet table(arity);
    for (size_t r = 0; r < p.objective.rows.size(); ++r) {
      IntArgs tuple;
      for (int g : p.objective.rows[r].group) tuple << g;
      tuple << p.objective.rows[r].inpInput << static_cast<int>(r);
      table.add(tuple);
    }
    table.finalize();
    IntVarArgs vars;
    for (int d = 0; d < group.size(); ++d) vars << group[d];
    vars << role << rank;
    extensional(*this, vars, table);
  }
};

/// Stops a search at the node budget (deterministic) or the deadline, and remembers which.
class LimitStop : public Search::Stop {
public:
  LimitStop(const SearchLimits& limits, int64_t nodes) : limits_(limits), nodes_(nodes) {}
  bool stop(const Search::Statistics& s, const Search::Options&) override {
    if (static_cast<int64_t>(s.node) >= nodes_) nodeLimitHit = true;
    return nodeLimitHit || limits_.pastDeadline();
  }
  bool nodeLimitHit = false;

private:
  const SearchLimits& limits_;
  int64_t nodes_;
};

}  // namespace

BackendResult solveWithGecode(const EmbeddingProblem& problem, int topK, const SearchLimits& limits) {
  BackendResult result;
  int minRank = 0;
  for (int round = 0; round < topK; ++round) {
    const int64_t nodesLeft = limits.nodes - result.stats.nodes;
    if (limits.secondsLeft() <= 0 || nodesLeft <= 0) {
      (nodesLeft <= 0 ? result.nodeLimitHit : result.timedOut) = true;
      break;
    }
    auto root = std::make_unique<EmbeddingSpace>(problem, minRank);
    LimitStop stop(limits, nodesLeft);
    Search::Options options;
    options.stop = &stop;
    options.threads = 1;
    BAB<EmbeddingSpace> engine(root.get(), options);
    std::unique_ptr<EmbeddingSpace> best;
    while (EmbeddingSpace* s = engine.next()) best.reset(s);
    Search::Statistics st = engine.statistics();
    result.stats.nodes += static_cast<int64_t>(st.node);
    result.stats.failures += static_cast<int64_t>(st.fail);
    result.stats.propagations += static_cast<int64_t>(st.propagate);
    if (best) {
      result.solutions.push_back(best->assignment());
      minRank = best->rank.val() + 1;
    }
    if (engine.stopped()) {
      (stop.nodeLimitHit ? result.nodeLimitHit : result.timedOut) = true;
      break;
    }
    if (round == 0) result.provenOptimal = best != nullptr;
    if (!best) break;
  }
  return result;
}

}  // namespace inlay

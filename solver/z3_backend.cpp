// The Z3 backend of the embedding CSP: the same records as Boolean formulas over integer constants, the objective
// table as rank ⇒ assignment implications, solved with Optimize (minimise the rank) under a timeout; top-K by
// requiring a rank above the previous optimum's and re-optimising.
#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "inlay/solver/backend.h"

namespace inlay {

namespace {

struct Z3Model {
  z3::context& ctx;
  std::vector<z3::expr> group;
  z3::expr role, rank;

  Z3Model(z3::context& c, const EmbeddingProblem& p)
      : ctx(c), role(c.int_const("inpInput")), rank(c.int_const("rank")) {
    for (size_t d = 0; d < p.numDims(); ++d) group.push_back(c.int_const(("group_" + p.op.dims[d].name).c_str()));
  }

  z3::expr is(const Assignment& a) {
    z3::expr_vector parts(ctx);
    for (size_t d = 0; d < group.size(); ++d) parts.push_back(group[d] == a.group[d]);
    parts.push_back(role == a.inpInput);
    return z3::mk_and(parts);
  }

  void post(z3::optimize& opt, const EmbeddingProblem& p) {
    for (size_t d = 0; d < p.numDims(); ++d) {
      z3::expr_vector values(ctx);
      for (int g : p.groupDomain[d]) values.push_back(group[d] == g);
      opt.add(z3::mk_or(values));
    }
    opt.add(role >= 0 && role <= 1);
    for (const ForbiddenValue& f : p.forbiddenValues)
      opt.add(f.role < 0 ? group[f.dim] != f.group : !(group[f.dim] == f.group && role == f.role));
    for (const RequiredGroup& r : p.requiredGroups) {
      z3::expr_vector chosen(ctx);
      for (auto [d, v] : r.candidates) chosen.push_back(group[d] == v);
      opt.add(r.candidates.empty() ? ctx.bool_val(false) : z3::mk_or(chosen));
    }
    // (group…, role, rank) ∈ objective table: rank ∈ [0, rows) and rank = r ⇒ row r.
    opt.add(rank >= 0 && rank < static_cast<int>(p.objective.rows.size()));
    for (size_t r = 0; r < p.objective.rows.size(); ++r)
      opt.add(z3::implies(rank == static_cast<int>(r), is(p.objective.rows[r])));
  }

  Assignment read(const z3::model& m) {
    Assignment a;
    for (const z3::expr& g : group) a.group.push_back(m.eval(g, true).get_numeral_int());
    a.inpInput = m.eval(role, true).get_numeral_int();
    return a;
  }
};

/// Z3's resource count so far (its "rlimit count" statistic).
int64_t resourcesUsed(z3::optimize& opt) {
  z3::stats st = opt.statistics();
  for (unsigned k = 0; k < st.size(); ++k)
    if (st.key(k) == "rlimit count" && st.is_uint(k)) return st.uint_value(k);
  return 0;
}

}  // namespace

BackendResult solveWithZ3(const EmbeddingProblem& problem, int topK, const SearchLimits& limits) {
  BackendResult result;
  z3::context ctx;
  z3::optimize opt(ctx);
  Z3Model model(ctx, problem);
  model.post(opt, problem);
  opt.minimize(model.rank);
  // Z3's resource count is deterministic; each round may spend what the earlier ones left of the budget.
  const int64_t budget =
      std::min<int64_t>(limits.nodes, std::numeric_limits<unsigned>::max() / kZ3ResourcePerNode) * kZ3ResourcePerNode;
  for (int round = 0; round < topK; ++round) {
    const double left = limits.secondsLeft();
    const int64_t resourcesLeft = budget - resourcesUsed(opt);
    if (left <= 0 || resourcesLeft <= 0) {
      (resourcesLeft <= 0 ? result.nodeLimitHit : result.timedOut) = true;
      break;
    }
    z3::params params(ctx);
    params.set("rlimit", static_cast<unsigned>(resourcesLeft));
    if (limits.deadline) params.set("timeout", static_cast<unsigned>(std::min(left * 1000, 4e9)) + 1);
    opt.set(params);
    z3::check_result outcome = opt.check();
    if (outcome == z3::unsat) break;
    if (outcome == z3::unknown) {
      (limits.pastDeadline() ? result.timedOut : result.nodeLimitHit) = true;
      try {  // the best model found before the timeout, when Z3 kept one
        Assignment a = model.read(opt.get_model());
        if (problem.rank(a) >= 0 && !problem.violation(a)) result.solutions.push_back(a);
      } catch (const z3::exception&) {
      }
      break;
    }
    Assignment best = model.read(opt.get_model());
    result.solutions.push_back(best);
    if (round == 0) result.provenOptimal = true;
    opt.add(model.rank > problem.rank(best));  // ranks are unique: the next round finds the next best
  }
  z3::stats st = opt.statistics();
  for (unsigned k = 0; k < st.size(); ++k) {
    std::string key = st.key(k);
    if (!st.is_uint(k)) continue;
    if (key == "decisions") result.stats.nodes += st.uint_value(k);
    if (key == "conflicts") result.stats.failures += st.uint_value(k);
    if (key == "propagations") result.stats.propagations += st.uint_value(k);
  }
  return result;
}

}  // namespace inlay

// Micro-op kernel construction and the hazard check (codegen/kernels.h).
#include "inlay/codegen/kernels.h"

#include <algorithm>
#include <tuple>

#include "inlay/ir/error.h"

namespace inlay {

namespace {

struct Candidate {
  int outer = -1, inner = -1;
  int64_t uops = 0;
};

/// Can dim d be an affine loop: its extent fits a loop counter and its three factors are non-negative and fit.
bool foldable(const Isa& isa, const TilePlacement& p, const std::vector<int64_t>& len, size_t d) {
  auto fits = [](int64_t v, int bits) { return v >= 0 && v < (int64_t{1} << bits); };
  return len[d] > 1 && len[d] <= kLoopIterMax && fits(p.acc.coeffs[d], isa.logAccDepth()) &&
         fits(p.inp.coeffs[d], isa.logInpDepth()) && fits(p.wgt.coeffs[d], isa.logWgtDepth());
}

/// Default uop order: reduction dims outermost, then the others, so consecutive micro-ops move the output.
std::vector<int> defaultUopOrder(const InvocationSpace& space, const std::vector<int64_t>& len, int skipA, int skipB) {
  std::vector<int> order;
  for (int pass = 0; pass < 2; ++pass)
    for (size_t d = 0; d < space.dims.size(); ++d)
      if (space.dims[d].reduction == (pass == 0) && len[d] > 1 && static_cast<int>(d) != skipA &&
          static_cast<int>(d) != skipB)
        order.push_back(static_cast<int>(d));
  return order;
}

/// Enumerates the unrolled dims in `order` (outermost first) and appends one micro-op per point. When
/// `groupDims` > 0, after each run of the innermost `groupDims` dims fewer than `minDistinct` long, writes to
/// scratch entries pad the run.
std::vector<Uop> unroll(const std::vector<int>& order, const std::vector<int64_t>& len, const TilePlacement& p,
                        size_t groupDims, int64_t minDistinct, int64_t scratch) {
  std::vector<Uop> uops;
  std::vector<int64_t> u(len.size(), 0);
  std::vector<int64_t> idx(order.size(), 0);
  int64_t groupSize = 1;
  for (size_t k = order.size() - std::min(order.size(), groupDims); k < order.size(); ++k)
    groupSize *= len[static_cast<size_t>(order[k])];
  int64_t inGroup = 0;
  for (;;) {
    for (size_t k = 0; k < order.size(); ++k) u[static_cast<size_t>(order[k])] = idx[k];
    const Uop real{static_cast<uint32_t>(p.accBase + p.acc.at(u)), static_cast<uint32_t>(p.inpBase + p.inp.at(u)),
                   static_cast<uint32_t>(p.wgtBase + p.wgt.at(u))};
    uops.push_back(real);
    if (++inGroup == groupSize) {
      for (int64_t s = groupSize; s < minDistinct; ++s)
        uops.push_back({static_cast<uint32_t>(scratch + (s - groupSize)), real.src, real.wgt});
      inGroup = 0;
    }
    size_t k = order.size();
    for (; k-- > 0;) {
      if (++idx[k] < len[static_cast<size_t>(order[k])]) break;
      idx[k] = 0;
    }
    if (k == static_cast<size_t>(-1)) break;
  }
  return uops;
}

Kernel foldedKernel(const std::vector<int64_t>& len, const TilePlacement& p, int outer, int inner,
                    const std::vector<int>& order) {
  Kernel k;
  k.uops = unroll(order, len, p, 0, 0, 0);
  k.loop.iterOut = static_cast<uint32_t>(outer >= 0 ? len[static_cast<size_t>(outer)] : 1);
  k.loop.iterIn = static_cast<uint32_t>(inner >= 0 ? len[static_cast<size_t>(inner)] : 1);
  if (outer >= 0) {
    k.loop.dstFactorOut = static_cast<uint32_t>(p.acc.coeffs[static_cast<size_t>(outer)]);
    k.loop.srcFactorOut = static_cast<uint32_t>(p.inp.coeffs[static_cast<size_t>(outer)]);
    k.wgtFactorOut = static_cast<uint32_t>(p.wgt.coeffs[static_cast<size_t>(outer)]);
  }
  if (inner >= 0) {
    k.loop.dstFactorIn = static_cast<uint32_t>(p.acc.coeffs[static_cast<size_t>(inner)]);
    k.loop.srcFactorIn = static_cast<uint32_t>(p.inp.coeffs[static_cast<size_t>(inner)]);
    k.wgtFactorIn = static_cast<uint32_t>(p.wgt.coeffs[static_cast<size_t>(inner)]);
  }
  return k;
}

}  // namespace

bool hazardFree(const Kernel& k, int distance) {
  if (distance <= 0 || k.uops.empty()) return true;
  // dst is affine in (i, j), so every window of `distance` + 1 executions is a translate of one inside the first
  // distance + 2 outer iterations × (the first and the last distance + 2 inner iterations).
  const int64_t span = distance + 2;
  std::vector<int64_t> is, js;
  for (int64_t i = 0; i < std::min<int64_t>(k.loop.iterOut, span); ++i) is.push_back(i);
  for (int64_t j = 0; j < k.loop.iterIn; ++j) {
    if (j >= span && j < int64_t{k.loop.iterIn} - span) j = int64_t{k.loop.iterIn} - span;
    js.push_back(j);
  }
  std::vector<int64_t> recent;
  int64_t prevI = -1, prevJ = -1;
  for (int64_t i : is)
    for (int64_t j : js) {
      const bool successor = (i == prevI && j == prevJ + 1) || (i == prevI + 1 && j == 0 && prevJ == k.loop.iterIn - 1);
      if (!successor) recent.clear();
      prevI = i, prevJ = j;
      for (const Uop& u : k.uops) {
        const int64_t d = u.dst + i * k.loop.dstFactorOut + j * k.loop.dstFactorIn;
        if (std::find(recent.begin(), recent.end(), d) != recent.end()) return false;
        recent.push_back(d);
        if (static_cast<int>(recent.size()) > distance) recent.erase(recent.begin());
      }
    }
  return true;
}

Kernel gemmKernel(const Isa& isa, const InvocationSpace& space, const std::vector<int64_t>& len,
                  const TilePlacement& placement, const Schedule& schedule, int64_t scratch) {
  const int distance = isa.accDepDistance;
  if (!schedule.autoFold) {
    for (int f : {schedule.foldOuter, schedule.foldInner})
      if (f >= 0 && !foldable(isa, placement, len, static_cast<size_t>(f)) && len[static_cast<size_t>(f)] > 1)
        throw WorkError("schedule folds dim '" + space.dims[static_cast<size_t>(f)].name +
                        "' whose factors or extent do not fit the GEMM loop fields");
    std::vector<int> order = schedule.uopOrder.empty()
                                 ? defaultUopOrder(space, len, schedule.foldOuter, schedule.foldInner)
                                 : schedule.uopOrder;
    Kernel k = foldedKernel(len, placement, schedule.foldOuter, schedule.foldInner, order);
    if (!hazardFree(k, distance)) throw WorkError("the schedule's micro-op kernel has an accumulator write hazard");
    return k;
  }
  // Candidates: no fold, one fold (inner), or two folds; fewest micro-ops first, hazard-free wins.
  std::vector<int> foldDims;
  for (size_t d = 0; d < len.size(); ++d)
    if (foldable(isa, placement, len, d)) foldDims.push_back(static_cast<int>(d));
  int64_t total = 1;
  for (int64_t l : len) total *= l;
  std::vector<Candidate> candidates{{-1, -1, total}};
  for (int a : foldDims) {
    candidates.push_back({-1, a, total / len[static_cast<size_t>(a)]});
    for (int b : foldDims)
      if (a != b) candidates.push_back({a, b, total / len[static_cast<size_t>(a)] / len[static_cast<size_t>(b)]});
  }
  // Prefer a non-reduction inner fold (TVM's pattern) among equals: stable order then sort by uop count.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& x, const Candidate& y) { return x.uops < y.uops; });
  for (const Candidate& c : candidates) {
    if (c.uops > isa.uopDepth()) continue;
    Kernel k = foldedKernel(len, placement, c.outer, c.inner, defaultUopOrder(space, len, c.outer, c.inner));
    if (hazardFree(k, distance)) return k;
  }
  // Too few distinct outputs per reduction point: unroll everything and pad each output run with scratch writes.
  const std::vector<int> order = defaultUopOrder(space, len, -1, -1);
  size_t outputDims = 0;
  for (int d : order) outputDims += space.dims[static_cast<size_t>(d)].reduction ? 0 : 1;
  Kernel k;
  k.uops = unroll(order, len, placement, outputDims, distance + 1, scratch);
  k.loop.iterOut = k.loop.iterIn = 1;
  if (static_cast<int64_t>(k.uops.size()) > isa.uopDepth())
    throw WorkError("a tile's micro-op kernel (" + std::to_string(k.uops.size()) +
                    " micro-ops) does not fit the micro-op buffer");
  INLAY_CHECK(hazardFree(k, distance), "scratch-padded kernel still has a hazard");
  return k;
}

std::vector<Kernel> rangeKernels(int64_t base, int64_t count) {
  std::vector<Kernel> kernels;
  const int64_t inner = std::min(count, kLoopIterMax);
  const int64_t outer = std::min(count / std::max<int64_t>(inner, 1), kLoopIterMax);
  if (count <= 0) return kernels;
  Kernel body;
  body.uops = {{static_cast<uint32_t>(base), static_cast<uint32_t>(base), 0}};
  body.loop.iterOut = static_cast<uint32_t>(outer);
  body.loop.iterIn = static_cast<uint32_t>(inner);
  body.loop.dstFactorOut = body.loop.srcFactorOut = static_cast<uint32_t>(outer > 1 ? inner : 0);
  body.loop.dstFactorIn = body.loop.srcFactorIn = 1;
  kernels.push_back(body);
  const int64_t done = outer * inner;
  if (done < count) {
    std::vector<Kernel> rest = rangeKernels(base + done, count - done);
    kernels.insert(kernels.end(), rest.begin(), rest.end());
  }
  return kernels;
}

}  // namespace inlay

// Footprints of affine accesses: index positions are grouped by the dims they share; a position alone is a sum of
// arithmetic progressions, counted on a bitmap; a group of coupled positions is enumerated while it is small.
#include "inlay/ir/footprint.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>

namespace inlay {
namespace {

constexpr int64_t kEnumeratePoints = int64_t{1} << 22;  // a coupled group with more points gets the lower bound
constexpr int64_t kBitmapBits = int64_t{1} << 28;       // a position whose value range is wider gets the lower bound

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

/// One index position as constant + Σ step·k, k in [0, count), every step > 0: a negative coefficient is flipped by
/// substituting x → extent−1−x, which leaves the set of values unchanged.
struct Progressions {
  int64_t constant = 0;
  std::vector<std::pair<int64_t, int64_t>> terms;  // (step, count)
};

Progressions progressions(const AffineExpr& e, const std::vector<Dim>& dims) {
  Progressions p{e.constant, {}};
  for (size_t d = 0; d < dims.size(); ++d) {
    const int64_t c = d < e.coeffs.size() ? e.coeffs[d] : 0;
    if (c == 0 || dims[d].extent == 1) continue;
    if (c < 0) p.constant += c * (dims[d].extent - 1);
    p.terms.emplace_back(std::abs(c), dims[d].extent);
  }
  return p;
}

/// How many k in [0, count) put constant + step·k inside [0, extent).
int64_t countInRange(int64_t constant, int64_t step, int64_t count, int64_t extent) {
  const int64_t lo = std::max<int64_t>(0, ceilDiv(-constant, step));
  const int64_t hi = std::min(count - 1, floorDiv(extent - 1 - constant, step));
  return std::max<int64_t>(0, hi - lo + 1);
}

/// dst |= src << shift (bit i of src to bit i + shift), truncated to dst's size.
void orShifted(std::vector<uint64_t>& dst, const std::vector<uint64_t>& src, int64_t shift) {
  const int64_t words = static_cast<int64_t>(dst.size()), wordShift = shift / 64, bitShift = shift % 64;
  for (int64_t i = words - 1; i >= wordShift; --i) {
    uint64_t v = src[static_cast<size_t>(i - wordShift)] << bitShift;
    if (bitShift != 0 && i - wordShift - 1 >= 0) v |= src[static_cast<size_t>(i - wordShift - 1)] >> (64 - bitShift);
    dst[static_cast<size_t>(i)] |= v;
  }
}

/// A lower bound for one position: one progression alone, the others held at their smallest or largest value.
int64_t oneProgressionBound(const Progressions& p, int64_t extent) {
  int64_t top = p.constant;
  for (const auto& [step, count] : p.terms) top += step * (count - 1);
  int64_t best = 0;
  for (const auto& [step, count] : p.terms) {
    const int64_t span = step * (count - 1);
    best =
        std::max({best, countInRange(p.constant, step, count, extent), countInRange(top - span, step, count, extent)});
  }
  return best;
}

/// Distinct values of one position inside [0, extent): exact on a bitmap over [constant, extent), a lower bound when
/// that range is too wide. Steps are positive, so a partial sum beyond extent−1 never comes back and is dropped.
int64_t positionFootprint(const AffineExpr& e, const std::vector<Dim>& dims, int64_t extent) {
  const Progressions p = progressions(e, dims);
  if (p.terms.empty()) return p.constant >= 0 && p.constant < extent ? 1 : 0;
  if (p.terms.size() == 1) return countInRange(p.constant, p.terms[0].first, p.terms[0].second, extent);
  const int64_t bits = extent - p.constant;  // values constant .. extent−1
  if (bits <= 0) return 0;
  if (bits > kBitmapBits) return oneProgressionBound(p, extent);
  std::vector<uint64_t> set(static_cast<size_t>((bits + 63) / 64), 0);
  set[0] = 1;  // the value `constant`
  for (const auto& [step, count] : p.terms) {
    // Doubling: a set covering k in [0, m) shifted by step·m covers [0, 2m); a last shift by step·(count−m) closes it.
    int64_t m = 1;
    while (m * 2 <= count && step * m < bits) {
      const std::vector<uint64_t> copy = set;
      orShifted(set, copy, step * m);
      m *= 2;
    }
    if (m < count && step * (count - m) < bits) {
      const std::vector<uint64_t> copy = set;
      orShifted(set, copy, step * (count - m));
    }
  }
  int64_t n = 0;
  const int64_t first = -p.constant;  // the bit of value 0
  for (int64_t b = std::max<int64_t>(0, first); b < bits; ++b)
    n += static_cast<int64_t>((set[static_cast<size_t>(b / 64)] >> (b % 64)) & 1);
  return n;
}

/// Partitions [0, n) into the sets `join` links (union-find with path halving); `sets` lists each set's members in
/// order, sets in order of their smallest member. Both footprints group what one affine index couples.
class DisjointSets {
public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  void join(size_t a, size_t b) { parent_[root(a)] = root(b); }
  std::vector<std::vector<size_t>> sets() {
    std::vector<std::vector<size_t>> out;
    std::vector<size_t> slot(parent_.size(), SIZE_MAX);
    for (size_t x = 0; x < parent_.size(); ++x) {
      size_t& s = slot[root(x)];
      if (s == SIZE_MAX) s = out.size(), out.emplace_back();
      out[s].push_back(x);
    }
    return out;
  }

private:
  size_t root(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  std::vector<size_t> parent_;
};

/// Joins the members of `items` (indices) for which `linked(item)` holds into one set.
template <class Linked>
void joinAll(DisjointSets& sets, size_t items, const Linked& linked) {
  std::optional<size_t> first;
  for (size_t i = 0; i < items; ++i) {
    if (!linked(i)) continue;
    if (first)
      sets.join(i, *first);
    else
      first = i;
  }
}

/// Distinct in-shape index tuples of coupled positions, by enumerating their dims' box; nullopt when too large.
std::optional<int64_t> enumerateGroup(const TensorAccess& a, const std::vector<Dim>& dims,
                                      const std::vector<size_t>& positions, const std::vector<size_t>& groupDims) {
  int64_t points = 1;
  for (size_t d : groupDims) {
    if (points > kEnumeratePoints / dims[d].extent) return std::nullopt;
    points *= dims[d].extent;
  }
  std::vector<int64_t> point(dims.size(), 0), keys;
  for (int64_t n = 0; n < points; ++n) {
    int64_t key = 0;
    bool inside = true;
    for (size_t pos : positions) {
      const int64_t v = a.index[pos].eval(point);
      inside = inside && v >= 0 && v < a.shape[pos];
      key = key * a.shape[pos] + v;
    }
    if (inside) keys.push_back(key);
    for (size_t d : groupDims) {  // odometer over the group's dims
      if (++point[d] < dims[d].extent) break;
      point[d] = 0;
    }
  }
  std::sort(keys.begin(), keys.end());
  return static_cast<int64_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
}

}  // namespace

int64_t footprintElements(const TensorAccess& access, const std::vector<Dim>& dims) {
  // Two positions are coupled when some dim of extent > 1 appears in both.
  const size_t n = access.index.size();
  DisjointSets coupled(n);
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d].extent > 1) joinAll(coupled, n, [&](size_t pos) { return access.index[pos].dependsOn(d); });
  int64_t total = 1;
  for (const std::vector<size_t>& positions : coupled.sets()) {
    const size_t r = positions.front();
    std::vector<size_t> groupDims;
    int64_t count = 0;
    if (positions.size() == 1) {
      count = positionFootprint(access.index[r], dims, access.shape[r]);
    } else {
      for (size_t d = 0; d < dims.size(); ++d)
        for (size_t pos : positions)
          if (dims[d].extent > 1 && access.index[pos].dependsOn(d)) {
            groupDims.push_back(d);
            break;
          }
      if (std::optional<int64_t> exact = enumerateGroup(access, dims, positions, groupDims))
        count = *exact;
      else
        for (size_t pos : positions)
          count = std::max(count, positionFootprint(access.index[pos], dims, access.shape[pos]));
    }
    total *= count;
  }
  return total;
}

namespace {

/// Iterations of the dims `group` (the others fixed at 0, as no constraint reads them) that satisfy every
/// constraint: the largest dim is counted by intersecting intervals, the rest enumerated; nullopt when too many.
std::optional<int64_t> groupIterations(const std::vector<Dim>& dims, const std::vector<size_t>& group,
                                       const std::vector<std::pair<const AffineExpr*, int64_t>>& constraints) {
  size_t last = group[0];
  for (size_t d : group)
    if (dims[d].extent > dims[last].extent) last = d;
  int64_t points = 1;
  for (size_t d : group)
    if (d != last) {
      if (points > kEnumeratePoints / dims[d].extent) return std::nullopt;
      points *= dims[d].extent;
    }
  std::vector<int64_t> point(dims.size(), 0);
  int64_t total = 0;
  for (int64_t n = 0; n < points; ++n) {
    int64_t lo = 0, hi = dims[last].extent - 1;
    for (const auto& [e, extent] : constraints) {
      const int64_t c = e->coeffs[last];
      const int64_t rest = e->eval(point) - c * point[last];
      if (c == 0) {
        if (rest < 0 || rest >= extent) hi = -1;
      } else if (c > 0) {
        lo = std::max(lo, ceilDiv(-rest, c));
        hi = std::min(hi, floorDiv(extent - 1 - rest, c));
      } else {
        lo = std::max(lo, ceilDiv(rest - extent + 1, -c));
        hi = std::min(hi, floorDiv(rest, -c));
      }
    }
    total += std::max<int64_t>(0, hi - lo + 1);
    for (size_t d : group) {  // odometer over the group's other dims
      if (d == last) continue;
      if (++point[d] < dims[d].extent) break;
      point[d] = 0;
    }
  }
  return total;
}

}  // namespace

int64_t nonPaddingIterations(const Operator& op) {
  std::vector<std::pair<const AffineExpr*, int64_t>> constraints;  // index expression, its tensor extent
  for (const TensorAccess& input : op.inputs)
    for (size_t pos = 0; pos < input.index.size(); ++pos) constraints.emplace_back(&input.index[pos], input.shape[pos]);
  // Two dims are coupled when one constraint reads both.
  DisjointSets coupled(op.dims.size());
  for (const auto& [e, extent] : constraints) {
    const AffineExpr* expr = e;
    joinAll(coupled, op.dims.size(), [&](size_t d) { return expr->dependsOn(d); });
    if (e->coeffs.end() == std::find_if(e->coeffs.begin(), e->coeffs.end(), [](int64_t c) { return c != 0; }) &&
        (e->constant < 0 || e->constant >= extent))
      return 0;  // a constant index outside the tensor
  }
  int64_t total = 1;
  for (const std::vector<size_t>& group : coupled.sets()) {
    std::vector<std::pair<const AffineExpr*, int64_t>> reads;
    for (const auto& c : constraints)
      for (size_t d : group)
        if (c.first->dependsOn(d)) {
          reads.push_back(c);
          break;
        }
    const std::optional<int64_t> count = groupIterations(op.dims, group, reads);
    if (!count) return 0;
    total *= *count;
  }
  return total;
}

}  // namespace inlay

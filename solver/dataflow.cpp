// The intrinsic's scalar dataflow graph from the ISA pattern, and on-demand nodes of the operator's graph.
#include "inlay/solver/dataflow.h"

#include <algorithm>
#include <tuple>

#include "inlay/ir/error.h"

namespace inlay {

bool IntrinsicGraph::indexes(Operand operand, int dim) const {
  const std::vector<int>& dims = operandDims[static_cast<int>(operand)];
  return std::find(dims.begin(), dims.end(), dim) != dims.end();
}

int64_t IntrinsicGraph::multiplies() const {
  int64_t n = 1;
  for (int64_t l : laneCounts) n *= l;
  return n;
}

int64_t IntrinsicGraph::operandNode(Operand operand, std::span<const int64_t> lane) const {
  int64_t node = 0;
  for (int d : operandDims[static_cast<int>(operand)]) node = node * laneCounts[d] + lane[d];
  return node;
}

namespace {

std::vector<int> patternDimIndices(const IntrinsicPattern& pattern, const std::vector<std::string>& names,
                                   const std::string& operandName) {
  std::vector<int> indices;
  for (const std::string& name : names) {
    auto it = std::find_if(pattern.dims.begin(), pattern.dims.end(),
                           [&](const IntrinsicPattern::Dim& d) { return d.name == name; });
    if (it == pattern.dims.end())
      throw InputError("<isa>", "gemm", operandName + " index names unknown dim '" + name + "' in " + pattern.text);
    indices.push_back(static_cast<int>(it - pattern.dims.begin()));
  }
  return indices;
}

}  // namespace

IntrinsicGraph intrinsicGraph(const IntrinsicPattern& pattern) {
  if (pattern.dims.size() != 3)
    throw InputError(
        "<isa>", "gemm",
        "the GEMM pattern must have exactly 3 dims (b, i, o roles), got " + std::to_string(pattern.dims.size()));
  IntrinsicGraph g;
  g.text = pattern.text;
  for (const IntrinsicPattern::Dim& d : pattern.dims) {
    if (d.extent < 1) throw InputError("<isa>", "gemm", "pattern dim '" + d.name + "' has extent < 1");
    g.dimNames.push_back(d.name);
    g.laneCounts.push_back(d.extent);
  }
  g.operandDims[static_cast<int>(Operand::Acc)] = patternDimIndices(pattern, pattern.accIndex, "acc");
  g.operandDims[static_cast<int>(Operand::Inp)] = patternDimIndices(pattern, pattern.inpIndex, "inp");
  g.operandDims[static_cast<int>(Operand::Wgt)] = patternDimIndices(pattern, pattern.wgtIndex, "wgt");
  for (int j = 0; j < g.numDims(); ++j)
    if (!g.indexes(Operand::Acc, j) && !g.indexes(Operand::Inp, j) && !g.indexes(Operand::Wgt, j))
      throw InputError("<isa>", "gemm", "pattern dim '" + g.dimNames[j] + "' indexes no operand");
  return g;
}

std::vector<int64_t> accessElement(const TensorAccess& access, std::span<const int64_t> point) {
  std::vector<int64_t> element;
  element.reserve(access.index.size());
  for (const AffineExpr& e : access.index) element.push_back(e.eval(point));
  return element;
}

bool accessDependsOn(const TensorAccess& access, int dim) {
  return std::any_of(access.index.begin(), access.index.end(),
                     [&](const AffineExpr& e) { return e.dependsOn(static_cast<size_t>(dim)); });
}

bool OperatorGraph::inDomain(std::span<const int64_t> point) const {
  if (point.size() != op_.dims.size()) return false;
  for (size_t d = 0; d < point.size(); ++d)
    if (point[d] < 0 || point[d] >= op_.dims[d].extent) return false;
  return true;
}

std::vector<int64_t> OperatorGraph::outputElement(std::span<const int64_t> point) const {
  return accessElement(op_.out, point);
}

std::vector<int64_t> OperatorGraph::inputElement(int input, std::span<const int64_t> point) const {
  return accessElement(op_.inputs[input], point);
}

int64_t OperatorGraph::pointId(std::span<const int64_t> point) const {
  int64_t id = 0;
  for (size_t d = 0; d < point.size(); ++d) id = id * op_.dims[d].extent + point[d];
  return id;
}

bool OperatorGraph::outputDependsOn(int dim) const { return accessDependsOn(op_.out, dim); }

bool OperatorGraph::inputDependsOn(int input, int dim) const { return accessDependsOn(op_.inputs[input], dim); }

std::vector<bool> aliasingOutputDims(const Operator& op) {
  constexpr double kMaxSearch = 1 << 22;
  const size_t n = op.dims.size();
  std::vector<bool> aliasing(n, false);
  // Union the dims that share an output index component into clusters.
  std::vector<int> cluster(n);
  for (size_t d = 0; d < n; ++d) cluster[d] = static_cast<int>(d);
  auto root = [&](int d) {
    while (cluster[d] != d) d = cluster[d];
    return d;
  };
  for (const AffineExpr& c : op.out.index) {
    int first = -1;
    for (size_t d = 0; d < n; ++d)
      if (c.coeffs[d] != 0) first < 0 ? void(first = static_cast<int>(d)) : void(cluster[root(d)] = root(first));
  }
  for (size_t r = 0; r < n; ++r) {
    std::vector<int> dims;
    for (size_t d = 0; d < n; ++d)
      if (root(static_cast<int>(d)) == static_cast<int>(r) &&
          std::any_of(op.out.index.begin(), op.out.index.end(), [&](const AffineExpr& c) { return c.dependsOn(d); }))
        dims.push_back(static_cast<int>(d));
    if (dims.size() < 2) continue;
    double space = 1;
    for (int d : dims) space *= static_cast<double>(2 * op.dims[d].extent - 1);
    if (space > kMaxSearch) {
      for (int d : dims) aliasing[d] = true;
      continue;
    }
    std::vector<int64_t> delta(dims.size());
    for (size_t k = 0; k < dims.size(); ++k) delta[k] = 1 - op.dims[dims[k]].extent;
    while (true) {
      bool zero = std::all_of(op.out.index.begin(), op.out.index.end(), [&](const AffineExpr& c) {
        int64_t v = 0;
        for (size_t k = 0; k < dims.size(); ++k) v += c.coeffs[dims[k]] * delta[k];
        return v == 0;
      });
      for (size_t k = 0; k < dims.size(); ++k) aliasing[dims[k]] = aliasing[dims[k]] || (zero && delta[k] != 0);
      size_t k = 0;
      for (; k < dims.size(); ++k) {  // next δ, odometer order
        if (++delta[k] < op.dims[dims[k]].extent) break;
        delta[k] = 1 - op.dims[dims[k]].extent;
      }
      if (k == dims.size()) break;
    }
  }
  return aliasing;
}

namespace {

/// Whether `access` maps to itself under σ, up to the order of its index components (with their tensor extents).
bool accessInvariant(const TensorAccess& access, const std::vector<int>& sigma) {
  using Component = std::tuple<std::vector<int64_t>, int64_t, int64_t>;  // coefficients, constant, tensor extent
  std::vector<Component> before, after;
  for (size_t k = 0; k < access.index.size(); ++k) {
    const AffineExpr& e = access.index[k];
    std::vector<int64_t> moved(e.coeffs.size(), 0);
    for (size_t d = 0; d < e.coeffs.size(); ++d) moved[static_cast<size_t>(sigma[d])] = e.coeffs[d];
    before.emplace_back(e.coeffs, e.constant, access.shape[k]);
    after.emplace_back(moved, e.constant, access.shape[k]);
  }
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  return before == after;
}

}  // namespace

std::vector<std::vector<int>> operatorSymmetries(const Operator& op) {
  const int n = static_cast<int>(op.dims.size());
  auto alike = [&](int a, int b) {
    return op.dims[a].extent == op.dims[b].extent && op.dims[a].reduction == op.dims[b].reduction;
  };
  std::vector<std::pair<int, int>> swaps;
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b)
      if (alike(a, b)) swaps.push_back({a, b});
  std::vector<std::vector<int>> candidates;
  for (size_t x = 0; x < swaps.size(); ++x) {
    std::vector<int> one(static_cast<size_t>(n));
    for (int d = 0; d < n; ++d) one[d] = d;
    std::swap(one[swaps[x].first], one[swaps[x].second]);
    candidates.push_back(one);
    for (size_t y = x + 1; y < swaps.size(); ++y) {
      auto [a, b] = swaps[y];
      if (one[a] != a || one[b] != b) continue;  // not disjoint
      std::vector<int> two = one;
      std::swap(two[a], two[b]);
      candidates.push_back(two);
    }
  }
  std::vector<std::vector<int>> symmetries;
  for (const std::vector<int>& sigma : candidates)
    if (accessInvariant(op.out, sigma) && accessInvariant(op.inputs[0], sigma) && accessInvariant(op.inputs[1], sigma))
      symmetries.push_back(sigma);
  return symmetries;
}

}  // namespace inlay

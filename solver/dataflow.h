// Scalar dataflow graphs of the embedding problem (docs/design.md §3.3), solver stage. The intrinsic's graph is built
// from the ISA's scalar GEMM pattern (never hard-coded); the operator's graph is produced on demand from iteration
// points through the affine accesses, never materialised for a whole operator.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// The three operand nodes of a GEMM multiply: the accumulator it adds into and the two values it multiplies.
enum class Operand { Acc = 0, Inp = 1, Wgt = 2 };

/// The intrinsic's scalar dataflow graph. A multiply node is a lane vector (one coordinate per pattern dim, in
/// pattern order); it reads inp[lane|inpDims] and wgt[lane|wgtDims] and accumulates into acc[lane|accDims].
struct IntrinsicGraph {
  std::vector<std::string> dimNames;
  std::vector<int64_t> laneCounts;
  std::array<std::vector<int>, 3> operandDims;  // per Operand: the pattern dims indexing it
  std::string text;

  int numDims() const { return static_cast<int>(dimNames.size()); }
  bool indexes(Operand operand, int dim) const;
  int64_t multiplies() const;
  /// The operand node a multiply reads or writes: its lane vector projected onto the operand's dims, as one integer
  /// (mixed radix over those dims' lane counts).
  int64_t operandNode(Operand operand, std::span<const int64_t> lane) const;
};

/// Builds the graph from the ISA's pattern. Throws InputError("<isa>", "gemm", ...) when the pattern does not have
/// exactly three dims (an Embedding has three lane groups), names an unknown dim, has a dim with extent < 1, or a
/// dim that indexes no operand.
IntrinsicGraph intrinsicGraph(const IntrinsicPattern& pattern);

/// The operator's scalar dataflow graph, on demand. A multiply node is an iteration point x of the box domain; it
/// reads inputs[t][a_t(x)] and accumulates into out[a_O(x)]. Elements are index vectors into the tensors.
class OperatorGraph {
public:
  explicit OperatorGraph(const Operator& op) : op_(op) {}

  const Operator& op() const { return op_; }
  bool inDomain(std::span<const int64_t> point) const;
  std::vector<int64_t> outputElement(std::span<const int64_t> point) const;
  std::vector<int64_t> inputElement(int input, std::span<const int64_t> point) const;
  /// Row-major linear id of an iteration point (distinct points, distinct ids).
  int64_t pointId(std::span<const int64_t> point) const;
  /// Whether changing dim d alone changes the element the access touches (a non-zero coefficient).
  bool outputDependsOn(int dim) const;
  bool inputDependsOn(int input, int dim) const;

private:
  const Operator& op_;
};

/// The dims that take part in an alias of the output access: d with some nonzero δ in the box (|δ_d| < extent(d))
/// whose image a_O·δ is 0 and δ_d ≠ 0 (O[p+k], O[2a+3b+5c]): distinct iterations writing one element other than
/// by reduction. Dims sharing no index component with another dim never alias; a cluster of dims sharing components
/// is searched exhaustively when small, else all of it counts as aliasing (conservative).
std::vector<bool> aliasingOutputDims(const Operator& op);

/// Symmetries of the operator: permutations σ of its dims (one or two disjoint swaps of dims with equal extents and
/// kinds) under which every access is the same up to the order of its index components — a square conv's (p q)(r s).
/// σ[d] is the image of dim d. Embeddings related by one are the same mapping mirrored.
std::vector<std::vector<int>> operatorSymmetries(const Operator& op);

/// Evaluates every index of an access at a point.
std::vector<int64_t> accessElement(const TensorAccess& access, std::span<const int64_t> point);
bool accessDependsOn(const TensorAccess& access, int dim);

}  // namespace inlay

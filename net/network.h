// A whole network (docs/formats.md §5): named int8 activation tensors and the nodes between them, in topological
// order. Plain values, no JSON: network_io reads and writes them, layer_operator lowers the GEMM-core nodes to the
// Operator IR, network_reference runs the whole graph on the CPU.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace inlay::net {

/// An int8 activation tensor: NCHW for images, [N, F] or [B, S, F] otherwise.
struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;
  bool operator==(const TensorInfo&) const = default;
};

/// What a GEMM-core node (conv2d, dense, matmul) does to its int32 accumulator, element by element, all in int32
/// arithmetic that wraps (docs/formats.md §5.4):
///   v = acc + bias[channel]  (when bias);   v = v >> shift  (arithmetic);   v = v + residual[i]  (sign-extended);
///   v = max(v, 0)  (when relu);   out = clamp(v, -128, 127).
/// Every step is one VTA ALU operation (ADD, SHR, ADD, MAX, MIN/MAX), as TVM's VTA schedules fuse them.
struct FusedEpilogue {
  bool bias = false;     // a per-output-channel int32 bias (a constant of the node, like its weights)
  int shift = 0;         // 0..31
  std::string residual;  // an int8 tensor of the output's shape added after the shift; "" for none
  bool relu = false;
  bool operator==(const FusedEpilogue&) const = default;
};

/// Height and width of a window parameter.
using Pair = std::array<int64_t, 2>;

/// NCHW input, KCRS weights [K, C/groups, R, S]; output [N, K, P, Q].
struct Conv2d {
  int64_t channels = 1;  // K, the output channels
  Pair kernel{1, 1};     // R, S
  Pair stride{1, 1};
  Pair pad{0, 0};  // symmetric zero padding
  Pair dilation{1, 1};
  int64_t groups = 1;
  FusedEpilogue epilogue;
  bool operator==(const Conv2d&) const = default;
};

/// Activation [..., F] times int8 weights [F, units]: output [..., units]; every leading dim is a row.
struct Dense {
  int64_t units = 1;
  FusedEpilogue epilogue;
  bool operator==(const Dense&) const = default;
};

/// Activation times activation. Each operand's dims are named by a layout over the letters b (batch), m, n and k
/// (the reduction): A uses {b?, m, k}, B uses {b?, k, n}, the output {b?, m, n}, in any order. BERT's Q·Kᵀ is
/// a = "mbk", b = "nbk", out = "bmn" on Q, K stored [S, heads, d].
struct Matmul {
  std::string a = "mk", b = "kn", out = "mn";
  FusedEpilogue epilogue;
  bool operator==(const Matmul&) const = default;
};

/// out = clamp(max?((a + b) >> shift, 0), -128, 127), in int32: ALU ADD, SHR, MAX, MIN/MAX on VTA.
struct Add {
  int shift = 0;
  bool relu = false;
  bool operator==(const Add&) const = default;
};

/// out = max(x, 0).
struct Relu {
  bool operator==(const Relu&) const = default;
};

/// A window over H and W of an NCHW tensor; windows must each hold at least one input element (each pad < kernel).
/// Max pool: the maximum of the window's input elements (padding takes no part). Average pool: floor(sum / (R·S)),
/// padding counting as zeros (a constant divisor, so that a power-of-two window is one ALU SHR on VTA). Padding
/// may differ at the end (Darknet's 2×2 stride-1 max pool pads only the bottom and right).
struct Pool {
  enum class Kind { Max, Average } kind = Kind::Max;
  Pair kernel{1, 1};
  Pair stride{1, 1};
  Pair pad{0, 0};     // before the first row and column
  Pair padEnd{0, 0};  // after the last
  bool operator==(const Pool&) const = default;
};

/// NCHW → [N, C, 1, 1]: floor(sum over H·W / (H·W)).
struct GlobalAveragePool {
  bool operator==(const GlobalAveragePool&) const = default;
};

/// The same elements, row-major, under another shape (ONNX Flatten/Reshape): no work.
struct Reshape {
  std::vector<int64_t> shape;
  bool operator==(const Reshape&) const = default;
};

/// Work that stays on the host (softmax, layer norm, GELU, ...): network_reference knows the functions of
/// host_functions.h; others are reported with their work and have no reference.
struct Host {
  std::string function;
  std::vector<int64_t> shape;  // the output's shape; empty: the first input's
  bool operator==(const Host&) const = default;
};

using NodeOp = std::variant<Conv2d, Dense, Matmul, Add, Relu, Pool, GlobalAveragePool, Reshape, Host>;

struct Node {
  std::string name;
  std::vector<std::string> inputs;  // activation tensors; weights and biases are the node's own constants
  std::string output;
  NodeOp op;
  bool operator==(const Node&) const = default;
};

struct Network {
  std::string name;
  std::vector<TensorInfo> tensors;   // graph inputs first, then each node's output in node order
  std::vector<std::string> inputs;   // graph inputs (random data in the reference)
  std::vector<std::string> outputs;  // graph outputs
  std::vector<Node> nodes;           // topological order: a node reads only graph inputs and earlier outputs

  /// The tensor called `name`; throws InternalError when there is none.
  const TensorInfo& tensor(const std::string& name) const;
  /// Index of the tensor called `name` in `tensors`, or -1.
  int tensorIndex(const std::string& name) const;
  bool operator==(const Network&) const = default;
};

/// The op's name in the file format: "conv2d", "dense", "matmul", "add", "relu", "max_pool", "avg_pool",
/// "global_avg_pool", "reshape", "host".
std::string opName(const NodeOp& op);

/// conv2d, dense and matmul: the nodes that run on VTA's GEMM core, with a fused epilogue.
bool isGemmCore(const NodeOp& op);
const FusedEpilogue* fusedEpilogue(const NodeOp& op);  // nullptr for other nodes
FusedEpilogue* fusedEpilogue(NodeOp& op);

/// Element count of a shape (the caller has checked that it fits 64 bits).
int64_t elementCount(const std::vector<int64_t>& shape);

}  // namespace inlay::net

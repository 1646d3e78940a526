// The whole-network CPU reference: a literal walk over the nodes (docs/formats.md §5.4 gives each node's
// arithmetic). Slow and plain on purpose: it is the oracle.
#include "inlay/net/network_reference.h"

#include <algorithm>
#include <random>

#include "inlay/ir/error.h"
#include "inlay/ir/reference.h"
#include "inlay/net/host_functions.h"
#include "inlay/net/layer_operator.h"
#include "inlay/net/node_arithmetic.h"

namespace inlay::net {
namespace {

uint64_t mix(uint64_t seed, uint64_t stream) {  // SplitMix64
  uint64_t z = seed + stream * 0x9e3779b97f4a7c15ULL + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Tensor32 randomBias(int64_t length, uint64_t seed) {
  Tensor32 bias = Tensor32::zeros({length});
  std::mt19937_64 rng(seed);
  for (int32_t& b : bias.data) b = static_cast<int32_t>(rng() >> 51) - 4096;  // 13 bits: [-4096, 4095]
  return bias;
}

template <class T>
HostTensor<T> reshaped(HostTensor<T> t, std::vector<int64_t> shape) {
  t.shape = std::move(shape);
  return t;
}

// The axis of the output that a bias indexes: conv2d's channels (1), dense's units (last), matmul's n.
size_t channelAxis(const Node& node, size_t rank) {
  if (std::holds_alternative<Conv2d>(node.op)) return 1;
  if (const auto* m = std::get_if<Matmul>(&node.op)) return m->out.find('n');
  return rank - 1;
}

Tensor8 gemmCore(const Network& net, const Node& node, const std::vector<const Tensor8*>& in,
                 const NodeConstants& constants, const std::vector<Tensor8>& tensors) {
  Tensor32 acc = gemmCoreAccumulate(net, node, in, constants);
  const FusedEpilogue& e = *fusedEpilogue(node.op);
  const Tensor8* residual = e.residual.empty() ? nullptr : &tensors[net.tensorIndex(e.residual)];
  const size_t axis = channelAxis(node, acc.shape.size());
  int64_t inner = 1;
  for (size_t d = axis + 1; d < acc.shape.size(); ++d) inner *= acc.shape[d];
  Tensor8 out = Tensor8::zeros(acc.shape);
  for (size_t i = 0; i < acc.data.size(); ++i) {
    int32_t bias = e.bias ? constants.bias.data[static_cast<size_t>(i / inner % acc.shape[axis])] : 0;
    out.data[i] = fusedEpilogueValue(acc.data[i], bias, e.shift, residual ? residual->data[i] : int8_t{0}, e.relu);
  }
  return out;
}

Tensor8 add(const Add& a, const Tensor8& x, const Tensor8& y) {
  Tensor8 out = Tensor8::zeros(x.shape);
  for (size_t i = 0; i < x.data.size(); ++i) out.data[i] = addValue(x.data[i], y.data[i], a.shift, a.relu);
  return out;
}

Tensor8 relu(const Tensor8& x) {
  Tensor8 out = x;
  for (int8_t& v : out.data) v = std::max<int8_t>(v, 0);
  return out;
}

// Max or average over each window of the input's H and W; positions in the padding take no part in a maximum and
// count as zeros in an average.
Tensor8 pool(const Pool& p, const Tensor8& x, const std::vector<int64_t>& outShape) {
  Tensor8 out = Tensor8::zeros(outShape);
  const int64_t H = x.shape[2], W = x.shape[3];
  size_t o = 0;
  for (int64_t nc = 0; nc < x.shape[0] * x.shape[1]; ++nc)
    for (int64_t op = 0; op < outShape[2]; ++op)
      for (int64_t oq = 0; oq < outShape[3]; ++oq, ++o) {
        int32_t max = -128;
        int64_t sum = 0;
        for (int64_t r = 0; r < p.kernel[0]; ++r)
          for (int64_t s = 0; s < p.kernel[1]; ++s) {
            int64_t h = op * p.stride[0] + r - p.pad[0], w = oq * p.stride[1] + s - p.pad[1];
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            int8_t v = x.data[static_cast<size_t>((nc * H + h) * W + w)];
            max = std::max<int32_t>(max, v);
            sum += v;
          }
        out.data[o] = p.kind == Pool::Kind::Max ? static_cast<int8_t>(max)
                                                : clampInt8(floorDivide(sum, p.kernel[0] * p.kernel[1]));
      }
  return out;
}

Tensor8 globalAveragePool(const Tensor8& x) {
  const int64_t plane = x.shape[2] * x.shape[3];
  Tensor8 out = Tensor8::zeros({x.shape[0], x.shape[1], 1, 1});
  for (size_t nc = 0; nc < out.data.size(); ++nc) {
    int64_t sum = 0;
    for (int64_t i = 0; i < plane; ++i) sum += x.data[nc * static_cast<size_t>(plane) + static_cast<size_t>(i)];
    out.data[nc] = clampInt8(floorDivide(sum, plane));
  }
  return out;
}

Tensor8 runNode(const Network& net, size_t n, const NetworkData& data, const std::vector<Tensor8>& tensors) {
  const Node& node = net.nodes[n];
  std::vector<const Tensor8*> in;
  for (const std::string& name : node.inputs) in.push_back(&tensors[static_cast<size_t>(net.tensorIndex(name))]);
  const std::vector<int64_t>& outShape = net.tensor(node.output).shape;
  if (isGemmCore(node.op)) return gemmCore(net, node, in, data.constants[n], tensors);
  if (const auto* a = std::get_if<Add>(&node.op)) return add(*a, *in[0], *in[1]);
  if (std::holds_alternative<Relu>(node.op)) return relu(*in[0]);
  if (const auto* p = std::get_if<Pool>(&node.op)) return pool(*p, *in[0], outShape);
  if (std::holds_alternative<GlobalAveragePool>(node.op)) return globalAveragePool(*in[0]);
  if (std::holds_alternative<Reshape>(node.op)) return reshaped(*in[0], outShape);
  return runHostFunction(node, in, outShape);
}

}  // namespace

Tensor32 gemmCoreAccumulate(const Network& net, const Node& node, const std::vector<const Tensor8*>& in,
                            const NodeConstants& constants) {
  Operator op = layerOperator(net, node);
  Tensor8 x = reshaped(*in.at(0), op.inputs[0].shape);  // dense reads [B, S, F] as [B·S, F]: the same data
  const Tensor8& y = std::holds_alternative<Matmul>(node.op) ? *in.at(1) : constants.weights;
  return reshaped(referenceAccumulate(op, x, y), net.tensor(node.output).shape);
}

NetworkData randomNetworkData(const Network& net, uint64_t seed) {
  NetworkData data;
  for (size_t i = 0; i < net.inputs.size(); ++i)
    data.inputs.push_back(randomTensor8(net.tensor(net.inputs[i]).shape, mix(seed, i)));
  for (size_t n = 0; n < net.nodes.size(); ++n) {
    const Node& node = net.nodes[n];
    NodeConstants c;
    const uint64_t stream = net.inputs.size() + 2 * n;
    std::vector<int64_t> weights = isGemmCore(node.op) ? weightShape(net, node) : std::vector<int64_t>{};
    if (!weights.empty()) c.weights = randomTensor8(weights, mix(seed, stream));
    if (const FusedEpilogue* e = fusedEpilogue(node.op); e && e->bias)
      c.bias = randomBias(biasLength(net, node), mix(seed, stream + 1));
    data.constants.push_back(std::move(c));
  }
  return data;
}

std::vector<Tensor8> runNetworkReference(const Network& net, const NetworkData& data) {
  INLAY_CHECK(data.inputs.size() == net.inputs.size() && data.constants.size() == net.nodes.size(),
              "the network data does not match the network");
  std::vector<Tensor8> tensors(net.tensors.size());
  for (size_t i = 0; i < net.inputs.size(); ++i) {
    INLAY_CHECK(data.inputs[i].shape == net.tensor(net.inputs[i]).shape, "graph input " + net.inputs[i]);
    tensors[static_cast<size_t>(net.tensorIndex(net.inputs[i]))] = data.inputs[i];
  }
  for (size_t n = 0; n < net.nodes.size(); ++n)
    tensors[static_cast<size_t>(net.tensorIndex(net.nodes[n].output))] = runNode(net, n, data, tensors);
  return tensors;
}

}  // namespace inlay::net

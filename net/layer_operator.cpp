// GEMM-core nodes → Operator IR through the ir builders, so that a network layer lowers exactly as the equivalent
// operator spec does (docs/formats.md §1.6).
#include "inlay/net/layer_operator.h"

#include <string>

#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"

namespace inlay::net {
namespace {

std::string term(int64_t coeff, const std::string& dim) { return coeff == 1 ? dim : std::to_string(coeff) + "*" + dim; }

// "p*sh + r*dh - ph" in the loopnest expression syntax.
std::string windowIndex(const std::string& out, int64_t stride, const std::string& filter, int64_t dilation,
                        int64_t pad) {
  std::string e = term(stride, out) + "+" + term(dilation, filter);
  return pad == 0 ? e : e + "-" + std::to_string(pad);
}

Operator dilatedConv(const Conv2d& c, const std::vector<int64_t>& in, const std::vector<int64_t>& out,
                     const std::string& name) {
  const int64_t G = c.groups, Kg = c.channels / G, Cg = in[1] / G;
  std::vector<std::pair<std::string, int64_t>> dims{{"n", in[0]}};
  if (G > 1) dims.push_back({"g", G});
  dims.insert(dims.end(), {{"k", Kg}, {"p", out[2]}, {"q", out[3]}, {"c", Cg}, {"r", c.kernel[0]}, {"s", c.kernel[1]}});
  auto grouped = [&](const std::string& d, int64_t size) { return G > 1 ? term(size, "g") + "+" + d : d; };
  LoopnestAccess o{"O", {"n", grouped("k", Kg), "p", "q"}, out};
  LoopnestAccess i{"I",
                   {"n", grouped("c", Cg), windowIndex("p", c.stride[0], "r", c.dilation[0], c.pad[0]),
                    windowIndex("q", c.stride[1], "s", c.dilation[1], c.pad[1])},
                   in};
  LoopnestAccess f{"F", {grouped("k", Kg), "c", "r", "s"}, {c.channels, Cg, c.kernel[0], c.kernel[1]}};
  return loopnestOperator(dims, {"c", "r", "s"}, o, {i, f}, c.epilogue.shift, name);
}

Operator convOperator(const Conv2d& c, const std::vector<int64_t>& in, const std::vector<int64_t>& out,
                      const std::string& name) {
  if (c.dilation != Pair{1, 1}) return dilatedConv(c, in, out, name);
  return conv2dOperator({.N = in[0],
                         .C = in[1],
                         .H = in[2],
                         .W = in[3],
                         .K = c.channels,
                         .R = c.kernel[0],
                         .S = c.kernel[1],
                         .strideH = c.stride[0],
                         .strideW = c.stride[1],
                         .padH = c.pad[0],
                         .padW = c.pad[1],
                         .groups = c.groups,
                         .shift = c.epilogue.shift},
                        name);
}

Operator matmulOperator(const Matmul& m, const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                        const std::vector<int64_t>& out, const std::string& name) {
  auto extentOf = [&](char letter) {
    for (size_t d = 0; d < m.a.size(); ++d)
      if (m.a[d] == letter) return a[d];
    for (size_t d = 0; d < m.b.size(); ++d)
      if (m.b[d] == letter) return b[d];
    INLAY_CHECK(false, "matmul layout letter " + std::string(1, letter) + " is in neither operand");
  };
  std::vector<std::pair<std::string, int64_t>> dims;
  if (m.out.find('b') != std::string::npos) dims.push_back({"b", extentOf('b')});
  dims.insert(dims.end(), {{"m", extentOf('m')}, {"n", extentOf('n')}, {"k", extentOf('k')}});
  auto index = [](const std::string& layout) {
    std::vector<std::string> idx;
    for (char letter : layout) idx.push_back(std::string(1, letter));
    return idx;
  };
  return loopnestOperator(dims, {"k"}, {"C", index(m.out), out},
                          {LoopnestAccess{"A", index(m.a), a}, LoopnestAccess{"B", index(m.b), b}}, m.epilogue.shift,
                          name);
}

int64_t rows(const std::vector<int64_t>& shape) { return elementCount(shape) / shape.back(); }

}  // namespace

Operator layerOperator(const Network& net, const Node& node) {
  const std::vector<int64_t>& in = net.tensor(node.inputs.at(0)).shape;
  const std::vector<int64_t>& out = net.tensor(node.output).shape;
  if (const auto* c = std::get_if<Conv2d>(&node.op)) return convOperator(*c, in, out, node.name);
  if (const auto* d = std::get_if<Dense>(&node.op))
    return gemmOperator(rows(in), d->units, in.back(), d->epilogue.shift, node.name);
  if (const auto* m = std::get_if<Matmul>(&node.op))
    return matmulOperator(*m, in, net.tensor(node.inputs.at(1)).shape, out, node.name);
  INLAY_CHECK(false, "node " + node.name + " (" + opName(node.op) + ") does not run on the GEMM core");
}

std::vector<int64_t> weightShape(const Network& net, const Node& node) {
  const std::vector<int64_t>& in = net.tensor(node.inputs.at(0)).shape;
  if (const auto* c = std::get_if<Conv2d>(&node.op))
    return {c->channels, in[1] / c->groups, c->kernel[0], c->kernel[1]};
  if (const auto* d = std::get_if<Dense>(&node.op)) return {in.back(), d->units};
  return {};
}

int64_t biasLength(const Network& net, const Node& node) {
  if (const auto* c = std::get_if<Conv2d>(&node.op)) return c->channels;
  if (const auto* d = std::get_if<Dense>(&node.op)) return d->units;
  const auto& m = std::get<Matmul>(node.op);
  return net.tensor(node.output).shape.at(m.out.find('n'));
}

int64_t nodeMacs(const Network& net, const Node& node) {
  return isGemmCore(node.op) ? layerOperator(net, node).macs() : 0;
}

int64_t networkMacs(const Network& net) {
  int64_t total = 0;
  for (const Node& node : net.nodes) total += nodeMacs(net, node);
  return total;
}

}  // namespace inlay::net

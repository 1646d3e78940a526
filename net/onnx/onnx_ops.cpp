// ONNX operators → network nodes (docs/formats.md §5.8). One node per operator; ReLUs and residual adds fuse into
// their producers afterwards (fuseEpilogues). Configurations the network format cannot express are errors naming the
// attribute; operator types it has no node for become host nodes, so that their work is reported, never dropped.
#include <cmath>
#include <numeric>

#include "inlay/net/onnx/onnx_graph.h"

namespace inlay::net::onnx_import {
namespace {

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name) {
  for (const onnx::AttributeProto& a : node.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

int64_t intAttr(const onnx::NodeProto& node, const std::string& name, int64_t fallback) {
  const onnx::AttributeProto* a = attribute(node, name);
  return a ? a->i() : fallback;
}

std::vector<int64_t> intsAttr(const onnx::NodeProto& node, const std::string& name, std::vector<int64_t> fallback) {
  const onnx::AttributeProto* a = attribute(node, name);
  return a ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : fallback;
}

std::string text(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

Where attrAt(const Where& at, const std::string& name) { return at / "attribute" / name; }

// Requantisation with power-of-two scales: the shift brings an accumulator of `reduction` products of inputs of
// RMS 30 (a typical ReLU output) and uniform int8 weights (RMS 74) to an RMS of about 40, as generate.py does.
int shiftFor(int64_t reduction) {
  double spread = std::sqrt(static_cast<double>(reduction)) * 30.0 * 74.0 / 40.0;
  return static_cast<int>(std::clamp(std::lround(std::log2(spread)), 0L, 31L));
}

const onnx::TensorProto& constant(const Graph& g, const onnx::NodeProto& node, int input, const std::string& what,
                                  const Where& at) {
  const std::string& name = node.input(input);
  auto it = g.initializers.find(name);
  if (it == g.initializers.end())
    (at / "input")[static_cast<size_t>(input)].fail(
        "the " + what + " '" + name + "' are not an initializer: only constant " + what + " are imported");
  return *it->second;
}

bool hasInput(const onnx::NodeProto& node, int i) { return node.input_size() > i && !node.input(i).empty(); }

void rejectAutoPad(const onnx::NodeProto& node, const Where& at) {
  const onnx::AttributeProto* a = attribute(node, "auto_pad");
  if (a && a->s() != "NOTSET" && a->s() != "VALID")
    attrAt(at, "auto_pad").fail("auto_pad " + a->s() + " is not supported: export with explicit pads");
}

// [top, left, bottom, right] from ONNX's [x1_begin, x2_begin, x1_end, x2_end].
std::vector<int64_t> pads(const onnx::NodeProto& node) { return intsAttr(node, "pads", {0, 0, 0, 0}); }

Pair pair(const std::vector<int64_t>& v, const Where& at, const std::string& what) {
  if (v.size() != 2) at.fail(what + " " + text(v) + ": only 2-D (NCHW) operators are imported");
  return {v[0], v[1]};
}

NodeOp conv(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  const onnx::TensorProto& w = constant(g, node, 1, "weights", at);
  if (w.dims_size() != 4)
    (at / "input")[1].fail("weights of shape " + text({w.dims().begin(), w.dims().end()}) +
                           ": only 2-D convolutions are imported");
  rejectAutoPad(node, at);
  std::vector<int64_t> p = pads(node);
  if (p.size() != 4 || p[0] != p[2] || p[1] != p[3])
    attrAt(at, "pads").fail("asymmetric padding " + text(p) + " is not supported for Conv");
  Conv2d c;
  c.channels = w.dims(0);
  c.kernel = {w.dims(2), w.dims(3)};
  c.stride = pair(intsAttr(node, "strides", {1, 1}), attrAt(at, "strides"), "strides");
  c.pad = {p[0], p[1]};
  c.dilation = pair(intsAttr(node, "dilations", {1, 1}), attrAt(at, "dilations"), "dilations");
  c.groups = intAttr(node, "group", 1);
  c.epilogue.bias = hasInput(node, 2);
  if (c.epilogue.bias) constant(g, node, 2, "biases", at);
  c.epilogue.shift = shiftFor(w.dims(1) * w.dims(2) * w.dims(3));
  return c;
}

NodeOp gemm(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  const onnx::TensorProto& b = constant(g, node, 1, "weights", at);
  if (intAttr(node, "transA", 0) != 0) attrAt(at, "transA").fail("transA = 1 is not supported");
  for (const char* scale : {"alpha", "beta"}) {
    const onnx::AttributeProto* a = attribute(node, scale);
    if (a && a->f() != 1.0f) attrAt(at, scale).fail(std::string(scale) + " must be 1");
  }
  if (b.dims_size() != 2) (at / "input")[1].fail("Gemm weights must be 2-D");
  const bool transB = intAttr(node, "transB", 0) != 0;
  Dense d{transB ? b.dims(0) : b.dims(1), {}};
  d.epilogue.bias = hasInput(node, 2);
  if (d.epilogue.bias) constant(g, node, 2, "biases", at);
  d.epilogue.shift = shiftFor(transB ? b.dims(1) : b.dims(0));
  return d;
}

NodeOp matmul(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  if (g.isInitializer(node.input(1))) {
    const onnx::TensorProto& b = *g.initializers.at(node.input(1));
    if (b.dims_size() != 2) (at / "input")[1].fail("constant MatMul weights must be 2-D");
    return Dense{b.dims(1), {.shift = shiftFor(b.dims(0))}};
  }
  const std::vector<int64_t>& a = g.shape(node.input(0), at);
  const std::vector<int64_t>& b = g.shape(node.input(1), at);
  if (a.size() != b.size() || a.size() < 2 || a.size() > 3)
    at.fail("MatMul of shapes " + text(a) + " and " + text(b) +
            ": only [M, K]·[K, N] and [B, M, K]·[B, K, N] are "
            "imported");
  Matmul m;
  if (a.size() == 3) m = Matmul{"bmk", "bkn", "bmn", {}};
  m.epilogue.shift = shiftFor(a.back());
  return m;
}

NodeOp pool(const onnx::NodeProto& node, const Where& at, Pool::Kind kind) {
  rejectAutoPad(node, at);
  if (intAttr(node, "ceil_mode", 0) != 0) attrAt(at, "ceil_mode").fail("ceil_mode = 1 is not supported");
  for (int64_t d : intsAttr(node, "dilations", {1, 1}))
    if (d != 1) attrAt(at, "dilations").fail("dilated pools are not supported");
  std::vector<int64_t> p = pads(node);
  if (p.size() != 4) attrAt(at, "pads").fail("pads " + text(p) + ": only 2-D pools are imported");
  bool padded = std::any_of(p.begin(), p.end(), [](int64_t v) { return v != 0; });
  if (kind == Pool::Kind::Average && padded && intAttr(node, "count_include_pad", 0) == 0)
    attrAt(at, "count_include_pad")
        .fail("count_include_pad = 0 with padding is not supported (Inlay divides by the whole window)");
  Pool result{kind};
  result.kernel = pair(intsAttr(node, "kernel_shape", {}), attrAt(at, "kernel_shape"), "kernel_shape");
  result.stride = pair(intsAttr(node, "strides", {1, 1}), attrAt(at, "strides"), "strides");
  result.pad = {p[0], p[1]};
  result.padEnd = {p[2], p[3]};
  return result;
}

NodeOp flatten(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  const std::vector<int64_t>& in = g.shape(node.input(0), at);
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < 0) axis += static_cast<int64_t>(in.size());
  auto mid = in.begin() + std::clamp<int64_t>(axis, 0, static_cast<int64_t>(in.size()));
  return Reshape{{std::accumulate(in.begin(), mid, int64_t{1}, std::multiplies<>()),
                  std::accumulate(mid, in.end(), int64_t{1}, std::multiplies<>())}};
}

// Reshape's target is its second input, a constant; ONNX shape inference has resolved 0 and -1 into the output's
// shape, which is what the network records.
NodeOp reshape(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  return Reshape{g.shape(node.output(0), at)};
}

// Add of a constant right after a bias-less dense or conv read only here: the constant is that node's bias.
bool foldBiasAdd(Graph& g, const onnx::NodeProto& node, const Where& at) {
  int constantSide = g.isInitializer(node.input(1)) ? 1 : g.isInitializer(node.input(0)) ? 0 : -1;
  if (constantSide < 0) return false;
  const std::string& value = node.input(1 - constantSide);
  const std::string& producer = g.tensor(value, at);
  Node* last = g.net.nodes.empty() ? nullptr : &g.net.nodes.back();
  FusedEpilogue* e = last && last->output == producer ? fusedEpilogue(last->op) : nullptr;
  if (!e || e->bias || g.readers[value] != 1)
    at.fail("an Add of the constant '" + node.input(constantSide) +
            "' is imported only as the bias of the MatMul, Gemm or Conv just before it");
  e->bias = true;
  g.tensorNames[node.output(0)] = producer;
  return true;
}

std::vector<std::string> activationInputs(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  std::vector<std::string> inputs;
  for (int i = 0; i < node.input_size(); ++i)
    if (!node.input(i).empty() && !g.isInitializer(node.input(i)))
      inputs.push_back(g.tensor(node.input(i), (at / "input")[static_cast<size_t>(i)]));
  return inputs;
}

NodeOp host(const Graph& g, const onnx::NodeProto& node, const Where& at) {
  const std::vector<int64_t>& out = g.shape(node.output(0), at);
  if (node.op_type() == "Softmax") {
    int64_t axis = intAttr(node, "axis", -1);
    if (axis == -1 || axis == static_cast<int64_t>(out.size()) - 1) return Host{"softmax", out};
  }
  return Host{node.op_type(), out};
}

}  // namespace

void convertNode(Graph& g, const onnx::NodeProto& node, const Where& at) {
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty() && g.readers[node.output(i)] > 0)
      (at / "output")[static_cast<size_t>(i)].fail("only a node's first output may be used (" + node.op_type() + ")");
  const std::string& type = node.op_type();
  if (type == "Identity" || type == "Dropout") {  // no work: the output is the input
    g.tensorNames[node.output(0)] = g.tensor(node.input(0), (at / "input")[0]);
    return;
  }
  if (type == "Constant") {
    at.fail("Constant nodes are not supported: export constants as initializers");
  }
  if (type == "Add" && foldBiasAdd(g, node, at)) return;
  NodeOp op;
  if (type == "Conv")
    op = conv(g, node, at);
  else if (type == "Gemm")
    op = gemm(g, node, at);
  else if (type == "MatMul")
    op = matmul(g, node, at);
  else if (type == "Add")
    op = Add{};
  else if (type == "Relu")
    op = Relu{};
  else if (type == "MaxPool")
    op = pool(node, at, Pool::Kind::Max);
  else if (type == "AveragePool")
    op = pool(node, at, Pool::Kind::Average);
  else if (type == "GlobalAveragePool")
    op = GlobalAveragePool{};
  else if (type == "Flatten")
    op = flatten(g, node, at);
  else if (type == "Reshape")
    op = reshape(g, node, at);
  else
    op = host(g, node, at);
  std::vector<std::string> inputs = activationInputs(g, node, at);
  if (inputs.empty()) at.fail(type + " has no activation input");
  if (!std::holds_alternative<Host>(op) && !std::holds_alternative<Add>(op) && !std::holds_alternative<Matmul>(op))
    inputs.resize(1);  // the data input; weights and shapes are constants
  Node converted{g.freshName(node.name(), type), std::move(inputs), g.define(node.output(0)), std::move(op)};
  g.net.nodes.push_back(std::move(converted));
}

}  // namespace inlay::net::onnx_import

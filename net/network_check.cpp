// The graph rules of docs/formats.md §5.5: every name defined once, every reference to an earlier tensor (which
// rules out cycles), per-node shapes inferred in order and compared with the declared ones.
#include "inlay/net/network_check.h"

#include <cctype>
#include <map>

#include "inlay/ir/error.h"

#include "inlay/net/shape_inference.h"

namespace inlay::net {
namespace {

using json_read::Where;

// Where each tensor name comes from: a graph input (-1) or a node index; and the node that will produce it later.
struct Producers {
  std::map<std::string, int> defined;  // defined so far: -1 for a graph input, else the node index
  std::map<std::string, int> later;    // every node output, for "is produced by a later node" messages
};

std::string producerText(int node) { return node < 0 ? "a graph input" : "nodes[" + std::to_string(node) + "]"; }

size_t expectedInputs(const NodeOp& op, size_t given) {
  if (std::holds_alternative<Matmul>(op) || std::holds_alternative<Add>(op)) return 2;
  if (std::holds_alternative<Host>(op)) return given == 0 ? 1 : given;  // one or more
  return 1;
}

const Shape& lookUp(const Network& net, const Producers& p, const std::string& name, int node, const Where& at) {
  if (p.defined.count(name)) return net.tensors[static_cast<size_t>(net.tensorIndex(name))].shape;
  auto later = p.later.find(name);
  if (later == p.later.end()) at.fail("unknown tensor '" + name + "'");
  if (later->second == node) at.fail("tensor '" + name + "' is this node's own output: a cycle");
  at.fail("tensor '" + name + "' is produced by " + producerText(later->second) +
          ", a later node: nodes must be in topological order");
}

void checkName(const std::string& name, const Where& at) {
  if (!isNetName(name)) at.fail("'" + name + "' is not a valid name (letters, digits, '_', '.', '-')");
}

void addInputs(Network& net, Producers& p, const std::string& origin) {
  Where root{origin, ""};
  INLAY_CHECK(net.tensors.size() >= net.inputs.size(), "the graph inputs' shapes are missing");
  net.tensors.resize(net.inputs.size());  // drops the node outputs of an earlier completion
  if (net.inputs.empty()) (root / "inputs").fail("a network needs at least one input");
  for (size_t i = 0; i < net.inputs.size(); ++i) {
    Where at = root / "inputs" / net.inputs[i];
    checkName(net.inputs[i], at);
    if (p.defined.count(net.inputs[i])) at.fail("duplicate input '" + net.inputs[i] + "'");
    net.tensors[i].name = net.inputs[i];
    checkShape(net.tensors[i].shape, at);
    p.defined[net.inputs[i]] = -1;
  }
}

void collectOutputs(const Network& net, Producers& p, const std::string& origin) {
  for (size_t n = 0; n < net.nodes.size(); ++n) {
    Where at = (Where{origin, "nodes"})[n] / "output";
    const std::string& out = net.nodes[n].output;
    checkName(out, at);
    if (p.defined.count(out)) at.fail("tensor '" + out + "' is already defined (a graph input)");
    auto [it, fresh] = p.later.emplace(out, static_cast<int>(n));
    if (!fresh) at.fail("tensor '" + out + "' is already defined (by " + producerText(it->second) + ")");
  }
}

void addNode(Network& net, Producers& p, size_t n, const std::string& origin) {
  const Node& node = net.nodes[n];
  Where at = (Where{origin, "nodes"})[n];
  const int self = static_cast<int>(n);
  size_t want = expectedInputs(node.op, node.inputs.size());
  if (node.inputs.size() != want)
    (at / "inputs")
        .fail(opName(node.op) + " takes " + std::to_string(want) + " input" + (want == 1 ? "" : "s") + ", got " +
              std::to_string(node.inputs.size()));
  std::vector<Shape> shapes;
  for (size_t i = 0; i < node.inputs.size(); ++i)
    shapes.push_back(lookUp(net, p, node.inputs[i], self, (at / "inputs")[i]));
  Shape out = inferOutputShape(node, shapes, at);
  if (const FusedEpilogue* e = fusedEpilogue(node.op); e && !e->residual.empty()) {
    const Shape& residual = lookUp(net, p, e->residual, self, at / "residual");
    if (residual != out)
      (at / "residual").fail("shape " + shapeText(residual) + " differs from the output's " + shapeText(out));
  }
  p.defined[node.output] = self;
  net.tensors.push_back({node.output, out});
}

}  // namespace

bool isNetName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

void completeNetwork(Network& net, const std::vector<TensorInfo>& declared, const std::string& origin) {
  Where root{origin, ""};
  checkName(net.name, root / "name");
  Producers p;
  addInputs(net, p, origin);
  std::map<std::string, size_t> nodeNames;
  for (size_t n = 0; n < net.nodes.size(); ++n) {
    Where at = (Where{origin, "nodes"})[n] / "name";
    checkName(net.nodes[n].name, at);
    auto [it, fresh] = nodeNames.emplace(net.nodes[n].name, n);
    if (!fresh)
      at.fail("duplicate node name '" + net.nodes[n].name + "' (also nodes[" + std::to_string(it->second) + "])");
  }
  collectOutputs(net, p, origin);
  for (size_t n = 0; n < net.nodes.size(); ++n) addNode(net, p, n, origin);
  for (const TensorInfo& d : declared) {
    Where at = root / "tensors" / d.name;
    auto it = p.later.find(d.name);
    if (it == p.later.end())
      at.fail(p.defined.count(d.name) ? "a graph input: its shape is given in inputs"
                                      : "no node produces '" + d.name + "'");
    const Shape& inferred = net.tensors[static_cast<size_t>(net.tensorIndex(d.name))].shape;
    if (d.shape != inferred)
      at.fail("declared shape " + shapeText(d.shape) + " differs from " + shapeText(inferred) + ", inferred for " +
              producerText(it->second));
  }
  if (net.outputs.empty()) (root / "outputs").fail("a network needs at least one output");
  for (size_t i = 0; i < net.outputs.size(); ++i)
    if (!p.defined.count(net.outputs[i])) (root / "outputs")[i].fail("unknown tensor '" + net.outputs[i] + "'");
}

}  // namespace inlay::net

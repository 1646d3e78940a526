// The network writer: the format of docs/formats.md §5 with one node per line, so that files diff well.
#include <nlohmann/json.hpp>

#include "inlay/net/network_io.h"

namespace inlay::net {
namespace {

using J = nlohmann::ordered_json;

J pair(const Pair& p) { return J::array({p[0], p[1]}); }

void writeEpilogue(const FusedEpilogue& e, J& j) {
  if (e.bias) j["bias"] = true;
  if (e.shift != 0) j["shift"] = e.shift;
  if (!e.residual.empty()) j["residual"] = e.residual;
  if (e.relu) j["relu"] = true;
}

void writeWindow(const Pair& kernel, const Pair& stride, const Pair& pad, J& j) {
  j["kernel"] = pair(kernel);
  if (stride != Pair{1, 1}) j["stride"] = pair(stride);
  if (pad != Pair{0, 0}) j["pad"] = pair(pad);
}

struct OpFields {
  J& j;
  void operator()(const Conv2d& c) const {
    j["channels"] = c.channels;
    writeWindow(c.kernel, c.stride, c.pad, j);
    if (c.dilation != Pair{1, 1}) j["dilation"] = pair(c.dilation);
    if (c.groups != 1) j["groups"] = c.groups;
    writeEpilogue(c.epilogue, j);
  }
  void operator()(const Dense& d) const {
    j["units"] = d.units;
    writeEpilogue(d.epilogue, j);
  }
  void operator()(const Matmul& m) const {
    if (m != Matmul{.epilogue = m.epilogue}) j["layout"] = m.a + "," + m.b + "->" + m.out;
    writeEpilogue(m.epilogue, j);
  }
  void operator()(const Add& a) const {
    if (a.shift != 0) j["shift"] = a.shift;
    if (a.relu) j["relu"] = true;
  }
  void operator()(const Relu&) const {}
  void operator()(const Pool& p) const {
    writeWindow(p.kernel, p.stride, p.pad, j);
    if (p.padEnd != p.pad) j["pad"] = J::array({p.pad[0], p.pad[1], p.padEnd[0], p.padEnd[1]});
  }
  void operator()(const GlobalAveragePool&) const {}
  void operator()(const Reshape& r) const { j["shape"] = r.shape; }
  void operator()(const Host& h) const {
    j["function"] = h.function;
    if (!h.shape.empty()) j["shape"] = h.shape;
  }
};

J nodeJson(const Node& node) {
  J j{{"name", node.name}, {"op", opName(node.op)}, {"inputs", node.inputs}, {"output", node.output}};
  std::visit(OpFields{j}, node.op);
  return j;
}

// {"a": [..], "b": [..]} with one member per line.
std::string shapesText(const std::vector<TensorInfo>& tensors, size_t from, size_t to) {
  std::string s = "{";
  for (size_t i = from; i < to; ++i)
    s += (i > from ? ",\n  " : "\n  ") + J(tensors[i].name).dump() + ": " + J(tensors[i].shape).dump();
  return s + (to > from ? "\n }" : "}");
}

}  // namespace

std::string writeNetwork(const Network& net) {
  const size_t inputs = net.inputs.size();
  std::string s = "{\"name\": " + J(net.name).dump() + ",\n \"inputs\": " + shapesText(net.tensors, 0, inputs) +
                  ",\n \"outputs\": " + J(net.outputs).dump() +
                  ",\n \"tensors\": " + shapesText(net.tensors, inputs, net.tensors.size()) + ",\n \"nodes\": [";
  for (size_t n = 0; n < net.nodes.size(); ++n) s += (n ? ",\n  " : "\n  ") + nodeJson(net.nodes[n]).dump();
  return s + (net.nodes.empty() ? "]}\n" : "\n ]}\n");
}

}  // namespace inlay::net

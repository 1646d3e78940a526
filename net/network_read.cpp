// The network document (docs/formats.md §5.2): top-level fields, then the graph check of network_check.h.
#include <nlohmann/json.hpp>

#include "inlay/ir/file_io.h"
#include "inlay/ir/json_read.h"
#include "inlay/net/network_check.h"
#include "inlay/net/network_io.h"
#include "inlay/net/node_read.h"
#include "inlay/net/shape_inference.h"

namespace inlay::net {
namespace {

using J = nlohmann::ordered_json;
using json_read::Where;

// {"name": [shape], ...} in file order, each shape checked.
std::vector<TensorInfo> readShapes(const J& j, const Where& at) {
  json_read::object(j, at);
  std::vector<TensorInfo> shapes;
  for (auto it = j.begin(); it != j.end(); ++it) {
    Shape shape = readIntegers(it.value(), at / it.key());
    checkShape(shape, at / it.key());
    shapes.push_back({it.key(), shape});
  }
  return shapes;
}

Network readDocument(const J& doc, const std::string& file) {
  Where root{file, ""};
  json_read::object(doc, root);
  json_read::rejectUnknownFields(doc, {"name", "inputs", "outputs", "tensors", "nodes"}, root);
  Network net;
  net.name = json_read::string(json_read::member(doc, "name", root), root / "name");
  for (TensorInfo& t : readShapes(json_read::member(doc, "inputs", root), root / "inputs")) {
    net.inputs.push_back(t.name);
    net.tensors.push_back(std::move(t));
  }
  const J& outputs = json_read::array(json_read::member(doc, "outputs", root), root / "outputs");
  for (size_t i = 0; i < outputs.size(); ++i)
    net.outputs.push_back(json_read::string(outputs[i], (root / "outputs")[i]));
  std::vector<TensorInfo> declared;
  if (doc.contains("tensors")) declared = readShapes(doc.at("tensors"), root / "tensors");
  const J& nodes = json_read::array(json_read::member(doc, "nodes", root), root / "nodes");
  for (size_t n = 0; n < nodes.size(); ++n) net.nodes.push_back(readNode(nodes[n], (root / "nodes")[n]));
  completeNetwork(net, declared, file);
  return net;
}

}  // namespace

Network parseNetwork(const std::string& text, const std::string& file) {
  return readDocument(json_read::parseOrdered(text, file), file);
}

Network readNetworkFile(const std::string& path) { return parseNetwork(readTextFile(path), path); }

}  // namespace inlay::net

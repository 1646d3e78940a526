// The ONNX import's driver: parse, infer shapes with ONNX's own shape inference, name the graph inputs, convert the
// nodes in order, then check the network (completeNetwork) and fuse ReLUs and residual adds (fuseEpilogues).
#include "inlay/net/onnx/onnx_import.h"

#include <onnx/shape_inference/implementation.h>

#include <filesystem>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/net/fuse_epilogues.h"
#include "inlay/net/network_check.h"
#include "inlay/net/onnx/onnx_graph.h"

namespace inlay::net {
namespace {

using onnx_import::Graph;
using onnx_import::Where;

onnx::ModelProto parseModel(const std::string& bytes, const std::string& origin) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes) || !model.has_graph())
    throw InputError(origin, "", "not an ONNX model (the bytes do not parse as a ModelProto with a graph)");
  try {
    onnx::ShapeInferenceOptions options{/*check_type=*/false, /*error_mode=*/0, /*enable_data_propagation=*/true};
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    throw InputError(origin, "graph", std::string("ONNX shape inference failed: ") + e.what());
  }
  return model;
}

void recordShapes(Graph& g, const onnx::GraphProto& graph) {
  auto record = [&](const auto& values, const std::string& field) {
    for (int i = 0; i < values.size(); ++i) {
      const onnx::ValueInfoProto& v = values[i];
      if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) continue;
      try {
        g.shapes[v.name()] = onnx_import::readShape(v.type().tensor_type().shape(), Where{g.origin, field}[i]);
      } catch (const InputError&) {
        // An intermediate with a symbolic dim matters only if a host node needs its shape: Graph::shape says so.
      }
    }
  };
  record(graph.value_info(), "graph.value_info");
  record(graph.output(), "graph.output");
}

void countReaders(Graph& g, const onnx::GraphProto& graph) {
  for (const onnx::NodeProto& node : graph.node())
    for (const std::string& in : node.input()) ++g.readers[in];
  for (const onnx::ValueInfoProto& out : graph.output()) ++g.readers[out.name()];
}

void addGraphInputs(Graph& g, const onnx::GraphProto& graph) {
  for (int i = 0; i < graph.input_size(); ++i) {
    const onnx::ValueInfoProto& in = graph.input(i);
    if (g.isInitializer(in.name())) continue;  // older exporters list the weights as inputs too
    Where at = Where{g.origin, "graph.input"}[static_cast<size_t>(i)];
    if (!in.type().has_tensor_type() || !in.type().tensor_type().has_shape()) at.fail("the input has no tensor shape");
    std::vector<int64_t> shape = onnx_import::readShape(in.type().tensor_type().shape(), at);
    g.shapes[in.name()] = shape;
    std::string name = g.define(in.name());
    g.net.inputs.push_back(name);
    g.net.tensors.push_back({name, shape});
  }
}

std::string modelName(const std::string& origin, const onnx::GraphProto& graph) {
  std::string stem = std::filesystem::path(origin).stem().string();
  return !graph.name().empty() ? graph.name() : stem.empty() || stem[0] == '<' ? "model" : stem;
}

}  // namespace

Network importOnnx(const std::string& bytes, const std::string& origin) {
  onnx::ModelProto model = parseModel(bytes, origin);
  const onnx::GraphProto& graph = model.graph();
  Graph g;
  g.origin = origin;
  for (const onnx::TensorProto& t : graph.initializer()) g.initializers[t.name()] = &t;
  recordShapes(g, graph);
  countReaders(g, graph);
  g.net.name = g.freshName(modelName(origin, graph), "model");
  addGraphInputs(g, graph);
  for (int i = 0; i < graph.node_size(); ++i)
    onnx_import::convertNode(g, graph.node(i), Where{origin, "graph.node"}[static_cast<size_t>(i)]);
  for (int i = 0; i < graph.output_size(); ++i)
    g.net.outputs.push_back(g.tensor(graph.output(i).name(), Where{origin, "graph.output"}[static_cast<size_t>(i)]));
  completeNetwork(g.net, {}, origin);
  fuseEpilogues(g.net);
  return g.net;
}

Network importOnnxFile(const std::string& path) {
  std::vector<uint8_t> bytes = readBinaryFile(path);
  return importOnnx(std::string(bytes.begin(), bytes.end()), path);
}

}  // namespace inlay::net

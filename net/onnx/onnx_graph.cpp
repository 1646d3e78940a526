// Names and shapes of the ONNX graph being imported.
#include "inlay/net/onnx/onnx_graph.h"

#include <cctype>

namespace inlay::net::onnx_import {

const std::string& Graph::tensor(const std::string& value, const Where& at) const {
  auto it = tensorNames.find(value);
  if (it == tensorNames.end())
    at.fail(isInitializer(value) ? "'" + value + "' is a constant where an activation is expected"
                                 : "'" + value + "' is not defined by an earlier node or a graph input");
  return it->second;
}

const std::vector<int64_t>& Graph::shape(const std::string& value, const Where& at) const {
  auto it = shapes.find(value);
  if (it == shapes.end()) at.fail("ONNX shape inference gives no shape for '" + value + "'");
  return it->second;
}

std::string Graph::freshName(const std::string& onnxName, const std::string& fallback) {
  std::string base = onnxName.empty() ? fallback : onnxName;
  for (char& c : base)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) c = '_';
  std::string name = base;
  for (int n = 2; usedNames.count(name); ++n) name = base + "_" + std::to_string(n);
  usedNames.insert(name);
  return name;
}

std::string Graph::define(const std::string& value) { return tensorNames[value] = freshName(value, "tensor"); }

std::vector<int64_t> readShape(const onnx::TensorShapeProto& shape, const Where& at) {
  std::vector<int64_t> dims;
  for (int d = 0; d < shape.dim_size(); ++d) {
    const auto& dim = shape.dim(d);
    if (dim.has_dim_value() && dim.dim_value() > 0) {
      dims.push_back(dim.dim_value());
    } else if (d == 0) {
      dims.push_back(1);  // a symbolic batch: Inlay compiles batch 1
    } else {
      at.fail("dim " + std::to_string(d) + " has no fixed size" +
              (dim.has_dim_param() ? " ('" + dim.dim_param() + "')" : "") +
              ": the import needs fixed shapes (a symbolic batch is taken as 1)");
    }
  }
  return dims;
}

}  // namespace inlay::net::onnx_import

// What the ONNX importer knows about the graph while it converts nodes: initializers, inferred shapes, how often
// each value is read, and the mapping from ONNX value names to network tensor names. Internal to the import.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "inlay/ir/json_read.h"
#include "inlay/net/network.h"

namespace inlay::net::onnx_import {

using json_read::Where;

struct Graph {
  std::string origin;
  std::map<std::string, const onnx::TensorProto*> initializers;
  std::map<std::string, std::vector<int64_t>> shapes;  // inputs, value_info and outputs after shape inference
  std::map<std::string, int> readers;                  // node inputs and graph outputs reading each value
  std::map<std::string, std::string> tensorNames;      // ONNX value → network tensor
  std::set<std::string> usedNames;                     // node and tensor names taken in the network
  Network net;

  bool isInitializer(const std::string& value) const { return initializers.count(value) != 0; }
  /// The network tensor of an activation input; fails at `at` for a value no earlier node or graph input defines.
  const std::string& tensor(const std::string& value, const Where& at) const;
  /// The shape ONNX inferred for `value`; fails at `at` when it has none (or a symbolic dim past the batch).
  const std::vector<int64_t>& shape(const std::string& value, const Where& at) const;
  /// A fresh network name from an ONNX name: invalid characters become '_', a clash gets "_2", "_3", ...
  std::string freshName(const std::string& onnxName, const std::string& fallback);
  /// Defines `value`'s network tensor (a fresh name) and returns it.
  std::string define(const std::string& value);
};

/// Reads a shape proto: fixed dims; a symbolic or missing batch (dim 0) is taken as 1; fails at `at` otherwise.
std::vector<int64_t> readShape(const onnx::TensorShapeProto& shape, const Where& at);

/// Appends the network node(s) of ONNX node `node` (at graph.node[i]) to g.net, or aliases its output.
void convertNode(Graph& g, const onnx::NodeProto& node, const Where& at);

}  // namespace inlay::net::onnx_import

// Checks a network's graph and infers its tensors' shapes: names, references, topological order, per-node shapes.
// The JSON reader and in-memory builders (the ONNX import) share it, so both report the same errors.
#pragma once

#include <string>
#include <vector>

#include "inlay/net/network.h"

namespace inlay::net {

/// Names of networks, nodes and tensors: non-empty, letters, digits, '_', '.', '-' (they become file names).
bool isNetName(const std::string& name);

/// Completes `net`: net.tensors must hold exactly the graph inputs' shapes (in net.inputs order); this appends
/// each node's output with its inferred shape. `declared` are shapes the file states for other tensors: each must
/// name a node's output and equal its inferred shape. Throws InputError(origin, path, message) with the format's
/// paths ("nodes[3].inputs[1]: unknown tensor 'x'", "tensors.x: ...", "outputs[0]: ...").
void completeNetwork(Network& net, const std::vector<TensorInfo>& declared, const std::string& origin);

}  // namespace inlay::net

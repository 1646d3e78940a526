// The ONNX import (docs/formats.md §5.8): a model's structure (Conv, Gemm, MatMul, Relu, Add, MaxPool, AveragePool,
// GlobalAveragePool, Flatten, Reshape; anything else a host node) as a network, with int8 quantisation by
// power-of-two scales assumed and weights left to the reference's random data. Built when ONNX is installed.
#pragma once

#include <string>

#include "inlay/net/network.h"

namespace inlay::net {

/// Reads an ONNX model file. Throws InputError(path, "graph.node[3].attribute.pads", why) for a model it cannot
/// read or import (an unreadable file, bytes that are not a model, symbolic dims other than the batch, asymmetric
/// convolution padding, non-constant weights, ...).
Network importOnnxFile(const std::string& path);

/// Imports serialized ModelProto bytes, errors naming `origin`.
Network importOnnx(const std::string& bytes, const std::string& origin);

}  // namespace inlay::net

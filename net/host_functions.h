// The host nodes' functions the CPU reference knows (docs/formats.md §5.4): GELU, softmax and layer norm on int8
// tensors read as fixed point with 4 fraction bits (value = x / 16), and the data movements nearest-neighbour
// upsampling and channel concatenation. They run on the host in every flow, so any deterministic definition serves;
// the arithmetic ones are computed in double and rounded half away from zero.
#pragma once

#include <string>
#include <vector>

#include "inlay/ir/tensor.h"
#include "inlay/net/network.h"

namespace inlay::net {

/// True for "gelu", "softmax", "layer_norm", "upsample_nearest" and "concat".
bool hasHostReference(const std::string& function);

/// A host node's output shape when it declares none: for concat, the inputs joined along axis 1; otherwise the
/// first input's.
std::vector<int64_t> defaultHostShape(const std::string& function, const std::vector<std::vector<int64_t>>& inputs);

/// Why `outShape` does not fit a known function's inputs, or "" (also for functions without a reference).
std::string hostShapeError(const std::string& function, const std::vector<std::vector<int64_t>>& inputs,
                           const std::vector<int64_t>& outShape);

/// Runs a host function on its inputs, producing `outShape`:
///  - gelu:       y = clamp(round(16 · g(x / 16))), g(t) = t · (1 + erf(t / √2)) / 2, element-wise;
///  - softmax:    over the last axis, y_i = round(127 · e^((x_i − max) / 16) / Σ_j e^((x_j − max) / 16));
///  - layer_norm: over the last axis, with mean and variance (population) of the int8 values x,
///                y = clamp(round(16 · (x − mean) / √(variance + 1))): unit variance, 4 fraction bits;
///  - upsample_nearest: NCHW, out[n, c, h, w] = x[n, c, h / fh, w / fw] for integer factors fh, fw;
///  - concat:     the inputs one after the other along axis 1 (channels).
/// Throws WorkError for a function without a reference, naming the node (shapes were checked by the reader).
Tensor8 runHostFunction(const Node& node, const std::vector<const Tensor8*>& inputs,
                        const std::vector<int64_t>& outShape);

/// A host node's work: the elements it reads plus those it writes (one byte each).
int64_t hostElements(const Network& net, const Node& node);

}  // namespace inlay::net

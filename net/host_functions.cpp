// Reference definitions of the host functions BERT needs. Deterministic on a given host; the verification of a
// network runs these same functions for its host nodes, so the comparison with VTA stays bit-exact.
#include "inlay/net/host_functions.h"

#include <algorithm>
#include <cmath>

#include "inlay/ir/error.h"
#include "inlay/net/node_arithmetic.h"

namespace inlay::net {
namespace {

int8_t roundToInt8(double v) { return clampInt8(static_cast<int32_t>(std::clamp(std::round(v), -1e6, 1e6))); }

Tensor8 gelu(const Tensor8& x) {
  Tensor8 y = Tensor8::zeros(x.shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    double t = x.data[i] / 16.0;
    y.data[i] = roundToInt8(16.0 * t * (1.0 + std::erf(t / std::sqrt(2.0))) / 2.0);
  }
  return y;
}

// Applies `row` to every run of the last axis.
template <class F>
Tensor8 perRow(const Tensor8& x, F row) {
  Tensor8 y = Tensor8::zeros(x.shape);
  const size_t n = static_cast<size_t>(x.shape.back());
  for (size_t start = 0; start < x.data.size(); start += n) row(&x.data[start], &y.data[start], n);
  return y;
}

void softmaxRow(const int8_t* x, int8_t* y, size_t n) {
  int8_t max = *std::max_element(x, x + n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += std::exp((x[i] - max) / 16.0);
  for (size_t i = 0; i < n; ++i) y[i] = roundToInt8(127.0 * std::exp((x[i] - max) / 16.0) / sum);
}

void layerNormRow(const int8_t* x, int8_t* y, size_t n) {
  double mean = 0, variance = 0;
  for (size_t i = 0; i < n; ++i) mean += x[i];
  mean /= static_cast<double>(n);
  for (size_t i = 0; i < n; ++i) variance += (x[i] - mean) * (x[i] - mean);
  variance /= static_cast<double>(n);
  for (size_t i = 0; i < n; ++i) y[i] = roundToInt8(16.0 * (x[i] - mean) / std::sqrt(variance + 1.0));
}

}  // namespace

bool hasHostReference(const std::string& function) {
  return function == "gelu" || function == "softmax" || function == "layer_norm";
}

Tensor8 runHostFunction(const Node& node, const std::vector<const Tensor8*>& inputs,
                        const std::vector<int64_t>& outShape) {
  const std::string& f = std::get<Host>(node.op).function;
  if (!hasHostReference(f))
    throw WorkError("node " + node.name + ": the host function '" + f +
                    "' has no CPU reference (known: gelu, softmax, layer_norm)");
  if (inputs.size() != 1 || inputs[0]->shape != outShape)
    throw WorkError("node " + node.name + ": the host function '" + f + "' takes one input and keeps its shape");
  if (f == "gelu") return gelu(*inputs[0]);
  if (f == "softmax") return perRow(*inputs[0], softmaxRow);
  return perRow(*inputs[0], layerNormRow);
}

int64_t hostElements(const Network& net, const Node& node) {
  int64_t n = elementCount(net.tensor(node.output).shape);
  for (const std::string& in : node.inputs) n += elementCount(net.tensor(in).shape);
  return n;
}

}  // namespace inlay::net

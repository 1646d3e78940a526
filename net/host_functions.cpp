// Reference definitions of the host functions BERT needs. Deterministic on a given host; the verification of a
// network runs these same functions for its host nodes, so the comparison with VTA stays bit-exact.
#include "inlay/net/host_functions.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

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

Tensor8 upsampleNearest(const Tensor8& x, const std::vector<int64_t>& outShape) {
  Tensor8 y = Tensor8::zeros(outShape);
  const int64_t fh = outShape[2] / x.shape[2], fw = outShape[3] / x.shape[3];
  size_t o = 0;
  for (int64_t nc = 0; nc < outShape[0] * outShape[1]; ++nc)
    for (int64_t h = 0; h < outShape[2]; ++h)
      for (int64_t w = 0; w < outShape[3]; ++w, ++o)
        y.data[o] = x.data[static_cast<size_t>((nc * x.shape[2] + h / fh) * x.shape[3] + w / fw)];
  return y;
}

// Row-major concatenation along axis 1: each input contributes a run of shape[1]·(inner) elements per outer index.
Tensor8 concat(const std::vector<const Tensor8*>& inputs, const std::vector<int64_t>& outShape) {
  Tensor8 y = Tensor8::zeros(outShape);
  const int64_t outer = outShape[0];
  auto o = y.data.begin();
  for (int64_t n = 0; n < outer; ++n)
    for (const Tensor8* x : inputs) {
      const int64_t run = elementCount(x->shape) / outer;
      auto from = x->data.begin() + n * run;
      o = std::copy(from, from + run, o);
    }
  return y;
}

bool elementWise(const std::string& function) {
  return function == "gelu" || function == "softmax" || function == "layer_norm";
}

}  // namespace

bool hasHostReference(const std::string& function) {
  return elementWise(function) || function == "upsample_nearest" || function == "concat";
}

std::vector<int64_t> defaultHostShape(const std::string& function, const std::vector<std::vector<int64_t>>& inputs) {
  std::vector<int64_t> out = inputs.at(0);
  if (function != "concat" || out.size() < 2) return out;
  for (size_t i = 1; i < inputs.size(); ++i)
    if (inputs[i].size() > 1 && __builtin_add_overflow(out[1], inputs[i][1], &out[1])) out[1] = INT64_MAX;
  return out;
}

std::string hostShapeError(const std::string& function, const std::vector<std::vector<int64_t>>& inputs,
                           const std::vector<int64_t>& out) {
  auto text = [](const std::vector<int64_t>& s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + "]";
  };
  if (elementWise(function) || function == "upsample_nearest") {
    if (inputs.size() != 1) return function + " takes one input, got " + std::to_string(inputs.size());
  }
  if (elementWise(function) && out != inputs[0])
    return function + " keeps its input's shape " + text(inputs[0]) + ", not " + text(out);
  if (function == "upsample_nearest") {
    const auto& in = inputs[0];
    if (in.size() != 4 || out.size() != 4 || out[0] != in[0] || out[1] != in[1] || out[2] % in[2] != 0 ||
        out[3] % in[3] != 0)
      return "upsample_nearest needs NCHW shapes with the output's H and W multiples of the input's, got " + text(in) +
             " → " + text(out);
  }
  if (function == "concat") {
    std::vector<int64_t> joined = defaultHostShape(function, inputs);
    for (const auto& in : inputs) {
      std::vector<int64_t> a = in, b = inputs[0];
      if (a.size() < 2 || a.size() != b.size()) return "concat needs inputs of one rank ≥ 2, got " + text(in);
      a[1] = b[1] = 0;
      if (a != b) return "concat joins along axis 1 only: " + text(in) + " and " + text(inputs[0]) + " differ";
    }
    if (joined[1] == INT64_MAX) return "concat: the joined axis overflows 64 bits";
    if (out != joined) return "concat of these inputs has shape " + text(joined) + ", not " + text(out);
  }
  return "";
}

Tensor8 runHostFunction(const Node& node, const std::vector<const Tensor8*>& inputs,
                        const std::vector<int64_t>& outShape) {
  const std::string& f = std::get<Host>(node.op).function;
  if (!hasHostReference(f))
    throw WorkError("node " + node.name + ": the host function '" + f +
                    "' has no CPU reference (known: gelu, softmax, layer_norm, upsample_nearest, concat)");
  if (f == "concat") return concat(inputs, outShape);
  if (f == "upsample_nearest") return upsampleNearest(*inputs[0], outShape);
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

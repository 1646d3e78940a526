// Dense row-major host tensors: the data the CPU reference reads and writes, and what layouts pack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace inlay {

template <typename T>
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<T> data;  // row-major, size = Π shape

  static HostTensor zeros(std::vector<int64_t> shape);
  int64_t offset(const std::vector<int64_t>& index) const;  // row-major; caller guarantees index in range
  bool operator==(const HostTensor&) const = default;
};

using Tensor8 = HostTensor<int8_t>;
using Tensor32 = HostTensor<int32_t>;

/// Uniform int8 values in [-128, 127] from a seeded generator (std::mt19937_64; identical on every platform).
Tensor8 randomTensor8(const std::vector<int64_t>& shape, uint64_t seed);

template <typename T>
HostTensor<T> HostTensor<T>::zeros(std::vector<int64_t> s) {
  int64_t n = 1;
  for (int64_t e : s) n *= e;
  return HostTensor{std::move(s), std::vector<T>(static_cast<size_t>(n), T{0})};
}

template <typename T>
int64_t HostTensor<T>::offset(const std::vector<int64_t>& index) const {
  int64_t off = 0;
  for (size_t d = 0; d < shape.size(); ++d) off = off * shape[d] + index[d];
  return off;
}

}  // namespace inlay

// Seeded random host tensors.
#include "inlay/ir/tensor.h"

#include <random>

namespace inlay {

Tensor8 randomTensor8(const std::vector<int64_t>& shape, uint64_t seed) {
  Tensor8 t = Tensor8::zeros(shape);
  std::mt19937_64 rng(seed);
  // Take bytes straight from the engine: std::uniform_int_distribution is not identical across standard libraries.
  for (int8_t& v : t.data) v = static_cast<int8_t>(rng() >> 56);
  return t;
}

}  // namespace inlay

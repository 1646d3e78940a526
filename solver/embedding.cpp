// The masked dim of an embedding (solver/embedding.h): the one operator dim listed in two lane groups.
#include "inlay/solver/embedding.h"

#include <algorithm>

namespace inlay {

std::array<int, 2> Embedding::maskedLanes() const {
  for (int j1 = 0; j1 < 3; ++j1)
    for (int j2 = j1 + 1; j2 < 3; ++j2)
      for (int d : lanes[j1])
        if (std::find(lanes[j2].begin(), lanes[j2].end(), d) != lanes[j2].end()) return {j1, j2};
  return {-1, -1};
}

int Embedding::maskedDim() const {
  const auto [j1, j2] = maskedLanes();
  if (j1 < 0) return -1;
  for (int d : lanes[j1])
    if (std::find(lanes[j2].begin(), lanes[j2].end(), d) != lanes[j2].end()) return d;
  return -1;
}

}  // namespace inlay

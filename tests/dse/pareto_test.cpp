// Pareto fronts (dse/pareto.h) on hand-made costs.
#include <doctest/doctest.h>

#include "inlay/dse/pareto.h"

using namespace inlay;

TEST_CASE("pareto: the points no other beats on both costs, by the first cost") {
  //                                          0        1        2         3        4        5
  const std::vector<std::pair<int64_t, int64_t>> costs{{4, 10}, {2, 30}, {4, 10}, {8, 5}, {8, 9}, {1, 40}};
  // 2 repeats 0 (the first is kept); 4 is dominated by 3.
  CHECK(paretoFront(costs) == std::vector<size_t>{5, 1, 0, 3});
  CHECK(paretoFront({}).empty());
  CHECK(paretoFront({{3, 3}}) == std::vector<size_t>{0});
}

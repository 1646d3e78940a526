// A sweep over the points sorted by (first cost, second cost, index): a point is on the front when its second cost
// is below every second cost seen so far.
#include "inlay/dse/pareto.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace inlay {

std::vector<size_t> paretoFront(const std::vector<std::pair<int64_t, int64_t>>& costs) {
  std::vector<size_t> order(costs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return costs[a] != costs[b] ? costs[a] < costs[b] : a < b; });
  std::vector<size_t> front;
  int64_t best = std::numeric_limits<int64_t>::max();
  for (size_t i : order)
    if (costs[i].second < best) {
      front.push_back(i);
      best = costs[i].second;
    }
  return front;
}

}  // namespace inlay

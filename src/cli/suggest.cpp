// Edit distance and the closest-name search behind the CLI's "did you mean" hints.
#include "cli/suggest.h"

#include <algorithm>

namespace inlay::cli {

size_t editDistance(const std::string& a, const std::string& b) {
  // d[i][j]: distance between the first i characters of a and the first j of b.
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string closestMatch(const std::string& typed, const std::vector<std::string>& candidates) {
  std::string best;
  size_t bestDistance = 0;
  for (const std::string& c : candidates) {
    const size_t distance = editDistance(typed, c);
    if (distance > std::max<size_t>(1, c.size() / 3)) continue;
    if (best.empty() || distance < bestDistance) best = c, bestDistance = distance;
  }
  if (best.empty() && typed.size() >= 2)  // an abbreviation: "--cou" for "--count"
    for (const std::string& c : candidates)
      if (c.rfind(typed, 0) == 0) return c;
  return best;
}

std::string didYouMean(const std::string& typed, const std::vector<std::string>& candidates) {
  const std::string match = closestMatch(typed, candidates);
  return match.empty() ? "" : "; did you mean '" + match + "'?";
}

}  // namespace inlay::cli

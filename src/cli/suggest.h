// "Did you mean": the closest known name to a mistyped one (a command, an option, a choice, a shipped ISA), by
// edit distance, so that a usage error can say what the user probably meant.
#pragma once

#include <string>
#include <vector>

namespace inlay::cli {

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two adjacent
/// characters each cost 1 ("embd" → "embed" is 1, "bnech" → "bench" is 1).
size_t editDistance(const std::string& a, const std::string& b);

/// The candidate closest to `typed` when it is close enough to be a typo — at most max(1, size / 3) edits away,
/// where size is the candidate's length — or else the first candidate that `typed` (2 characters or more)
/// abbreviates; "" when there is none. Ties go to the earlier candidate.
std::string closestMatch(const std::string& typed, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" for the closest match, or "" when there is none.
std::string didYouMean(const std::string& typed, const std::vector<std::string>& candidates);

}  // namespace inlay::cli

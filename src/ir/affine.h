// Affine index expressions over an operator's dims: the access functions of the Operator IR (docs/design.md §3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace inlay {

/// constant + Σ_d coeffs[d]·x[d], with one coefficient per operator dim (in the operator's dim order).
struct AffineExpr {
  int64_t constant = 0;
  std::vector<int64_t> coeffs;

  int64_t eval(std::span<const int64_t> point) const {
    int64_t v = constant;
    for (size_t d = 0; d < coeffs.size(); ++d) v += coeffs[d] * point[d];
    return v;
  }
  bool dependsOn(size_t dim) const { return dim < coeffs.size() && coeffs[dim] != 0; }
  bool operator==(const AffineExpr&) const = default;
};

/// Parses "p+2*r-1", "2*q - s", "k", "3" over the named dims. Grammar: sum of terms, each an optional integer
/// factor times a dim name, a dim times an integer, or an integer. Throws InputError(file, jsonPath, ...) naming
/// the offending token: an unknown dim, a product of two dims, a malformed or overflowing number.
AffineExpr parseAffine(const std::string& text, const std::vector<std::string>& dimNames, const std::string& file,
                       const std::string& jsonPath);

/// Prints in the grammar parseAffine reads, e.g. "p + 2*r - 1"; "0" for the zero expression.
std::string printAffine(const AffineExpr& e, const std::vector<std::string>& dimNames);

}  // namespace inlay

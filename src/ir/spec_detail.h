// Internals of the spec reader (spec_reader.h), shared by its files: spec_reader.cpp (documents, suites, common
// fields, the loopnest writer), spec_conv.cpp (gemm and conv2d lowering), spec_loopnest.cpp (the generic form).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inlay/ir/json_read.h"
#include "inlay/ir/operator.h"

namespace inlay::spec_detail {

using J = nlohmann::ordered_json;  // keeps the file's key order (the loop order of loopnest dims)
using json_read::Where;

/// Fields every spec kind accepts.
inline const std::vector<std::string> kCommonFields{"name", "op", "requant"};

/// Fills name and epilogue (the "requant" object) of `op` from the common fields.
void readCommonFields(const J& spec, const Where& at, const std::string& defaultName, Operator& op);

Operator lowerGemm(const J& spec, const Where& at);
Operator lowerConv2d(const J& spec, const Where& at);
Operator lowerLoopnest(const J& spec, const Where& at);

/// a·b, or fails at `at` with "<what> overflows 64 bits".
int64_t checkedMul(int64_t a, int64_t b, const Where& at, const std::string& what);
/// Fails at `at` when the MAC count or any tensor's element count overflows 64 bits.
void checkSizes(const Operator& op, const Where& at);

/// constant + Σ coeff·x[dim] over `dimCount` dims.
AffineExpr affine(size_t dimCount, const std::vector<std::pair<size_t, int64_t>>& terms, int64_t constant = 0);

}  // namespace inlay::spec_detail

// Reads operator specs (docs/formats.md §1) — gemm, conv2d, loopnest — from JSON and lowers them to the Operator IR.
// JSON stays at this edge: nothing past here sees a json value.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/ir/expected.h"
#include "inlay/ir/operator.h"

namespace inlay {

/// One spec object. `file` and `jsonPath` (e.g. "operators[3]") prefix every error message.
/// Throws InputError naming the field: wrong types, missing or non-positive dims, unknown op or field, stride 0,
/// padding that leaves no output, MAC counts or tensor sizes that overflow 64 bits, malformed affine expressions,
/// an index naming an unknown dim, a reduction dim in the output, an output index outside its shape.
Operator lowerSpec(const nlohmann::json& spec, const std::string& file, const std::string& jsonPath = "");

/// A file holding one spec or {"operators": [...]}. Throws InputError for unreadable files and invalid JSON too.
std::vector<Operator> readOperatorFile(const std::string& path);

/// Parses spec text (as if read from `file`).
std::vector<Operator> parseOperators(const std::string& text, const std::string& file);

/// The generic loopnest form of an operator; lowerSpec(toLoopnestSpec(op)) == op.
nlohmann::json toLoopnestSpec(const Operator& op);

/// readOperatorFile and parseOperators without exceptions (inlay/ir/expected.h).
Expected<std::vector<Operator>> tryReadOperatorFile(const std::string& path);
Expected<std::vector<Operator>> tryParseOperators(const std::string& text, const std::string& file);

}  // namespace inlay

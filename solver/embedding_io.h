// Embeddings as JSON, for compilers that cache them: the solver's answer for an operator and ISA can be stored and
// read back instead of solving again. The document names dims and tensors (not indices), so it reads well and is
// checked against the operator it is read for:
//   {"roles": {"inp": "B", "wgt": "A"}, "lanes": {"b": ["n"], "i": ["k"], "o": ["m"]},
//    "objective": 1234.0, "utilization": 0.98, "padding_lanes": 5, "duplication": 1.0}
// and, for an embedding with a masked dim (on two lane groups at once), "masked": "g" naming it.
// JSON stays at this edge.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "inlay/ir/operator.h"
#include "inlay/solver/embedding.h"

namespace inlay {

nlohmann::json embeddingToJson(const Operator& op, const Embedding& e);

/// Reads what embeddingToJson wrote for `op`: embeddingFromJson(embeddingToJson(op, e), op) == e. Throws
/// InputError(file, JSON path, why) for a malformed document, a tensor that is not one of op's inputs, an unknown
/// dim, a dim in two groups other than the one "masked" names, or a masked dim not in exactly two groups. Whether the
/// embedding is valid for an ISA is checkEmbedding's question (solver/checker.h); the scores are taken as written.
Embedding embeddingFromJson(const nlohmann::json& doc, const Operator& op, const std::string& file = "<string>");

}  // namespace inlay

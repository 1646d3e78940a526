// Reads and writes ISA descriptions (docs/formats.md §2) as JSON; JSON stays at this edge.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "inlay/ir/expected.h"
#include "inlay/isa/isa.h"

namespace inlay {

/// Parses and validates; missing fields take the default's values. Throws InputError naming file and field for
/// wrong types, unknown fields, non-power-of-two blocks, buffers too small for one element, fields that do not fit.
/// `jsonPath` is where `doc` sits inside `file` ("isa" in a program manifest) and prefixes every field path.
Isa parseIsa(const nlohmann::json& doc, const std::string& file, const std::string& jsonPath = "");
Isa readIsaFile(const std::string& path);
nlohmann::json isaToJson(const Isa& isa);

/// readIsaFile without exceptions (inlay/ir/expected.h).
Expected<Isa> tryReadIsaFile(const std::string& path);

}  // namespace inlay

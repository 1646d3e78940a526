// File helpers shared by every stage that writes outputs: whole-file reads and atomic writes (temp file + rename),
// so that a crash or an error never leaves a half-written output behind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace inlay {

/// Throws InputError(path, "", reason) when the file cannot be read.
std::string readTextFile(const std::string& path);
std::vector<uint8_t> readBinaryFile(const std::string& path);

/// Writes to path + ".tmp.<pid>" then renames over `path`. Throws WorkError on failure (and removes the temp file).
void writeFileAtomic(const std::string& path, const std::string& contents);
void writeFileAtomic(const std::string& path, const std::vector<uint8_t>& contents);

}  // namespace inlay

// Internal to the program directory reader: typed manifest fields, and the files a manifest names, which must stay
// inside the program directory — a program directory never makes Inlay read a file outside itself.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/json_read.h"

namespace inlay::manifest {

using json_read::Where;

/// obj[key] as an integer ≥ 0.
uint64_t unsignedField(const nlohmann::json& obj, const std::string& key, const Where& at);
std::string stringField(const nlohmann::json& obj, const std::string& key, const Where& at);

/// A plain file name: [A-Za-z0-9_.-], neither "." nor "..".
bool safeFileName(const std::string& name);

/// DIR/`file` for a file the manifest names at `at`: a relative path of plain names ("data/A.bin") that, resolved
/// with its symbolic links, still lies inside DIR. Fails at `at` otherwise ("/etc/passwd", "../x", "data//A.bin",
/// a link out of DIR). The file need not exist.
std::string fileInDir(const std::string& dir, const std::string& file, const Where& at);

/// Fails naming `path` unless the file exists and holds exactly `bytes` bytes (compared before anything is read).
void checkFileSize(const std::string& path, uint64_t bytes);

/// The message for a file that holds `actual` bytes where the manifest says `bytes`.
InputError sizeMismatch(const std::string& path, uint64_t actual, uint64_t bytes);

}  // namespace inlay::manifest

// Typed manifest fields and the files a manifest names (manifest_fields.h).
#include "inlay/program/manifest_fields.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "inlay/ir/error.h"

namespace inlay::manifest {

namespace fs = std::filesystem;

uint64_t unsignedField(const nlohmann::json& obj, const std::string& key, const Where& at) {
  const int64_t v = json_read::integer(json_read::member(obj, key, at), at / key);
  if (v < 0) (at / key).fail("must not be negative, got " + std::to_string(v));
  return static_cast<uint64_t>(v);
}

std::string stringField(const nlohmann::json& obj, const std::string& key, const Where& at) {
  return json_read::string(json_read::member(obj, key, at), at / key);
}

bool safeFileName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

std::string fileInDir(const std::string& dir, const std::string& file, const Where& at) {
  for (size_t start = 0;;) {  // every '/'-separated component a plain name: no "/x", "x//y", "..", "."
    const size_t slash = file.find('/', start);
    if (!safeFileName(file.substr(start, slash == std::string::npos ? std::string::npos : slash - start)))
      at.fail("'" + file + "' is not a relative path of plain names ([A-Za-z0-9_.-], no '.' or '..') inside the " +
              "program directory");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  // Lexically inside; a symbolic link on the way may still lead out.
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(dir, ec);
  const fs::path resolved = ec ? fs::path() : fs::weakly_canonical(fs::path(dir) / file, ec);
  if (ec) at.fail("'" + file + "' cannot be resolved: " + ec.message());
  const auto [r, f] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (r != root.end() || f == resolved.end())
    at.fail("'" + file + "' resolves to " + resolved.string() + ", outside the program directory");
  return dir + "/" + file;
}

InputError sizeMismatch(const std::string& path, uint64_t actual, uint64_t bytes) {
  return InputError(path, "", "holds " + std::to_string(actual) + " bytes, the manifest says " + std::to_string(bytes));
}

void checkFileSize(const std::string& path, uint64_t bytes) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) throw InputError(path, "", "cannot read file: " + ec.message());
  if (size != bytes) throw sizeMismatch(path, size, bytes);
}

}  // namespace inlay::manifest

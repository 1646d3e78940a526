// Whole-file reads and atomic writes.
#include "inlay/ir/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include "inlay/ir/error.h"

namespace inlay {
namespace {

void writeBytesAtomic(const std::string& path, const char* data, size_t size) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw WorkError("cannot write " + path + ": " + std::strerror(errno));
    out.write(data, static_cast<std::streamsize>(size));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw WorkError("cannot write " + path + ": write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw WorkError("cannot write " + path + ": " + std::strerror(errno));
  }
}

}  // namespace

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::string("cannot read file: ") + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<uint8_t> readBinaryFile(const std::string& path) {
  std::string text = readTextFile(path);
  return std::vector<uint8_t>(text.begin(), text.end());
}

void writeFileAtomic(const std::string& path, const std::string& contents) {
  writeBytesAtomic(path, contents.data(), contents.size());
}

void writeFileAtomic(const std::string& path, const std::vector<uint8_t>& contents) {
  writeBytesAtomic(path, reinterpret_cast<const char*>(contents.data()), contents.size());
}

}  // namespace inlay

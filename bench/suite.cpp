// Suite loading: files and directories of operator specs, sorted so that a run is reproducible.
#include "inlay/bench/suite.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"

namespace inlay {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> specFilesIn(const std::string& dir) {
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw InputError(dir, "", "no operator specs (*.json) in this directory");
  return files;
}

}  // namespace

std::vector<SuiteKernel> loadSuites(const std::vector<std::string>& paths) {
  std::vector<SuiteKernel> kernels;
  std::map<std::string, std::string> sourceOf;  // kernel name → file, to report duplicates
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path, "", "no such file or directory");
    std::vector<std::string> files = fs::is_directory(path, ec) ? specFilesIn(path) : std::vector<std::string>{path};
    for (const std::string& file : files) {
      for (Operator& op : readOperatorFile(file)) {
        auto [it, fresh] = sourceOf.emplace(op.name, file);
        if (!fresh)
          throw InputError(file, "",
                           "kernel name '" + op.name + "' is also used in " + it->second +
                               "; kernel names must be unique within a benchmark");
        kernels.push_back({std::move(op), file});
      }
    }
  }
  return kernels;
}

}  // namespace inlay

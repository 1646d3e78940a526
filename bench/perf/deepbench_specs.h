// The DeepBench spec files the benchmark programs default to (operators/deepbench, sorted; run from the repository
// root), shared so that every program measures the same list.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

inline std::vector<std::string> deepbenchSpecFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator("operators/deepbench"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Internal to the program directory reader: the manifest's optional "data" section (docs/formats.md §3.5), the
// packed inputs and expected output that `inlay gen --emit-data` writes under DIR/data/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inlay/ir/json_read.h"
#include "inlay/program/program.h"
#include "inlay/program/program_io.h"

namespace inlay {

/// One data file: the buffer it fills, its path (DIR/file) and its size.
struct DataFile {
  std::string buffer;
  std::string path;
  uint64_t bytes = 0;
};

struct DataSection {
  uint64_t seed = 0;
  std::vector<DataFile> inputs;
  DataFile expectedOutput;
};

/// Checks manifest["data"], when present, against the buffer map and the files, without reading them: no unknown
/// or missing fields; one input per buffer that carries a layout other than the output and the uop image (what
/// the writer emits), each as large as its buffer; the expected output as large as the output layout packs; every
/// file inside DIR (manifest::fileInDir) and of the size the manifest gives.
std::optional<DataSection> readDataSection(const std::string& dir, const nlohmann::json& manifest,
                                           const std::vector<DramBuffer>& buffers, const json_read::Where& root);

/// The files' contents, re-checked against the sizes readDataSection saw.
ProgramData readDataFiles(const DataSection& section);

}  // namespace inlay

// The manifest's "data" section (data_section.h): checked against the buffer map and the files' sizes whenever a
// program directory is read, so that no tool reads data a host would pack differently, or from outside DIR.
#include "inlay/program/data_section.h"

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/program/manifest_fields.h"

namespace inlay {

namespace {

using json_read::Where;
using nlohmann::json;

DataFile readEntry(const std::string& dir, const json& entry, const Where& at) {
  json_read::object(entry, at);
  json_read::rejectUnknownFields(entry, {"buffer", "file", "bytes"}, at);
  DataFile f;
  f.buffer = manifest::stringField(entry, "buffer", at);
  f.path = manifest::fileInDir(dir, manifest::stringField(entry, "file", at), at / "file");
  f.bytes = manifest::unsignedField(entry, "bytes", at);
  return f;
}

std::string described(const std::vector<DramBuffer>& buffers, size_t i) {
  return "buffer " + buffers[i].name + " (buffers[" + std::to_string(i) + "])";
}

size_t findBuffer(const std::vector<DramBuffer>& buffers, const std::string& name, const Where& at) {
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].name == name) return i;
  at.fail("no buffer is named '" + name + "'");
}

// The buffers the writer gives an input file: every one that carries a layout, except the output.
bool takesInput(const DramBuffer& b) { return b.layout && b.role != BufferRole::Output && b.role != BufferRole::Uop; }

}  // namespace

std::optional<DataSection> readDataSection(const std::string& dir, const json& m,
                                           const std::vector<DramBuffer>& buffers, const Where& root) {
  if (!m.contains("data")) return std::nullopt;
  const Where at = root / "data";
  const json& d = json_read::object(m.at("data"), at);
  json_read::rejectUnknownFields(d, {"seed", "inputs", "expected_output"}, at);
  DataSection s;
  s.seed = manifest::unsignedField(d, "seed", at);

  const json& inputs = json_read::array(json_read::member(d, "inputs", at), at / "inputs");
  std::vector<std::optional<size_t>> entryOf(buffers.size());
  for (size_t k = 0; k < inputs.size(); ++k) {
    const Where ak = (at / "inputs")[k];
    DataFile f = readEntry(dir, inputs[k], ak);
    const size_t b = findBuffer(buffers, f.buffer, ak / "buffer");
    if (!takesInput(buffers[b]))
      (ak / "buffer")
          .fail(described(buffers, b) + " takes no input data (only buffers with a layout other than the output do)");
    if (entryOf[b])
      (ak / "buffer")
          .fail(described(buffers, b) + " already has data in data.inputs[" + std::to_string(*entryOf[b]) + "]");
    if (f.bytes != buffers[b].bytes)
      (ak / "bytes")
          .fail(std::to_string(f.bytes) + " bytes for " + described(buffers, b) + " of " +
                std::to_string(buffers[b].bytes) + " bytes");
    entryOf[b] = k;
    s.inputs.push_back(std::move(f));
  }
  for (size_t b = 0; b < buffers.size(); ++b)
    if (takesInput(buffers[b]) && !entryOf[b]) (at / "inputs").fail("no data for " + described(buffers, b));

  const Where ae = at / "expected_output";
  s.expectedOutput = readEntry(dir, json_read::member(d, "expected_output", at), ae);
  const size_t out = findBuffer(buffers, s.expectedOutput.buffer, ae / "buffer");
  if (buffers[out].role != BufferRole::Output || !buffers[out].layout)
    (ae / "buffer").fail(described(buffers, out) + " is not an output buffer with a layout");
  const auto packed = static_cast<uint64_t>(buffers[out].layout->packedBytes());
  if (s.expectedOutput.bytes != packed)
    (ae / "bytes")
        .fail(std::to_string(s.expectedOutput.bytes) + " bytes for the " + std::to_string(packed) +
              " bytes that the layout of " + described(buffers, out) + " packs");

  // Last, the files themselves: present, and of the sizes the manifest gives.
  for (const DataFile& f : s.inputs) manifest::checkFileSize(f.path, f.bytes);
  manifest::checkFileSize(s.expectedOutput.path, s.expectedOutput.bytes);
  return s;
}

ProgramData readDataFiles(const DataSection& section) {
  auto contents = [](const DataFile& f) {
    std::vector<uint8_t> bytes = readBinaryFile(f.path);
    if (bytes.size() != f.bytes) throw manifest::sizeMismatch(f.path, bytes.size(), f.bytes);
    return bytes;
  };
  ProgramData data;
  data.seed = section.seed;
  for (const DataFile& f : section.inputs) data.buffers.emplace_back(f.buffer, contents(f));
  data.expectedOutput = contents(section.expectedOutput);
  return data;
}

}  // namespace inlay

// Program directory reader and writer (program/program_io.h). JSON stays at this edge.
#include "program/program_io.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "ir/error.h"
#include "ir/file_io.h"
#include "ir/json_read.h"
#include "ir/spec_reader.h"
#include "isa/encoding.h"
#include "isa/isa_reader.h"

namespace inlay {

namespace {

using json_read::Where;
using nlohmann::json;

constexpr const char* kManifest = "manifest.json";
constexpr const char* kInsnsFile = "insns.bin";
constexpr const char* kUopsFile = "uops.bin";

const std::vector<std::pair<BufferRole, std::string>>& roleNames() {
  static const std::vector<std::pair<BufferRole, std::string>> names = {{BufferRole::Input, "input"},
                                                                        {BufferRole::Weight, "weight"},
                                                                        {BufferRole::Output, "output"},
                                                                        {BufferRole::Accumulator, "accumulator"},
                                                                        {BufferRole::Uop, "uop"}};
  return names;
}

const std::vector<std::pair<MemType, std::string>>& memTypeNames() {
  static const std::vector<std::pair<MemType, std::string>> names = {
      {MemType::Uop, "UOP"}, {MemType::Wgt, "WGT"}, {MemType::Inp, "INP"},
      {MemType::Acc, "ACC"}, {MemType::Out, "OUT"}, {MemType::Acc8, "ACC_8BIT"}};
  return names;
}

template <class E>
std::string nameOf(const std::vector<std::pair<E, std::string>>& table, E value) {
  for (const auto& [v, n] : table)
    if (v == value) return n;
  INLAY_CHECK(false, "unnamed enum value");
  return "";
}

template <class E>
E valueOf(const std::vector<std::pair<E, std::string>>& table, const std::string& name, const Where& at) {
  std::string known;
  for (const auto& [v, n] : table) {
    if (n == name) return v;
    known += (known.empty() ? "" : ", ") + n;
  }
  at.fail("unknown value '" + name + "' (expected one of " + known + ")");
}

bool safeFileName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

std::string dataFile(const std::string& buffer) { return "data/" + buffer + ".bin"; }
std::string expectedFile(const std::string& buffer) { return "data/" + buffer + ".expected.bin"; }

int64_t memTypeElemBytes(const Isa& isa, MemType t) {
  switch (t) {
    case MemType::Uop: return isa.uopElemBytes();
    case MemType::Wgt: return isa.wgtElemBytes();
    case MemType::Inp: return isa.inpElemBytes();
    case MemType::Acc: return isa.accElemBytes();
    case MemType::Out: return isa.outElemBytes();
    case MemType::Acc8: return isa.accElemBytes() / 4;
  }
  return 1;
}

// ------------------------------------------------------------------------------------------------- writing

json layoutJson(const Layout& l) {
  json index = json::array();
  for (const QuasiAffine& e : l.index) index.push_back(e.print(l.dims));
  return {{"tensor", l.tensor}, {"tensor_shape", l.tensorShape}, {"scalar_bytes", l.scalarBytes},
          {"dims", l.dims},     {"extents", l.extents},          {"index", index}};
}

json bufferJson(const DramBuffer& b) {
  json j = {{"name", b.name},
            {"role", nameOf(roleNames(), b.role)},
            {"memory_type", nameOf(memTypeNames(), b.memType)},
            {"offset", b.offset},
            {"bytes", b.bytes},
            {"tensor", b.operatorTensor}};
  j["layout"] = b.layout ? layoutJson(*b.layout) : json(nullptr);
  return j;
}

std::vector<uint8_t> insnBytes(const Program& p) {
  std::vector<uint8_t> bytes;
  bytes.reserve(p.insns.size() * 16);
  for (const Instruction& insn : p.insns) {
    const InsnWord w = encode(insn, p.isa);
    for (uint64_t half : {w.lo, w.hi})
      for (int b = 0; b < 8; ++b) bytes.push_back(static_cast<uint8_t>(half >> (8 * b)));
  }
  return bytes;
}

std::vector<uint8_t> uopBytes(const Program& p) {
  std::vector<uint8_t> bytes;
  bytes.reserve(p.uops.size() * 4);
  for (const Uop& u : p.uops) {
    const uint32_t w = encodeUop(u, p.isa);
    for (int b = 0; b < 4; ++b) bytes.push_back(static_cast<uint8_t>(w >> (8 * b)));
  }
  return bytes;
}

}  // namespace

json programManifest(const Program& program, const ProgramData* data) {
  json buffers = json::array();
  for (const DramBuffer& b : program.buffers) {
    INLAY_CHECK(safeFileName(b.name), "buffer name '" + b.name + "' is not a safe file name");
    buffers.push_back(bufferJson(b));
  }
  json m = {
      {"format", "inlay-program"},
      {"version", kProgramFormatVersion},
      {"isa", isaToJson(program.isa)},
      {"operator", program.op ? toLoopnestSpec(*program.op) : json(nullptr)},
      {"strategy", program.strategy},
      {"dram_bytes", program.dramBytes},
      {"instructions", {{"file", kInsnsFile}, {"count", program.insns.size()}, {"bytes", 16 * program.insns.size()}}},
      {"uops", {{"file", kUopsFile}, {"count", program.uops.size()}, {"bytes", 4 * program.uops.size()}}},
      {"buffers", buffers}};
  if (data) {
    json files = json::array();
    for (const auto& [name, bytes] : data->buffers)
      files.push_back({{"buffer", name}, {"file", dataFile(name)}, {"bytes", bytes.size()}});
    const DramBuffer* out = program.buffer(BufferRole::Output);
    INLAY_CHECK(out != nullptr, "program data needs an Output buffer");
    m["data"] = {{"seed", data->seed},
                 {"inputs", files},
                 {"expected_output",
                  {{"buffer", out->name}, {"file", expectedFile(out->name)}, {"bytes", data->expectedOutput.size()}}}};
  }
  return m;
}

void writeProgramDir(const Program& program, const std::string& dir, const ProgramData* data) {
  const json manifest = programManifest(program, data);
  std::error_code ec;
  std::filesystem::create_directories(dir + (data ? "/data" : ""), ec);
  if (ec) throw WorkError("cannot create directory " + dir + ": " + ec.message());
  if (data) {
    for (const auto& [name, bytes] : data->buffers) writeFileAtomic(dir + "/" + dataFile(name), bytes);
    writeFileAtomic(dir + "/" + expectedFile(program.buffer(BufferRole::Output)->name), data->expectedOutput);
  }
  writeFileAtomic(dir + "/" + kInsnsFile, insnBytes(program));
  writeFileAtomic(dir + "/" + kUopsFile, uopBytes(program));
  writeFileAtomic(dir + "/" + kManifest, manifest.dump(2) + "\n");
}

// ------------------------------------------------------------------------------------------------- reading

namespace {

uint64_t unsignedField(const json& obj, const std::string& key, const Where& at) {
  const int64_t v = json_read::integer(json_read::member(obj, key, at), at / key);
  if (v < 0) (at / key).fail("must not be negative, got " + std::to_string(v));
  return static_cast<uint64_t>(v);
}

std::string stringField(const json& obj, const std::string& key, const Where& at) {
  return json_read::string(json_read::member(obj, key, at), at / key);
}

std::vector<int64_t> integerArray(const json& obj, const std::string& key, const Where& at, bool positive) {
  std::vector<int64_t> v;
  const json& arr = json_read::array(json_read::member(obj, key, at), at / key);
  for (size_t i = 0; i < arr.size(); ++i)
    v.push_back(positive ? json_read::positive(arr[i], (at / key)[i]) : json_read::integer(arr[i], (at / key)[i]));
  return v;
}

Layout readLayout(const json& j, const Where& at) {
  json_read::object(j, at);
  json_read::rejectUnknownFields(j, {"tensor", "tensor_shape", "scalar_bytes", "dims", "extents", "index"}, at);
  Layout l;
  l.tensor = stringField(j, "tensor", at);
  l.tensorShape = integerArray(j, "tensor_shape", at, true);
  l.scalarBytes = static_cast<int>(json_read::integer(json_read::member(j, "scalar_bytes", at), at / "scalar_bytes"));
  if (l.scalarBytes != 1 && l.scalarBytes != 2 && l.scalarBytes != 4)
    (at / "scalar_bytes").fail("must be 1, 2 or 4, got " + std::to_string(l.scalarBytes));
  const json& dims = json_read::array(json_read::member(j, "dims", at), at / "dims");
  for (size_t i = 0; i < dims.size(); ++i) l.dims.push_back(json_read::string(dims[i], (at / "dims")[i]));
  l.extents = integerArray(j, "extents", at, true);
  if (l.extents.size() != l.dims.size())
    (at / "extents")
        .fail("has " + std::to_string(l.extents.size()) + " entries for " + std::to_string(l.dims.size()) + " dims");
  const json& index = json_read::array(json_read::member(j, "index", at), at / "index");
  if (index.size() != l.tensorShape.size())
    (at / "index")
        .fail("has " + std::to_string(index.size()) + " entries for a tensor of rank " +
              std::to_string(l.tensorShape.size()));
  for (size_t i = 0; i < index.size(); ++i) {
    const Where ai = (at / "index")[i];
    l.index.push_back(QuasiAffine::parse(json_read::string(index[i], ai), l.dims, ai.file, ai.path));
  }
  return l;
}

DramBuffer readBuffer(const json& j, const Isa& isa, uint64_t dramBytes, const Where& at) {
  json_read::object(j, at);
  json_read::rejectUnknownFields(j, {"name", "role", "memory_type", "offset", "bytes", "tensor", "layout"}, at);
  DramBuffer b;
  b.name = stringField(j, "name", at);
  if (!safeFileName(b.name)) (at / "name").fail("'" + b.name + "' is not a plain file name ([A-Za-z0-9_.-])");
  b.role = valueOf(roleNames(), stringField(j, "role", at), at / "role");
  b.memType = valueOf(memTypeNames(), stringField(j, "memory_type", at), at / "memory_type");
  b.offset = unsignedField(j, "offset", at);
  b.bytes = unsignedField(j, "bytes", at);
  b.operatorTensor = stringField(j, "tensor", at);
  const int64_t elem = memTypeElemBytes(isa, b.memType);
  if (b.offset % static_cast<uint64_t>(elem) != 0)
    (at / "offset")
        .fail(std::to_string(b.offset) + " is not aligned to the " + std::to_string(elem) + "-byte element of " +
              nameOf(memTypeNames(), b.memType));
  if (b.offset + b.bytes > dramBytes || b.offset + b.bytes < b.offset)
    (at / "bytes")
        .fail("buffer [" + std::to_string(b.offset) + ", " + std::to_string(b.offset + b.bytes) +
              ") exceeds dram_bytes " + std::to_string(dramBytes));
  const json& layout = json_read::member(j, "layout", at);
  if (!layout.is_null()) {
    b.layout = readLayout(layout, at / "layout");
    if (static_cast<uint64_t>(b.layout->packedBytes()) > b.bytes)
      (at / "layout")
          .fail("packs " + std::to_string(b.layout->packedBytes()) + " bytes into a buffer of " +
                std::to_string(b.bytes));
  }
  return b;
}

/// A binary part named by the manifest: its file must exist and hold exactly `bytes` bytes.
std::vector<uint8_t> readPart(const std::string& dir, const json& part, size_t unit, const Where& at, uint64_t& count) {
  json_read::object(part, at);
  json_read::rejectUnknownFields(part, {"file", "count", "bytes"}, at);
  const std::string file = stringField(part, "file", at);
  if (!safeFileName(file)) (at / "file").fail("'" + file + "' is not a plain file name");
  count = unsignedField(part, "count", at);
  const uint64_t bytes = unsignedField(part, "bytes", at);
  if (bytes != count * unit)
    (at / "bytes")
        .fail(std::to_string(bytes) + " bytes for " + std::to_string(count) + " entries of " + std::to_string(unit) +
              " bytes");
  std::vector<uint8_t> data = readBinaryFile(dir + "/" + file);
  if (data.size() != bytes)
    throw InputError(dir + "/" + file, "",
                     "holds " + std::to_string(data.size()) + " bytes, the manifest says " + std::to_string(bytes));
  return data;
}

uint64_t littleEndian(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int b = 0; b < bytes; ++b) v |= uint64_t{p[b]} << (8 * b);
  return v;
}

}  // namespace

Program readProgramDir(const std::string& dir) {
  const std::string manifestPath = dir + "/" + kManifest;
  const json m = json_read::parse(readTextFile(manifestPath), manifestPath);
  const Where root{manifestPath, ""};
  json_read::object(m, root);
  json_read::rejectUnknownFields(
      m, {"format", "version", "isa", "operator", "strategy", "dram_bytes", "instructions", "uops", "buffers", "data"},
      root);
  if (stringField(m, "format", root) != "inlay-program") (root / "format").fail("expected \"inlay-program\"");
  const int64_t version = json_read::integer(json_read::member(m, "version", root), root / "version");
  if (version != kProgramFormatVersion)
    (root / "version")
        .fail("unsupported version " + std::to_string(version) + " (this build reads " +
              std::to_string(kProgramFormatVersion) + ")");
  Program p;
  p.isa = parseIsa(json_read::member(m, "isa", root), manifestPath);
  const json& op = json_read::member(m, "operator", root);
  if (!op.is_null()) p.op = lowerSpec(op, manifestPath, "operator");
  p.strategy = stringField(m, "strategy", root);
  p.dramBytes = unsignedField(m, "dram_bytes", root);
  const json& buffers = json_read::array(json_read::member(m, "buffers", root), root / "buffers");
  for (size_t i = 0; i < buffers.size(); ++i)
    p.buffers.push_back(readBuffer(buffers[i], p.isa, p.dramBytes, (root / "buffers")[i]));

  uint64_t count = 0;
  const std::vector<uint8_t> insns =
      readPart(dir, json_read::member(m, "instructions", root), 16, root / "instructions", count);
  const std::string insnsPath = dir + "/" + stringField(m["instructions"], "file", root / "instructions");
  for (uint64_t i = 0; i < count; ++i) {
    const InsnWord w{littleEndian(&insns[i * 16], 8), littleEndian(&insns[i * 16 + 8], 8)};
    try {
      p.insns.push_back(decode(w, p.isa));
    } catch (const InputError& e) {
      throw InputError(insnsPath, "instruction " + std::to_string(i), e.what() + 2);  // drop the empty ": " prefix
    }
  }
  const std::vector<uint8_t> uops = readPart(dir, json_read::member(m, "uops", root), 4, root / "uops", count);
  for (uint64_t k = 0; k < count; ++k)
    p.uops.push_back(decodeUop(static_cast<uint32_t>(littleEndian(&uops[k * 4], 4)), p.isa));
  return p;
}

ProgramData readProgramData(const std::string& dir) {
  const std::string manifestPath = dir + "/" + kManifest;
  const json m = json_read::parse(readTextFile(manifestPath), manifestPath);
  ProgramData data;
  if (!m.contains("data")) return data;
  const Where at = Where{manifestPath, ""} / "data";
  const json& d = json_read::object(m["data"], at);
  data.seed = unsignedField(d, "seed", at);
  const json& inputs = json_read::array(json_read::member(d, "inputs", at), at / "inputs");
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Where ai = (at / "inputs")[i];
    const std::string name = stringField(inputs[i], "buffer", ai);
    if (!safeFileName(name)) (ai / "buffer").fail("'" + name + "' is not a plain file name");
    data.buffers.emplace_back(name, readBinaryFile(dir + "/" + dataFile(name)));
  }
  const json& expected = json_read::member(d, "expected_output", at);
  const std::string out = stringField(expected, "buffer", at / "expected_output");
  if (!safeFileName(out)) (at / "expected_output" / "buffer").fail("'" + out + "' is not a plain file name");
  data.expectedOutput = readBinaryFile(dir + "/" + expectedFile(out));
  return data;
}

}  // namespace inlay

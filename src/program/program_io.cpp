// Program directory reader and writer (program/program_io.h). JSON stays at this edge.
#include "inlay/program/program_io.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/json_read.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/encoding.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/program/data_section.h"
#include "inlay/program/manifest_fields.h"

namespace inlay {

namespace {

using json_read::Where;
using manifest::safeFileName;
using manifest::stringField;
using manifest::unsignedField;
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

std::string dataFile(const std::string& buffer) { return "data/" + buffer + ".bin"; }
std::string expectedFile(const std::string& buffer) { return "data/" + buffer + ".expected.bin"; }

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
//
// readProgramDir checks the manifest in this order: the header and the ISA, the operator, each buffer on its own,
// the buffer map as a whole (roles, overlaps, the operator tensors the layouts carry), the binary parts and the
// uop buffer that holds the micro-ops, dram_bytes against the buffer map, and last the data section (if any).
// Every size is checked with overflow-safe arithmetic, and against the files, before anything is allocated: a
// tampered directory must give an InputError, never a crash, an exhausted memory or a run on wrong data.

namespace {

// The simulator holds the whole DRAM image, and every operator tensor, in memory: a bound far above any generated
// program that keeps a tampered manifest from exhausting memory.

std::vector<int64_t> integerArray(const json& obj, const std::string& key, const Where& at, bool positive) {
  std::vector<int64_t> v;
  const json& arr = json_read::array(json_read::member(obj, key, at), at / key);
  for (size_t i = 0; i < arr.size(); ++i)
    v.push_back(positive ? json_read::positive(arr[i], (at / key)[i]) : json_read::integer(arr[i], (at / key)[i]));
  return v;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s;
  for (int64_t e : shape) s += (s.empty() ? "" : ", ") + std::to_string(e);
  return "[" + s + "]";
}

// The index expressions are evaluated at every packed coordinate when packing and unpacking: no value they take
// over the extents may overflow.
void checkIndexRanges(const Layout& l, const Where& at) {
  for (size_t i = 0; i < l.index.size(); ++i)
    if (!l.index[i].valueRange(l.extents))
      (at / "index")[i].fail("\"" + l.index[i].print(l.dims) + "\" overflows 64 bits over the extents " +
                             shapeText(l.extents));
}

Layout readLayout(const json& j, const Where& at) {
  json_read::object(j, at);
  json_read::rejectUnknownFields(j, {"tensor", "tensor_shape", "scalar_bytes", "dims", "extents", "index"}, at);
  Layout l;
  l.tensor = stringField(j, "tensor", at);
  l.tensorShape = integerArray(j, "tensor_shape", at, true);
  int64_t elements = 1;
  for (int64_t e : l.tensorShape)
    if (__builtin_mul_overflow(elements, e, &elements))
      (at / "tensor_shape").fail("the element count of " + shapeText(l.tensorShape) + " overflows 64 bits");
  const int64_t scalarBytes = json_read::integer(json_read::member(j, "scalar_bytes", at), at / "scalar_bytes");
  if (scalarBytes != 1 && scalarBytes != 2 && scalarBytes != 4)
    (at / "scalar_bytes").fail("must be 1, 2 or 4, got " + std::to_string(scalarBytes));
  l.scalarBytes = static_cast<int>(scalarBytes);
  const json& dims = json_read::array(json_read::member(j, "dims", at), at / "dims");
  for (size_t i = 0; i < dims.size(); ++i) l.dims.push_back(json_read::string(dims[i], (at / "dims")[i]));
  l.extents = integerArray(j, "extents", at, true);
  if (l.extents.size() != l.dims.size())
    (at / "extents")
        .fail("has " + std::to_string(l.extents.size()) + " entries for " + std::to_string(l.dims.size()) + " dims");
  if (!l.checkedPackedBytes())
    (at / "extents").fail("the packed size of " + shapeText(l.extents) + " scalars overflows 64 bits");
  const json& index = json_read::array(json_read::member(j, "index", at), at / "index");
  if (index.size() != l.tensorShape.size())
    (at / "index")
        .fail("has " + std::to_string(index.size()) + " entries for a tensor of rank " +
              std::to_string(l.tensorShape.size()));
  for (size_t i = 0; i < index.size(); ++i) {
    const Where ai = (at / "index")[i];
    l.index.push_back(QuasiAffine::parse(json_read::string(index[i], ai), l.dims, ai.file, ai.path));
  }
  checkIndexRanges(l, at);
  return l;
}

DramBuffer readBuffer(const json& j, const Isa& isa, const Where& at) {
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
  const int64_t elem = dramElemBytes(isa, b.memType);
  if (b.offset % static_cast<uint64_t>(elem) != 0)
    (at / "offset")
        .fail(std::to_string(b.offset) + " is not aligned to the " + std::to_string(elem) + "-byte element of " +
              nameOf(memTypeNames(), b.memType));
  const json& layout = json_read::member(j, "layout", at);
  if (!layout.is_null()) {
    b.layout = readLayout(layout, at / "layout");
    if (static_cast<uint64_t>(b.layout->packedBytes()) > b.bytes)
      (at / "layout")
          .fail("packs " + std::to_string(b.layout->packedBytes()) + " bytes into a buffer of " +
                std::to_string(b.bytes));
  }
  if (b.layout && b.operatorTensor != b.layout->tensor)
    (at / "tensor").fail("'" + b.operatorTensor + "' differs from the layout's tensor '" + b.layout->tensor + "'");
  if (!b.layout && !b.operatorTensor.empty())
    (at / "tensor").fail("names tensor '" + b.operatorTensor + "' but the buffer has no layout");
  if (b.role == BufferRole::Uop && b.layout) (at / "layout").fail("a uop buffer carries no tensor; expected null");
  return b;
}

// At most one buffer of a role that the simulator and verifier look up by role (Program::buffer).
void checkUniqueRole(const std::vector<DramBuffer>& buffers, BufferRole role, const Where& at) {
  std::optional<size_t> first;
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].role != role) continue;
    if (first)
      (at[i] / "role")
          .fail("a second " + nameOf(roleNames(), role) + " buffer (the first is buffers[" + std::to_string(*first) +
                "])");
    first = i;
  }
}

// Buffers may not overlap: packing one input would overwrite another. Sorted by offset, each non-empty buffer must
// start at or after the furthest end so far.
void checkDisjoint(const std::vector<DramBuffer>& buffers, const Where& at) {
  std::vector<size_t> order;
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].bytes > 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return buffers[a].offset < buffers[b].offset; });
  std::optional<size_t> furthest;
  for (size_t i : order) {
    const DramBuffer& b = buffers[i];
    if (furthest && b.offset < buffers[*furthest].offset + buffers[*furthest].bytes)
      (at[i] / "offset")
          .fail("buffer " + b.name + " at " + std::to_string(b.offset) + " overlaps buffer " + buffers[*furthest].name +
                " (buffers[" + std::to_string(*furthest) + "])");
    if (!furthest || b.offset + b.bytes > buffers[*furthest].offset + buffers[*furthest].bytes) furthest = i;
  }
}

// dram_bytes is exactly what the buffer map needs: at least the end of the last buffer and at most that end rounded
// up to a page (so it is within kMaxDramBytes too, as every buffer is).
void checkDramBytes(const std::vector<DramBuffer>& buffers, uint64_t dramBytes, const Where& at) {
  uint64_t end = 0;
  std::string last;
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].offset + buffers[i].bytes <= end) continue;
    end = buffers[i].offset + buffers[i].bytes;
    last = "buffer " + buffers[i].name + " (buffers[" + std::to_string(i) + "])";
  }
  if (dramBytes < end)
    at.fail(std::to_string(dramBytes) + " is smaller than the end " + std::to_string(end) + " of " + last);
  const uint64_t needed = (end + kDramPageBytes - 1) / kDramPageBytes * kDramPageBytes;
  if (dramBytes > needed)
    at.fail(std::to_string(dramBytes) + " is larger than the " + std::to_string(needed) +
            " bytes the buffer map needs (its end rounded up to a " + std::to_string(kDramPageBytes) + "-byte page)");
}

std::vector<DramBuffer> readBuffers(const json& m, const Isa& isa, const Where& root) {
  const Where at = root / "buffers";
  const json& arr = json_read::array(json_read::member(m, "buffers", root), at);
  std::vector<DramBuffer> buffers;
  for (size_t i = 0; i < arr.size(); ++i) {
    buffers.push_back(readBuffer(arr[i], isa, at[i]));
    for (size_t j = 0; j + 1 < buffers.size(); ++j)  // names name the data files
      if (buffers[j].name == buffers.back().name)
        (at[i] / "name")
            .fail("a second buffer named '" + buffers[j].name + "' (the first is buffers[" + std::to_string(j) + "])");
    // Before any sum of offsets and sizes: every buffer ends within the bound, so such sums cannot overflow.
    const DramBuffer& b = buffers.back();
    if (b.bytes > kMaxDramBytes || b.offset > kMaxDramBytes - b.bytes)
      (at[i] / "bytes")
          .fail("buffer [" + std::to_string(b.offset) + ", +" + std::to_string(b.bytes) +
                ") ends beyond the limit of " + std::to_string(kMaxDramBytes) + " DRAM bytes");
  }
  checkUniqueRole(buffers, BufferRole::Output, at);
  checkUniqueRole(buffers, BufferRole::Uop, at);
  checkDisjoint(buffers, at);
  return buffers;
}

// ------------------------------------------------------------------------------- the buffer map vs the operator

std::string tensorList(const Operator& op) { return op.inputs[0].tensor + " and " + op.inputs[1].tensor; }

const TensorAccess* findTensor(const Operator& op, const std::string& name) {
  for (const TensorAccess* t : {&op.inputs[0], &op.inputs[1], &op.out})
    if (t->tensor == name) return t;
  return nullptr;
}

// The operator tensor a buffer's layout carries: an input for input and weight buffers, the output for the output
// buffer, any of them for an accumulator buffer.
const TensorAccess& carriedTensor(const Operator& op, const DramBuffer& b, const Where& at) {
  const std::string& name = b.layout->tensor;
  const Where tensorAt = at / "layout" / "tensor";
  const bool isInput = name == op.inputs[0].tensor || name == op.inputs[1].tensor;
  if ((b.role == BufferRole::Input || b.role == BufferRole::Weight) && !isInput)
    tensorAt.fail("'" + name + "' is not an input of the operator (its inputs are " + tensorList(op) + ")");
  if (b.role == BufferRole::Output && name != op.out.tensor)
    tensorAt.fail("'" + name + "' is not the operator's output " + op.out.tensor);
  const TensorAccess* tensor = findTensor(op, name);
  if (!tensor)
    tensorAt.fail("'" + name + "' is not a tensor of the operator (" + tensorList(op) + ", " + op.out.tensor + ")");
  return *tensor;
}

void checkBufferCarries(const Operator& op, const DramBuffer& b, const Where& at) {
  if (b.role == BufferRole::Uop) return;
  if (!b.layout) {
    if (b.role == BufferRole::Accumulator) return;
    (at / "layout").fail("an " + nameOf(roleNames(), b.role) + " buffer needs the layout of an operator tensor");
  }
  const TensorAccess& tensor = carriedTensor(op, b, at);
  if (b.layout->tensorShape != tensor.shape)
    (at / "layout" / "tensor_shape")
        .fail(shapeText(b.layout->tensorShape) + " differs from the shape " + shapeText(tensor.shape) +
              " of the operator's tensor " + tensor.tensor);
}

// The roles and layouts agree with the operator: every buffer carries a tensor of the operator in the shape the
// operator gives it, one buffer carries the output and every input is carried by an input or weight buffer. The
// verifier packs random tensors of the operator's shapes, so those must fit in memory too.
void checkAgainstOperator(const std::vector<DramBuffer>& buffers, const Operator& op, const Where& root) {
  const Where at = root / "buffers";
  for (size_t i = 0; i < buffers.size(); ++i) checkBufferCarries(op, buffers[i], at[i]);
  auto carried = [&](const std::string& tensor, std::initializer_list<BufferRole> roles) {
    for (const DramBuffer& b : buffers)
      for (BufferRole r : roles)
        if (b.role == r && b.layout && b.layout->tensor == tensor) return true;
    return false;
  };
  if (!carried(op.out.tensor, {BufferRole::Output}))
    at.fail("no buffer has role output; the operator's output " + op.out.tensor + " needs one");
  for (const TensorAccess& in : op.inputs)
    if (!carried(in.tensor, {BufferRole::Input, BufferRole::Weight}))
      at.fail("no input or weight buffer carries the operator's input " + in.tensor);
  for (const TensorAccess* t : {&op.inputs[0], &op.inputs[1], &op.out})
    if (static_cast<uint64_t>(t->elements()) > kMaxDramBytes)
      (root / "operator")
          .fail("tensor " + t->tensor + " has " + std::to_string(t->elements()) + " elements, more than the limit of " +
                std::to_string(kMaxDramBytes));
}

// ------------------------------------------------------------------------------------------------ binary parts

/// A binary part named by the manifest (insns.bin, uops.bin): `count` entries of `unit` bytes.
struct Part {
  std::string path;  // DIR/file, for messages
  uint64_t count = 0;
  std::vector<uint8_t> bytes;
};

/// Reads the part `key` of the manifest. The count, the byte size and the file's size must agree, and are compared
/// (overflow-safe) before the file is read, so that a tampered count neither overflows nor allocates.
Part readPart(const std::string& dir, const json& m, const std::string& key, uint64_t unit, const Where& root) {
  const Where at = root / key;
  const json& part = json_read::object(json_read::member(m, key, root), at);
  json_read::rejectUnknownFields(part, {"file", "count", "bytes"}, at);
  const std::string file = stringField(part, "file", at);
  if (!safeFileName(file)) (at / "file").fail("'" + file + "' is not a plain file name");
  Part p{manifest::fileInDir(dir, file, at / "file"), unsignedField(part, "count", at), {}};
  const uint64_t bytes = unsignedField(part, "bytes", at);
  uint64_t expected = 0;
  if (__builtin_mul_overflow(p.count, unit, &expected))
    (at / "count").fail(std::to_string(p.count) + " entries of " + std::to_string(unit) + " bytes overflow 64 bits");
  if (bytes != expected)
    (at / "bytes")
        .fail(std::to_string(bytes) + " bytes for " + std::to_string(p.count) + " entries of " + std::to_string(unit) +
              " bytes");
  manifest::checkFileSize(p.path, bytes);
  p.bytes = readBinaryFile(p.path);
  if (p.bytes.size() != bytes) throw manifest::sizeMismatch(p.path, p.bytes.size(), bytes);
  return p;
}

uint64_t littleEndian(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int b = 0; b < bytes; ++b) v |= uint64_t{p[b]} << (8 * b);
  return v;
}

/// Decodes every word, recording in `unused` the set bits that no field uses (the program checks report them).
std::vector<Instruction> decodeInsns(const Part& part, const Isa& isa, std::vector<UnusedBits>& unused) {
  std::vector<Instruction> insns;
  for (uint64_t i = 0; i < part.count; ++i) {
    const InsnWord w{littleEndian(&part.bytes[i * 16], 8), littleEndian(&part.bytes[i * 16 + 8], 8)};
    try {
      insns.push_back(decode(w, isa));
      if (const InsnWord u = unusedBits(w, isa); u != InsnWord{}) unused.push_back({false, static_cast<int64_t>(i), u});
    } catch (const InputError& e) {
      throw InputError(part.path, "instruction " + std::to_string(i), e.message());
    }
  }
  return insns;
}

// The micro-op image is copied into the uop buffer, which must exist and hold it.
void checkUopBuffer(const std::vector<DramBuffer>& buffers, const Part& uops, const Where& root) {
  if (uops.count == 0) return;
  const std::string image = std::to_string(uops.count) + (uops.count == 1 ? " micro-op" : " micro-ops") + " (" +
                            std::to_string(uops.bytes.size()) + " bytes) of " + uops.path;
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].role != BufferRole::Uop) continue;
    if (buffers[i].bytes < uops.bytes.size())
      ((root / "buffers")[i] / "bytes").fail(std::to_string(buffers[i].bytes) + " bytes cannot hold the " + image);
    return;
  }
  (root / "buffers").fail("no buffer has role uop to hold the " + image);
}

// The whole reader; `data` receives the checked data section (nullopt without one).
Program readProgram(const std::string& dir, std::optional<DataSection>& data) {
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
  p.isa = parseIsa(json_read::member(m, "isa", root), manifestPath, "isa");
  const json& op = json_read::member(m, "operator", root);
  if (!op.is_null()) p.op = lowerSpec(op, manifestPath, "operator");
  p.strategy = stringField(m, "strategy", root);
  p.dramBytes = unsignedField(m, "dram_bytes", root);
  p.buffers = readBuffers(m, p.isa, root);
  if (p.op) checkAgainstOperator(p.buffers, *p.op, root);

  p.insns = decodeInsns(readPart(dir, m, "instructions", 16, root), p.isa, p.unusedBits);
  const Part uops = readPart(dir, m, "uops", 4, root);
  checkUopBuffer(p.buffers, uops, root);
  for (uint64_t k = 0; k < uops.count; ++k) {
    const auto word = static_cast<uint32_t>(littleEndian(&uops.bytes[k * 4], 4));
    p.uops.push_back(decodeUop(word, p.isa));
    if (const uint32_t u = unusedUopBits(word, p.isa)) p.unusedBits.push_back({true, static_cast<int64_t>(k), {u, 0}});
  }
  // Last, so that a buffer missing from the map is reported as such rather than as a dram_bytes too large for it.
  checkDramBytes(p.buffers, p.dramBytes, root / "dram_bytes");
  data = readDataSection(dir, m, p.buffers, root);
  return p;
}

}  // namespace

Program readProgramDir(const std::string& dir) {
  std::optional<DataSection> data;
  return readProgram(dir, data);
}

ProgramData readProgramData(const std::string& dir) {
  std::optional<DataSection> data;
  readProgram(dir, data);
  return data ? readDataFiles(*data) : ProgramData{};
}

}  // namespace inlay

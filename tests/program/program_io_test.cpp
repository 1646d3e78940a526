// Tests of program/program_io.h: write/read round trip, byte-identical rewrites, optional data files, and input
// errors that name the file and the field.
#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/program/program_io.h"
#include "program/small_gemm_program.h"

using namespace inlay;
namespace fs = std::filesystem;

namespace {

/// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("inlay_program_io_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string str() const { return path.string(); }
};

std::string readError(const std::string& dir) {
  try {
    readProgramDir(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

void editManifest(const std::string& dir, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json m = nlohmann::json::parse(readTextFile(dir + "/manifest.json"));
  edit(m);
  writeFileAtomic(dir + "/manifest.json", m.dump(2));
}

}  // namespace

TEST_CASE("program directory: write then read gives the same program") {
  TempDir dir("roundtrip");
  const Program p = test::smallGemmProgram();
  writeProgramDir(p, dir.str());
  CHECK(fs::file_size(dir.path / "insns.bin") == 16 * p.insns.size());
  CHECK(fs::file_size(dir.path / "uops.bin") == 4 * p.uops.size());
  const Program back = readProgramDir(dir.str());
  CHECK(back.insns == p.insns);
  CHECK(back.uops == p.uops);
  CHECK(back.dramBytes == p.dramBytes);
  CHECK(back.isa.name == p.isa.name);
  REQUIRE(back.op.has_value());
  CHECK(back.op->macs() == p.op->macs());
  CHECK(back.op->inputs[1].tensor == "B");
  REQUIRE(back.buffers.size() == p.buffers.size());
  for (size_t i = 0; i < p.buffers.size(); ++i) {
    const DramBuffer &a = p.buffers[i], &b = back.buffers[i];
    CHECK(b.name == a.name);
    CHECK(b.role == a.role);
    CHECK(b.memType == a.memType);
    CHECK(b.offset == a.offset);
    CHECK(b.bytes == a.bytes);
    CHECK(b.layout.has_value() == a.layout.has_value());
    if (a.layout) {
      CHECK(b.layout->extents == a.layout->extents);
      for (size_t d = 0; d < a.layout->index.size(); ++d)
        CHECK(b.layout->index[d].print(b.layout->dims) == a.layout->index[d].print(a.layout->dims));
    }
  }
  // The manifest records the layout as index strings a host can evaluate.
  const auto m = nlohmann::json::parse(readTextFile(dir.str() + "/manifest.json"));
  CHECK(m["buffers"][2]["layout"]["index"] == nlohmann::json::array({"16*kb + c", "n"}));
  CHECK(m["instructions"]["count"] == p.insns.size());
}

TEST_CASE("program directory: rewriting gives byte-identical files; data files are optional") {
  TempDir a("det_a"), b("det_b");
  const Program p = test::smallGemmProgram();
  ProgramData data;
  data.seed = 5;
  data.buffers = {{"A", std::vector<uint8_t>(512, 1)}, {"B", std::vector<uint8_t>(96, 2)}};
  data.expectedOutput = std::vector<uint8_t>(48, 3);
  writeProgramDir(p, a.str(), &data);
  writeProgramDir(p, b.str(), &data);
  for (const char* f : {"manifest.json", "insns.bin", "uops.bin", "data/A.bin", "data/C.expected.bin"})
    CHECK(readBinaryFile(a.str() + "/" + f) == readBinaryFile(b.str() + "/" + f));
  const ProgramData back = readProgramData(a.str());
  CHECK(back.seed == 5);
  CHECK(back.buffers == data.buffers);
  CHECK(back.expectedOutput == data.expectedOutput);
}

TEST_CASE("program directory: input errors name the file and the field") {
  TempDir dir("errors");
  const Program p = test::smallGemmProgram();
  const std::string d = dir.str();
  writeProgramDir(p, d);

  editManifest(d, [](nlohmann::json& m) { m["buffers"][1]["role"] = "bias"; });
  CHECK(readError(d) == d + "/manifest.json: buffers[1].role: unknown value 'bias' (expected one of input, weight, "
                            "output, accumulator, uop)");

  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m["buffers"][1]["offset"] = 4100; });
  CHECK(readError(d) == d + "/manifest.json: buffers[1].offset: 4100 is not aligned to the 256-byte element of WGT");

  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m["buffers"][2]["layout"]["index"][0] = "16*kb + z"; });
  CHECK(readError(d) == d + "/manifest.json: buffers[2].layout.index[0]: bad index expression \"16*kb + z\" at "
                            "column 9: unknown packed dim 'z'");

  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m.erase("dram_bytes"); });
  CHECK(readError(d) == d + "/manifest.json: dram_bytes: missing field");

  writeProgramDir(p, d);
  {
    std::vector<uint8_t> insns = readBinaryFile(d + "/insns.bin");
    insns[2 * 16] = 7;  // opcode 7 in instruction 2
    writeFileAtomic(d + "/insns.bin", insns);
  }
  CHECK(readError(d) == d + "/insns.bin: instruction 2: unknown opcode 7");

  writeProgramDir(p, d);
  {
    std::vector<uint8_t> uops = readBinaryFile(d + "/uops.bin");
    uops.pop_back();
    writeFileAtomic(d + "/uops.bin", uops);
  }
  CHECK(readError(d) == d + "/uops.bin: holds 11 bytes, the manifest says 12");

  // Sizes are checked overflow-safe and against the buffer map; layouts against the operator (the CLI test
  // tests/cli/bad_program_test.cpp runs many more through `inlay sim`).
  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m["instructions"].update({{"count", uint64_t{1} << 60}, {"bytes", 0}}); });
  CHECK(readError(d) ==
        d + "/manifest.json: instructions.count: 1152921504606846976 entries of 16 bytes overflow 64 bits");

  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m["dram_bytes"] = 20480; });
  CHECK(readError(d) == d + "/manifest.json: dram_bytes: 20480 is larger than the 16384 bytes the buffer map needs "
                            "(its end rounded up to a 4096-byte page)");

  writeProgramDir(p, d);
  editManifest(d, [](nlohmann::json& m) { m["buffers"][1]["layout"]["tensor_shape"] = {16, 33}; });
  CHECK(readError(d) == d + "/manifest.json: buffers[1].layout.tensor_shape: [16, 33] differs from the shape "
                            "[16, 32] of the operator's tensor A");

  fs::remove(dir.path / "manifest.json");
  CHECK(readError(d).starts_with(d + "/manifest.json: "));
}

TEST_CASE("program directory: set bits that no field uses are read into Program::unusedBits (issue 11, 11)") {
  TempDir dir("unused");
  Program p = test::smallGemmProgram();
  p.isa = vtaIsa({.accBufferBytes = 65536});  // ACC depth 1024: micro-op bit 31 is unused
  writeProgramDir(p, dir.str());
  CHECK(readProgramDir(dir.str()).unusedBits.empty());

  std::vector<uint8_t> insns = readBinaryFile(dir.str() + "/insns.bin");
  insns[1 * 16 + 7] |= 0x84;                      // LOAD INP: bits 58 and 63
  insns[(p.insns.size() - 1) * 16 + 15] |= 0x01;  // FINISH: bit 120
  std::vector<uint8_t> uops = readBinaryFile(dir.str() + "/uops.bin");
  uops[2 * 4 + 3] |= 0x80;  // micro-op 2: bit 31
  writeFileAtomic(dir.str() + "/insns.bin", insns);
  writeFileAtomic(dir.str() + "/uops.bin", uops);

  const Program back = readProgramDir(dir.str());
  CHECK(back.insns == p.insns);  // the decoded program drops them
  CHECK(back.uops == p.uops);
  REQUIRE(back.unusedBits.size() == 3);
  CHECK_FALSE(back.unusedBits[0].uop);
  CHECK(back.unusedBits[0].index == 1);
  CHECK(back.unusedBits[0].bits == InsnWord{(uint64_t{1} << 58) | (uint64_t{1} << 63), 0});
  CHECK_FALSE(back.unusedBits[1].uop);
  CHECK(back.unusedBits[1].index == static_cast<int64_t>(p.insns.size()) - 1);
  CHECK(back.unusedBits[1].bits == InsnWord{0, uint64_t{1} << 56});
  CHECK(back.unusedBits[2].uop);
  CHECK(back.unusedBits[2].index == 2);
  CHECK(back.unusedBits[2].bits == InsnWord{0x80000000u, 0});
}

// The bad-program table: a program directory written by `inlay gen`, tampered in one way per row (huge counts,
// truncated parts, a wrong dram_bytes, buffer roles, tensors and shapes that disagree with the operator, overflowing
// layouts, a bad ISA field, broken or missing files, files outside DIR) and run through `inlay sim`; a second table
// tampers with the data section of a program written with --emit-data. Each must exit 2 with one message naming the
// file and the JSON path, print nothing on stdout, and neither crash nor hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>

#include <nlohmann/json.hpp>

#include "gen_program.h"
#include "inlay/ir/file_io.h"
#include "run_inlay.h"

using inlay_test::runInlay;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// Edits a copy of the program directory.
using Tamper = std::function<void(const fs::path& dir)>;

struct BadProgram {
  const char* what;
  Tamper tamper;
  const char* file;     // the file the message must name, relative to DIR
  const char* path;     // the JSON path it must name ("" for none)
  const char* message;  // a substring of the message after the path
};

Tamper editManifest(std::function<void(json&)> edit) {
  return [edit](const fs::path& dir) {
    json m = json::parse(inlay_test::slurp(dir / "manifest.json"));
    edit(m);
    inlay::writeFileAtomic((dir / "manifest.json").string(), m.dump(2));
  };
}

// editManifest, then the JSON text "@RAW@" (a string the edit put somewhere) replaced by `raw`: for values that a
// json object cannot hold (1e999) or that its recursive dump would not survive (100,000 nested arrays).
Tamper editManifestRaw(std::function<void(json&)> edit, std::string raw) {
  return [edit, raw](const fs::path& dir) {
    json m = json::parse(inlay_test::slurp(dir / "manifest.json"));
    edit(m);
    std::string text = m.dump(2);
    const size_t at = text.find("\"@RAW@\"");
    REQUIRE(at != std::string::npos);
    inlay::writeFileAtomic((dir / "manifest.json").string(), text.replace(at, 7, raw));
  };
}

Tamper writeFile(const char* name, std::string contents) {
  return [name, contents](const fs::path& dir) { inlay::writeFileAtomic((dir / name).string(), contents); };
}

Tamper removeFile(const char* name) {
  return [name](const fs::path& dir) { fs::remove(dir / name); };
}

// The buffer map `inlay gen` writes for the gemm: input B, weight A, output C, then the micro-op image.
enum Buffer { kInp = 0, kWgt = 1, kOut = 2, kUop = 3 };

json& layout(json& m, Buffer b) { return m["buffers"][b]["layout"]; }

void renameTensor(json& m, Buffer b, const char* tensor) {
  m["buffers"][b]["tensor"] = tensor;
  layout(m, b)["tensor"] = tensor;
}

const BadProgram kBadPrograms[] = {
    {"huge instruction count, empty insns.bin",
     [](const fs::path& dir) {
       editManifest([](json& m) {
         m["instructions"] = {{"file", "insns.bin"}, {"count", 1ull << 60}, {"bytes", 0}};
       })(dir);
       writeFile("insns.bin", "")(dir);
     },
     "manifest.json", "instructions.count", "1152921504606846976 entries of 16 bytes overflow 64 bits"},
    {"huge micro-op count, empty uops.bin",
     [](const fs::path& dir) {
       editManifest([](json& m) { m["uops"] = {{"file", "uops.bin"}, {"count", 1ull << 62}, {"bytes", 0}}; })(dir);
       writeFile("uops.bin", "")(dir);
     },
     "manifest.json", "uops.count", "4611686018427387904 entries of 4 bytes overflow 64 bits"},
    {"count and bytes agree, the file is far smaller", editManifest([](json& m) {
       m["instructions"].update({{"count", 1ull << 40}, {"bytes", 1ull << 44}});
     }),
     "insns.bin", "", "holds 192 bytes, the manifest says 17592186044416"},
    {"count disagrees with bytes", editManifest([](json& m) { m["instructions"]["count"] = 13; }), "manifest.json",
     "instructions.bytes", "192 bytes for 13 entries of 16 bytes"},
    {"truncated insns.bin", [](const fs::path& dir) { fs::resize_file(dir / "insns.bin", 100); }, "insns.bin", "",
     "holds 100 bytes, the manifest says 192"},
    {"missing uops.bin", removeFile("uops.bin"), "uops.bin", "", "cannot read file"},
    {"undecodable instruction word",
     [](const fs::path& dir) {
       std::string insns = inlay_test::slurp(dir / "insns.bin");
       insns[2 * 16] = 7;  // opcode 7 in instruction 2
       writeFile("insns.bin", insns)(dir);
     },
     "insns.bin", "instruction 2", "unknown opcode 7"},
    {"huge dram_bytes", editManifest([](json& m) { m["dram_bytes"] = 1000000000000000ull; }), "manifest.json",
     "dram_bytes", "1000000000000000 is larger than the 16384 bytes the buffer map needs"},
    {"dram_bytes smaller than the buffer map", editManifest([](json& m) { m["dram_bytes"] = 12000; }), "manifest.json",
     "dram_bytes", "12000 is smaller than the end 12292 of buffer uop (buffers[3])"},
    {"buffer beyond any DRAM", editManifest([](json& m) { m["buffers"][kUop]["offset"] = 1ull << 62; }),
     "manifest.json", "buffers[3].bytes", "ends beyond the limit of 4294967296 DRAM bytes"},
    {"overlapping buffers", editManifest([](json& m) { m["buffers"][kWgt]["offset"] = 0; }), "manifest.json",
     "buffers[1].offset", "buffer wgt at 0 overlaps buffer inp (buffers[0])"},
    {"layout tensor_shape differs from the operator's tensor", editManifest([](json& m) {
       layout(m, kWgt)["tensor_shape"] = {16, 33};
     }),
     "manifest.json", "buffers[1].layout.tensor_shape",
     "[16, 33] differs from the shape [16, 32] of the operator's tensor A"},
    {"uop buffer removed", editManifest([](json& m) { m["buffers"].erase(kUop); }), "manifest.json", "buffers",
     "no buffer has role uop to hold the 1 micro-op (4 bytes) of"},
    {"uop buffer too small", editManifest([](json& m) { m["buffers"][kUop]["bytes"] = 0; }), "manifest.json",
     "buffers[3].bytes", "0 bytes cannot hold the 1 micro-op (4 bytes) of"},
    {"output role changed to input", editManifest([](json& m) { m["buffers"][kOut]["role"] = "input"; }),
     "manifest.json", "buffers[2].layout.tensor", "'C' is not an input of the operator (its inputs are A and B)"},
    {"output role changed to accumulator", editManifest([](json& m) { m["buffers"][kOut]["role"] = "accumulator"; }),
     "manifest.json", "buffers", "no buffer has role output; the operator's output C needs one"},
    {"a second output buffer", editManifest([](json& m) { m["buffers"][kWgt]["role"] = "output"; }), "manifest.json",
     "buffers[2].role", "a second output buffer (the first is buffers[1])"},
    {"input layout names tensor Z", editManifest([](json& m) { renameTensor(m, kInp, "Z"); }), "manifest.json",
     "buffers[0].layout.tensor", "'Z' is not an input of the operator (its inputs are A and B)"},
    {"output layout renamed to A", editManifest([](json& m) { renameTensor(m, kOut, "A"); }), "manifest.json",
     "buffers[2].layout.tensor", "'A' is not the operator's output C"},
    {"buffer tensor differs from its layout's", editManifest([](json& m) { m["buffers"][kInp]["tensor"] = "A"; }),
     "manifest.json", "buffers[0].tensor", "'A' differs from the layout's tensor 'B'"},
    {"an input carried by no buffer", editManifest([](json& m) {
       renameTensor(m, kInp, "A");
       layout(m, kInp)["tensor_shape"] = {16, 32};
     }),
     "manifest.json", "buffers", "no input or weight buffer carries the operator's input B"},
    {"extents whose product overflows",
     editManifest([](json& m) { layout(m, kInp)["extents"] = {1ull << 31, 1ull << 31, 1ull << 31, 1, 1, 1}; }),
     "manifest.json", "buffers[0].layout.extents",
     "the packed size of [2147483648, 2147483648, 2147483648, 1, 1, 1] scalars overflows 64 bits"},
    {"an index expression that overflows over the extents",
     editManifest([](json& m) { layout(m, kInp)["index"][0] = "4611686018427387904*tb + li"; }), "manifest.json",
     "buffers[0].layout.index[0]", "\"4611686018427387904*tb + li\" overflows 64 bits over the extents"},
    {"an index expression of 100,000 nested parentheses", editManifest([](json& m) {
       layout(m, kInp)["index"][0] = std::string(100000, '(') + "tb" + std::string(100000, ')');
     }),
     "manifest.json", "buffers[0].layout.index[0]", "bad index expression of 200002 characters: the limit is 1024"},
    {"two buffers of one name", editManifest([](json& m) { m["buffers"][kWgt]["name"] = "inp"; }), "manifest.json",
     "buffers[1].name", "a second buffer named 'inp' (the first is buffers[0])"},
    {"insns.bin a symbolic link out of DIR, to a copy of itself",
     [](const fs::path& dir) {
       fs::copy_file(dir / "insns.bin", dir.parent_path() / "outside.bin", fs::copy_options::overwrite_existing);
       fs::remove(dir / "insns.bin");
       fs::create_symlink(dir.parent_path() / "outside.bin", dir / "insns.bin");
     },
     "manifest.json", "instructions.file", "outside.bin, outside the program directory"},
    {"scalar_bytes that would truncate to 1",
     editManifest([](json& m) { layout(m, kWgt)["scalar_bytes"] = 4294967297; }), "manifest.json",
     "buffers[1].layout.scalar_bytes", "must be 1, 2 or 4, got 4294967297"},
    {"bad ISA field", editManifest([](json& m) { m["isa"]["gemm"]["extents"]["i"] = 12; }), "manifest.json",
     "isa.gemm.extents.i", "12 is not a power of two"},
    {"ISA buffer too small", editManifest([](json& m) { m["isa"]["LOG_WGT_BUFF_SIZE"] = 7; }), "manifest.json",
     "isa.LOG_WGT_BUFF_SIZE", "a 128-byte buffer cannot hold one 256-byte WGT element"},
    {"invalid JSON", writeFile("manifest.json", "{\"format\": "), "manifest.json", "", "invalid JSON: parse error"},
    {"100,000 nested arrays in the operator",
     editManifestRaw([](json& m) { m["operator"]["name"] = "@RAW@"; },
                     std::string(100000, '[') + std::string(100000, ']')),
     "manifest.json",
     "operator.name[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]",
     "nested deeper than 32 levels of arrays and objects"},
    {"a number out of range", editManifestRaw([](json& m) { m["dram_bytes"] = "@RAW@"; }, "1e999"), "manifest.json",
     "dram_bytes", "the number 1e999 is outside the range of a double"},
    {"a NUL byte and garbage after the manifest",
     [](const fs::path& dir) {
       writeFile("manifest.json", inlay_test::slurp(dir / "manifest.json") + std::string("\0{\"x\": [", 7))(dir);
     },
     "manifest.json", "", "invalid JSON: a NUL byte at line"},
    {"missing manifest", removeFile("manifest.json"), "manifest.json", "", "cannot read file"},
    {"DIR is a regular file",
     [](const fs::path& dir) {
       fs::remove_all(dir);
       inlay::writeFileAtomic(dir.string(), "not a directory");
     },
     "manifest.json", "", "cannot read file"},
};

// The data section of a program written with --emit-data: inputs inp (buffers[0], 96 bytes) and wgt (buffers[1],
// 512 bytes), expected output out (buffers[2], 48 bytes).
json& dataInput(json& m, size_t k) { return m["data"]["inputs"][k]; }

const BadProgram kBadData[] = {
    {"an absolute data file", editManifest([](json& m) { dataInput(m, 0)["file"] = "/etc/passwd"; }), "manifest.json",
     "data.inputs[0].file",
     "'/etc/passwd' is not a relative path of plain names ([A-Za-z0-9_.-], no '.' or '..') inside the program "
     "directory"},
    {"a data file above DIR", editManifest([](json& m) { dataInput(m, 1)["file"] = "../g.json"; }), "manifest.json",
     "data.inputs[1].file", "'../g.json' is not a relative path of plain names"},
    {"an expected output file above DIR",
     editManifest([](json& m) { m["data"]["expected_output"]["file"] = "data/../../g.json"; }), "manifest.json",
     "data.expected_output.file", "'data/../../g.json' is not a relative path of plain names"},
    {"a data file that is a symbolic link out of DIR",
     [](const fs::path& dir) {
       fs::create_symlink(dir.parent_path() / "g.json", dir / "data" / "link.bin");
       editManifest([](json& m) { dataInput(m, 0)["file"] = "data/link.bin"; })(dir);
     },
     "manifest.json", "data.inputs[0].file", "g.json, outside the program directory"},
    {"a truncated data file", [](const fs::path& dir) { fs::resize_file(dir / "data" / "wgt.bin", 100); },
     "data/wgt.bin", "", "holds 100 bytes, the manifest says 512"},
    {"a missing data file", removeFile("data/inp.bin"), "data/inp.bin", "",
     "cannot read file: No such file or directory"},
    {"a truncated expected output", [](const fs::path& dir) { fs::resize_file(dir / "data" / "out.expected.bin", 0); },
     "data/out.expected.bin", "", "holds 0 bytes, the manifest says 48"},
    {"an input byte count that is not its buffer's", editManifest([](json& m) { dataInput(m, 1)["bytes"] = 500; }),
     "manifest.json", "data.inputs[1].bytes", "500 bytes for buffer wgt (buffers[1]) of 512 bytes"},
    {"an expected output byte count that is not its layout's",
     editManifest([](json& m) { m["data"]["expected_output"]["bytes"] = 47; }), "manifest.json",
     "data.expected_output.bytes", "47 bytes for the 48 bytes that the layout of buffer out (buffers[2]) packs"},
    {"an unknown data field", editManifest([](json& m) { m["data"]["checksum"] = 1; }), "manifest.json",
     "data.checksum", "unknown field"},
    {"an unknown input field", editManifest([](json& m) { dataInput(m, 0)["sha"] = "x"; }), "manifest.json",
     "data.inputs[0].sha", "unknown field"},
    {"a missing seed", editManifest([](json& m) { m["data"].erase("seed"); }), "manifest.json", "data.seed",
     "missing field"},
    {"a negative seed", editManifest([](json& m) { m["data"]["seed"] = -5; }), "manifest.json", "data.seed",
     "must not be negative, got -5"},
    {"data that is not an object", editManifest([](json& m) { m["data"] = json::array(); }), "manifest.json", "data",
     "expected an object, got an array"},
    {"an input buffer without data", editManifest([](json& m) { m["data"]["inputs"].erase(1); }), "manifest.json",
     "data.inputs", "no data for buffer wgt (buffers[1])"},
    {"one buffer's data twice", editManifest([](json& m) { dataInput(m, 1) = dataInput(m, 0); }), "manifest.json",
     "data.inputs[1].buffer", "buffer inp (buffers[0]) already has data in data.inputs[0]"},
    {"input data for the uop buffer", editManifest([](json& m) { dataInput(m, 1)["buffer"] = "uop"; }), "manifest.json",
     "data.inputs[1].buffer",
     "buffer uop (buffers[3]) takes no input data (only buffers with a layout other than the output do)"},
    {"input data for no buffer", editManifest([](json& m) { dataInput(m, 1)["buffer"] = "Z"; }), "manifest.json",
     "data.inputs[1].buffer", "no buffer is named 'Z'"},
    {"an expected output for an input buffer",
     editManifest([](json& m) { m["data"]["expected_output"]["buffer"] = "inp"; }), "manifest.json",
     "data.expected_output.buffer", "buffer inp (buffers[0]) is not an output buffer with a layout"},
};

// Runs `inlay sim` (plain, and with --verify --json) on a tampered copy of `program` per row.
void checkRows(const inlay_test::GeneratedProgram& program, const BadProgram* begin, const BadProgram* end) {
  const fs::path copy = program.root / "tampered";
  for (const BadProgram* b = begin; b != end; ++b) {
    CAPTURE(b->what);
    fs::remove_all(copy);
    fs::copy(program.dir, copy, fs::copy_options::recursive);
    b->tamper(copy);
    const std::vector<std::vector<std::string>> optionSets{{}, {"--verify", "--json"}};
    for (const std::vector<std::string>& options : optionSets) {
      CAPTURE(options);
      std::vector<std::string> args{"sim", copy.string()};
      args.insert(args.end(), options.begin(), options.end());
      const auto r = runInlay(args);
      CHECK(r.exitCode == 2);
      const std::string prefix =
          "inlay sim: " + (copy / b->file).string() + ": " + (*b->path ? std::string(b->path) + ": " : "");
      CHECK_MESSAGE(r.err.rfind(prefix, 0) == 0, r.err);
      CHECK_MESSAGE(r.err.find(b->message, prefix.size()) != std::string::npos, r.err);
      CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
      CHECK(r.out.empty());
    }
  }
}

}  // namespace

TEST_CASE("every tampered program directory exits 2 with a message naming the file and the JSON path") {
  inlay_test::GeneratedProgram program("bad_program");
  REQUIRE(program.generated.exitCode == 0);
  {
    // The rows' buffer indices assume the generator's buffer order.
    const json m = json::parse(inlay_test::slurp(program.dir / "manifest.json"));
    REQUIRE(m["buffers"].size() == 4);
    CHECK(m["buffers"][kInp]["role"] == "input");
    CHECK(m["buffers"][kWgt]["role"] == "weight");
    CHECK(m["buffers"][kOut]["role"] == "output");
    CHECK(m["buffers"][kUop]["role"] == "uop");
  }
  checkRows(program, std::begin(kBadPrograms), std::end(kBadPrograms));
}

TEST_CASE("a data section is checked whenever present: fields, buffers, byte counts, files inside DIR") {
  inlay_test::GeneratedProgram program("bad_data", {"--emit-data", "7"});
  REQUIRE(program.generated.exitCode == 0);
  {
    const json m = json::parse(inlay_test::slurp(program.dir / "manifest.json"));
    REQUIRE(m["data"]["inputs"].size() == 2);
    CHECK(m["data"]["inputs"][0] == json{{"buffer", "inp"}, {"file", "data/inp.bin"}, {"bytes", 96}});
    CHECK(m["data"]["inputs"][1] == json{{"buffer", "wgt"}, {"file", "data/wgt.bin"}, {"bytes", 512}});
    CHECK(m["data"]["expected_output"] == json{{"buffer", "out"}, {"file", "data/out.expected.bin"}, {"bytes", 48}});
  }
  const auto untouched = runInlay({"sim", program.dir.string(), "--verify"});
  CHECK(untouched.exitCode == 0);
  checkRows(program, std::begin(kBadData), std::end(kBadData));
}

// Tests of the ISA reader and validator (src/isa/isa_reader.h, validateIsa): the shipped ISA files, their derived
// quantities, the JSON round trip, and validation errors naming the file and field.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/isa/isa_reader.h"

using namespace inlay;

namespace {

const std::string kIsaDir = std::string(INLAY_SOURCE_DIR) + "/isa/";

std::string errorOf(const std::string& text, const std::string& jsonPath = "") {
  try {
    parseIsa(nlohmann::json::parse(text), "bad.json", jsonPath);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("isa/vta-default.json is the built-in default") {
  Isa file = readIsaFile(kIsaDir + "vta-default.json");
  CHECK(isaToJson(file) == isaToJson(defaultIsa()));
  CHECK(file.gemm.text == "acc[b,o] += inp[b,i] * wgt[o,i]");
  CHECK(file.gemm.accIndex == std::vector<std::string>{"b", "o"});
  CHECK(file.gemm.inpIndex == std::vector<std::string>{"b", "i"});
  CHECK(file.gemm.wgtIndex == std::vector<std::string>{"o", "i"});
}

TEST_CASE("derived quantities of the four shipped ISAs") {
  struct Expected {
    const char* file;
    int batch, blockIn, blockOut;
    int64_t inpBytes, wgtBytes, accBytes, inpDepth, wgtDepth, accDepth, uopDepth;
    int accBits, inpBits, wgtBits;
  };
  const Expected rows[] = {
      {"vta-default.json", 1, 16, 16, 16, 256, 64, 2048, 1024, 2048, 8192, 11, 11, 10},
      {"vta-1x32x32.json", 1, 32, 32, 32, 1024, 128, 1024, 256, 1024, 8192, 10, 10, 8},
      {"vta-2x16x16.json", 2, 16, 16, 32, 256, 128, 1024, 1024, 1024, 8192, 10, 10, 10},
      {"vta-1x8x8.json", 1, 8, 8, 8, 64, 32, 2048, 1024, 2048, 8192, 11, 11, 10},
  };
  for (const Expected& e : rows) {
    CAPTURE(e.file);
    Isa isa = readIsaFile(kIsaDir + e.file);
    CHECK(isa.batch() == e.batch);
    CHECK(isa.blockIn() == e.blockIn);
    CHECK(isa.blockOut() == e.blockOut);
    CHECK(isa.inpElemBytes() == e.inpBytes);
    CHECK(isa.wgtElemBytes() == e.wgtBytes);
    CHECK(isa.accElemBytes() == e.accBytes);
    CHECK(isa.outElemBytes() == e.inpBytes);
    CHECK(isa.inpDepth() == e.inpDepth);
    CHECK(isa.wgtDepth() == e.wgtDepth);
    CHECK(isa.accDepth() == e.accDepth);
    CHECK(isa.uopDepth() == e.uopDepth);
    InsnFieldWidths w = fieldWidths(isa);
    CHECK(w.accIndex == e.accBits);
    CHECK(w.inpIndex == e.inpBits);
    CHECK(w.wgtIndex == e.wgtBits);
    CHECK(w.uopBits <= 32);
    CHECK(w.gemmWord1 <= 64);
    REQUIRE(isa.gemm.dims.size() == 3);
    CHECK(isa.gemm.dims[0].extent == e.batch);
    CHECK(isa.gemm.dims[1].extent == e.blockIn);
    CHECK(isa.gemm.dims[2].extent == e.blockOut);
  }
}

TEST_CASE("VTA's default fields fill the 128-bit GEMM word exactly as published") {
  InsnFieldWidths w = fieldWidths(defaultIsa());
  CHECK(w.uopBgn == 13);
  CHECK(w.uopEnd == 14);
  CHECK(w.gemmWord0 == 63);  // bit 63 unused
  CHECK(w.gemmWord1 == 64);
  CHECK(w.uopBits == 32);
}

TEST_CASE("isaToJson round-trips through parseIsa") {
  Isa isa = readIsaFile(kIsaDir + "vta-2x16x16.json");
  isa.timing.dmaRowLatency = 40;
  isa.busBytes = 16;
  isa.aluMul = true;
  nlohmann::json doc = isaToJson(isa);
  CHECK(doc["timing"]["dma_row_latency"] == 40);
  Isa back = parseIsa(doc, "round.json");
  CHECK(isaToJson(back) == doc);
  CHECK(back.timing.dmaRowLatency == 40);
  CHECK(back.batch() == 2);
}

TEST_CASE("missing fields take the default's values; the GEMM pattern follows the blocks") {
  Isa isa = parseIsa(
      nlohmann::json::parse(R"({"name": "small", "LOG_BLOCK_IN": 3, "LOG_INP_BUFF_SIZE": 14, "LOG_WGT_BUFF_SIZE": 17,
                                                        "timing": {"gemm_fill": 8}})"),
      "s.json");
  CHECK(isa.name == "small");
  CHECK(isa.blockIn() == 8);
  CHECK(isa.blockOut() == 16);
  CHECK(isa.timing.gemmFill == 8);
  CHECK(isa.timing.dmaRowLatency == defaultIsa().timing.dmaRowLatency);
  CHECK(isa.gemm.dims[1].name == "i");
  CHECK(isa.gemm.dims[1].extent == 8);
}

TEST_CASE("ISA validation errors name the file and the field") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {R"({"LOG_BATCH": -1})", "bad.json: LOG_BATCH: must be in [0, 8], got -1"},
      {R"({"LOG_BLOCK_IN": "4"})", "bad.json: LOG_BLOCK_IN: expected an integer, got a string"},
      {R"({"LOG_BLOKC_IN": 4})", "bad.json: LOG_BLOKC_IN: unknown field (did you mean 'LOG_BLOCK_IN'?)"},
      {R"({"timing": {"gemm_fil": 4}})", "bad.json: timing.gemm_fil: unknown field (did you mean 'gemm_fill'?)"},
      {R"({"timing": {"gemm_cycles_per_uop": 0}})",
       "bad.json: timing.gemm_cycles_per_uop: must be in [1, 1000000000], got 0"},
      {R"({"LOG_INP_WIDTH": 2})", "bad.json: LOG_INP_WIDTH: Inlay supports int8 inputs only (3)"},
      {R"({"LOG_WGT_BUFF_SIZE": 7})",
       "bad.json: LOG_WGT_BUFF_SIZE: a 128-byte buffer cannot hold one 256-byte WGT element"},
      {R"({"LOG_INP_BUFF_SIZE": 28})",
       "bad.json: LOG_INP_BUFF_SIZE: 2^24 INP elements exceed the 16-bit sram_base field"},
      {R"({"LOG_ACC_BUFF_SIZE": 18})",
       "bad.json: LOG_ACC_BUFF_SIZE: the buffer index fields need 66 bits of the GEMM word 1 (64 available); shrink a "
       "buffer"},
      {R"({"LOG_UOP_BUFF_SIZE": 16})",
       "bad.json: LOG_UOP_BUFF_SIZE: uop_bgn/uop_end need 65 bits of the 64-bit GEMM/ALU word 0"},
      {R"({"bus_bytes": 12})", "bad.json: bus_bytes: 12 is not a power of two"},
      {R"({"gemm": {"pattern": "acc[b,o] += inp[b,i] * wgt[o,i]", "extents": {"b": 1, "i": 12, "o": 16}}})",
       "bad.json: gemm.extents.i: 12 is not a power of two"},
      {R"({"gemm": {"pattern": "acc[b,o] += inp[b,i] * wgt[o,i]", "extents": {"b": 1, "i": 32, "o": 16}}})",
       "bad.json: gemm.extents.i: is 32 but LOG_BATCH/LOG_BLOCK_IN/LOG_BLOCK_OUT give 16"},
      {R"({"gemm": {"pattern": "acc[b,o] += inp[b,i] wgt[o,i]", "extents": {"b": 1, "i": 16, "o": 16}}})",
       "bad.json: gemm.pattern: expected '*' in pattern \"acc[b,o] += inp[b,i] wgt[o,i]\""},
      {R"({"gemm": {"pattern": "acc[b,o] += inp[b,i] * wgt[o,i]", "extents": {"b": 1, "i": 16}}})",
       "bad.json: gemm.extents.o: missing field"},
      {R"([1, 2])", "bad.json: expected an object, got an array"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(errorOf(c.text) == c.message);
    // Inside a larger document (a program manifest's "isa") every path, from the reader or the validator, starts
    // with the ISA's own position.
    const std::string rest = std::string(c.message).substr(std::string("bad.json: ").size());
    const bool wholeDocument = rest.starts_with("expected an object");
    CHECK(errorOf(c.text, "isa") == "bad.json: isa" + std::string(wholeDocument ? ": " : ".") + rest);
  }
}

TEST_CASE("an ISA built in memory with a value nested too deeply is refused at its path, without recursing") {
  std::string zeros;
  for (int k = 0; k < 31; ++k) zeros += "[0]";  // the root object and 31 arrays are open when the 32nd would open
  const std::string tooDeep = ": nested deeper than 32 levels of arrays and objects";
  CHECK(errorOf("{\"gemm\": " + std::string(40, '[') + std::string(40, ']') + "}") ==
        "bad.json: gemm" + zeros + tooDeep);
  nlohmann::json deep = 1;
  for (int k = 0; k < 100000; ++k) deep = nlohmann::json::array({std::move(deep)});
  nlohmann::json isa = nlohmann::json::object();
  isa["gemm"] = std::move(deep);  // moved: a copy would recurse 100,000 deep
  try {
    parseIsa(isa, "m.json", "isa");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "m.json: isa.gemm" + zeros + tooDeep);
  }
}

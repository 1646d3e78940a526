// Design spaces (dse/space.h): the file's errors name the field, points come in a fixed order with their values,
// and an invalid configuration carries validateIsa's reason instead of an Isa.
#include <doctest/doctest.h>

#include "inlay/dse/space.h"
#include "inlay/ir/error.h"

using namespace inlay;

TEST_CASE("dse space: parameters in canonical order, ranges expanded, points enumerated last-fastest") {
  const DseSpace s =
      parseDseSpace(R"({"parameters": {"bus_bytes": [8, 16], "LOG_BLOCK_OUT": {"from": 4, "to": 5}}})", "space.json");
  CHECK(s.baseName == "vta-default");
  REQUIRE(s.parameters.size() == 2);
  CHECK(s.parameters[0] == DseParameter{"LOG_BLOCK_OUT", {4, 5}});
  CHECK(s.parameters[1] == DseParameter{"bus_bytes", {8, 16}});
  CHECK(canonicalSpaceText(s) == R"({"base":"vta-default","parameters":{"LOG_BLOCK_OUT":[4,5],"bus_bytes":[8,16]}})");
  const std::vector<DsePoint> points = enumeratePoints(s);
  REQUIRE(points.size() == 4);
  CHECK(points[1].index == 1);
  CHECK(points[1].name == "vta-1x16x16-i15-w18-a17-u15-bus16");
  CHECK(points[1].values == std::vector<std::pair<std::string, int64_t>>{{"LOG_BLOCK_OUT", 4}, {"bus_bytes", 16}});
  REQUIRE(points[1].isa.has_value());
  CHECK(points[1].isa->busBytes == 16);
  CHECK(points[2].name == "vta-1x16x32-i15-w18-a17-u15-bus8");
  REQUIRE(points[2].isa.has_value());
  CHECK(points[2].isa->gemm.text == "acc[b,o] += inp[b,i] * wgt[o,i]");
  CHECK(points[2].isa->blockOut() == 32);
}

TEST_CASE("dse space: an invalid configuration is a point with the reason, not an error") {
  const DseSpace s = parseDseSpace(R"({"parameters": {"LOG_INP_BUFF_SIZE": [14, 15]}})", "space.json");
  const std::vector<DsePoint> points = enumeratePoints(s);
  REQUIRE(points.size() == 2);
  CHECK_FALSE(points[0].isa.has_value());
  CHECK(points[0].invalidReason ==
        "LOG_INP_BUFF_SIZE: the ACC depth 2^11 exceeds the INP depth 2^10: VTA encodes the ALU's ACC source indices "
        "in the INP depth's width, so some accumulators could not be read; give INP at least as many elements as ACC");
  CHECK(points[1].isa.has_value());
}

TEST_CASE("dse space: bad files are InputErrors naming the field") {
  auto error = [](const std::string& text) {
    try {
      parseDseSpace(text, "space.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(R"({"parameters": {"LOG_BLOCK_INN": [4]}})") ==
        "space.json: parameters.LOG_BLOCK_INN: unknown field (did you mean 'LOG_BLOCK_IN'?)");
  CHECK(error(R"({"parameters": {"LOG_BLOCK_IN": {"from": 5, "to": 3}}})") ==
        "space.json: parameters.LOG_BLOCK_IN.to: must be at least 'from' (5), got 3");
  CHECK(error(R"({"parameters": {"LOG_BLOCK_IN": [4, 4]}})") ==
        "space.json: parameters.LOG_BLOCK_IN[1]: repeats the value 4");
  CHECK(error(R"({"parameters": {"LOG_BLOCK_IN": []}})") ==
        "space.json: parameters.LOG_BLOCK_IN: must list at least one value");
  CHECK(error(R"({"parameters": {"bus_bytes": [0]}})").rfind("space.json: parameters.bus_bytes[0]: ", 0) == 0);
  CHECK(error(R"({"base": "vta-9x9", "parameters": {}})") ==
        "space.json: base: unknown ISA 'vta-9x9' (shipped ISAs: vta-1x32x32, vta-1x8x8, vta-2x16x16, vta-default)");
  CHECK(error(R"({"parameters": {"LOG_INP_BUFF_SIZE": {"from": 0, "to": 31}, "LOG_WGT_BUFF_SIZE": {"from": 0, "to": 31},
                 "LOG_ACC_BUFF_SIZE": {"from": 0, "to": 31}, "LOG_UOP_BUFF_SIZE": {"from": 0, "to": 31}}})") ==
        "space.json: parameters: the space has more than 100000 points; split it into several spaces");
  CHECK(error(R"({"base": "vta-default"})") == "space.json: parameters: missing field");
}

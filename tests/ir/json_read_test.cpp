// Tests of the parse-time bounds every reader shares (src/ir/json_read.h): the nesting limit, numbers beyond a
// double and NUL bytes, each refused as an InputError naming the file and the JSON path.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/json_read.h"
#include "inlay/ir/spec_reader.h"

using namespace inlay;

namespace {

template <class F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string nested(size_t depth, const std::string& inner = "") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

std::string zeros(size_t n) {
  std::string s;
  for (size_t k = 0; k < n; ++k) s += "[0]";
  return s;
}

const std::string kTooDeep = "nested deeper than 32 levels of arrays and objects";

}  // namespace

TEST_CASE("documents nested up to kMaxDepth parse; one level more fails at the path of the first level too deep") {
  CHECK(json_read::kMaxDepth == 32);
  CHECK(json_read::parse(nested(32, "7"), "f.json") == nlohmann::json::parse(nested(32, "7")));
  CHECK(json_read::parseOrdered("{\"a\": " + nested(31) + "}", "f.json").contains("a"));
  CHECK(errorOf([] { json_read::parse(nested(33), "f.json"); }) == "f.json: " + zeros(32) + ": " + kTooDeep);
  CHECK(errorOf([] { json_read::parseOrdered("{\"a\": [1, " + nested(100000) + "]}", "f.json"); }) ==
        "f.json: a[1]" + zeros(30) + ": " + kTooDeep);
  std::string objects;
  for (int k = 0; k < 40; ++k) objects += "{\"k" + std::to_string(k) + "\": ";
  objects += "1" + std::string(40, '}');
  std::string path = "k0";
  for (int k = 1; k < 32; ++k) path += ".k" + std::to_string(k);
  CHECK(errorOf([&] { json_read::parse(objects, "f.json"); }) == "f.json: " + path + ": " + kTooDeep);
}

TEST_CASE("a value built in memory obeys the same bound, without recursing") {
  nlohmann::json deep = 1;
  for (int k = 0; k < 100000; ++k) deep = nlohmann::json::array({std::move(deep)});
  CHECK(errorOf([&] {
          json_read::checkDepth(deep, {"<operator>", ""});
        }) == "<operator>: " + zeros(32) + ": " + kTooDeep);
  nlohmann::json spec = {{"op", "gemm"}, {"shape", {{"M", 16}, {"N", 16}, {"K", 16}}}};
  spec["shape"]["M"] = std::move(deep);  // moved: a copy would recurse 100,000 deep
  CHECK(errorOf([&] { lowerSpec(spec, "<operator>", "operators[2]"); }) ==
        "<operator>: operators[2].shape.M" + zeros(30) + ": " + kTooDeep);
  json_read::checkDepth(nlohmann::json::parse(nested(32)), {"f", ""});  // exactly the bound: accepted
}

TEST_CASE("a number beyond a double fails at its JSON path, not with the JSON library's text") {
  CHECK(errorOf([] { json_read::parse("{\"shape\": {\"K\": 1e999}}", "f.json"); }) ==
        "f.json: shape.K: the number 1e999 is outside the range of a double");
  CHECK(errorOf([] { json_read::parseOrdered("{\"pad\": [0, -2E+400]}", "f.json"); }) ==
        "f.json: pad[1]: the number -2E+400 is outside the range of a double");
  CHECK(errorOf([] { json_read::parse("1e999", "f.json"); }) ==
        "f.json: the number 1e999 is outside the range of a double");
  CHECK(json_read::parse("[1e308, 1e-999]", "f.json") == nlohmann::json::parse("[1e308, 0.0]"));
  CHECK(errorOf([] {
          parseOperators("{\"op\": \"gemm\", \"shape\": {\"M\": 1e999, \"N\": 1, \"K\": 1}}", "op.json");
        }) == "op.json: shape.M: the number 1e999 is outside the range of a double");
}

TEST_CASE("a NUL byte anywhere is invalid JSON, with its line and column") {
  const std::string text = std::string("{\"a\": 1,\n \"b\": 2}") + '\0' + "{\"garbage\"";
  CHECK(errorOf([&] { json_read::parse(text, "f.json"); }) == "f.json: invalid JSON: a NUL byte at line 2, column 9");
  CHECK(errorOf([] { json_read::parseOrdered(std::string(1, '\0'), "f.json"); }) ==
        "f.json: invalid JSON: a NUL byte at line 1, column 1");
  // Other syntax errors keep the JSON library's position and no path.
  CHECK(errorOf([] {
          json_read::parse("{\"a\": [1, }", "f.json");
        }).rfind("f.json: invalid JSON: parse error at line 1", 0) == 0);
}

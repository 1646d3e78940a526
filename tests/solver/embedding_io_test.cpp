// Embeddings round-trip through JSON (compilers cache them), and a document that does not fit the operator is an
// input error naming the field.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding_io.h"
#include "inlay/solver/solve.h"

using namespace inlay;

TEST_CASE("embedding JSON: the solver's top embeddings round-trip exactly") {
  for (const Operator& op : {gemmOperator(35, 700, 2048), conv2dOperator({.N = 1,
                                                          .C = 3,
                                                          .H = 32,
                                                          .W = 32,
                                                          .K = 64,
                                                          .R = 7,
                                                          .S = 7,
                                                          .strideH = 2,
                                                          .strideW = 2,
                                                          .padH = 3,
                                                          .padW = 3})}) {
    const SolveResult r = solve(op, defaultIsa(), {.topK = 4});
    REQUIRE(r.embeddings.size() == 4);
    for (const Embedding& e : r.embeddings) {
      const nlohmann::json doc = embeddingToJson(op, e);
      CHECK(embeddingFromJson(doc, op) == e);
      CHECK(embeddingFromJson(nlohmann::json::parse(doc.dump()), op) == e);  // through text too
    }
  }
  const Operator gemm = gemmOperator(35, 700, 2048);
  Embedding e;
  e.inpInput = 1;
  e.lanes = {std::vector<int>{1}, std::vector<int>{2}, std::vector<int>{0}};
  CHECK(embeddingToJson(gemm, e)["lanes"] == nlohmann::json::parse(R"({"b": ["n"], "i": ["k"], "o": ["m"]})"));
  CHECK(embeddingToJson(gemm, e)["roles"] == nlohmann::json::parse(R"({"inp": "B", "wgt": "A"})"));
}

TEST_CASE("embedding JSON: a document that does not fit the operator is an input error") {
  const Operator op = gemmOperator(4, 4, 4);
  auto doc = [](const char* lanes, const char* roles = R"({"inp": "B", "wgt": "A"})") {
    return nlohmann::json::parse(std::string(R"({"roles": )") + roles + R"(, "lanes": )" + lanes +
                                 R"(, "objective": 1, "utilization": 0.5, "padding_lanes": 0, "duplication": 1})");
  };
  CHECK_NOTHROW(embeddingFromJson(doc(R"({"b": ["n"], "i": ["k"], "o": ["m"]})"), op));
  CHECK_THROWS_WITH_AS(embeddingFromJson(doc(R"({"b": ["x"], "i": ["k"], "o": ["m"]})"), op, "cache.json"),
                       "cache.json: lanes.b[0]: 'gemm' has no dim 'x'", InputError);
  CHECK_THROWS_WITH_AS(embeddingFromJson(doc(R"({"b": ["n"], "i": ["k"], "o": ["n"]})"), op, "cache.json"),
                       "cache.json: lanes.o[0]: dim 'n' is in two lane groups", InputError);
  CHECK_THROWS_WITH_AS(
      embeddingFromJson(doc(R"({"b": [], "i": [], "o": []})", R"({"inp": "A", "wgt": "A"})"), op, "cache.json"),
      "cache.json: roles: expected the inputs of 'gemm', A and B, one per role", InputError);
  CHECK_THROWS_WITH_AS(embeddingFromJson(doc(R"({"b": [], "i": [], "o": [], "lane": []})"), op, "cache.json"),
                       "cache.json: lanes.lane: unknown field", InputError);
}

TEST_CASE("embedding JSON: a masked embedding names its masked dim and round-trips") {
  const Operator op =
      conv2dOperator({.N = 1, .C = 48, .H = 8, .W = 8, .K = 48, .R = 3, .S = 3, .padH = 1, .padW = 1, .groups = 48});
  const SolveResult r = solve(op, defaultIsa(), {.topK = 1});
  REQUIRE(r.embeddings.size() == 1);
  const Embedding& e = r.embeddings[0];
  REQUIRE(e.maskedDim() == 1);  // g on i and o
  const nlohmann::json doc = embeddingToJson(op, e);
  CHECK(doc["masked"] == "g");
  CHECK(doc["lanes"] == nlohmann::json::parse(R"({"b": [], "i": ["g"], "o": ["g"]})"));
  CHECK(embeddingFromJson(doc, op) == e);
  CHECK(embeddingFromJson(nlohmann::json::parse(doc.dump()), op) == e);
  CHECK_FALSE(embeddingToJson(gemmOperator(4, 4, 4), Embedding{}).contains("masked"));
  nlohmann::json unnamed = doc;
  unnamed.erase("masked");
  CHECK_THROWS_WITH_AS(embeddingFromJson(unnamed, op, "cache.json"),
                       "cache.json: lanes.o[0]: dim 'g' is in two lane groups", InputError);
  nlohmann::json once = doc;
  once["lanes"]["o"] = nlohmann::json::array();
  CHECK_THROWS_WITH_AS(embeddingFromJson(once, op, "cache.json"),
                       "cache.json: masked: masked dim 'g' must be in exactly two lane groups", InputError);
  nlohmann::json thrice = doc;
  thrice["lanes"]["b"] = {"g"};
  CHECK_THROWS_WITH_AS(embeddingFromJson(thrice, op, "cache.json"),
                       "cache.json: lanes.o[0]: masked dim 'g' is in more than two lane groups", InputError);
  nlohmann::json unknown = doc;
  unknown["masked"] = "z";
  CHECK_THROWS_WITH_AS(embeddingFromJson(unknown, op, "cache.json"), "cache.json: masked: 'conv2d' has no dim 'z'",
                       InputError);
}

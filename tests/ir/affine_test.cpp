// Tests of the affine index-expression parser and printer (src/ir/affine.h).
#include <doctest/doctest.h>

#include "inlay/ir/affine.h"
#include "inlay/ir/error.h"

using namespace inlay;

namespace {

const std::vector<std::string> kDims{"n", "c", "p", "r"};

AffineExpr parse(const std::string& text) { return parseAffine(text, kDims, "f.json", "inputs[0].index[2]"); }

std::string errorOf(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("parseAffine reads sums of integer multiples of dims and constants") {
  CHECK(parse("p+2*r-1") == AffineExpr{-1, {0, 0, 1, 2}});
  CHECK(parse(" 2*p - r ") == AffineExpr{0, {0, 0, 2, -1}});
  CHECK(parse("c") == AffineExpr{0, {0, 1, 0, 0}});
  CHECK(parse("3") == AffineExpr{3, {0, 0, 0, 0}});
  CHECK(parse("-n + r*4") == AffineExpr{0, {-1, 0, 0, 4}});
  CHECK(parse("p + p - 3 + 1") == AffineExpr{-2, {0, 0, 2, 0}});
  CHECK(parse("0") == AffineExpr{0, {0, 0, 0, 0}});
}

TEST_CASE("AffineExpr evaluates at a point") {
  std::vector<int64_t> point{1, 2, 3, 4};
  CHECK(parse("p+2*r-1").eval(point) == 10);
  CHECK(parse("p+2*r-1").dependsOn(3));
  CHECK_FALSE(parse("p+2*r-1").dependsOn(1));
}

TEST_CASE("printAffine writes the grammar parseAffine reads") {
  CHECK(printAffine(parse("p+2*r-1"), kDims) == "p + 2*r - 1");
  CHECK(printAffine(parse("-n + 4*r"), kDims) == "-n + 4*r");
  CHECK(printAffine(parse("0"), kDims) == "0");
  CHECK(printAffine(parse("-7"), kDims) == "-7");
  for (const char* text : {"p + 2*r - 1", "-n + 4*r", "c - 3", "-2*p"})
    CHECK(parse(printAffine(parse(text), kDims)) == parse(text));
}

TEST_CASE("parseAffine errors name the file, the JSON path and the problem") {
  CHECK(errorOf("p+x") == "f.json: inputs[0].index[2]: unknown dim 'x' in \"p+x\"");
  CHECK(errorOf("p*r") ==
        "f.json: inputs[0].index[2]: malformed affine expression \"p*r\": product of two dims is not affine");
  CHECK(errorOf("p+") == "f.json: inputs[0].index[2]: malformed affine expression \"p+\": expected a term at the end");
  CHECK(errorOf("") == "f.json: inputs[0].index[2]: malformed affine expression \"\": empty expression");
  CHECK(errorOf("(p)") == "f.json: inputs[0].index[2]: malformed affine expression \"(p)\": unexpected '('");
  CHECK(errorOf("p 2") == "f.json: inputs[0].index[2]: malformed affine expression \"p 2\": unexpected '2'");
  CHECK(errorOf("2*3") ==
        "f.json: inputs[0].index[2]: malformed affine expression \"2*3\": a product of two numbers is not supported");
  CHECK(errorOf("99999999999999999999") ==
        "f.json: inputs[0].index[2]: malformed affine expression "
        "\"99999999999999999999\": number 99999999999999999999 overflows 64 bits");
  CHECK(errorOf("9223372036854775807*p + 9223372036854775807*p") ==
        "f.json: inputs[0].index[2]: malformed affine expression \"9223372036854775807*p + 9223372036854775807*p\": "
        "coefficients overflow 64 bits");
}

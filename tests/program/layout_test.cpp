// Tests of program/layout.h: quasi-affine expressions (eval, print, parse) and packing/unpacking through layouts
// (channel packing with zero padding, im2col with duplication).
#include <doctest/doctest.h>

#include "inlay/ir/error.h"
#include "inlay/program/layout.h"

using namespace inlay;

namespace {

Tensor8 iotaTensor(std::vector<int64_t> shape) {
  Tensor8 t = Tensor8::zeros(std::move(shape));
  for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = static_cast<int8_t>(i * 7 + 3);
  return t;
}

std::string parseError(const std::string& text, const std::vector<std::string>& names) {
  try {
    QuasiAffine::parse(text, names, "L.json", "buffers[0].layout.index[1]");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("quasi-affine: eval uses floor division and a non-negative modulo") {
  const QuasiAffine p = QuasiAffine::coord(0);
  const int64_t minus7[] = {-7};
  CHECK(p.floorDiv(2).eval(minus7) == -4);
  CHECK(p.mod(3).eval(minus7) == 2);
  CHECK((3 * p + QuasiAffine::constant(-1)).eval(minus7) == -22);
}

TEST_CASE("quasi-affine: print and parse round trip") {
  const std::vector<std::string> names = {"f", "p", "q"};
  // Leading negative literals, as the generator prints them, at the start of an expression or after '('.
  for (const std::string text : {"(f / 9) % 3 + 2*p - 1", "p - q", "-2*p + f % 4", "(3*(p + q)) / 2", "7", "f", "-7",
                                 "-16*f + p - 3", "(-2*p + 1) / 3", "(-2*(p + q)) % 5", "-1 + q"}) {
    QuasiAffine e = QuasiAffine::parse(text, names, "L.json", "x");
    CHECK(e.print(names) == text);
  }
  // A leading '-' negates the whole first term: "-2*p % 5" is -((2*p) % 5), not (-2*p) % 5.
  const int64_t p1[] = {0, 1, 0};
  CHECK(QuasiAffine::parse("-2*p % 5", names, "L.json", "x").eval(p1) == -2);
  CHECK(QuasiAffine::parse("(-2*p) % 5", names, "L.json", "x").eval(p1) == 3);
  QuasiAffine e = QuasiAffine::parse("(f / 9) % 3 + 2*p - 1", names, "L.json", "x");
  const int64_t point[] = {47, 5, 0};  // (47/9)%3 = 5%3 = 2; 2 + 10 - 1
  CHECK(e.eval(point) == 11);
  // Built in code, printed, parsed back: same value everywhere.
  QuasiAffine built = (QuasiAffine::coord(0) + 3 * QuasiAffine::coord(2)).floorDiv(4) + -1 * QuasiAffine::coord(1);
  QuasiAffine reparsed = QuasiAffine::parse(built.print(names), names, "L.json", "x");
  CHECK(reparsed.print(names) == built.print(names));
  for (int64_t f = -5; f < 5; ++f)
    for (int64_t q = 0; q < 4; ++q) {
      const int64_t pt[] = {f, 2, q};
      CHECK(reparsed.eval(pt) == built.eval(pt));
    }
}

TEST_CASE("quasi-affine: parse errors name the file, the path and the column") {
  const std::vector<std::string> names = {"c", "h"};
  CHECK(parseError("c + w", names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression \"c + w\" at column 5: unknown packed dim 'w'");
  CHECK(parseError("c*h", names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression \"c*h\" at column 4: "
        "a product of two non-constant terms is not quasi-affine");
  CHECK(parseError("c / 0", names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression \"c / 0\" at column 6: '/' by zero");
  CHECK(parseError("(c + 1", names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression \"(c + 1\" at column 7: missing ')'");
}

TEST_CASE("quasi-affine: parse takes at most kMaxTextChars characters, so that nothing recurses too deep") {
  const std::vector<std::string> names = {"c", "h"};
  std::string sum = "c";
  while (sum.size() + 4 <= QuasiAffine::kMaxTextChars) sum += " + h";
  CHECK(sum.size() == 1021);
  const int64_t point[] = {1, 2};
  CHECK(QuasiAffine::parse(sum, names, "L.json", "x").eval(point) == 1 + 2 * 255);
  CHECK(QuasiAffine::parse(sum + "   ", names, "L.json", "x").eval(point) == 511);  // 1024 characters
  CHECK(parseError(sum + "    ", names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression of 1025 characters: the limit is 1024");
  CHECK(parseError(std::string(100000, '(') + "c" + std::string(100000, ')'), names) ==
        "L.json: buffers[0].layout.index[1]: bad index expression of 200001 characters: the limit is 1024");
}

TEST_CASE("quasi-affine: valueRange bounds the values over the extents and reports overflow") {
  const std::vector<std::string> names = {"a", "b"};
  auto range = [&](const std::string& text, std::vector<int64_t> extents) {
    return QuasiAffine::parse(text, names, "L.json", "x").valueRange(extents);
  };
  using Range = std::optional<std::pair<int64_t, int64_t>>;
  CHECK(range("16*a + b - 1", {3, 16}) == Range({-1, 46}));
  CHECK(range("-2*a + b / 4", {3, 16}) == Range({-4, 3}));
  CHECK(range("(a - 5) % 7", {100, 1}) == Range({0, 6}));
  CHECK(range("4611686018427387904*a", {2, 1}) == Range({0, 4611686018427387904}));
  CHECK_FALSE(range("4611686018427387904*a", {3, 1}));
  CHECK_FALSE(range("4611686018427387904*a + 4611686018427387904*a", {2, 1}));
  CHECK_FALSE(range("(4611686018427387904*a) % 5", {3, 1}));  // the modulo's operand overflows first
}

TEST_CASE("quasi-affine: constants whose folding would overflow stay unfolded; valueRange reports them") {
  const std::vector<std::string> names = {"a"};
  for (const std::string text : {"9223372036854775807 + 1", "-9223372036854775807 - 2", "2*(4611686018427387904*a)",
                                 "4611686018427387904*4", "-(-9223372036854775807 - 1)"}) {
    CAPTURE(text);
    CHECK_FALSE(QuasiAffine::parse(text, names, "L.json", "x").valueRange({2}));
  }
  CHECK(QuasiAffine::parse("-9223372036854775807 - 1", names, "L.json", "x").valueRange({2}) ==
        std::optional<std::pair<int64_t, int64_t>>({INT64_MIN, INT64_MIN}));
}

TEST_CASE("layout: checkedPackedBytes reports a packed size that overflows") {
  const Layout small{"T", {4}, 4, {"x", "y"}, {2, 3}, {QuasiAffine::coord(0)}};
  CHECK(small.checkedPackedBytes() == 24);
  CHECK(small.packedBytes() == 24);
  const Layout huge{"T", {4}, 1, {"x", "y", "z"}, {int64_t{1} << 31, int64_t{1} << 31, int64_t{1} << 31}, {}};
  CHECK_FALSE(huge.checkedPackedBytes());
  const Layout wide{"T", {4}, 4, {"x"}, {int64_t{1} << 62}, {}};  // fits as scalars, not as bytes
  CHECK_FALSE(wide.checkedPackedBytes());
}

TEST_CASE("layout: NCHW to N(C/16)HW16c channel packing zero-pads C") {
  // C = 20 needs two 16-channel blocks; channels 20..31 are padding.
  Layout l;
  l.tensor = "I";
  l.tensorShape = {1, 20, 3, 2};
  l.dims = {"n", "cb", "h", "w", "c"};
  l.extents = {1, 2, 3, 2, 16};
  auto d = [](int i) { return QuasiAffine::coord(i); };
  l.index = {d(0), 16 * d(1) + d(4), d(2), d(3)};
  CHECK(l.packedScalars() == 192);

  Tensor8 t = iotaTensor(l.tensorShape);
  std::vector<uint8_t> bytes = pack(l, t);
  REQUIRE(bytes.size() == 192);
  for (int64_t cb = 0; cb < 2; ++cb)
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t w = 0; w < 2; ++w)
        for (int64_t c = 0; c < 16; ++c) {
          int64_t channel = cb * 16 + c;
          auto packed = static_cast<int8_t>(bytes[static_cast<size_t>(((cb * 3 + h) * 2 + w) * 16 + c)]);
          int8_t expected = channel < 20 ? t.data[static_cast<size_t>((channel * 3 + h) * 2 + w)] : int8_t{0};
          CHECK(packed == expected);
        }
  CHECK(unpack(l, bytes) == t);
}

TEST_CASE("layout: int32 scalars are sign-extended little-endian") {
  Layout l;
  l.tensor = "B";
  l.tensorShape = {2};
  l.scalarBytes = 4;
  l.dims = {"x"};
  l.extents = {2};
  l.index = {QuasiAffine::coord(0)};
  Tensor8 t{{2}, {-2, 5}};
  CHECK(pack(l, t) == std::vector<uint8_t>{0xFE, 0xFF, 0xFF, 0xFF, 5, 0, 0, 0});
  CHECK(unpack(l, pack(l, t)) == t);
}

TEST_CASE("layout: im2col duplicates inputs; unpack requires duplicates to agree") {
  // A 3×3 window over a 4×4 image: rows (p, q) of 9 taps f; h = p + f/3, w = q + f%3.
  Layout l;
  l.tensor = "I";
  l.tensorShape = {1, 1, 4, 4};
  l.dims = {"p", "q", "f"};
  l.extents = {2, 2, 9};
  auto d = [](int i) { return QuasiAffine::coord(i); };
  l.index = {QuasiAffine::constant(0), QuasiAffine::constant(0), d(0) + d(2).floorDiv(3), d(1) + d(2).mod(3)};
  Tensor8 t = iotaTensor(l.tensorShape);
  std::vector<uint8_t> bytes = pack(l, t);
  REQUIRE(bytes.size() == 36);
  for (int64_t p = 0; p < 2; ++p)
    for (int64_t q = 0; q < 2; ++q)
      for (int64_t f = 0; f < 9; ++f)
        CHECK(static_cast<int8_t>(bytes[static_cast<size_t>((p * 2 + q) * 9 + f)]) ==
              t.data[static_cast<size_t>((p + f / 3) * 4 + q + f % 3)]);
  CHECK(unpack(l, bytes) == t);

  // Element (h=1, w=1) appears at (p=0,q=0,f=4) (scalar 4) and again at (p=1,q=1,f=0) (scalar 27).
  bytes[27] = static_cast<uint8_t>(bytes[27] + 1);
  CHECK_THROWS_WITH_AS(unpack(l, bytes), doctest::Contains("packed scalars disagree on element 5"), WorkError);
}

TEST_CASE("layout: unpack reports elements no packed scalar writes") {
  Layout l;
  l.tensor = "O";
  l.tensorShape = {4};
  l.dims = {"x"};
  l.extents = {2};
  l.index = {2 * QuasiAffine::coord(0)};
  CHECK_THROWS_WITH_AS(unpack(l, {1, 2}), "unpack O: element 1 is not written by any packed scalar", WorkError);
}

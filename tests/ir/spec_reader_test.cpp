// Tests of the spec reader (src/ir/spec_reader.h): the lowering conventions of gemm and conv2d that later stages rely
// on, the generic loopnest form, the loopnest round trip, and error messages with file and JSON path.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/ir/operator_print.h"
#include "inlay/ir/spec_reader.h"

using namespace inlay;

namespace {

Operator one(const std::string& text) {
  auto ops = parseOperators(text, "t.json");
  REQUIRE(ops.size() == 1);
  return ops[0];
}

std::string errorOf(const std::string& text) {
  try {
    parseOperators(text, "t.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<std::string> printed(const TensorAccess& a, const Operator& op) {
  std::vector<std::string> out;
  for (const AffineExpr& e : a.index) out.push_back(printAffine(e, op.dimNames()));
  return out;
}

std::vector<std::string> dimSummary(const Operator& op) {
  std::vector<std::string> out;
  for (const Dim& d : op.dims) out.push_back(d.name + "=" + std::to_string(d.extent) + (d.reduction ? "r" : ""));
  return out;
}

using Strings = std::vector<std::string>;
using Shape = std::vector<int64_t>;

}  // namespace

TEST_CASE("gemm lowers to m, n, k with C[m,n] += A[m,k] * B[k,n]") {
  Operator op = one(R"({"name": "g", "op": "gemm", "shape": {"M": 35, "N": 700, "K": 2048}, "requant": {"shift": 7}})");
  CHECK(op.name == "g");
  CHECK(op.kind == "gemm");
  CHECK(dimSummary(op) == Strings{"m=35", "n=700", "k=2048r"});
  CHECK(op.out.tensor == "C");
  CHECK(printed(op.out, op) == Strings{"m", "n"});
  CHECK(op.out.shape == Shape{35, 700});
  CHECK(op.inputs[0].tensor == "A");
  CHECK(printed(op.inputs[0], op) == Strings{"m", "k"});
  CHECK(op.inputs[0].shape == Shape{35, 2048});
  CHECK(op.inputs[1].tensor == "B");
  CHECK(printed(op.inputs[1], op) == Strings{"k", "n"});
  CHECK(op.inputs[1].shape == Shape{2048, 700});
  CHECK(op.epilogue.shift == 7);
  CHECK(op.macs() == 35 * 700 * 2048);
}

TEST_CASE("conv2d lowers to n, k, p, q, c, r, s with strided, padded input indices") {
  Operator op = one(R"({"name": "c", "op": "conv2d", "shape": {"N": 2, "C": 3, "H": 9, "W": 10, "K": 4, "R": 3, "S": 2},
                        "stride": [2, 3], "pad": [1, 2]})");
  // P = (9 + 2 - 3) / 2 + 1 = 5, Q = (10 + 4 - 2) / 3 + 1 = 5
  CHECK(dimSummary(op) == Strings{"n=2", "k=4", "p=5", "q=5", "c=3r", "r=3r", "s=2r"});
  CHECK(op.out.tensor == "O");
  CHECK(printed(op.out, op) == Strings{"n", "k", "p", "q"});
  CHECK(op.out.shape == Shape{2, 4, 5, 5});
  CHECK(op.inputs[0].tensor == "I");
  CHECK(printed(op.inputs[0], op) == Strings{"n", "c", "2*p + r - 1", "3*q + s - 2"});
  CHECK(op.inputs[0].shape == Shape{2, 3, 9, 10});
  CHECK(op.inputs[1].tensor == "F");
  CHECK(printed(op.inputs[1], op) == Strings{"k", "c", "r", "s"});
  CHECK(op.inputs[1].shape == Shape{4, 3, 3, 2});
  CHECK(op.epilogue.shift == 0);
}

TEST_CASE("grouped conv2d adds a g dim and offsets channels by the group") {
  Operator op =
      one(R"({"name": "gc", "op": "conv2d", "shape": {"N": 1, "C": 8, "H": 5, "W": 5, "K": 12, "R": 3, "S": 3},
                        "groups": 4})");
  CHECK(dimSummary(op) == Strings{"n=1", "g=4", "k=3", "p=3", "q=3", "c=2r", "r=3r", "s=3r"});
  CHECK(printed(op.out, op) == Strings{"n", "3*g + k", "p", "q"});
  CHECK(op.out.shape == Shape{1, 12, 3, 3});
  CHECK(printed(op.inputs[0], op) == Strings{"n", "2*g + c", "p + r", "q + s"});
  CHECK(printed(op.inputs[1], op) == Strings{"3*g + k", "c", "r", "s"});
  CHECK(op.inputs[1].shape == Shape{12, 2, 3, 3});
  CHECK(op.macs() == 1 * 12 * 2 * 3 * 3 * 3 * 3);
}

TEST_CASE("depthwise conv2d keeps its extent-1 dims") {
  Operator op = one(R"({"op": "conv2d", "shape": {"N": 1, "C": 4, "H": 4, "W": 4, "K": 4, "R": 3, "S": 3},
                        "pad": [1, 1], "groups": 4})");
  CHECK(op.name == "t");  // defaults to the file's stem
  CHECK(dimSummary(op) == Strings{"n=1", "g=4", "k=1", "p=4", "q=4", "c=1r", "r=3r", "s=3r"});
  CHECK(printed(op.inputs[0], op) == Strings{"n", "g + c", "p + r - 1", "q + s - 1"});
}

TEST_CASE("loopnest keeps the file's dim order and derives shapes from index ranges") {
  Operator op = one(R"({"name": "dilated", "op": "loopnest",
    "dims": {"n": 1, "k": 16, "p": 20, "q": 20, "c": 8, "r": 3, "s": 3}, "reduce": ["c", "r", "s"],
    "out": {"tensor": "O", "index": ["n", "k", "p", "q"]},
    "inputs": [{"tensor": "I", "index": ["n", "c", "p+2*r-1", "q+2*s-1"], "shape": [1, 8, 22, 22]},
               {"tensor": "F", "index": ["k", "c", "r", "s"]}]})");
  CHECK(op.kind == "loopnest");
  CHECK(dimSummary(op) == Strings{"n=1", "k=16", "p=20", "q=20", "c=8r", "r=3r", "s=3r"});
  CHECK(op.out.shape == Shape{1, 16, 20, 20});
  CHECK(op.inputs[0].shape == Shape{1, 8, 22, 22});
  CHECK(op.inputs[1].shape == Shape{16, 8, 3, 3});
  CHECK(printOperator(op) ==
        "dilated (loopnest): 460800 MACs\n"
        "  for n < 1, k < 16, p < 20, q < 20, c < 8, r < 3, s < 3 (reduce c, r, s)\n"
        "  O[n, k, p, q] += I[n, c, p + 2*r - 1, q + 2*s - 1] * F[k, c, r, s]\n"
        "  shapes O: [1, 16, 20, 20]  I: [1, 8, 22, 22]  F: [16, 8, 3, 3]\n"
        "  out = clamp(acc >> 0, -128, 127)\n");
}

TEST_CASE("toLoopnestSpec round-trips every kind through lowerSpec") {
  for (const char* text :
       {R"({"name": "g", "op": "gemm", "shape": {"M": 3, "N": 5, "K": 7}, "requant": {"shift": 3}})",
        R"({"name": "c", "op": "conv2d", "shape": {"N": 1, "C": 6, "H": 7, "W": 9, "K": 4, "R": 3, "S": 3},
               "stride": [2, 1], "pad": [1, 0]})",
        R"({"name": "gc", "op": "conv2d", "shape": {"N": 1, "C": 6, "H": 7, "W": 9, "K": 9, "R": 3, "S": 3},
               "groups": 3})",
        R"({"name": "l", "op": "loopnest", "dims": {"x": 4, "y": 3}, "reduce": ["y"],
               "out": {"tensor": "Z", "index": ["x"]},
               "inputs": [{"tensor": "P", "index": ["x + y"]}, {"tensor": "Q", "index": ["y", "2*x"]}]})"}) {
    CAPTURE(text);
    Operator op = one(text);
    nlohmann::json spec = toLoopnestSpec(op);
    Operator back = lowerSpec(spec, "round.json");
    CHECK(toLoopnestSpec(back) == spec);
    CHECK(back.name == op.name);
    CHECK(back.kind == op.kind);
    CHECK(printOperator(back) == printOperator(op));
    CHECK(back.inputs[0].index == op.inputs[0].index);
    CHECK(back.inputs[1].shape == op.inputs[1].shape);
    CHECK(back.epilogue.shift == op.epilogue.shift);
  }
}

TEST_CASE("suites lower every operator and name unnamed ones by position") {
  auto ops = parseOperators(R"({"operators": [{"op": "gemm", "shape": {"M": 1, "N": 2, "K": 3}},
                                              {"name": "b", "op": "gemm", "shape": {"M": 4, "N": 5, "K": 6}}]})",
                            "dir/suite.json");
  REQUIRE(ops.size() == 2);
  CHECK(ops[0].name == "suite_0");
  CHECK(ops[1].name == "b");
  CHECK(ops[1].macs() == 120);
}

TEST_CASE("spec errors name the file and the JSON path") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {R"({"op": "gemm", "shape": {"M": 1, "N": 2}})", "t.json: shape.K: missing field"},
      {R"({"op": "gemm", "shape": {"M": 1, "N": 2, "K": 0}})", "t.json: shape.K: must be positive, got 0"},
      {R"({"op": "gemm", "shape": {"M": 1, "N": 2, "K": 2.5}})",
       "t.json: shape.K: expected an integer, got a non-integer number (2.5)"},
      {R"({"op": "gemm", "shape": {"M": 1, "N": 2, "K": 3}, "strde": 1})", "t.json: strde: unknown field"},
      {R"({"op": "conv2d", "shape": {"N": 1, "C": 1, "H": 3, "W": 3, "K": 1, "R": 1, "S": 1}, "strid": [1, 1]})",
       "t.json: strid: unknown field (did you mean 'stride'?)"},
      {R"({"op": "conv2d", "shape": {"N": 1, "C": 1, "H": 3, "W": 3, "K": 1, "R": 1, "S": 1}, "stride": [1, 0]})",
       "t.json: stride[1]: must be positive, got 0"},
      {R"({"op": "conv2d", "shape": {"N": 1, "C": 1, "H": 3, "W": 3, "K": 1, "R": 5, "S": 1}, "pad": [0, 0]})",
       "t.json: shape.R: the filter height 5 exceeds the padded input height 3: no output"},
      {R"({"op": "conv2d", "shape": {"N": 1, "C": 1, "H": 3, "W": 3, "K": 1, "R": 1, "S": 1},
          "pad": [0, 4611686018427387904]})",
       "t.json: pad[1]: the padded input width overflows 64 bits"},
      {R"({"op": "conv2d", "shape": {"N": 1, "C": 6, "H": 3, "W": 3, "K": 4, "R": 1, "S": 1}, "groups": 4})",
       "t.json: groups: C = 6 is not divisible by groups = 4"},
      {R"({"op": "matmul"})", "t.json: op: unknown op 'matmul' (expected gemm, conv2d or loopnest)"},
      {R"({"operators": [{"op": "gemm", "shape": {"M": 1, "N": 2, "K": 3}}, {"op": "gemm", "shape": {"M": -1}}]})",
       "t.json: operators[1].shape.M: must be positive, got -1"},
      {R"({"op": "gemm", "shape": {"M": 4294967296, "N": 4294967296, "K": 2}})",
       "t.json: shape: the MAC count overflows 64 bits"},
      {R"({"op": "loopnest", "dims": {"i": 2, "k": 2}, "reduce": ["k"], "out": {"tensor": "O", "index": ["i", "k"]},
          "inputs": [{"tensor": "A", "index": ["i"]}, {"tensor": "B", "index": ["k"]}]})",
       "t.json: out.index[1]: uses reduction dim 'k'; a reduction dim may not appear in the output"},
      {R"({"op": "loopnest", "dims": {"i": 2}, "out": {"tensor": "O", "index": ["i - 1"]},
          "inputs": [{"tensor": "A", "index": ["i"]}, {"tensor": "B", "index": ["i"]}]})",
       "t.json: out.index[0]: takes negative values (down to -1)"},
      {R"({"op": "loopnest", "dims": {"i": 2}, "out": {"tensor": "O", "index": ["i"], "shape": [1]},
          "inputs": [{"tensor": "A", "index": ["i"]}, {"tensor": "B", "index": ["i"]}]})",
       "t.json: out.index[0]: reaches 1, outside the output shape 1"},
      {R"({"op": "loopnest", "dims": {"i": 2, "j": 2}, "out": {"tensor": "O", "index": ["i"]},
          "inputs": [{"tensor": "A", "index": ["i"]}, {"tensor": "B", "index": ["j"]}]})",
       "t.json: reduce: dim 'j' appears in no output index; list it in reduce"},
      {R"({"op": "loopnest", "dims": {"i": 2}, "out": {"tensor": "O", "index": ["i"]},
          "inputs": [{"tensor": "A", "index": ["i"]}]})",
       "t.json: inputs: expected exactly two inputs, got 1"},
      {R"({"op": "loopnest", "dims": {"i": 2}, "out": {"tensor": "O", "index": ["i"]},
          "inputs": [{"tensor": "A", "index": ["i"]}, {"tensor": "A", "index": ["i"]}]})",
       "t.json: inputs[1].tensor: tensor name 'A' is used twice"},
      {"{\"op\": \"gemm\",",
       "t.json: invalid JSON: parse error at line 1, column 15: syntax error while parsing object "
       "key - unexpected end of input; expected string literal"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(errorOf(c.text) == c.message);
  }
}

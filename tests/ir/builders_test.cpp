// The operator builders lower exactly as the spec reader does, and report bad arguments as the reader would.
#include <doctest/doctest.h>

#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/ir/spec_reader.h"

using namespace inlay;

TEST_CASE("builders: equal to the operators read from the equivalent specs") {
  CHECK(gemmOperator(35, 700, 2048, 3, "ds") ==
        parseOperators(R"({"name": "ds", "op": "gemm", "shape": {"M": 35, "N": 700, "K": 2048},
                           "requant": {"shift": 3}})",
                       "<t>")
            .at(0));
  CHECK(conv2dOperator({.N = 1,
                        .C = 32,
                        .H = 14,
                        .W = 14,
                        .K = 64,
                        .R = 3,
                        .S = 3,
                        .strideH = 2,
                        .strideW = 2,
                        .padH = 1,
                        .padW = 1,
                        .groups = 4},
                       "grouped") == parseOperators(R"({"name": "grouped", "op": "conv2d",
                           "shape": {"N": 1, "C": 32, "H": 14, "W": 14, "K": 64, "R": 3, "S": 3},
                           "stride": [2, 2], "pad": [1, 1], "groups": 4})",
                                                    "<t>")
                                         .at(0));
  CHECK(loopnestOperator({{"n", 1}, {"k", 16}, {"p", 20}, {"q", 20}, {"c", 8}, {"r", 3}, {"s", 3}}, {"c", "r", "s"},
                         {"O", {"n", "k", "p", "q"}, {}},
                         {LoopnestAccess{"I", {"n", "c", "p+2*r-1", "q+2*s-1"}, {1, 8, 22, 22}},
                          LoopnestAccess{"F", {"k", "c", "r", "s"}, {}}},
                         0, "dilated") == readOperatorFile("operators/examples/dilated.json").at(0));
}

TEST_CASE("builders: bad arguments are input errors naming the spec field") {
  CHECK_THROWS_WITH_AS(gemmOperator(4, 0, 4), "<gemm>: shape.N: must be positive, got 0", InputError);
  CHECK_THROWS_WITH_AS(conv2dOperator({.C = 6, .H = 3, .W = 3, .K = 4, .R = 5, .S = 1, .groups = 4}),
                       "<conv2d>: groups: C = 6 is not divisible by groups = 4", InputError);
  CHECK_THROWS_AS(gemmOperator(4, 4, 4, 32), InputError);
  CHECK_THROWS_WITH_AS(loopnestOperator({{"m", 4}, {"k", 4}}, {"k"}, {"C", {"m+k"}, {}},
                                        {LoopnestAccess{"A", {"m", "k"}, {}}, LoopnestAccess{"B", {"k"}, {}}}),
                       "<loopnest>: out.index[0]: uses reduction dim 'k'; a reduction dim may not appear in the output",
                       InputError);
}

// compile(): the one-call entry point — verified programs, errors as values for hosts without exceptions, and
// thread safety (pipelines on several threads give exactly the serial results).
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "inlay/inlay.h"

using namespace inlay;

namespace {

/// Twelve small operators of every kind, all fast to compile and verify.
std::vector<Operator> twelveOperators() {
  std::vector<Operator> ops;
  for (int64_t m : {3, 17, 35}) ops.push_back(gemmOperator(m, 40, 48, 2));
  for (int64_t c : {1, 3, 16, 24})
    ops.push_back(conv2dOperator({.N = 1, .C = c, .H = 12, .W = 12, .K = 20, .R = 3, .S = 3, .padH = 1, .padW = 1}));
  ops.push_back(conv2dOperator({.N = 2, .C = 8, .H = 9, .W = 9, .K = 16, .R = 1, .S = 1, .strideH = 2, .strideW = 2}));
  ops.push_back(
      conv2dOperator({.N = 1, .C = 12, .H = 8, .W = 8, .K = 12, .R = 3, .S = 3, .padH = 1, .padW = 1, .groups = 12}));
  ops.push_back(conv2dOperator({.N = 1, .C = 32, .H = 7, .W = 7, .K = 32, .R = 3, .S = 3, .groups = 4}));
  ops.push_back(loopnestOperator({{"b", 3}, {"m", 20}, {"n", 18}, {"k", 24}}, {"k"}, {"C", {"b", "m", "n"}, {}},
                                 {LoopnestAccess{"A", {"b", "m", "k"}, {}}, LoopnestAccess{"B", {"b", "k", "n"}, {}}}));
  ops.push_back(readOperatorFile("operators/examples/dilated.json").at(0));
  return ops;
}

}  // namespace

TEST_CASE("compile: an in-memory operator to a verified program and its cycles") {
  const Compiled c =
      compile(conv2dOperator({.C = 3, .H = 16, .W = 16, .K = 32, .R = 3, .S = 3, .padH = 1, .padW = 1}), defaultIsa());
  CHECK(c.verified);
  CHECK(c.verification.mismatches == 0);
  CHECK(c.cycles > 0);
  CHECK(c.cycles == c.stats.cycles);
  // The timing-only run gives the same cycles as the functional one.
  std::vector<uint8_t> none;
  CHECK(simulate(c.generated.program, none, {.functional = false}).stats.cycles == c.cycles);
}

TEST_CASE("tryCompile and the other try* calls return errors as values") {
  Operator op = gemmOperator(4, 4, 4);
  op.epilogue.shift = 40;
  const Expected<Compiled> bad = tryCompile(op, defaultIsa());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::Input);
  CHECK(bad.error().file == "<operator>");
  CHECK(bad.error().path == "requant.shift");
  CHECK(bad.error().message == "<operator>: requant.shift: must be in [0, 31], got 40");

  const Expected<std::vector<Operator>> parsed = tryParseOperators(R"({"op": "gemm", "shape": {"M": 0}})", "x.json");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == ErrorKind::Input);
  CHECK(parsed.error().path == "shape.M");

  const Expected<Isa> isa = tryReadIsaFile("no/such/isa.json");
  REQUIRE_FALSE(isa.ok());
  CHECK(isa.error().kind == ErrorKind::Input);

  // No reduction dim: nothing embeds, a failure of the work (kind Work), not of the input.
  const Operator elementwise =
      loopnestOperator({{"m", 4}, {"n", 4}}, {}, {"C", {"m", "n"}, {}},
                       {LoopnestAccess{"A", {"m", "n"}, {}}, LoopnestAccess{"B", {"m", "n"}, {}}});
  const Expected<Generated> none = tryGenerate(elementwise, defaultIsa(), Strategy::Csp);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().kind == ErrorKind::Work);

  const Expected<SolveResult> solved = trySolve(gemmOperator(8, 8, 8), defaultIsa(), {});
  REQUIRE(solved.ok());
  CHECK(solved->status == SolveResult::Status::Feasible);
}

TEST_CASE("compile is thread-safe: twelve pipelines on two threads give the serial results") {
  const std::vector<Operator> ops = twelveOperators();
  REQUIRE(ops.size() == 12);
  std::vector<Compiled> serial;
  for (const Operator& op : ops) serial.push_back(compile(op, defaultIsa()));
  std::vector<Compiled> parallel(ops.size());
  auto worker = [&](size_t first) {
    for (size_t k = first; k < ops.size(); k += 2) parallel[k] = compile(ops[k], defaultIsa());
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  for (size_t k = 0; k < ops.size(); ++k) {
    CAPTURE(ops[k].name);
    CHECK(serial[k].verified);
    CHECK(parallel[k].verified);
    CHECK(parallel[k].cycles == serial[k].cycles);
    CHECK(parallel[k].generated.embedding == serial[k].generated.embedding);
    CHECK(parallel[k].generated.program.insns == serial[k].generated.program.insns);
  }
}

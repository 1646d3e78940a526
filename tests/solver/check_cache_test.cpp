// The memo of embedding checks (solver/check_cache.h): it answers exactly what checkEmbedding answers, keys on the
// operator, the GEMM pattern and the mapping (not on buffers or bus), and serves concurrent callers.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "inlay/solver/check_cache.h"
#include "operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

void checkSame(const CheckResult& a, const CheckResult& b) {
  CHECK(a.ok == b.ok);
  CHECK(a.reason == b.reason);
  CHECK(a.invocationsChecked == b.invocationsChecked);
  CHECK(a.exhaustiveCover == b.exhaustiveCover);
}

}  // namespace

TEST_CASE("cached verdicts equal checkEmbedding's, for accepted and rejected embeddings, on ISAs of one GEMM shape") {
  // conv dims: n=0, k=1, p=2, q=3, c=4, r=5, s=6
  const Operator conv = conv2d({.N = 1, .C = 5, .H = 6, .W = 6, .K = 20, .R = 3, .S = 3, .ph = 1, .pw = 1});
  Isa small = defaultIsa();
  small.logInpBuffSize -= 1;
  small.busBytes = 16;
  CheckCache cache;
  for (const Embedding& e : {embedding(0, {}, {4}, {1}), embedding(0, {}, {4}, {5}), embedding(1, {}, {4}, {1})})
    for (const Isa& isa : {defaultIsa(), small, defaultIsa()})
      checkSame(cache.check(conv, isa, e), checkEmbedding(conv, isa, e));
  CHECK_FALSE(cache.check(conv, small, embedding(1, {}, {4}, {1})).ok);
}

TEST_CASE("the key tells operators, patterns and mappings apart") {
  CheckCache cache;
  const Operator square = gemm(35, 40, 50), other = gemm(35, 40, 51);
  const Embedding fixed = embedding(1, {}, {2}, {0}), wrong = embedding(1, {}, {0}, {2});
  CHECK(cache.check(square, defaultIsa(), fixed).ok);
  CHECK_FALSE(cache.check(square, defaultIsa(), wrong).ok);
  CHECK(cache.check(other, defaultIsa(), fixed).exhaustiveCover ==
        checkEmbedding(other, defaultIsa(), fixed).exhaustiveCover);
  const Isa wide = vtaIsa({.blockOut = 32});
  checkSame(cache.check(square, wide, fixed), checkEmbedding(square, wide, fixed));
}

TEST_CASE("concurrent callers get the same verdicts") {
  CheckCache cache;
  const Operator g = gemm(35, 40, 50);
  std::vector<CheckResult> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] { results[t] = cache.check(g, defaultIsa(), embedding(1, {}, {2}, {0})); });
  for (std::thread& t : threads) t.join();
  for (const CheckResult& r : results) checkSame(r, results[0]);
  CHECK(results[0].ok);
}

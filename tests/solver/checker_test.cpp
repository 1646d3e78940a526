// The independent checker: accepts valid embeddings (including TVM's fixed one) and rejects crafted wrong ones with
// a reason naming the violated property; scoreEmbedding fills the scores.
#include <doctest/doctest.h>

#include "inlay/solver/checker.h"
#include "operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

// conv dims: n=0, k=1, p=2, q=3, c=4, r=5, s=6
Operator smallConv() { return conv2d({.N = 1, .C = 5, .H = 6, .W = 6, .K = 20, .R = 3, .S = 3, .ph = 1, .pw = 1}); }

}  // namespace

TEST_CASE("checker accepts channel packing, im2col packing and TVM's fixed embedding") {
  Operator op = smallConv();
  for (const Embedding& e :
       {embedding(0, {}, {4}, {1}), embedding(0, {}, {4, 5, 6}, {1}), embedding(0, {0}, {4}, {1})}) {
    CheckResult r = checkEmbedding(op, defaultIsa(), e);
    CHECK_MESSAGE(r.ok, r.reason);
    CHECK(r.exhaustiveCover);
    CHECK(r.invocationsChecked > 0);
  }
  Operator g = gemm(35, 40, 50);  // fixed GEMM embedding: i ↦ k, o ↦ m, b ↦ n (B = 1: n stays a loop)
  CheckResult r = checkEmbedding(g, defaultIsa(), embedding(1, {}, {2}, {0}));
  CHECK_MESSAGE(r.ok, r.reason);
}

TEST_CASE("checker rejects a reduction dim on o") {
  CheckResult r = checkEmbedding(smallConv(), defaultIsa(), embedding(0, {}, {4}, {5}));
  CHECK_FALSE(r.ok);
  CHECK(r.reason.rfind("dataflow equivalence (", 0) == 0);
}

TEST_CASE("checker rejects a role that breaks operand sharing") {
  // F as inp with k on o: one inp node would read F elements of different output channels.
  CheckResult r = checkEmbedding(smallConv(), defaultIsa(), embedding(1, {}, {4}, {1}));
  CHECK_FALSE(r.ok);
  CHECK(r.reason.rfind("dataflow equivalence (inp): one inp node", 0) == 0);
}

TEST_CASE("checker rejects a dim in two groups and malformed embeddings") {
  CHECK(checkEmbedding(smallConv(), defaultIsa(), embedding(0, {}, {4}, {1, 4})).reason ==
        "structure: dim c appears in lane groups i and o, but only a dim indexing the output and both inputs may be "
        "masked");
  CHECK(checkEmbedding(smallConv(), defaultIsa(), embedding(0, {}, {4, 4}, {1})).reason ==
        "structure: dim c appears in lane group i more than once");
  CHECK(checkEmbedding(smallConv(), defaultIsa(), embedding(2, {}, {4}, {1})).reason ==
        "structure: inpInput must be 0 or 1, got 2");
  CHECK(checkEmbedding(smallConv(), defaultIsa(), embedding(0, {}, {9}, {1})).reason ==
        "structure: lane group i names dim 9, the operator has 7 dims");
}

TEST_CASE("checker rejects an output dim on the reduction lanes") {
  CheckResult r = checkEmbedding(gemm(4, 4, 4), isaWithShape(0, 1, 1), embedding(0, {}, {0}, {1}));
  CHECK_FALSE(r.ok);
  CHECK(r.reason.rfind("dataflow equivalence (", 0) == 0);
}

TEST_CASE("checker samples coverage on large operators") {
  Operator op = conv2d({.N = 1, .C = 64, .H = 56, .W = 56, .K = 64, .R = 3, .S = 3, .ph = 1, .pw = 1});
  CheckResult r = checkEmbedding(op, defaultIsa(), embedding(0, {}, {4}, {1}));
  CHECK_MESSAGE(r.ok, r.reason);
  CHECK_FALSE(r.exhaustiveCover);
}

TEST_CASE("scoreEmbedding: utilization, padding and duplication") {
  Operator op = smallConv();  // c = 5, k = 20
  Embedding channels = scoreEmbedding(op, defaultIsa(), embedding(0, {}, {4}, {1}));
  CHECK(channels.utilization == doctest::Approx(5.0 / 16 * 20.0 / 32));
  CHECK(channels.paddingLanes == (16 - 5) + (32 - 20));
  Embedding im2col = scoreEmbedding(op, defaultIsa(), embedding(0, {}, {4, 5, 6}, {1}));
  CHECK(im2col.utilization == doctest::Approx(45.0 / 48 * 20.0 / 32));
  CHECK(im2col.paddingLanes == (48 - 45) + (32 - 20));
  CHECK(im2col.duplication > channels.duplication);  // each input element is stored once per filter tap
  CHECK(im2col.objective > 0);
  Embedding gemv = scoreEmbedding(gemm(64, 1, 64), defaultIsa(), embedding(1, {}, {2}, {0}));
  CHECK(gemv.utilization == 1.0);
  CHECK(gemv.duplication == 1.0);
}

TEST_CASE("checker rejects an output dim that aliases another on accumulator lanes") {
  // O[p+k] with k on o and p a loop: O[1] would get partial sums from (p 0, lane 1) and (p 1, lane 0).
  Operator op = polynomialProduct(6, 16, 16);
  CheckResult r = checkEmbedding(op, defaultIsa(), embedding(0, {}, {2}, {1}));
  CHECK_FALSE(r.ok);
  CHECK(r.reason.find("partial sums from two accumulator lanes") != std::string::npos);
  CHECK(checkEmbedding(op, defaultIsa(), embedding(0, {}, {2}, {})).ok);  // both loops: one accumulator per element
}

TEST_CASE("checker: masked embeddings of a depthwise and a grouped convolution") {
  // Dims n, g, k, p, q, c, r, s.
  const Operator depthwise =
      conv2d({.N = 1, .C = 40, .H = 6, .W = 6, .K = 40, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 40});
  CheckResult ok = checkEmbedding(depthwise, defaultIsa(), embedding(0, {}, {1}, {1}));
  CHECK(ok.ok);
  CHECK(ok.exhaustiveCover);
  const Embedding scored = scoreEmbedding(depthwise, defaultIsa(), embedding(0, {}, {1}, {1}));
  CHECK(scored.utilization == doctest::Approx(40.0 / (3 * 16 * 16)));  // 3 diagonal blocks per tap and pixel
  CHECK(scored.paddingLanes == (48 - 40) * 2);
  // Either input may be the block-diagonal wgt: the filter as inp, the image masked, is valid too.
  CHECK(checkEmbedding(depthwise, defaultIsa(), embedding(1, {}, {1}, {1})).ok);
  // The masked dim's lanes and a reduction: i ↦ (g, r) holds 13.3 groups a block, o ↦ (g) 16, so blocks disagree.
  CHECK(checkEmbedding(depthwise, defaultIsa(), embedding(0, {}, {1, 6}, {1})).reason.rfind("exact cover", 0) == 0);
  // Masked on (b, o): both index acc, nothing can be block-diagonal.
  CHECK(checkEmbedding(depthwise, isaWithShape(1, 4, 4), embedding(0, {1}, {}, {1})).reason ==
        "structure: dim g appears in lane groups b and o, which cannot be masked together");
  // ResNeXt-like: 4 channels per group; i ↦ (g, c), o ↦ (g, k): 4 groups per block on both sides.
  const Operator grouped =
      conv2d({.N = 1, .C = 32, .H = 5, .W = 5, .K = 32, .R = 3, .S = 3, .ph = 1, .pw = 1, .groups = 8});
  CHECK(checkEmbedding(grouped, defaultIsa(), embedding(0, {}, {1, 5}, {1, 2})).ok);
  // i ↦ (g, c) holds 4 groups a block, o ↦ (g) 16: blocks disagree and iterations fall off the diagonal.
  CHECK(checkEmbedding(grouped, defaultIsa(), embedding(0, {}, {1, 5}, {1})).reason.rfind("exact cover", 0) == 0);
}

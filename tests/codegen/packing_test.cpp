// Layouts alone (codegen/packing.h): pack random operator inputs, run every intrinsic invocation with a naive
// interpreter on the packed rows, unpack the output and compare bit-exactly with the CPU reference.
#include <doctest/doctest.h>

#include <algorithm>

#include "inlay/codegen/invocation.h"
#include "inlay/codegen/packing.h"
#include "inlay/ir/reference.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

/// Interprets the embedding directly on packed buffers: acc[out row] += inp[inp row] · wgt[wgt row]ᵀ per invocation.
Tensor8 runPacked(const Operator& op, const Isa& isa, const Embedding& emb, uint64_t seed) {
  const InvocationSpace space = buildInvocationSpace(op, isa, emb);
  const Tensor8 x = randomTensor8(op.inputs[0].shape, seed), y = randomTensor8(op.inputs[1].shape, seed + 1);
  const Layout inpL = operandLayout(op, space, 0), wgtL = operandLayout(op, space, 1),
               outL = operandLayout(op, space, 2);
  const std::vector<uint8_t> inp = pack(inpL, emb.inpInput == 0 ? x : y);
  const std::vector<uint8_t> wgt = pack(wgtL, emb.inpInput == 0 ? y : x);
  const int64_t B = isa.batch(), I = isa.blockIn(), O = isa.blockOut();
  std::vector<int32_t> acc(static_cast<size_t>(space.out.rows() * B * O), 0);
  std::vector<int64_t> point(space.dims.size(), 0);
  for (int64_t n = 0; n < space.invocations(); ++n) {
    const int64_t ir = space.inp.rowOf(point), wr = space.wgt.rowOf(point), orow = space.out.rowOf(point);
    for (int64_t b = 0; b < B && ir >= 0 && wr >= 0; ++b)  // a halo row (−1) is all zeros
      for (int64_t o = 0; o < O; ++o)
        for (int64_t i = 0; i < I; ++i)
          acc[static_cast<size_t>((orow * B + b) * O + o)] +=
              int32_t{static_cast<int8_t>(inp[static_cast<size_t>((ir * B + b) * I + i)])} *
              int32_t{static_cast<int8_t>(wgt[static_cast<size_t>((wr * O + o) * I + i)])};
    for (size_t d = point.size(); d-- > 0;) {
      if (++point[d] < space.dims[d].extent) break;
      point[d] = 0;
    }
  }
  std::vector<uint8_t> out(acc.size());
  for (size_t k = 0; k < acc.size(); ++k)
    out[k] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(acc[k] >> op.epilogue.shift, -128, 127)));
  const Tensor8 got = unpack(outL, out);
  CHECK(got == referenceRun(op, x, y));
  return got;
}

Embedding emb(int inpInput, std::vector<int> b, std::vector<int> i, std::vector<int> o) {
  Embedding e;
  e.inpInput = inpInput;
  e.lanes = {b, i, o};
  return e;
}

}  // namespace

TEST_CASE("packing: GEMM with TVM's fixed embedding, padded lanes") {
  // K on i, M on o, N on b: inp = B[k,n] (input 1), wgt = A[m,k].
  runPacked(makeGemm(35, 3, 20), makeIsa(0, 3), emb(1, {1}, {2}, {0}), 7);
  runPacked(makeGemm(5, 6, 7, 2), makeIsa(1, 2), emb(1, {1}, {2}, {0}), 8);
}

TEST_CASE("packing: GEMM with swapped roles (M on the batch lanes)") {
  runPacked(makeGemm(9, 21, 11), makeIsa(1, 3), emb(0, {0}, {2}, {1}), 9);
}

TEST_CASE("packing: conv channel packing with padding and stride") {
  ConvShape s{.n = 2, .c = 5, .h = 7, .w = 6, .k = 6, .r = 3, .s = 2, .sh = 2, .sw = 1, .ph = 1, .pw = 1, .shift = 3};
  runPacked(makeConv(s), makeIsa(0, 2), emb(0, {0}, {4}, {1}), 10);
  const InvocationSpace space = buildInvocationSpace(makeConv(s), makeIsa(0, 2), emb(0, {0}, {4}, {1}));
  // Channel packing keys the input by (n, c, h, w, tb, ti): no duplication; the halo (pad 1) is left to the DMA.
  CHECK(operandLayout(makeConv(s), space, 0).dims ==
        std::vector<std::string>{"x0", "x1", "x2", "x3", "tb", "ti", "lb", "li"});
  CHECK(space.inp.rows() == 1 * 1 * 7 * 6 * 2 * 2);
  CHECK(space.inp.coords[2].haloBefore() == 1);
  CHECK(space.inp.coords[2].haloAfter() == 1);
  // Without DMA padding the halo rows are zero rows in DRAM.
  Isa noPad = makeIsa(0, 2);
  noPad.padInp = false;
  CHECK(buildInvocationSpace(makeConv(s), noPad, emb(0, {0}, {4}, {1})).inp.rows() == 1 * 1 * 9 * 8 * 2 * 2);
  runPacked(makeConv(s), noPad, emb(0, {0}, {4}, {1}), 16);
}

TEST_CASE("packing: conv im2col lanes (c, r, s on i) and spatial lanes (q on b)") {
  ConvShape s{.n = 1, .c = 1, .h = 9, .w = 12, .k = 5, .r = 3, .s = 4, .sh = 2, .sw = 2, .shift = 1};
  const Operator op = makeConv(s);
  runPacked(op, makeIsa(0, 3), emb(0, {}, {4, 5, 6}, {1}), 11);
  runPacked(op, makeIsa(1, 3), emb(0, {3}, {5, 6}, {1}), 12);
  runPacked(op, makeIsa(2, 2), emb(1, {1}, {6}, {3}), 13);  // roles swapped: filter plays inp
}

TEST_CASE("packing: grouped and depthwise convs") {
  runPacked(makeConv({.n = 1, .c = 6, .h = 5, .w = 5, .k = 6, .r = 3, .s = 3, .ph = 1, .pw = 1, .groups = 3}),
            makeIsa(0, 2), emb(0, {4}, {5}, {2}), 14);
  runPacked(makeConv({.n = 1, .c = 4, .h = 6, .w = 5, .k = 4, .r = 3, .s = 3, .groups = 4}), makeIsa(0, 3),
            emb(0, {4}, {6, 7}, {}), 15);
}

// Operators and ISA variants built in code for the codegen tests, following the spec reader's lowering conventions
// (gemm → dims m, n, k; conv2d → n, k, p, q, c, r, s; grouped → n, g, k, p, q, c, r, s).
#pragma once

#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"

namespace inlay::test {

inline AffineExpr affine(size_t dims, std::vector<std::pair<int, int64_t>> terms, int64_t constant = 0) {
  AffineExpr e;
  e.constant = constant;
  e.coeffs.assign(dims, 0);
  for (auto [d, c] : terms) e.coeffs[static_cast<size_t>(d)] += c;
  return e;
}

/// C[m,n] = Σ_k A[m,k]·B[k,n].
inline Operator makeGemm(int64_t m, int64_t n, int64_t k, int shift = 0) {
  Operator op;
  op.name = "gemm_" + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
  op.kind = "gemm";
  op.dims = {{"m", m, false}, {"n", n, false}, {"k", k, true}};
  op.out = {"C", {affine(3, {{0, 1}}), affine(3, {{1, 1}})}, {m, n}};
  op.inputs[0] = {"A", {affine(3, {{0, 1}}), affine(3, {{2, 1}})}, {m, k}};
  op.inputs[1] = {"B", {affine(3, {{2, 1}}), affine(3, {{1, 1}})}, {k, n}};
  op.epilogue.shift = shift;
  return op;
}

struct ConvShape {
  int64_t n = 1, c = 1, h = 1, w = 1, k = 1, r = 1, s = 1;
  int64_t sh = 1, sw = 1, ph = 0, pw = 0, groups = 1;
  int shift = 0;
};

/// O[n,k,p,q] = Σ_{c,r,s} I[n,c,p·sh+r−ph,q·sw+s−pw]·F[k,c,r,s], grouped when groups > 1.
inline Operator makeConv(const ConvShape& s) {
  const int64_t p = (s.h + 2 * s.ph - s.r) / s.sh + 1, q = (s.w + 2 * s.pw - s.s) / s.sw + 1;
  Operator op;
  op.name = "conv";
  op.kind = "conv2d";
  op.epilogue.shift = s.shift;
  if (s.groups == 1) {
    op.dims = {{"n", s.n, false}, {"k", s.k, false}, {"p", p, false}, {"q", q, false},
               {"c", s.c, true},  {"r", s.r, true},  {"s", s.s, true}};
    const size_t D = 7;
    op.out = {
        "O", {affine(D, {{0, 1}}), affine(D, {{1, 1}}), affine(D, {{2, 1}}), affine(D, {{3, 1}})}, {s.n, s.k, p, q}};
    op.inputs[0] = {"I",
                    {affine(D, {{0, 1}}), affine(D, {{4, 1}}), affine(D, {{2, s.sh}, {5, 1}}, -s.ph),
                     affine(D, {{3, s.sw}, {6, 1}}, -s.pw)},
                    {s.n, s.c, s.h, s.w}};
    op.inputs[1] = {"F",
                    {affine(D, {{1, 1}}), affine(D, {{4, 1}}), affine(D, {{5, 1}}), affine(D, {{6, 1}})},
                    {s.k, s.c, s.r, s.s}};
    return op;
  }
  const int64_t cg = s.c / s.groups, kg = s.k / s.groups;
  op.dims = {{"n", s.n, false}, {"g", s.groups, false}, {"k", kg, false}, {"p", p, false},
             {"q", q, false},   {"c", cg, true},        {"r", s.r, true}, {"s", s.s, true}};
  const size_t D = 8;
  op.out = {"O",
            {affine(D, {{0, 1}}), affine(D, {{1, kg}, {2, 1}}), affine(D, {{3, 1}}), affine(D, {{4, 1}})},
            {s.n, s.k, p, q}};
  op.inputs[0] = {"I",
                  {affine(D, {{0, 1}}), affine(D, {{1, cg}, {5, 1}}), affine(D, {{3, s.sh}, {6, 1}}, -s.ph),
                   affine(D, {{4, s.sw}, {7, 1}}, -s.pw)},
                  {s.n, s.c, s.h, s.w}};
  op.inputs[1] = {"F",
                  {affine(D, {{1, kg}, {2, 1}}), affine(D, {{5, 1}}), affine(D, {{6, 1}}), affine(D, {{7, 1}})},
                  {s.k, cg, s.r, s.s}};
  return op;
}

/// A VTA variant: BATCH = 2^logBatch, BLOCK_IN = BLOCK_OUT = 2^logBlock, buffer depths VTA's default × 2^logBuffDelta.
inline Isa makeIsa(int logBatch, int logBlock, int logBuffDelta = 0) {
  Isa isa = defaultIsa();
  isa.name = "vta-" + std::to_string(1 << logBatch) + "x" + std::to_string(1 << logBlock);
  isa.logBatch = logBatch;
  isa.logBlockIn = isa.logBlockOut = logBlock;
  // VTA's default depths (INP 2048, WGT 1024, ACC 2048 elements) so micro-op fields stay 11/11/10 bits.
  isa.logInpBuffSize = 11 + logBatch + logBlock + logBuffDelta;
  isa.logWgtBuffSize = 10 + 2 * logBlock + logBuffDelta;
  isa.logAccBuffSize = 11 + logBatch + logBlock + 2 + logBuffDelta;
  isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  return isa;
}

}  // namespace inlay::test

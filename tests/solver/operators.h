// Test helpers for the solver tests: Operators built in code with the spec reader's lowering conventions
// (gemm: dims m, n, k; conv2d: dims n, k, p, q, c, r, s; grouped conv: n, g, k, p, q, c, r, s), embeddings and small
// ISAs.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay::test {

/// An embedding: the operator input playing inp, and the dims on the b, i and o lane groups.
inline Embedding embedding(int inpInput, std::vector<int> b, std::vector<int> i, std::vector<int> o) {
  Embedding e;
  e.inpInput = inpInput;
  e.lanes = {std::move(b), std::move(i), std::move(o)};
  return e;
}

inline AffineExpr affine(size_t dims, std::initializer_list<std::pair<int, int64_t>> terms, int64_t constant = 0) {
  AffineExpr e;
  e.constant = constant;
  e.coeffs.assign(dims, 0);
  for (auto [d, c] : terms) e.coeffs[d] += c;
  return e;
}

inline Operator makeOperator(std::string name, std::string kind, std::vector<std::pair<std::string, int64_t>> dims,
                             std::vector<std::string> reduce) {
  Operator op;
  op.name = std::move(name);
  op.kind = std::move(kind);
  for (auto& [n, e] : dims) {
    bool red = false;
    for (const std::string& r : reduce) red = red || r == n;
    op.dims.push_back({n, e, red});
  }
  return op;
}

/// C[M,N] = Σ_k A[M,K]·B[K,N]
inline Operator gemm(int64_t M, int64_t N, int64_t K) {
  Operator op = makeOperator("gemm", "gemm", {{"m", M}, {"n", N}, {"k", K}}, {"k"});
  size_t D = 3;
  op.out = {"C", {affine(D, {{0, 1}}), affine(D, {{1, 1}})}, {M, N}};
  op.inputs[0] = {"A", {affine(D, {{0, 1}}), affine(D, {{2, 1}})}, {M, K}};
  op.inputs[1] = {"B", {affine(D, {{2, 1}}), affine(D, {{1, 1}})}, {K, N}};
  return op;
}

struct ConvShape {
  int64_t N = 1, C = 1, H = 1, W = 1, K = 1, R = 1, S = 1, sh = 1, sw = 1, ph = 0, pw = 0, groups = 1;
};

/// O[n,k,p,q] = Σ_{c,r,s} I[n, c, p·sh + r − ph, q·sw + s − pw] · F[k, c, r, s]   (grouped: dims n, g, k, …)
inline Operator conv2d(const ConvShape& s) {
  int64_t P = (s.H + 2 * s.ph - s.R) / s.sh + 1, Q = (s.W + 2 * s.pw - s.S) / s.sw + 1;
  int64_t G = s.groups, Cg = s.C / G, Kg = s.K / G;
  if (G == 1) {
    Operator op =
        makeOperator("conv", "conv2d", {{"n", s.N}, {"k", s.K}, {"p", P}, {"q", Q}, {"c", s.C}, {"r", s.R}, {"s", s.S}},
                     {"c", "r", "s"});
    size_t D = 7;
    op.out = {
        "O", {affine(D, {{0, 1}}), affine(D, {{1, 1}}), affine(D, {{2, 1}}), affine(D, {{3, 1}})}, {s.N, s.K, P, Q}};
    op.inputs[0] = {"I",
                    {affine(D, {{0, 1}}), affine(D, {{4, 1}}), affine(D, {{2, s.sh}, {5, 1}}, -s.ph),
                     affine(D, {{3, s.sw}, {6, 1}}, -s.pw)},
                    {s.N, s.C, s.H, s.W}};
    op.inputs[1] = {"F",
                    {affine(D, {{1, 1}}), affine(D, {{4, 1}}), affine(D, {{5, 1}}), affine(D, {{6, 1}})},
                    {s.K, s.C, s.R, s.S}};
    return op;
  }
  Operator op = makeOperator("gconv", "conv2d",
                             {{"n", s.N}, {"g", G}, {"k", Kg}, {"p", P}, {"q", Q}, {"c", Cg}, {"r", s.R}, {"s", s.S}},
                             {"c", "r", "s"});
  size_t D = 8;
  op.out = {"O",
            {affine(D, {{0, 1}}), affine(D, {{1, Kg}, {2, 1}}), affine(D, {{3, 1}}), affine(D, {{4, 1}})},
            {s.N, s.K, P, Q}};
  op.inputs[0] = {"I",
                  {affine(D, {{0, 1}}), affine(D, {{1, Cg}, {5, 1}}), affine(D, {{3, s.sh}, {6, 1}}, -s.ph),
                   affine(D, {{4, s.sw}, {7, 1}}, -s.pw)},
                  {s.N, s.C, s.H, s.W}};
  op.inputs[1] = {"F",
                  {affine(D, {{1, Kg}, {2, 1}}), affine(D, {{5, 1}}), affine(D, {{6, 1}}), affine(D, {{7, 1}})},
                  {s.K, Cg, s.R, s.S}};
  return op;
}

/// A BATCH×BLOCK_IN×BLOCK_OUT VTA (powers of two) with VTA's default buffer depths (INP 2048, WGT 1024, ACC 2048
/// elements), so that every instruction field fits; named "BxIxO".
inline Isa isaWithShape(int logBatch, int logBlockIn, int logBlockOut) {
  const int b = 1 << logBatch, i = 1 << logBlockIn, o = 1 << logBlockOut;
  Isa isa = vtaIsa({.batch = b,
                    .blockIn = i,
                    .blockOut = o,
                    .inpBufferBytes = int64_t{2048} * b * i,
                    .wgtBufferBytes = int64_t{1024} * o * i,
                    .accBufferBytes = int64_t{2048} * b * o * 4});
  isa.name = std::to_string(b) + "x" + std::to_string(i) + "x" + std::to_string(o);
  return isa;
}

inline std::vector<std::string> laneNames(const Operator& op, const std::vector<int>& dims) {
  std::vector<std::string> names;
  for (int d : dims) names.push_back(op.dims[d].name);
  return names;
}

/// O[p+k] = Σ_c X[p,c] · Y[k,c]: a polynomial product, whose output dims p and k alias.
inline Operator polynomialProduct(int64_t P, int64_t K, int64_t C) {
  Operator op = makeOperator("polymul", "loopnest", {{"p", P}, {"k", K}, {"c", C}}, {"c"});
  size_t D = 3;
  op.out = {"O", {affine(D, {{0, 1}, {1, 1}})}, {P + K - 1}};
  op.inputs[0] = {"X", {affine(D, {{0, 1}}), affine(D, {{2, 1}})}, {P, C}};
  op.inputs[1] = {"Y", {affine(D, {{1, 1}}), affine(D, {{2, 1}})}, {K, C}};
  return op;
}

}  // namespace inlay::test

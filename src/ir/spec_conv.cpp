// Lowering of the high-level spec kinds to the Operator IR (docs/formats.md §1.6), with the conventions later stages
// rely on: gemm → dims m, n, k; C[m,n] += A[m,k]·B[k,n]. conv2d → dims n, k, p, q, c, r, s (grouped: n, g, k, p, q, c,
// r, s with k < K/G, c < C/G); O[n,k,p,q] += I[n, c, p·sh + r − ph, q·sw + s − pw] · F[k, c, r, s].
#include "inlay/ir/spec_detail.h"

namespace inlay::spec_detail {
namespace {

std::vector<std::string> with(std::vector<std::string> fields) {
  fields.insert(fields.end(), kCommonFields.begin(), kCommonFields.end());
  return fields;
}

// shape: {"M": .., ...} with exactly `keys`, each a positive integer.
std::vector<int64_t> readShape(const J& spec, const Where& at, const std::vector<std::string>& keys) {
  Where shapeAt = at / "shape";
  const J& shape = json_read::object(json_read::member(spec, "shape", at), shapeAt);
  json_read::rejectUnknownFields(shape, keys, shapeAt);
  std::vector<int64_t> values;
  for (const std::string& k : keys)
    values.push_back(json_read::positive(json_read::member(shape, k, shapeAt), shapeAt / k));
  return values;
}

// A [h, w] pair; `lo` is the smallest allowed value.
std::pair<int64_t, int64_t> readPair(const J& spec, const Where& at, const std::string& key, int64_t lo,
                                     int64_t fallback) {
  if (!spec.contains(key)) return {fallback, fallback};
  Where pairAt = at / key;
  const J& v = json_read::array(spec.at(key), pairAt);
  if (v.size() != 2) pairAt.fail("expected [h, w], got " + std::to_string(v.size()) + " values");
  auto one = [&](size_t i) {
    int64_t x = json_read::integer(v[i], pairAt[i]);
    if (x < lo)
      pairAt[i].fail(lo == 1 ? "must be positive, got " + std::to_string(x) : "must be ≥ 0, got " + std::to_string(x));
    return x;
  };
  return {one(0), one(1)};
}

// Output extent (in + 2·pad − filter) / stride + 1; fails at the pad when the padded input overflows, at the filter
// when the filter does not fit the padded input.
int64_t outputExtent(int64_t in, int64_t pad, int64_t filter, int64_t stride, const Where& padAt, const Where& filterAt,
                     const std::string& axis) {
  int64_t padded = 0;
  if (__builtin_mul_overflow(pad, 2, &padded) || __builtin_add_overflow(padded, in, &padded))
    padAt.fail("the padded input " + axis + " overflows 64 bits");
  if (filter > padded)
    filterAt.fail("the filter " + axis + " " + std::to_string(filter) + " exceeds the padded input " + axis + " " +
                  std::to_string(padded) + ": no output");
  return (padded - filter) / stride + 1;
}

}  // namespace

Operator lowerGemm(const J& spec, const Where& at) {
  json_read::rejectUnknownFields(spec, with({"shape"}), at);
  auto s = readShape(spec, at, {"M", "N", "K"});
  const int64_t M = s[0], N = s[1], K = s[2];
  enum : size_t { m, n, k, kDims };
  Operator op;
  op.kind = "gemm";
  op.dims = {{"m", M, false}, {"n", N, false}, {"k", K, true}};
  op.out = {"C", {affine(kDims, {{m, 1}}), affine(kDims, {{n, 1}})}, {M, N}};
  op.inputs[0] = {"A", {affine(kDims, {{m, 1}}), affine(kDims, {{k, 1}})}, {M, K}};
  op.inputs[1] = {"B", {affine(kDims, {{k, 1}}), affine(kDims, {{n, 1}})}, {K, N}};
  checkSizes(op, at / "shape");
  return op;
}

Operator lowerConv2d(const J& spec, const Where& at) {
  json_read::rejectUnknownFields(spec, with({"shape", "stride", "pad", "groups"}), at);
  auto s = readShape(spec, at, {"N", "C", "H", "W", "K", "R", "S"});
  const int64_t N = s[0], C = s[1], H = s[2], W = s[3], K = s[4], R = s[5], S = s[6];
  auto [sh, sw] = readPair(spec, at, "stride", 1, 1);
  auto [ph, pw] = readPair(spec, at, "pad", 0, 0);
  const int64_t G = spec.contains("groups") ? json_read::positive(spec.at("groups"), at / "groups") : 1;
  if (C % G != 0)
    (at / "groups").fail("C = " + std::to_string(C) + " is not divisible by groups = " + std::to_string(G));
  if (K % G != 0)
    (at / "groups").fail("K = " + std::to_string(K) + " is not divisible by groups = " + std::to_string(G));
  const int64_t P = outputExtent(H, ph, R, sh, (at / "pad")[0], at / "shape" / "R", "height");
  const int64_t Q = outputExtent(W, pw, S, sw, (at / "pad")[1], at / "shape" / "S", "width");
  const int64_t Kg = K / G, Cg = C / G;

  Operator op;
  op.kind = "conv2d";
  const bool grouped = G > 1;
  // Dim positions; g exists only for grouped convolutions.
  const size_t n = 0, g = 1, k = grouped ? 2 : 1, p = k + 1, q = k + 2, c = k + 3, r = k + 4, sd = k + 5;
  const size_t kDims = sd + 1;
  op.dims = {{"n", N, false}};
  if (grouped) op.dims.push_back({"g", G, false});
  op.dims.insert(op.dims.end(),
                 {{"k", Kg, false}, {"p", P, false}, {"q", Q, false}, {"c", Cg, true}, {"r", R, true}, {"s", S, true}});
  auto grp = [&](size_t dim, int64_t groupSize) {  // g·groupSize + dim, or dim when ungrouped
    return grouped ? affine(kDims, {{g, groupSize}, {dim, 1}}) : affine(kDims, {{dim, 1}});
  };
  op.out = {"O", {affine(kDims, {{n, 1}}), grp(k, Kg), affine(kDims, {{p, 1}}), affine(kDims, {{q, 1}})}, {N, K, P, Q}};
  op.inputs[0] = {"I",
                  {affine(kDims, {{n, 1}}), grp(c, Cg), affine(kDims, {{p, sh}, {r, 1}}, -ph),
                   affine(kDims, {{q, sw}, {sd, 1}}, -pw)},
                  {N, C, H, W}};
  op.inputs[1] = {
      "F", {grp(k, Kg), affine(kDims, {{c, 1}}), affine(kDims, {{r, 1}}), affine(kDims, {{sd, 1}})}, {K, Cg, R, S}};
  checkSizes(op, at / "shape");
  return op;
}

}  // namespace inlay::spec_detail

// Per-op shape rules (docs/formats.md §5.3) and the overflow checks that go with them.
#include "inlay/net/shape_inference.h"

#include <algorithm>

#include "inlay/net/host_functions.h"

namespace inlay::net {
namespace {

using json_read::Where;

int64_t checkedMul(int64_t a, int64_t b, const Where& at, const std::string& what) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) at.fail(what + " overflows 64 bits");
  return r;
}

int64_t product(const Shape& s, const Where& at, const std::string& what) {
  int64_t n = 1;
  for (int64_t e : s) n = checkedMul(n, e, at, what);
  return n;
}

void requireRank(const Shape& s, size_t lo, size_t hi, const Where& at, const std::string& opText,
                 const std::string& layout) {
  if (s.size() < lo || s.size() > hi) at.fail(opText + " needs " + layout + " input, got shape " + shapeText(s));
}

// Output extent of a window of `window` elements (already dilated) over `in` padded by `pad` before and `padEnd`
// after.
int64_t windowOutput(int64_t in, int64_t pad, int64_t padEnd, int64_t window, int64_t stride, const Where& at,
                     const std::string& what, const std::string& axis) {
  int64_t padded = 0;
  if (__builtin_add_overflow(pad, padEnd, &padded) || __builtin_add_overflow(padded, in, &padded))
    at.fail("the padded input " + axis + " overflows 64 bits");
  if (window > padded)
    at.fail(what + " " + axis + " " + std::to_string(window) + " exceeds the padded input " + axis + " " +
            std::to_string(padded) + ": no output");
  return (padded - window) / stride + 1;
}

Shape conv2dShape(const Conv2d& c, const Shape& in, const Where& at) {
  requireRank(in, 4, 4, (at / "inputs")[0], "conv2d", "an NCHW");
  const int64_t C = in[1], G = c.groups;
  if (C % G != 0)
    (at / "groups").fail("C = " + std::to_string(C) + " is not divisible by groups = " + std::to_string(G));
  if (c.channels % G != 0)
    (at / "groups")
        .fail("channels = " + std::to_string(c.channels) + " is not divisible by groups = " + std::to_string(G));
  int64_t dilated[2];
  for (int a = 0; a < 2; ++a)
    if (__builtin_add_overflow(checkedMul(c.kernel[a] - 1, c.dilation[a], at / "dilation", "the dilated filter"), 1,
                               &dilated[a]))
      (at / "dilation").fail("the dilated filter overflows 64 bits");
  const char* what = c.dilation == Pair{1, 1} ? "the filter" : "the dilated filter";
  const int64_t P = windowOutput(in[2], c.pad[0], c.pad[0], dilated[0], c.stride[0], at / "kernel", what, "height");
  const int64_t Q = windowOutput(in[3], c.pad[1], c.pad[1], dilated[1], c.stride[1], at / "kernel", what, "width");
  Shape out{in[0], c.channels, P, Q};
  int64_t macs = product(out, at, "the MAC count");
  product({macs, C / G, c.kernel[0], c.kernel[1]}, at, "the MAC count");
  product({c.channels, C / G, c.kernel[0], c.kernel[1]}, at, "the weight count");
  return out;
}

Shape denseShape(const Dense& d, const Shape& in, const Where& at) {
  requireRank(in, 2, 3, (at / "inputs")[0], "dense", "an [N, F] or [B, S, F]");
  Shape out = in;
  out.back() = d.units;
  product({product(out, at, "the MAC count"), in.back()}, at, "the MAC count");
  product({in.back(), d.units}, at, "the weight count");
  return out;
}

// The extent of each layout letter, checking that the operands agree; fails at the layout's field.
Shape matmulShape(const Matmul& m, const std::vector<Shape>& in, const Where& at) {
  const bool batched = m.out.find('b') != std::string::npos;
  const std::string layouts[3] = {m.a, m.b, m.out};
  const std::string expected[3] = {batched ? "bmk" : "mk", batched ? "bkn" : "kn", batched ? "bmn" : "mn"};
  const char* fields[3] = {"a", "b", "out"};
  for (int i = 0; i < 3; ++i) {
    std::string sorted = layouts[i], want = expected[i];
    std::sort(sorted.begin(), sorted.end());
    std::sort(want.begin(), want.end());
    if (sorted != want)
      (at / "layout" / fields[i])
          .fail("'" + layouts[i] + "' is not an order of the letters of '" + expected[i] + "'" +
                (batched ? " (the output is batched, so every operand is)" : ""));
  }
  int64_t extent[128] = {};
  for (int i = 0; i < 2; ++i) {
    Where inAt = (at / "inputs")[i];
    if (in[i].size() != layouts[i].size())
      inAt.fail("layout '" + layouts[i] + "' needs rank " + std::to_string(layouts[i].size()) + ", got shape " +
                shapeText(in[i]));
    for (size_t d = 0; d < layouts[i].size(); ++d) {
      int64_t& e = extent[static_cast<unsigned char>(layouts[i][d])];
      if (e != 0 && e != in[i][d])
        inAt.fail("dim " + std::string(1, layouts[i][d]) + " is " + std::to_string(in[i][d]) + " here but " +
                  std::to_string(e) + " in inputs[0]");
      e = in[i][d];
    }
  }
  Shape out;
  for (char letter : m.out) out.push_back(extent[static_cast<unsigned char>(letter)]);
  product({product(out, at, "the MAC count"), extent['k']}, at, "the MAC count");
  return out;
}

Shape sameShape(const std::vector<Shape>& in, const Where& at) {
  for (size_t i = 1; i < in.size(); ++i)
    if (in[i] != in[0])
      ((at / "inputs")[i]).fail("shape " + shapeText(in[i]) + " differs from inputs[0]'s " + shapeText(in[0]));
  return in[0];
}

Shape poolShape(const Pool& p, const Shape& in, const Where& at) {
  requireRank(in, 4, 4, (at / "inputs")[0], p.kind == Pool::Kind::Max ? "max_pool" : "avg_pool", "an NCHW");
  for (int a = 0; a < 2; ++a)
    if (std::max(p.pad[a], p.padEnd[a]) >= p.kernel[a])
      ((at / "pad")[p.pad[a] >= p.kernel[a] ? a : a + 2])
          .fail("must be less than the window (" + std::to_string(p.kernel[a]) +
                "), so that every window holds an input element");
  const int64_t P =
      windowOutput(in[2], p.pad[0], p.padEnd[0], p.kernel[0], p.stride[0], at / "kernel", "the window", "height");
  const int64_t Q =
      windowOutput(in[3], p.pad[1], p.padEnd[1], p.kernel[1], p.stride[1], at / "kernel", "the window", "width");
  return {in[0], in[1], P, Q};
}

Shape reshapeShape(const Reshape& r, const Shape& in, const Where& at) {
  checkShape(r.shape, at / "shape");
  if (elementCount(r.shape) != elementCount(in))
    (at / "shape")
        .fail(shapeText(r.shape) + " holds " + std::to_string(elementCount(r.shape)) + " elements, the input " +
              shapeText(in) + " " + std::to_string(elementCount(in)));
  return r.shape;
}

}  // namespace

std::string shapeText(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

void checkShape(const Shape& shape, const Where& at) {
  if (shape.empty() || shape.size() > 6) at.fail("a shape has 1 to 6 dims, got " + std::to_string(shape.size()));
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] <= 0) at[i].fail("must be positive, got " + std::to_string(shape[i]));
  product(shape, at, "the element count");
}

Shape inferOutputShape(const Node& node, const std::vector<Shape>& in, const Where& at) {
  struct Infer {
    const std::vector<Shape>& in;
    const Where& at;
    Shape operator()(const Conv2d& c) const { return conv2dShape(c, in[0], at); }
    Shape operator()(const Dense& d) const { return denseShape(d, in[0], at); }
    Shape operator()(const Matmul& m) const { return matmulShape(m, in, at); }
    Shape operator()(const Add&) const { return sameShape(in, at); }
    Shape operator()(const Relu&) const { return in[0]; }
    Shape operator()(const Pool& p) const { return poolShape(p, in[0], at); }
    Shape operator()(const GlobalAveragePool&) const {
      requireRank(in[0], 4, 4, (at / "inputs")[0], "global_avg_pool", "an NCHW");
      return {in[0][0], in[0][1], 1, 1};
    }
    Shape operator()(const Reshape& r) const { return reshapeShape(r, in[0], at); }
    Shape operator()(const Host& h) const {
      Shape out = h.shape.empty() ? defaultHostShape(h.function, in) : h.shape;
      Where shapeAt = h.shape.empty() ? at : at / "shape";
      checkShape(out, shapeAt);
      std::string why = hostShapeError(h.function, in, out);
      if (!why.empty()) shapeAt.fail(why);
      return out;
    }
  };
  return std::visit(Infer{in, at}, node.op);
}

}  // namespace inlay::net

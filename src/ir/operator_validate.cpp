// validateOperator (inlay/ir/operator.h): the Operator IR's invariants, checked on the value itself so that an
// operator built in memory is held to the same rules as one read from a spec. Paths name the spec field that
// would hold the offending value ("dims[2].name", "inputs[1].index[0]", "requant.shift").
#include <cctype>
#include <set>

#include "inlay/ir/error.h"
#include "inlay/ir/operator.h"

namespace inlay {
namespace {

struct Checker {
  const Operator& op;
  const std::string& origin;

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw InputError(origin, path, message);
  }

  void dims() const {
    if (op.dims.empty()) fail("dims", "an operator needs at least one dim");
    std::set<std::string> seen;
    for (size_t d = 0; d < op.dims.size(); ++d) {
      const Dim& dim = op.dims[d];
      const std::string at = "dims[" + std::to_string(d) + "]";
      if (!isIdentifier(dim.name)) fail(at + ".name", "'" + dim.name + "' is not a valid dim name");
      if (!seen.insert(dim.name).second) fail(at + ".name", "dim '" + dim.name + "' is declared twice");
      if (dim.extent < 1) fail(at + ".extent", "must be positive, got " + std::to_string(dim.extent));
    }
  }

  // The range of e over the iteration box; fails when it leaves 64 bits.
  std::pair<int64_t, int64_t> range(const AffineExpr& e, const std::string& at) const {
    int64_t lo = e.constant, hi = e.constant;
    for (size_t d = 0; d < op.dims.size(); ++d) {
      int64_t span = 0;
      bool overflow = __builtin_mul_overflow(e.coeffs[d], op.dims[d].extent - 1, &span);
      overflow = overflow || __builtin_add_overflow(span < 0 ? lo : hi, span, span < 0 ? &lo : &hi);
      if (overflow) fail(at, "index values overflow 64 bits");
    }
    return {lo, hi};
  }

  void access(const TensorAccess& t, const std::string& at, bool output) const {
    if (!isIdentifier(t.tensor)) fail(at + ".tensor", "'" + t.tensor + "' is not a valid tensor name");
    if (t.index.empty()) fail(at + ".index", "a tensor needs at least one index");
    if (t.shape.size() != t.index.size())
      fail(at + ".shape",
           "has " + std::to_string(t.shape.size()) + " entries but index has " + std::to_string(t.index.size()));
    int64_t elements = 1;
    for (size_t i = 0; i < t.shape.size(); ++i) {
      const std::string shapeAt = at + ".shape[" + std::to_string(i) + "]";
      if (t.shape[i] < 1) fail(shapeAt, "must be positive, got " + std::to_string(t.shape[i]));
      if (__builtin_mul_overflow(elements, t.shape[i], &elements))
        fail(at + ".shape", "the element count of tensor " + t.tensor + " overflows 64 bits");
    }
    for (size_t i = 0; i < t.index.size(); ++i) {
      const std::string indexAt = at + ".index[" + std::to_string(i) + "]";
      const AffineExpr& e = t.index[i];
      if (e.coeffs.size() != op.dims.size())
        fail(indexAt, "has " + std::to_string(e.coeffs.size()) + " coefficients for " + std::to_string(op.dims.size()) +
                          " dims");
      auto [lo, hi] = range(e, indexAt);
      if (!output) continue;
      for (size_t d = 0; d < op.dims.size(); ++d)
        if (op.dims[d].reduction && e.dependsOn(d))
          fail(indexAt, "uses reduction dim '" + op.dims[d].name + "'; a reduction dim may not appear in the output");
      if (lo < 0) fail(indexAt, "takes negative values (down to " + std::to_string(lo) + ")");
      if (hi >= t.shape[i])
        fail(indexAt, "reaches " + std::to_string(hi) + ", outside the output shape " + std::to_string(t.shape[i]));
    }
  }

  void tensorNames() const {
    if (op.inputs[0].tensor == op.out.tensor)
      fail("inputs[0].tensor", "tensor name '" + op.out.tensor + "' is used twice");
    if (op.inputs[1].tensor == op.out.tensor || op.inputs[1].tensor == op.inputs[0].tensor)
      fail("inputs[1].tensor", "tensor name '" + op.inputs[1].tensor + "' is used twice");
  }

  // Every non-reduction dim indexes the output: otherwise it would silently act as a reduction.
  void parallelDimsInOutput() const {
    for (size_t d = 0; d < op.dims.size(); ++d) {
      if (op.dims[d].reduction) continue;
      bool used = false;
      for (const AffineExpr& e : op.out.index) used = used || e.dependsOn(d);
      if (!used) fail("reduce", "dim '" + op.dims[d].name + "' appears in no output index; list it in reduce");
    }
  }

  void macs() const {
    int64_t n = 1;
    for (const Dim& d : op.dims)
      if (__builtin_mul_overflow(n, d.extent, &n)) fail("dims", "the MAC count overflows 64 bits");
  }

  void epilogue() const {
    if (op.epilogue.shift < 0 || op.epilogue.shift > 31)
      fail("requant.shift", "must be in [0, 31], got " + std::to_string(op.epilogue.shift));
  }
};

}  // namespace

bool isIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) return false;
  return true;
}

void validateOperator(const Operator& op, const std::string& origin) {
  Checker c{op, origin};
  c.dims();
  c.access(op.out, "out", true);
  c.access(op.inputs[0], "inputs[0]", false);
  c.access(op.inputs[1], "inputs[1]", false);
  c.tensorNames();
  c.parallelDimsInOutput();
  c.macs();
  c.epilogue();
}

}  // namespace inlay

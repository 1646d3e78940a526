// Layouts (program/layout.h): quasi-affine index expressions — construction, evaluation, printing and a small
// recursive-descent parser — and packing/unpacking of int8 tensors through a layout.
#include "inlay/program/layout.h"

#include <cctype>
#include <limits>

#include "inlay/ir/error.h"

namespace inlay {

// ---------------------------------------------------------------------------------------------------------------
// Construction. Constants are folded so that printed expressions stay short and parse(print(e)) prints the same;
// a fold that would overflow is left unfolded, so that valueRange reports it instead of undefined behaviour.

QuasiAffine QuasiAffine::constant(int64_t v) {
  QuasiAffine e;
  e.kind_ = Kind::Const;
  e.value_ = v;
  return e;
}

QuasiAffine QuasiAffine::coord(int index) {
  INLAY_CHECK(index >= 0, "negative packed coordinate");
  QuasiAffine e;
  e.kind_ = Kind::Coord;
  e.value_ = index;
  return e;
}

QuasiAffine operator+(QuasiAffine a, QuasiAffine b) {
  int64_t sum = 0;
  if (a.kind_ == QuasiAffine::Kind::Const && b.kind_ == QuasiAffine::Kind::Const &&
      !__builtin_add_overflow(a.value_, b.value_, &sum))
    return QuasiAffine::constant(sum);
  if (b.kind_ == QuasiAffine::Kind::Const && b.value_ == 0) return a;
  if (a.kind_ == QuasiAffine::Kind::Const && a.value_ == 0) return b;
  QuasiAffine e;
  e.kind_ = QuasiAffine::Kind::Add;
  e.lhs_ = std::make_shared<const QuasiAffine>(std::move(a));
  e.rhs_ = std::make_shared<const QuasiAffine>(std::move(b));
  return e;
}

QuasiAffine operator*(int64_t k, QuasiAffine a) {
  if (k == 0) return QuasiAffine::constant(0);
  if (k == 1) return a;
  int64_t product = 0;
  const bool foldable = a.kind_ == QuasiAffine::Kind::Const || a.kind_ == QuasiAffine::Kind::Mul;
  if (foldable && !__builtin_mul_overflow(k, a.value_, &product))
    return a.kind_ == QuasiAffine::Kind::Const ? QuasiAffine::constant(product) : product * QuasiAffine(*a.lhs_);
  QuasiAffine e;
  e.kind_ = QuasiAffine::Kind::Mul;
  e.value_ = k;
  e.lhs_ = std::make_shared<const QuasiAffine>(std::move(a));
  return e;
}

static int64_t floorDivInt(int64_t a, int64_t k) {
  int64_t q = a / k;
  return (a % k != 0 && a < 0) ? q - 1 : q;
}

static int64_t floorModInt(int64_t a, int64_t k) {
  int64_t r = a % k;
  return r < 0 ? r + k : r;
}

QuasiAffine QuasiAffine::floorDiv(int64_t k) const {
  INLAY_CHECK(k > 0, "floor division by a non-positive constant");
  if (kind_ == Kind::Const) return constant(floorDivInt(value_, k));
  QuasiAffine e;
  e.kind_ = Kind::FloorDiv;
  e.value_ = k;
  e.lhs_ = std::make_shared<const QuasiAffine>(*this);
  return e;
}

QuasiAffine QuasiAffine::mod(int64_t k) const {
  INLAY_CHECK(k > 0, "modulo by a non-positive constant");
  if (kind_ == Kind::Const) return constant(floorModInt(value_, k));
  QuasiAffine e;
  e.kind_ = Kind::Mod;
  e.value_ = k;
  e.lhs_ = std::make_shared<const QuasiAffine>(*this);
  return e;
}

int64_t QuasiAffine::eval(const int64_t* coords) const {
  int64_t v = 0;
  switch (kind_) {
    case Kind::Const: return value_;
    case Kind::Coord: return coords[value_];
    case Kind::Add:
      INLAY_CHECK(!__builtin_add_overflow(lhs_->eval(coords), rhs_->eval(coords), &v), "index sum overflows");
      return v;
    case Kind::Mul:
      INLAY_CHECK(!__builtin_mul_overflow(value_, lhs_->eval(coords), &v), "index product overflows");
      return v;
    case Kind::FloorDiv: return floorDivInt(lhs_->eval(coords), value_);
    case Kind::Mod: return floorModInt(lhs_->eval(coords), value_);
  }
  return 0;
}

// Interval arithmetic: every operation is monotone in its operand (or bounded, for %), so the bounds of the result
// follow from the operand's bounds.
std::optional<std::pair<int64_t, int64_t>> QuasiAffine::valueRange(const std::vector<int64_t>& extents) const {
  using Range = std::pair<int64_t, int64_t>;
  switch (kind_) {
    case Kind::Const: return Range{value_, value_};
    case Kind::Coord:
      INLAY_CHECK(value_ < static_cast<int64_t>(extents.size()), "packed coordinate without an extent");
      return Range{0, extents[static_cast<size_t>(value_)] - 1};
    case Kind::Add: {
      auto l = lhs_->valueRange(extents), r = rhs_->valueRange(extents);
      Range sum;
      if (!l || !r || __builtin_add_overflow(l->first, r->first, &sum.first) ||
          __builtin_add_overflow(l->second, r->second, &sum.second))
        return std::nullopt;
      return sum;
    }
    case Kind::Mul: {
      auto l = lhs_->valueRange(extents);
      Range product;
      if (!l || __builtin_mul_overflow(value_, l->first, &product.first) ||
          __builtin_mul_overflow(value_, l->second, &product.second))
        return std::nullopt;
      if (value_ < 0) std::swap(product.first, product.second);
      return product;
    }
    case Kind::FloorDiv: {
      auto l = lhs_->valueRange(extents);
      if (!l) return std::nullopt;
      return Range{floorDivInt(l->first, value_), floorDivInt(l->second, value_)};
    }
    case Kind::Mod:
      if (!lhs_->valueRange(extents)) return std::nullopt;
      return Range{0, value_ - 1};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------------
// Printing: C precedence (* / % bind tighter than +); every non-atomic operand of *, / and % is parenthesised, and
// a negative addend prints as a subtraction.

static bool isAtomic(const QuasiAffine& e) {
  return e.kind() == QuasiAffine::Kind::Const || e.kind() == QuasiAffine::Kind::Coord;
}

std::string QuasiAffine::print(const std::vector<std::string>& names) const {
  auto operand = [&](const QuasiAffine& e) { return isAtomic(e) ? e.print(names) : "(" + e.print(names) + ")"; };
  switch (kind_) {
    case Kind::Const: return std::to_string(value_);
    case Kind::Coord:
      INLAY_CHECK(value_ < static_cast<int64_t>(names.size()), "packed coordinate without a name");
      return names[static_cast<size_t>(value_)];
    case Kind::Mul: return std::to_string(value_) + "*" + operand(*lhs_);
    case Kind::FloorDiv: return operand(*lhs_) + " / " + std::to_string(value_);
    case Kind::Mod: return operand(*lhs_) + " % " + std::to_string(value_);
    case Kind::Add: {
      std::string left = lhs_->print(names);
      const QuasiAffine& r = *rhs_;
      if (r.kind_ == Kind::Const && r.value_ < 0 && r.value_ != std::numeric_limits<int64_t>::min())
        return left + " - " + std::to_string(-r.value_);
      if (r.kind_ == Kind::Mul && r.value_ < 0 && r.value_ != std::numeric_limits<int64_t>::min()) {
        std::string factor = r.value_ == -1 ? "" : std::to_string(-r.value_) + "*";
        return left + " - " + factor + operand(*r.lhs_);
      }
      // A sum on the right must keep its grouping only for printing stability; addition is associative.
      return left + " + " + (r.kind_ == Kind::Add ? "(" + r.print(names) + ")" : r.print(names));
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing. Grammar:  expr := ['-'] term (('+'|'-') term)*
//                    term := factor (('*' factor) | ('/' int) | ('%' int))*     (one side of '*' constant)
//                    factor := int | name | '(' expr ')'

namespace {

class QuasiAffineParser {
public:
  QuasiAffineParser(const std::string& text, const std::vector<std::string>& names, const std::string& file,
                    const std::string& jsonPath)
      : text_(text), names_(names), file_(file), jsonPath_(jsonPath) {}

  QuasiAffine parseAll() {
    QuasiAffine e = expr();
    skipSpace();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return e;
  }

private:
  [[noreturn]] void fail(const std::string& why) const {
    throw InputError(file_, jsonPath_,
                     "bad index expression \"" + text_ + "\" at column " + std::to_string(pos_ + 1) + ": " + why);
  }

  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool accept(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  static QuasiAffine negate(const QuasiAffine& e) { return -1 * e; }

  QuasiAffine expr() {
    QuasiAffine e = accept('-') ? negateTerm(term()) : term();
    for (;;) {
      if (accept('+'))
        e = e + term();
      else if (accept('-'))
        e = e + negateTerm(term());
      else
        return e;
    }
  }

  // "a - 2*p" becomes a + (-2)*p rather than a + (-1)*(2*p), so that printing gives back the same text. The most
  // negative constant has no negation in int64; it stays a product that valueRange reports.
  static QuasiAffine negateTerm(const QuasiAffine& t) {
    if (t.kind() == QuasiAffine::Kind::Const && t.eval(nullptr) != std::numeric_limits<int64_t>::min())
      return QuasiAffine::constant(-t.eval(nullptr));
    return negate(t);
  }

  QuasiAffine term() {
    QuasiAffine e = factor();
    for (;;) {
      if (accept('*')) {
        QuasiAffine rhs = factor();
        if (rhs.kind() == QuasiAffine::Kind::Const)
          e = rhs.eval(nullptr) * e;
        else if (e.kind() == QuasiAffine::Kind::Const)
          e = e.eval(nullptr) * rhs;
        else
          fail("a product of two non-constant terms is not quasi-affine");
      } else if (accept('/')) {
        e = e.floorDiv(positiveInt("/"));
      } else if (accept('%')) {
        e = e.mod(positiveInt("%"));
      } else {
        return e;
      }
    }
  }

  int64_t positiveInt(const char* op) {
    skipSpace();
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
      fail(std::string("'") + op + "' must be followed by a positive integer");
    int64_t v = integer();
    if (v <= 0) fail(std::string("'") + op + "' by zero");
    return v;
  }

  int64_t integer() {
    int64_t v = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      int digit = text_[pos_] - '0';
      if (v > (std::numeric_limits<int64_t>::max() - digit) / 10) fail("number too large");
      v = v * 10 + digit;
      ++pos_;
    }
    return v;
  }

  QuasiAffine factor() {
    skipSpace();
    if (pos_ >= text_.size()) fail("unexpected end");
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      QuasiAffine e = expr();
      if (!accept(')')) fail("missing ')'");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return QuasiAffine::constant(integer());
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
        ++pos_;
      std::string name = text_.substr(start, pos_ - start);
      for (size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return QuasiAffine::coord(static_cast<int>(i));
      pos_ = start;
      fail("unknown packed dim '" + name + "'");
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  const std::string& text_;
  const std::vector<std::string>& names_;
  const std::string& file_;
  const std::string& jsonPath_;
  size_t pos_ = 0;
};

}  // namespace

QuasiAffine QuasiAffine::parse(const std::string& text, const std::vector<std::string>& names, const std::string& file,
                               const std::string& jsonPath) {
  if (text.size() > kMaxTextChars)
    throw InputError(file, jsonPath,
                     "bad index expression of " + std::to_string(text.size()) + " characters: the limit is " +
                         std::to_string(kMaxTextChars));
  return QuasiAffineParser(text, names, file, jsonPath).parseAll();
}

// ---------------------------------------------------------------------------------------------------------------
// Packing.

std::optional<int64_t> Layout::checkedPackedBytes() const {
  int64_t n = scalarBytes;
  for (int64_t e : extents)
    if (__builtin_mul_overflow(n, e, &n)) return std::nullopt;
  return n;
}

// A layout read from a file has passed checkedPackedBytes; the generator's layouts are small.
int64_t Layout::packedScalars() const {
  INLAY_CHECK(checkedPackedBytes().has_value(), "the packed size of a layout overflows int64");
  int64_t n = 1;
  for (int64_t e : extents) n *= e;
  return n;
}

int64_t Layout::packedBytes() const {
  const std::optional<int64_t> bytes = checkedPackedBytes();
  INLAY_CHECK(bytes.has_value(), "the packed size of a layout overflows int64");
  return *bytes;
}

namespace {

/// Visits every packed coordinate in row-major order with its flat scalar position and the tensor offset it maps
/// to (-1 when some index component falls outside the tensor).
template <typename Visit>
void forEachPackedScalar(const Layout& layout, Visit visit) {
  INLAY_CHECK(layout.dims.size() == layout.extents.size(), "layout dims and extents differ in length");
  INLAY_CHECK(layout.index.size() == layout.tensorShape.size(), "layout index arity differs from the tensor rank");
  const size_t rank = layout.extents.size();
  for (int64_t e : layout.extents)
    if (e <= 0) return;
  std::vector<int64_t> p(rank, 0);
  const int64_t total = layout.packedScalars();
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t offset = 0;
    for (size_t d = 0; d < layout.index.size(); ++d) {
      int64_t v = layout.index[d].eval(p.data());
      if (v < 0 || v >= layout.tensorShape[d]) {
        offset = -1;
        break;
      }
      offset = offset * layout.tensorShape[d] + v;
    }
    visit(flat, offset);
    for (size_t d = rank; d-- > 0;) {  // odometer increment, innermost fastest
      if (++p[d] < layout.extents[d]) break;
      p[d] = 0;
    }
  }
}

}  // namespace

std::vector<uint8_t> pack(const Layout& layout, const Tensor8& t) {
  INLAY_CHECK(t.shape == layout.tensorShape, "pack: tensor shape differs from the layout's tensor shape");
  INLAY_CHECK(layout.scalarBytes == 1 || layout.scalarBytes == 2 || layout.scalarBytes == 4,
              "pack: unsupported scalar size");
  const size_t width = static_cast<size_t>(layout.scalarBytes);
  std::vector<uint8_t> bytes(static_cast<size_t>(layout.packedBytes()), 0);
  forEachPackedScalar(layout, [&](int64_t flat, int64_t offset) {
    if (offset < 0) return;
    // Sign-extend into wider scalars, little-endian.
    auto v = static_cast<uint32_t>(static_cast<int32_t>(t.data[static_cast<size_t>(offset)]));
    for (size_t b = 0; b < width; ++b)
      bytes[static_cast<size_t>(flat) * width + b] = static_cast<uint8_t>(v >> (8 * b));
  });
  return bytes;
}

Tensor8 unpack(const Layout& layout, const std::vector<uint8_t>& bytes) {
  if (static_cast<int64_t>(bytes.size()) < layout.packedBytes())
    throw WorkError("unpack " + layout.tensor + ": " + std::to_string(bytes.size()) + " bytes, layout needs " +
                    std::to_string(layout.packedBytes()));
  const size_t width = static_cast<size_t>(layout.scalarBytes);
  Tensor8 t = Tensor8::zeros(layout.tensorShape);
  std::vector<uint8_t> written(t.data.size(), 0);
  forEachPackedScalar(layout, [&](int64_t flat, int64_t offset) {
    if (offset < 0) return;
    uint32_t raw = 0;
    for (size_t b = 0; b < width; ++b) raw |= uint32_t{bytes[static_cast<size_t>(flat) * width + b]} << (8 * b);
    int64_t value = width == 1   ? static_cast<int8_t>(raw)
                    : width == 2 ? static_cast<int16_t>(raw)
                                 : static_cast<int32_t>(raw);
    if (value < -128 || value > 127)
      throw WorkError("unpack " + layout.tensor + ": packed scalar " + std::to_string(flat) + " holds " +
                      std::to_string(value) + ", outside int8");
    auto& slot = t.data[static_cast<size_t>(offset)];
    if (written[static_cast<size_t>(offset)] && slot != value)
      throw WorkError("unpack " + layout.tensor + ": packed scalars disagree on element " + std::to_string(offset) +
                      " (" + std::to_string(slot) + " vs " + std::to_string(value) + " at packed scalar " +
                      std::to_string(flat) + ")");
    slot = static_cast<int8_t>(value);
    written[static_cast<size_t>(offset)] = 1;
  });
  for (size_t i = 0; i < written.size(); ++i)
    if (!written[i])
      throw WorkError("unpack " + layout.tensor + ": element " + std::to_string(i) +
                      " is not written by any packed scalar");
  return t;
}

}  // namespace inlay

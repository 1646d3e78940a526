// The affine index-expression parser and printer (see affine.h). Grammar:
//   expr := ['+'|'-'] term (('+'|'-') term)*      term := INT | INT '*' NAME | NAME | NAME '*' INT
// Like terms are combined ("p + p" is 2*p); every step is checked for 64-bit overflow.
#include "inlay/ir/affine.h"

#include <cctype>

#include "inlay/ir/error.h"

namespace inlay {
namespace {

class AffineParser {
public:
  AffineParser(const std::string& text, const std::vector<std::string>& dims, const std::string& file,
               const std::string& path)
      : text_(text), dims_(dims), file_(file), path_(path) {
    expr_.coeffs.assign(dims.size(), 0);
  }

  AffineExpr parse() {
    skipSpace();
    if (pos_ == text_.size()) fail("empty expression");
    int sign = optionalSign();
    for (;;) {
      term(sign);
      skipSpace();
      if (pos_ == text_.size()) return expr_;
      if (text_[pos_] != '+' && text_[pos_] != '-') fail("unexpected '" + std::string(1, text_[pos_]) + "'");
      sign = text_[pos_++] == '-' ? -1 : 1;
    }
  }

private:
  [[noreturn]] void fail(const std::string& why) const {
    throw InputError(file_, path_, "malformed affine expression \"" + text_ + "\": " + why);
  }

  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  int optionalSign() {
    skipSpace();
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) return text_[pos_++] == '-' ? -1 : 1;
    return 1;
  }

  bool atDigit() const { return pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])); }
  bool atNameStart() const {
    return pos_ < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_');
  }

  int64_t number() {
    int64_t v = 0;
    size_t start = pos_;
    while (atDigit()) {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, text_[pos_] - '0', &v))
        fail("number " + text_.substr(start) + " overflows 64 bits");
      ++pos_;
    }
    return v;
  }

  // The index of a dim name; fails for names that are not dims of the operator.
  size_t name() {
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    std::string n = text_.substr(start, pos_ - start);
    for (size_t d = 0; d < dims_.size(); ++d)
      if (dims_[d] == n) return d;
    throw InputError(file_, path_, "unknown dim '" + n + "' in \"" + text_ + "\"");
  }

  bool consumeStar() {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '*') {
      ++pos_;
      skipSpace();
      return true;
    }
    return false;
  }

  void add(int64_t& target, int64_t value) {
    if (__builtin_add_overflow(target, value, &target)) fail("coefficients overflow 64 bits");
  }

  // One term, added to the expression with `sign`.
  void term(int sign) {
    skipSpace();
    int64_t factor = 1;
    if (atDigit()) {
      factor = number();
      if (!consumeStar()) return add(expr_.constant, sign * factor);
      if (!atNameStart()) fail(atDigit() ? "a product of two numbers is not supported" : "expected a dim after '*'");
    } else if (!atNameStart()) {
      fail(pos_ < text_.size() ? "unexpected '" + std::string(1, text_[pos_]) + "'" : "expected a term at the end");
    }
    size_t dim = name();
    if (consumeStar()) {
      if (atNameStart()) fail("product of two dims is not affine");
      if (!atDigit()) fail("expected an integer after '*'");
      if (factor != 1) fail("a term may have one integer factor");
      factor = number();
    }
    add(expr_.coeffs[dim], sign * factor);
  }

  const std::string& text_;
  const std::vector<std::string>& dims_;
  const std::string& file_;
  const std::string& path_;
  AffineExpr expr_;
  size_t pos_ = 0;
};

}  // namespace

AffineExpr parseAffine(const std::string& text, const std::vector<std::string>& dimNames, const std::string& file,
                       const std::string& jsonPath) {
  return AffineParser(text, dimNames, file, jsonPath).parse();
}

std::string printAffine(const AffineExpr& e, const std::vector<std::string>& dimNames) {
  std::string out;
  auto append = [&out](int64_t value, const std::string& dimName) {
    // |INT64_MIN| has no int64 magnitude; print it through the unsigned magnitude.
    uint64_t magnitude = value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    std::string body = dimName.empty() ? std::to_string(magnitude)
                                       : (magnitude == 1 ? dimName : std::to_string(magnitude) + "*" + dimName);
    if (out.empty())
      out = (value < 0 ? "-" : "") + body;
    else
      out += (value < 0 ? " - " : " + ") + body;
  };
  for (size_t d = 0; d < e.coeffs.size(); ++d)
    if (e.coeffs[d] != 0) append(e.coeffs[d], dimNames.at(d));
  if (e.constant != 0) append(e.constant, "");
  return out.empty() ? "0" : out;
}

}  // namespace inlay

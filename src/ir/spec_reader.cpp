// Operator spec documents (docs/formats.md §1): one spec or {"operators": [...]}; dispatch by "op"; the fields every
// kind shares; size checks; and the writer of the generic loopnest form.
#include "inlay/ir/spec_reader.h"

#include <filesystem>

#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/spec_detail.h"

namespace inlay {
namespace spec_detail {

void readCommonFields(const J& spec, const Where& at, const std::string& defaultName, Operator& op) {
  op.name = spec.contains("name") ? json_read::string(spec.at("name"), at / "name") : defaultName;
  if (op.name.empty()) (at / "name").fail("must not be empty");
  if (!spec.contains("requant")) return;
  const J& requant = json_read::object(spec.at("requant"), at / "requant");
  json_read::rejectUnknownFields(requant, {"shift"}, at / "requant");
  if (requant.contains("shift"))
    op.epilogue.shift = static_cast<int>(json_read::integerIn(requant.at("shift"), at / "requant" / "shift", 0, 31));
}

int64_t checkedMul(int64_t a, int64_t b, const Where& at, const std::string& what) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) at.fail(what + " overflows 64 bits");
  return r;
}

void checkSizes(const Operator& op, const Where& at) {
  int64_t macs = 1;
  for (const Dim& d : op.dims) macs = checkedMul(macs, d.extent, at, "the MAC count");
  for (const TensorAccess* t : {&op.out, &op.inputs[0], &op.inputs[1]}) {
    int64_t n = 1;
    for (int64_t e : t->shape) n = checkedMul(n, e, at, "the element count of tensor " + t->tensor);
  }
}

AffineExpr affine(size_t dimCount, const std::vector<std::pair<size_t, int64_t>>& terms, int64_t constant) {
  AffineExpr e;
  e.constant = constant;
  e.coeffs.assign(dimCount, 0);
  for (auto [dim, coeff] : terms) e.coeffs.at(dim) += coeff;
  return e;
}

}  // namespace spec_detail

namespace {

using spec_detail::J;
using spec_detail::Where;

Operator lowerOne(const J& spec, const Where& at, const std::string& defaultName) {
  json_read::object(spec, at);
  std::string op = json_read::string(json_read::member(spec, "op", at), at / "op");
  Operator result;
  if (op == "gemm")
    result = spec_detail::lowerGemm(spec, at);
  else if (op == "conv2d")
    result = spec_detail::lowerConv2d(spec, at);
  else if (op == "loopnest")
    result = spec_detail::lowerLoopnest(spec, at);
  else
    (at / "op").fail("unknown op '" + op + "' (expected gemm, conv2d or loopnest)");
  spec_detail::readCommonFields(spec, at, defaultName, result);
  return result;
}

std::string stem(const std::string& file) {
  std::string s = std::filesystem::path(file).stem().string();
  return s.empty() || s[0] == '<' ? "operator" : s;
}

std::vector<Operator> lowerDocument(const J& doc, const std::string& file) {
  Where root{file, ""};
  if (!doc.is_object() || !doc.contains("operators")) return {lowerOne(doc, root, stem(file))};
  json_read::rejectUnknownFields(doc, {"operators"}, root);
  const J& list = json_read::array(doc.at("operators"), root / "operators");
  if (list.empty()) (root / "operators").fail("a suite needs at least one operator");
  std::vector<Operator> ops;
  for (size_t i = 0; i < list.size(); ++i) {
    Where at = (root / "operators")[i];
    ops.push_back(lowerOne(list[i], at, stem(file) + "_" + std::to_string(i)));
    for (size_t j = 0; j + 1 < ops.size(); ++j)
      if (ops[j].name == ops.back().name)
        (at / "name").fail("'" + ops.back().name + "' is already the name of operators[" + std::to_string(j) + "]");
  }
  return ops;
}

}  // namespace

Operator lowerSpec(const nlohmann::json& spec, const std::string& file, const std::string& jsonPath) {
  return lowerOne(J(spec), Where{file, jsonPath}, stem(file));
}

std::vector<Operator> parseOperators(const std::string& text, const std::string& file) {
  return lowerDocument(json_read::parseOrdered(text, file), file);
}

std::vector<Operator> readOperatorFile(const std::string& path) { return parseOperators(readTextFile(path), path); }

nlohmann::json toLoopnestSpec(const Operator& op) {
  const std::vector<std::string> names = op.dimNames();
  auto access = [&](const TensorAccess& a) {
    nlohmann::json index = nlohmann::json::array();
    for (const AffineExpr& e : a.index) index.push_back(printAffine(e, names));
    return nlohmann::json{{"tensor", a.tensor}, {"index", index}, {"shape", a.shape}};
  };
  nlohmann::json dims = nlohmann::json::array(), reduce = nlohmann::json::array();
  for (const Dim& d : op.dims) {
    dims.push_back({{"name", d.name}, {"extent", d.extent}});
    if (d.reduction) reduce.push_back(d.name);
  }
  return {{"name", op.name},
          {"op", "loopnest"},
          {"kind", op.kind},
          {"dims", dims},
          {"reduce", reduce},
          {"out", access(op.out)},
          {"inputs", {access(op.inputs[0]), access(op.inputs[1])}},
          {"requant", {{"shift", op.epilogue.shift}}}};
}

Expected<std::vector<Operator>> tryReadOperatorFile(const std::string& path) {
  return captureErrors([&] { return readOperatorFile(path); });
}

Expected<std::vector<Operator>> tryParseOperators(const std::string& text, const std::string& file) {
  return captureErrors([&] { return parseOperators(text, file); });
}

}  // namespace inlay

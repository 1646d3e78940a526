// Reads and writes ISA descriptions (docs/formats.md §2). Scalar fields come from the field table (isa_fields.h); the
// GEMM intrinsic is written as a pattern string plus extents, e.g.
//   "gemm": {"pattern": "acc[b,o] += inp[b,i] * wgt[o,i]", "extents": {"b": 1, "i": 16, "o": 16}}
// and defaults to VTA's pattern with the configured BATCH/BLOCK_IN/BLOCK_OUT when absent.
#include "inlay/isa/isa_reader.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/ir/json_read.h"
#include "inlay/isa/isa_fields.h"

namespace inlay {
namespace {

namespace jr = json_read;
using nlohmann::json;

// Splits "timing.gemm_fill" into {"timing", "gemm_fill"}; a top-level key gives {"", key}.
std::pair<std::string, std::string> splitKey(const std::string& key) {
  size_t dot = key.find('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

void readField(Isa& isa, const IsaField& f, const json& v, const jr::Where& at) {
  std::visit(
      [&](auto m) {
        using M = decltype(m);
        if constexpr (std::is_same_v<M, int Isa::*>)
          isa.*m = static_cast<int>(jr::integerIn(v, at, static_cast<int64_t>(f.lo), static_cast<int64_t>(f.hi)));
        else if constexpr (std::is_same_v<M, int64_t IsaTiming::*>)
          isa.timing.*m = jr::integerIn(v, at, static_cast<int64_t>(f.lo), static_cast<int64_t>(f.hi));
        else if constexpr (std::is_same_v<M, double Isa::*>)
          isa.*m = jr::number(v, at);
        else if constexpr (std::is_same_v<M, bool Isa::*>)
          isa.*m = jr::boolean(v, at);
        else
          isa.*m = jr::string(v, at);
      },
      f.member);
}

json writeField(const Isa& isa, const IsaField& f) {
  return std::visit(
      [&](auto m) -> json {
        if constexpr (std::is_same_v<decltype(m), int64_t IsaTiming::*>)
          return isa.timing.*m;
        else
          return isa.*m;
      },
      f.member);
}

// One tensor reference of the pattern, "inp[b,i]": the name and its index dims. Advances `pos`.
struct PatternTensor {
  std::string name;
  std::vector<std::string> index;
};

class PatternParser {
public:
  PatternParser(std::string text, jr::Where at) : text_(std::move(text)), at_(std::move(at)) {}

  // acc[...] += X[...] * Y[...]
  std::array<PatternTensor, 3> parse() {
    PatternTensor lhs = tensor();
    expect("+=");
    PatternTensor a = tensor();
    expect("*");
    PatternTensor b = tensor();
    skipSpace();
    if (pos_ != text_.size()) fail("unexpected '" + text_.substr(pos_) + "'");
    return {lhs, a, b};
  }

private:
  [[noreturn]] void fail(const std::string& why) { at_.fail(why + " in pattern \"" + text_ + "\""); }
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  void expect(const std::string& token) {
    skipSpace();
    if (text_.compare(pos_, token.size(), token) != 0) fail("expected '" + token + "'");
    pos_ += token.size();
  }
  std::string identifier() {
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    if (start == pos_) fail("expected a name at offset " + std::to_string(start));
    return text_.substr(start, pos_ - start);
  }
  PatternTensor tensor() {
    PatternTensor t{identifier(), {}};
    expect("[");
    t.index.push_back(identifier());
    for (skipSpace(); pos_ < text_.size() && text_[pos_] == ','; skipSpace()) {
      ++pos_;
      t.index.push_back(identifier());
    }
    expect("]");
    return t;
  }

  std::string text_;
  jr::Where at_;
  size_t pos_ = 0;
};

// Orders the pattern's dims as batch, block-in, block-out (acc∩inp, inp∩wgt, acc∩wgt), then any others.
std::vector<std::string> patternDimOrder(const IntrinsicPattern& p) {
  auto has = [](const std::vector<std::string>& v, const std::string& d) {
    return std::find(v.begin(), v.end(), d) != v.end();
  };
  std::vector<std::string> all;
  for (const auto* index : {&p.accIndex, &p.inpIndex, &p.wgtIndex})
    for (const std::string& d : *index)
      if (!has(all, d)) all.push_back(d);
  std::vector<std::string> ordered;
  auto take = [&](bool acc, bool inp, bool wgt) {
    for (const std::string& d : all)
      if (has(p.accIndex, d) == acc && has(p.inpIndex, d) == inp && has(p.wgtIndex, d) == wgt && !has(ordered, d))
        ordered.push_back(d);
  };
  take(true, true, false);
  take(false, true, true);
  take(true, false, true);
  for (const std::string& d : all)
    if (!has(ordered, d)) ordered.push_back(d);
  return ordered;
}

IntrinsicPattern readGemmPattern(const json& v, const jr::Where& at) {
  jr::object(v, at);
  jr::rejectUnknownFields(v, {"pattern", "extents"}, at);
  IntrinsicPattern p;
  p.text = jr::string(jr::member(v, "pattern", at), at / "pattern");
  auto tensors = PatternParser(p.text, at / "pattern").parse();
  if (tensors[0].name != "acc") (at / "pattern").fail("the left-hand side must be acc[...], got " + tensors[0].name);
  for (int k : {1, 2}) {
    if (tensors[k].name == "inp")
      p.inpIndex = tensors[k].index;
    else if (tensors[k].name == "wgt")
      p.wgtIndex = tensors[k].index;
    else
      (at / "pattern").fail("operands must be inp[...] and wgt[...], got " + tensors[k].name);
  }
  if (p.inpIndex.empty() || p.wgtIndex.empty()) (at / "pattern").fail("operands must be inp[...] and wgt[...]");
  p.accIndex = tensors[0].index;
  const json& extents = jr::object(jr::member(v, "extents", at), at / "extents");
  std::vector<std::string> dims = patternDimOrder(p);
  jr::rejectUnknownFields(extents, dims, at / "extents");
  for (const std::string& d : dims)
    p.dims.push_back(
        {d, jr::integerIn(jr::member(extents, d, at / "extents"), at / "extents" / d, 1, int64_t{1} << 20)});
  return p;
}

// validateIsa names fields from the ISA document's root; an ISA embedded in a larger document (a program manifest)
// needs its own position in front of them.
void validateChecked(const Isa& isa, const jr::Where& root) {
  try {
    validateIsa(isa, root.file);
  } catch (const InputError& e) {
    if (root.path.empty()) throw;
    throw InputError(e.file(), e.path().empty() ? root.path : (root / e.path()).path, e.message());
  }
}

}  // namespace

Isa parseIsa(const json& doc, const std::string& file, const std::string& jsonPath) {
  jr::Where root{file, jsonPath};
  jr::object(doc, root);
  std::vector<std::string> topKeys{"gemm"}, timingKeys;
  for (const IsaField& f : isaFields()) {
    auto [group, key] = splitKey(f.key);
    (group.empty() ? topKeys : timingKeys).push_back(key);
    if (!group.empty() && std::find(topKeys.begin(), topKeys.end(), group) == topKeys.end()) topKeys.push_back(group);
  }
  jr::rejectUnknownFields(doc, topKeys, root);
  if (doc.contains("timing")) {
    jr::object(doc.at("timing"), root / "timing");
    jr::rejectUnknownFields(doc.at("timing"), timingKeys, root / "timing");
  }
  Isa isa = defaultIsa();
  for (const IsaField& f : isaFields()) {
    auto [group, key] = splitKey(f.key);
    auto parent = group.empty() ? doc.find(key) : doc.find(group);
    if (parent == doc.end()) continue;
    if (!group.empty()) {
      auto inner = parent->find(key);
      if (inner != parent->end()) readField(isa, f, *inner, root / f.key);
    } else {
      readField(isa, f, *parent, root / f.key);
    }
  }
  isa.gemm = doc.contains("gemm") ? readGemmPattern(doc.at("gemm"), root / "gemm")
                                  : vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  validateChecked(isa, root);
  return isa;
}

Isa readIsaFile(const std::string& path) { return parseIsa(json_read::parse(readTextFile(path), path), path); }

json isaToJson(const Isa& isa) {
  json doc = json::object();
  for (const IsaField& f : isaFields()) {
    auto [group, key] = splitKey(f.key);
    (group.empty() ? doc[key] : doc[group][key]) = writeField(isa, f);
  }
  json extents = json::object();
  for (const auto& d : isa.gemm.dims) extents[d.name] = d.extent;
  doc["gemm"] = {{"pattern", isa.gemm.text}, {"extents", extents}};
  return doc;
}

Expected<Isa> tryReadIsaFile(const std::string& path) {
  return captureErrors([&] { return readIsaFile(path); });
}

}  // namespace inlay

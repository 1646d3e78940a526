// Typed JSON reads with file + JSON-path errors (see json_read.h).
#include "ir/json_read.h"

#include <algorithm>
#include <cmath>

#include "ir/error.h"

namespace inlay::json_read {

Where Where::operator/(const std::string& key) const { return {file, path.empty() ? key : path + "." + key}; }

Where Where::operator[](size_t index) const { return {file, path + "[" + std::to_string(index) + "]"}; }

void Where::fail(const std::string& message) const { throw InputError(file, path, message); }

std::string describe(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a non-integer number";
    default: return "an unsupported value";
  }
}

const nlohmann::json& object(const nlohmann::json& v, const Where& at) {
  if (!v.is_object()) at.fail("expected an object, got " + describe(v));
  return v;
}

const nlohmann::json& array(const nlohmann::json& v, const Where& at) {
  if (!v.is_array()) at.fail("expected an array, got " + describe(v));
  return v;
}

int64_t integer(const nlohmann::json& v, const Where& at) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) at.fail("integer " + v.dump() + " is too large");
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  at.fail("expected an integer, got " + describe(v) + (v.is_number_float() ? " (" + v.dump() + ")" : ""));
}

int64_t integerIn(const nlohmann::json& v, const Where& at, int64_t lo, int64_t hi) {
  int64_t x = integer(v, at);
  if (x < lo || x > hi)
    at.fail("must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(x));
  return x;
}

double number(const nlohmann::json& v, const Where& at) {
  if (!v.is_number()) at.fail("expected a number, got " + describe(v));
  double x = v.get<double>();
  if (!std::isfinite(x)) at.fail("expected a finite number");
  return x;
}

bool boolean(const nlohmann::json& v, const Where& at) {
  if (!v.is_boolean()) at.fail("expected true or false, got " + describe(v));
  return v.get<bool>();
}

std::string string(const nlohmann::json& v, const Where& at) {
  if (!v.is_string()) at.fail("expected a string, got " + describe(v));
  return v.get<std::string>();
}

const nlohmann::json& member(const nlohmann::json& obj, const std::string& key, const Where& at) {
  auto it = obj.find(key);
  if (it == obj.end()) (at / key).fail("missing field");
  return *it;
}

namespace {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

}  // namespace

void rejectUnknownFields(const nlohmann::json& obj, const std::vector<std::string>& known, const Where& at) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string hint;
    size_t best = 3;  // suggest only names within two edits
    for (const std::string& k : known)
      if (size_t d = editDistance(key, k); d < best) best = d, hint = k;
    (at / key).fail("unknown field" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
}

nlohmann::json parse(const std::string& text, const std::string& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
    if (size_t close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what = what.substr(close + 2);
    throw InputError(file, "", "invalid JSON: " + what);
  }
}

}  // namespace inlay::json_read

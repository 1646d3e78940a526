// Typed reads of JSON values for the spec and ISA readers: every failure is an InputError naming the file and the
// JSON path ("shape.K", "inputs[1].index[2]"), so user-facing messages are uniform across readers. Templates work
// on nlohmann::json and nlohmann::ordered_json alike (the spec reader keeps the file's key order for loop dims).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace inlay::json_read {

/// A location in a JSON document: the file and the path of the value.
struct Where {
  std::string file;
  std::string path;

  Where operator/(const std::string& key) const;  // object member: "shape" / "K" → "shape.K"
  Where operator[](size_t index) const;           // array element: "pad" [1] → "pad[1]"
  [[noreturn]] void fail(const std::string& message) const;
};

/// A JSON type in words ("an object", "a string", "a non-integer number", ...), for messages.
std::string describe(nlohmann::detail::value_t type);

/// The nearest of `known` to `name` within two edits, or "" (for "did you mean" hints).
std::string nearestName(const std::string& name, const std::vector<std::string>& known);

template <class J>
const J& object(const J& v, const Where& at) {
  if (!v.is_object()) at.fail("expected an object, got " + describe(v.type()));
  return v;
}

template <class J>
const J& array(const J& v, const Where& at) {
  if (!v.is_array()) at.fail("expected an array, got " + describe(v.type()));
  return v;
}

/// An integral number (not a bool, not 2.5, not 3.0: specs are written with integers).
template <class J>
int64_t integer(const J& v, const Where& at) {
  if (v.is_number_unsigned()) {
    if (v.template get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) at.fail("integer " + v.dump() + " is too large");
    return static_cast<int64_t>(v.template get<uint64_t>());
  }
  if (v.is_number_integer()) return v.template get<int64_t>();
  at.fail("expected an integer, got " + describe(v.type()) + (v.is_number_float() ? " (" + v.dump() + ")" : ""));
}

/// integer() that must also lie in [lo, hi].
template <class J>
int64_t integerIn(const J& v, const Where& at, int64_t lo, int64_t hi) {
  int64_t x = integer(v, at);
  if (x < lo || x > hi)
    at.fail("must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(x));
  return x;
}

/// integer() that must be ≥ 1.
template <class J>
int64_t positive(const J& v, const Where& at) {
  int64_t x = integer(v, at);
  if (x <= 0) at.fail("must be positive, got " + std::to_string(x));
  return x;
}

template <class J>
double number(const J& v, const Where& at) {
  if (!v.is_number()) at.fail("expected a number, got " + describe(v.type()));
  double x = v.template get<double>();
  if (!std::isfinite(x)) at.fail("expected a finite number");
  return x;
}

template <class J>
bool boolean(const J& v, const Where& at) {
  if (!v.is_boolean()) at.fail("expected true or false, got " + describe(v.type()));
  return v.template get<bool>();
}

template <class J>
std::string string(const J& v, const Where& at) {
  if (!v.is_string()) at.fail("expected a string, got " + describe(v.type()));
  return v.template get<std::string>();
}

/// The member `key` of object `obj`; fails with "missing field" at obj.key when absent.
template <class J>
const J& member(const J& obj, const std::string& key, const Where& at) {
  auto it = obj.find(key);
  if (it == obj.end()) (at / key).fail("missing field");
  return *it;
}

/// Fails on the first member of `obj` not in `known`, suggesting the nearest known name for a likely misspelling.
template <class J>
void rejectUnknownFields(const J& obj, const std::vector<std::string>& known, const Where& at) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    std::string hint = nearestName(it.key(), known);
    (at / it.key()).fail("unknown field" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
}

/// The deepest nesting of arrays and objects a document may have. Inlay's own formats need at most 6 levels; the
/// bound keeps every reader (and nlohmann's recursive copies and comparisons) away from stack exhaustion.
inline constexpr size_t kMaxDepth = 32;

/// Parses document text. Invalid JSON (a NUL byte included: the JSON library would stop reading there) fails with
/// the line and column; a number outside the range of a double, or arrays and objects nested deeper than kMaxDepth,
/// fail with the JSON path of the value, before any deeper value is built.
nlohmann::json parse(const std::string& text, const std::string& file);
nlohmann::ordered_json parseOrdered(const std::string& text, const std::string& file);

/// The same depth bound for a document built in memory (a library caller's value): fails at the first value nested
/// deeper than kMaxDepth below `at`.
void checkDepth(const nlohmann::json& doc, const Where& at);

}  // namespace inlay::json_read

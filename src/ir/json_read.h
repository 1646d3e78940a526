// Typed reads of JSON values for the spec and ISA readers: every failure is an InputError naming the file and the
// JSON path ("shape.K", "inputs[1].index[2]"), so user-facing messages are uniform across readers.
#pragma once

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

/// The value's JSON type in words ("an object", "a string", "a non-integer number", ...), for messages.
std::string describe(const nlohmann::json& v);

const nlohmann::json& object(const nlohmann::json& v, const Where& at);
const nlohmann::json& array(const nlohmann::json& v, const Where& at);
/// An integral number (not a bool, not 2.5); 3.0 is rejected too, as specs are written with integers.
int64_t integer(const nlohmann::json& v, const Where& at);
/// integer() that must also lie in [lo, hi].
int64_t integerIn(const nlohmann::json& v, const Where& at, int64_t lo, int64_t hi);
double number(const nlohmann::json& v, const Where& at);
bool boolean(const nlohmann::json& v, const Where& at);
std::string string(const nlohmann::json& v, const Where& at);

/// The member `key` of object `obj`; fails with "missing field" when absent.
const nlohmann::json& member(const nlohmann::json& obj, const std::string& key, const Where& at);

/// Fails on the first member of `obj` not in `known`, suggesting the nearest known name for a likely misspelling.
void rejectUnknownFields(const nlohmann::json& obj, const std::vector<std::string>& known, const Where& at);

/// Parses document text; invalid JSON fails with the parser's byte position.
nlohmann::json parse(const std::string& text, const std::string& file);

}  // namespace inlay::json_read

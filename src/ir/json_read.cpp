// The non-template parts of the typed JSON reads (see json_read.h).
#include "inlay/ir/json_read.h"

#include <cctype>

#include "inlay/ir/error.h"

namespace inlay::json_read {

Where Where::operator/(const std::string& key) const { return {file, path.empty() ? key : path + "." + key}; }

Where Where::operator[](size_t index) const { return {file, path + "[" + std::to_string(index) + "]"}; }

void Where::fail(const std::string& message) const { throw InputError(file, path, message); }

std::string describe(nlohmann::detail::value_t type) {
  using nlohmann::detail::value_t;
  switch (type) {
    case value_t::null: return "null";
    case value_t::object: return "an object";
    case value_t::array: return "an array";
    case value_t::string: return "a string";
    case value_t::boolean: return "a boolean";
    case value_t::number_integer:
    case value_t::number_unsigned: return "an integer";
    case value_t::number_float: return "a non-integer number";
    default: return "an unsupported value";
  }
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

template <class J>
J parseAs(const std::string& text, const std::string& file) {
  try {
    return J::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
    if (size_t close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what = what.substr(close + 2);
    throw InputError(file, "", "invalid JSON: " + what);
  }
}

}  // namespace

std::string nearestName(const std::string& name, const std::vector<std::string>& known) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (const std::string& k : known)  // a difference of case only is the likeliest slip
    if (lower(k) == lower(name)) return k;
  std::string best;
  size_t bestDistance = 3;  // suggest only names within two edits
  for (const std::string& k : known)
    if (size_t d = editDistance(name, k); d < bestDistance) bestDistance = d, best = k;
  return best;
}

nlohmann::json parse(const std::string& text, const std::string& file) { return parseAs<nlohmann::json>(text, file); }

nlohmann::ordered_json parseOrdered(const std::string& text, const std::string& file) {
  return parseAs<nlohmann::ordered_json>(text, file);
}

}  // namespace inlay::json_read

// The non-template parts of the typed JSON reads (see json_read.h).
#include "inlay/ir/json_read.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>

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

std::string tooDeep() { return "nested deeper than " + std::to_string(kMaxDepth) + " levels of arrays and objects"; }

// "line 3, column 7" of byte `pos` (both from 1, columns in bytes, as the JSON library counts them).
std::string lineColumn(const std::string& text, size_t pos) {
  const size_t lineStart = text.rfind('\n', pos == 0 ? std::string::npos : pos - 1);
  const size_t line =
      1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(pos), '\n'));
  const size_t column = lineStart == std::string::npos ? pos + 1 : pos - lineStart;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Follows the parser's events to know the JSON path of the value being read (for errors the JSON library reports
// without one), and refuses a container that would open deeper than kMaxDepth before anything inside it is built.
class PathTracker {
public:
  explicit PathTracker(std::string file) : file_(std::move(file)) {}

  template <class J>
  bool onEvent(typename J::parse_event_t event, const J& parsed) {
    using Event = typename J::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (open_.size() >= kMaxDepth) where().fail(tooDeep());
        open_.push_back({event == Event::array_start, 0, std::nullopt});
        break;
      case Event::key: open_.back().key = parsed.template get<std::string>(); break;
      case Event::object_end:
      case Event::array_end:
        open_.pop_back();
        completed();
        break;
      case Event::value: completed(); break;
    }
    return true;  // keep every value
  }

  /// The path of the value being read: every open container's current member or element.
  Where where() const {
    Where at{file_, ""};
    for (const Container& c : open_) {
      if (c.isArray)
        at = at[c.elements];
      else if (c.key)
        at = at / *c.key;
      else
        break;  // an object before its first key
    }
    return at;
  }

private:
  struct Container {
    bool isArray = false;
    size_t elements = 0;             // array: elements completed so far (the index of the one being read)
    std::optional<std::string> key;  // object: the member being read
  };

  void completed() {
    if (!open_.empty() && open_.back().isArray) ++open_.back().elements;
  }

  std::string file_;
  std::vector<Container> open_;
};

template <class J>
J parseAs(const std::string& text, const std::string& file) {
  // The JSON library takes a NUL byte for the end of the input and would accept whatever follows it.
  if (size_t nul = text.find('\0'); nul != std::string::npos)
    throw InputError(file, "", "invalid JSON: a NUL byte at " + lineColumn(text, nul));
  PathTracker tracker(file);
  try {
    return J::parse(text, [&tracker](int, typename J::parse_event_t event, J& parsed) {
      return tracker.onEvent<J>(event, parsed);
    });
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
    if (size_t close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what = what.substr(close + 2);
    throw InputError(file, "", "invalid JSON: " + what);
  } catch (const nlohmann::json::out_of_range& e) {
    // 406: "number overflow parsing '1e999'", for a number no double holds.
    const std::string what = e.what();
    const size_t open = what.find('\''), close = what.rfind('\'');
    const std::string number =
        open < close && close != std::string::npos ? what.substr(open + 1, close - open - 1) : "";
    tracker.where().fail("the number " + number + " is outside the range of a double");
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

void checkDepth(const nlohmann::json& doc, const Where& at) {
  // Depth-first with an explicit stack: recursion would exhaust the stack on exactly the values this refuses.
  struct Open {
    const nlohmann::json* value;
    nlohmann::json::const_iterator next;
    size_t index = 0;  // of `next`
  };
  if (!doc.is_structured()) return;
  std::vector<Open> open{{&doc, doc.cbegin()}};
  while (!open.empty()) {
    Open& top = open.back();
    if (top.next == top.value->cend()) {
      open.pop_back();
      continue;
    }
    const nlohmann::json& child = *top.next;
    ++top.next;
    ++top.index;
    if (!child.is_structured()) continue;
    if (open.size() >= kMaxDepth) {
      Where where = at;
      for (const Open& o : open) where = o.value->is_array() ? where[o.index - 1] : where / std::prev(o.next).key();
      where.fail(tooDeep());
    }
    open.push_back({&child, child.cbegin()});
  }
}

}  // namespace inlay::json_read

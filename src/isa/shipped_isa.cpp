// The shipped ISAs: the JSON texts embedded by cmake/EmbedShippedIsas.cmake, parsed on request.
#include "inlay/isa/shipped_isa.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/isa/isa_reader.h"

namespace inlay {
namespace detail {
// Defined in the generated shipped_isa_sources.cpp: (name, JSON text) per shipped ISA, sorted by name.
const std::vector<std::pair<std::string, std::string>>& shippedIsaSources();
}  // namespace detail

std::vector<std::string> shippedIsaNames() {
  std::vector<std::string> names;
  for (const auto& [name, text] : detail::shippedIsaSources()) names.push_back(name);
  return names;
}

bool isShippedIsa(const std::string& name) {
  for (const auto& [known, text] : detail::shippedIsaSources())
    if (known == name) return true;
  return false;
}

Isa shippedIsa(const std::string& name) {
  const std::string file = "isa/" + name + ".json";
  for (const auto& [known, text] : detail::shippedIsaSources())
    if (known == name) return parseIsa(nlohmann::json::parse(text), file);
  std::string list;
  for (const std::string& n : shippedIsaNames()) list += (list.empty() ? "" : ", ") + n;
  throw InputError(file, "", "not a shipped ISA; the shipped ISAs are " + list);
}

}  // namespace inlay

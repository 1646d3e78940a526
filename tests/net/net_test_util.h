// Helpers shared by the net stage's tests: small network documents and the message of the error a parse raises.
#pragma once

#include <string>

#include "inlay/ir/error.h"
#include "inlay/net/network_io.h"

namespace inlay::net::test {

/// A network document with one NCHW input "data" [1, 4, 8, 8], output "y", and the given nodes (and extra
/// top-level members, each followed by a comma).
inline std::string netDoc(const std::string& nodes, const std::string& extra = "",
                          const std::string& inputs = R"({"data": [1, 4, 8, 8]})") {
  return R"({"name": "t", "inputs": )" + inputs + R"(, "outputs": ["y"], )" + extra + R"("nodes": [)" + nodes + "]}";
}

/// The InputError message parseNetwork raises for `text` (read as "t.json"), or "no error".
inline std::string parseError(const std::string& text) {
  try {
    parseNetwork(text, "t.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace inlay::net::test

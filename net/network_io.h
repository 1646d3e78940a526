// Network files (docs/formats.md §5): the JSON reader, which checks the whole graph (network_check.h) and reports
// bad input as InputError("<file>", "<JSON path>", why), and the writer of the same format.
#pragma once

#include <string>

#include "inlay/net/network.h"

namespace inlay::net {

/// Reads and checks a network file. Throws InputError for an unreadable file, invalid JSON, a wrong type or
/// value, an unknown field, an unknown or duplicate name, a graph out of topological order (or cyclic), a shape
/// that disagrees with the inferred one, or sizes that overflow.
Network readNetworkFile(const std::string& path);

/// Parses network text as if read from `file`.
Network parseNetwork(const std::string& text, const std::string& file);

/// The network as JSON text in the file format (node outputs' shapes in "tensors"; fields at their defaults
/// left out); parseNetwork(writeNetwork(net), f) == net for a complete network. Deterministic.
std::string writeNetwork(const Network& net);

}  // namespace inlay::net

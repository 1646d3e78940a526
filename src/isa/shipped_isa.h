// The ISA descriptions shipped in the repository's isa/ folder, compiled into the library at build time: a program
// can name one ("vta-1x8x8") without knowing where Inlay is installed or which directory it runs in.
#pragma once

#include <string>
#include <vector>

#include "inlay/isa/isa.h"

namespace inlay {

/// The shipped ISAs' names (the file names of isa/*.json without .json), sorted.
std::vector<std::string> shippedIsaNames();

/// Whether `name` is one of shippedIsaNames().
bool isShippedIsa(const std::string& name);

/// The shipped ISA `name`, parsed and validated as readIsaFile would (its `name` field equals `name`). Throws
/// InputError("isa/" + name + ".json", "", "not a shipped ISA; the shipped ISAs are ...") for an unknown name.
Isa shippedIsa(const std::string& name);

}  // namespace inlay

// Benchmark suites (bench stage, docs/cli.md §3.5): the operators of suite files (one spec or {"operators": [...]})
// and of directories of spec files, in a deterministic order.
#pragma once

#include <string>
#include <vector>

#include "inlay/ir/operator.h"

namespace inlay {

struct SuiteKernel {
  Operator op;
  std::string source;  // the file it came from
};

/// Loads every path in order: a file contributes its operators in file order; a directory every `*.json` file below
/// it, sorted by path. Throws InputError for a path that does not exist, a directory without specs, an invalid spec
/// (the spec reader's message), or two kernels with the same name (results are keyed by name).
std::vector<SuiteKernel> loadSuites(const std::vector<std::string>& paths);

}  // namespace inlay

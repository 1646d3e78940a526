// The ISA description's scalar fields as one table (docs/formats.md §2.1): JSON key, the Isa/IsaTiming member it sets,
// its allowed range. The reader, the writer and the validator all iterate this table, so adding a field to Isa or
// IsaTiming takes one row here. Internal to the isa stage.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "inlay/isa/isa.h"

namespace inlay {

struct IsaField {
  using Member = std::variant<int Isa::*, bool Isa::*, double Isa::*, std::string Isa::*, int64_t IsaTiming::*>;
  std::string key;  // JSON path: "LOG_BATCH", or "timing.gemm_fill" for IsaTiming members
  Member member;
  double lo = 0, hi = 0;  // allowed range of numeric fields (inclusive)
  std::string meaning;    // one line, for documentation and messages
};

/// Every scalar field of Isa and IsaTiming, in the order they are written.
const std::vector<IsaField>& isaFields();

}  // namespace inlay

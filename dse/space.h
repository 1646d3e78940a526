// The design space of `inlay dse` (dse stage, docs/design.md §8): VTA configurations to compare, as value lists per
// parameter over a shipped base ISA. Their cartesian product, in a fixed order, is the list of points; each point is
// a valid Isa or carries the reason it is not (validateIsa's message), so that invalid points are reported, not run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inlay/isa/isa.h"

namespace inlay {

/// The parameters a space may vary, by their ISA-file names, in the order points are enumerated (the last varies
/// fastest): LOG_BATCH, LOG_BLOCK_IN, LOG_BLOCK_OUT, LOG_INP_BUFF_SIZE, LOG_WGT_BUFF_SIZE, LOG_ACC_BUFF_SIZE,
/// LOG_UOP_BUFF_SIZE, bus_bytes.
const std::vector<std::string>& dseParameterNames();

struct DseParameter {
  std::string name;             // one of dseParameterNames()
  std::vector<int64_t> values;  // in the order given, distinct
  bool operator==(const DseParameter&) const = default;
};

struct DseSpace {
  std::string baseName = "vta-default";  // a shipped ISA: everything the parameters leave alone
  std::vector<DseParameter> parameters;  // in dseParameterNames() order, each at most once
  bool operator==(const DseSpace&) const = default;
};

/// Spaces larger than this are refused (a typo in a range must not start a week of work).
inline constexpr int64_t kMaxDsePoints = 100000;

struct DsePoint {
  int index = 0;                                        // position in the enumeration, from 0
  std::vector<std::pair<std::string, int64_t>> values;  // the parameters' values at this point
  std::string name;                                     // "vta-1x16x16-i15-w18-a17-u15-bus8"
  std::optional<Isa> isa;                               // the configuration, when valid
  std::string invalidReason;                            // why not, when !isa
};

/// Every point of `space`, in enumeration order.
std::vector<DsePoint> enumeratePoints(const DseSpace& space);

/// Reads a space file (docs/formats.md §4):
///   {"base": "vta-default", "parameters": {"LOG_BLOCK_IN": [3, 4, 5], "LOG_INP_BUFF_SIZE": {"from": 13, "to": 16}}}
/// A parameter is a list of integers or an inclusive range. Throws InputError naming the file and field for an
/// unknown base or parameter, a value outside the parameter's range, an empty or repeated list, or a space of more
/// than kMaxDsePoints points.
DseSpace parseDseSpace(const std::string& text, const std::string& file);
DseSpace readDseSpaceFile(const std::string& path);

/// The space as canonical JSON text (parameters in order, ranges expanded): what a run's fingerprint covers.
std::string canonicalSpaceText(const DseSpace& space);

}  // namespace inlay

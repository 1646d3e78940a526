// The store of finished design points (dse stage): one JSON file per point under DIR/points/, written atomically as
// each point finishes. It makes a run resumable (a point already in the store is not recomputed) and shards
// mergeable (their stores are unions of points). Every file carries the run's fingerprint, so that points of another
// space, workload or option set are never mixed in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/bench/suite.h"
#include "inlay/dse/explore.h"
#include "inlay/dse/space.h"

namespace inlay {

/// A stable hash (FNV-1a, hex) of what determines the results: the canonical space, every kernel (name and lowered
/// loop nest), the check, seed and solver options, and Inlay's version and git revision (taken when the build was
/// configured: after changing the code without a new configure, use a new directory).
std::string dseFingerprint(const DseSpace& space, const std::vector<SuiteKernel>& kernels, const DseOptions& options);

nlohmann::ordered_json pointToJson(const PointResult& r);
/// Reads a point written by pointToJson; InputError naming `file` and the field for anything else.
PointResult pointFromJson(const nlohmann::json& j, const std::string& file);

/// The points in `dir`/points/ whose fingerprint is `fingerprint`, by index. A point file of another fingerprint is
/// an InputError (the directory holds another run), as is a malformed one.
std::map<int, PointResult> loadPoints(const std::string& dir, const std::string& fingerprint);

/// Writes `r` atomically as `dir`/points/<index>.json.
void savePoint(const std::string& dir, const std::string& fingerprint, const PointResult& r);

}  // namespace inlay

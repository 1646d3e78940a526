// The on-disk program directory (format: docs/formats.md §3): manifest.json,
// insns.bin (128-bit little-endian instruction words), uops.bin (32-bit little-endian micro-ops) and, on request,
// data/ with packed input buffers and the expected packed output. Writing is atomic per file and deterministic;
// reading validates everything.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/program/program.h"

namespace inlay {

/// Optional packed data written under DIR/data/ (`inlay gen --emit-data SEED`): the seed, each input buffer's packed
/// bytes by buffer name, and the expected packed contents of the Output buffer.
struct ProgramData {
  uint64_t seed = 0;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> buffers;
  std::vector<uint8_t> expectedOutput;
};

inline constexpr int kProgramFormatVersion = 1;

/// The manifest document of `program` (and of `data`, if given), exactly as written to manifest.json.
nlohmann::json programManifest(const Program& program, const ProgramData* data = nullptr);

/// Creates `dir` if needed and writes every file through writeFileAtomic, the manifest last. The same Program (and
/// data) always gives byte-identical files. Throws WorkError when a file cannot be written.
void writeProgramDir(const Program& program, const std::string& dir, const ProgramData* data = nullptr);

/// Reads and validates a program directory. Throws InputError naming the file (e.g. "DIR/manifest.json",
/// "DIR/insns.bin") and the field or instruction at fault: missing files, malformed JSON, wrong types, unknown
/// roles or memory types, unaligned or overlapping buffers, a dram_bytes other than the buffer map's end rounded up
/// to a 4 KiB page (at most 4 GiB), malformed layout index expressions, layout sizes or index values that overflow
/// 64 bits, buffers whose roles, tensors or tensor shapes disagree with the operator, a missing or too small uop
/// buffer, counts that disagree (overflow-safe) with the manifest's byte sizes or the files' sizes, undecodable
/// instruction words, two buffers of one name; and, when the manifest has a data section, unknown or missing fields
/// there, data for buffers that do not take it or none for one that does, byte counts that disagree with the
/// buffers or the files. Every file the manifest names must lie inside `dir` (no absolute path, no "..", no
/// symbolic link out of it): a program directory never makes Inlay read outside itself.
Program readProgramDir(const std::string& dir);

/// Reads and checks the directory as readProgramDir does, then the files of its data section; empty `buffers` when
/// the directory has no data.
ProgramData readProgramData(const std::string& dir);

}  // namespace inlay

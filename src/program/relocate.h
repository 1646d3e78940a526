// Relocation (docs/formats.md §3.8): a program's dram_base fields are offsets into its DRAM image, counted in
// elements of the addressed buffer type, and its first buffer sits at offset 0. On VTA's runtime physical address 0
// is null: the host loads the image at some physical base and adds base / element bytes to the dram_base of every
// LOAD and STORE that moves data, as TVM's runtime does for the buffers it allocates.
#pragma once

#include <cstdint>
#include <string>

#include "inlay/program/program.h"

namespace inlay {

/// `program` as it runs with its image loaded at physical byte address `base`: every LOAD and STORE with
/// x_size > 0 gets dram_base + base / (its element bytes); NOPs (x_size 0, dependency tokens only) carry no address
/// and keep theirs. Buffers, dram_bytes and everything else are unchanged (they stay image offsets). Simulate the
/// result with SimOptions::dramBase = base. Throws InputError(origin, path, ...) — where the base came from, e.g.
/// ("command line", "--base") — when `base` is not a multiple of an element size the program moves, or a relocated
/// dram_base leaves the instruction's 32-bit field.
Program relocate(const Program& program, uint64_t base, const std::string& origin = "<base>",
                 const std::string& path = "");

}  // namespace inlay

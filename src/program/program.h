// A generated program (docs/formats.md §3): what the code generator produces and the simulator runs. Plain values;
// reading and writing the on-disk program directory is in program/program_io.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/encoding.h"
#include "inlay/isa/instruction.h"
#include "inlay/isa/isa.h"
#include "inlay/program/layout.h"

namespace inlay {

/// Every DRAM buffer of a program starts on a page of this size (the generator's placement; the reader checks it).
inline constexpr uint64_t kDramPageBytes = 4096;
/// A program's DRAM image ends within the 4 GiB that VTA's 32-bit addresses reach (the reader refuses more).
inline constexpr uint64_t kMaxDramBytes = uint64_t{1} << 32;
/// The generator writes at most this many instructions in one program (a 256 MiB insns.bin; 75× the largest DeepBench
/// kernel's 221,770), which bounds its memory and time; larger operators are refused with the reason.
inline constexpr int64_t kMaxInstructions = int64_t{1} << 24;

enum class BufferRole { Input, Weight, Output, Accumulator, Uop };

/// One region of the flat DRAM address space. `offset` is 4 KiB-aligned (and so aligned to every element size).
struct DramBuffer {
  std::string name;
  BufferRole role = BufferRole::Input;
  MemType memType = MemType::Inp;  // the DMA element unit it is addressed in
  uint64_t offset = 0;
  uint64_t bytes = 0;
  std::optional<Layout> layout;  // how an operator tensor is packed into it (absent for the uop image)
  std::string operatorTensor;    // the operator tensor it carries, if any (== layout->tensor)
};

/// Set bits that no field uses in one word of insns.bin or uops.bin (isa/encoding.h unusedBits). VTA ignores them and
/// the decoded instruction or micro-op drops them, so the reader records them for the program checks to report.
struct UnusedBits {
  bool uop = false;   // a micro-op word (its bits in `bits.lo`) rather than an instruction word
  int64_t index = 0;  // the instruction's or micro-op's position in its file, from 0
  InsnWord bits;
};

struct Program {
  Isa isa;
  std::optional<Operator> op;  // the operator it computes (for verification)
  std::string strategy;        // "csp", "fixed", "reference" or "" for hand-written programs
  std::vector<Instruction> insns;
  std::vector<Uop> uops;  // the micro-op image; lives in the DRAM buffer with role Uop
  std::vector<DramBuffer> buffers;
  uint64_t dramBytes = 0;              // total DRAM footprint: the end of the last buffer, rounded up to kDramPageBytes
  std::vector<UnusedBits> unusedBits;  // as readProgramDir found them, in file order; empty for generated programs

  const DramBuffer* buffer(BufferRole role) const;
};

}  // namespace inlay

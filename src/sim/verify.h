// Verification of a generated program against the CPU reference (docs/design.md §6.4): build the DRAM image (uop image,
// seeded random inputs packed through their layouts), simulate, unpack the output and compare bit-exactly.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/ir/expected.h"
#include "inlay/ir/tensor.h"
#include "inlay/program/program.h"
#include "inlay/sim/simulator.h"

namespace inlay {

struct DramImage {
  Dram bytes;  // program.dramBytes long; only the pages of buffers with contents are allocated
  std::array<Tensor8, 2>
      inputs;  // the operator's inputs as generated: randomTensor8(shape, seed + k); empty without one
};

/// The largest tensor verification handles (the CPU reference materialises every tensor: int8 inputs and outputs,
/// int32 accumulators): 2^30 elements, so that a check stays within a few GiB of memory.
inline constexpr uint64_t kMaxVerifiedTensorElements = uint64_t{1} << 30;

/// Zeros, the encoded micro-op image in the Uop buffer, and input k = randomTensor8(op.inputs[k].shape, seed + k)
/// packed into every buffer whose layout carries op.inputs[k].tensor (no inputs for a program without an operator).
/// Throws WorkError when a buffer lies outside dramBytes or is too small for its contents, or a tensor has more than
/// kMaxVerifiedTensorElements elements.
DramImage buildDramImage(const Program& program, uint64_t seed);

/// The expected output (CPU reference on image.inputs) packed through the Output buffer's layout: what the
/// simulator must leave there, at every packed scalar that maps into the output tensor. Throws WorkError without an
/// operator or an Output buffer with a layout.
std::vector<uint8_t> expectedOutputBytes(const Program& program, const DramImage& image);

struct VerifyResult {
  SimStats stats;
  std::optional<SimFault> fault;     // the simulator faulted: nothing was compared
  int64_t mismatches = 0;            // output elements that differ from the reference
  int64_t firstMismatch = -1;        // flat row-major index into the output tensor
  int32_t expected = 0, actual = 0;  // values at firstMismatch
  std::string error;                 // set when the output could not be unpacked (packed copies disagree, ...)
  bool verified = false;             // no fault, no error, no mismatch
};

/// Simulates on buildDramImage(program, seed) and compares the unpacked Output buffer with referenceRun.
/// Throws WorkError as buildDramImage does.
VerifyResult verifyProgram(const Program& program, uint64_t seed, const SimOptions& options = {});

/// verifyProgram without exceptions (inlay/ir/expected.h).
Expected<VerifyResult> tryVerifyProgram(const Program& program, uint64_t seed, const SimOptions& options = {});

}  // namespace inlay

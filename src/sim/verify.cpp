// Program verification (sim/verify.h).
#include "inlay/sim/verify.h"

#include <cstring>
#include <new>
#include <stdexcept>

#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"
#include "inlay/ir/reference.h"
#include "inlay/isa/encoding.h"

namespace inlay {

namespace {

void place(std::vector<uint8_t>& dram, const DramBuffer& buffer, const std::vector<uint8_t>& contents) {
  if (contents.size() > buffer.bytes)
    throw WorkError("buffer " + buffer.name + " holds " + std::to_string(buffer.bytes) + " bytes, its contents need " +
                    std::to_string(contents.size()));
  std::memcpy(dram.data() + buffer.offset, contents.data(), contents.size());
}

const Operator& operatorOf(const Program& program) {
  if (!program.op) throw WorkError("the program carries no operator to verify against");
  return *program.op;
}

const DramBuffer& outputBuffer(const Program& program) {
  const DramBuffer* out = program.buffer(BufferRole::Output);
  if (!out || !out->layout) throw WorkError("the program has no Output buffer with a layout");
  return *out;
}

// readProgramDir bounds dram_bytes; a Program built in code may still ask for more memory than there is.
std::vector<uint8_t> zeroImage(uint64_t bytes) {
  try {
    return std::vector<uint8_t>(bytes, 0);
  } catch (const std::bad_alloc&) {
    throw WorkError("cannot allocate a DRAM image of " + std::to_string(bytes) + " bytes");
  } catch (const std::length_error&) {
    throw WorkError("cannot allocate a DRAM image of " + std::to_string(bytes) + " bytes");
  }
}

}  // namespace

DramImage buildDramImage(const Program& program, uint64_t seed) {
  for (const DramBuffer& b : program.buffers)
    if (b.bytes > program.dramBytes || b.offset > program.dramBytes - b.bytes)  // b.offset + b.bytes may overflow
      throw WorkError("buffer " + b.name + " [" + std::to_string(b.offset) + ", +" + std::to_string(b.bytes) +
                      ") lies outside the DRAM image of " + std::to_string(program.dramBytes) + " bytes");
  DramImage image;
  image.bytes = zeroImage(program.dramBytes);
  if (!program.uops.empty()) {
    const DramBuffer* uopBuffer = program.buffer(BufferRole::Uop);
    if (!uopBuffer) throw WorkError("the program has micro-ops but no Uop buffer");
    std::vector<uint8_t> words(program.uops.size() * 4);
    for (size_t k = 0; k < program.uops.size(); ++k) {
      const uint32_t w = encodeUop(program.uops[k], program.isa);
      for (int b = 0; b < 4; ++b) words[k * 4 + static_cast<size_t>(b)] = static_cast<uint8_t>(w >> (8 * b));
    }
    place(image.bytes, *uopBuffer, words);
  }
  if (!program.op) return image;
  const Operator& op = *program.op;
  // The CPU reference holds every tensor whole; refuse before allocating what this machine cannot hold.
  for (const TensorAccess* t : {&op.inputs[0], &op.inputs[1], &op.out})
    if (static_cast<uint64_t>(t->elements()) > kMaxVerifiedTensorElements)
      throw WorkError("cannot verify '" + op.name + "': tensor " + t->tensor + " has " + std::to_string(t->elements()) +
                      " elements, and the CPU reference holds every tensor whole (at most " +
                      std::to_string(kMaxVerifiedTensorElements) + ")");
  for (size_t k = 0; k < 2; ++k) {
    image.inputs[k] = randomTensor8(op.inputs[k].shape, seed + k);
    for (const DramBuffer& b : program.buffers)
      if (b.layout && (b.role == BufferRole::Input || b.role == BufferRole::Weight) &&
          b.layout->tensor == op.inputs[k].tensor)
        place(image.bytes, b, pack(*b.layout, image.inputs[k]));
  }
  return image;
}

std::vector<uint8_t> expectedOutputBytes(const Program& program, const DramImage& image) {
  const Operator& op = operatorOf(program);
  return pack(*outputBuffer(program).layout, referenceRun(op, image.inputs[0], image.inputs[1]));
}

VerifyResult verifyProgram(const Program& program, uint64_t seed, const SimOptions& options) {
  const Operator& op = operatorOf(program);
  const DramBuffer& out = outputBuffer(program);
  DramImage image = buildDramImage(program, seed);
  SimResult sim = simulate(program, image.bytes, options);
  VerifyResult v;
  v.stats = sim.stats;
  v.fault = sim.fault;
  if (sim.fault) return v;
  const Tensor8 expected = referenceRun(op, image.inputs[0], image.inputs[1]);
  Tensor8 actual;
  try {
    const auto begin = image.bytes.begin() + static_cast<std::ptrdiff_t>(out.offset);
    actual = unpack(*out.layout, std::vector<uint8_t>(begin, begin + static_cast<std::ptrdiff_t>(out.bytes)));
  } catch (const WorkError& e) {
    v.error = e.what();
    return v;
  }
  INLAY_CHECK(actual.data.size() == expected.data.size(), "unpacked output differs in size from the reference");
  for (size_t i = 0; i < expected.data.size(); ++i) {
    if (expected.data[i] == actual.data[i]) continue;
    if (v.mismatches++ == 0) {
      v.firstMismatch = static_cast<int64_t>(i);
      v.expected = expected.data[i];
      v.actual = actual.data[i];
    }
  }
  v.verified = v.mismatches == 0;
  return v;
}

Expected<VerifyResult> tryVerifyProgram(const Program& program, uint64_t seed, const SimOptions& options) {
  return captureErrors([&] { return verifyProgram(program, seed, options); });
}

}  // namespace inlay

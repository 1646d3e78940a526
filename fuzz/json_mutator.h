// The structure-aware JSON mutator shared by the fuzz targets (LLVMFuzzerCustomMutator): it parses the input, changes
// one random node in a way an adversarial user would (extreme numbers, other types, duplicated or deleted members,
// deeper nesting, known field names) and writes it back, so that mutations reach past the JSON parser into the readers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t maxSize);

namespace inlay_fuzz {

/// `text` with one structural mutation, at most `maxSize` bytes; nullopt when `text` is not JSON or the result would
/// not fit (the caller then mutates bytes instead).
std::optional<std::string> mutateJsonText(const std::string& text, size_t maxSize, unsigned seed);

/// A whole LLVMFuzzerCustomMutator for a JSON input: mutateJsonText most of the time, LLVMFuzzerMutate on the bytes
/// otherwise (so that the syntax is fuzzed too) and whenever the structural mutation is not possible.
size_t mutateJsonInput(uint8_t* data, size_t size, size_t maxSize, unsigned seed);

}  // namespace inlay_fuzz

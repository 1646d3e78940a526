// The micro-op buffer as a cache of kernels (codegen stage, docs/vta.md §6): a kernel already resident is reused;
// otherwise it is placed at the ring cursor (wrapping to 0 when it does not fit), evicting what it overlaps, and a
// LOAD UOP brings it in from the program's micro-op image, where each distinct kernel is stored once.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "inlay/isa/instruction.h"

namespace inlay {

class UopCache {
public:
  /// `depth`: uop buffer entries; `imageDramBase`: DRAM address of the micro-op image in 4-byte units.
  UopCache(int64_t depth, int64_t imageDramBase) : depth_(depth), imageDramBase_(imageDramBase) {}

  /// Makes `uops` resident; returns its [begin, end) in the buffer. Appends the LOAD UOP (compute module) to
  /// `insns` and the kernel to `image` when needed. Throws WorkError if the kernel exceeds the buffer.
  std::pair<uint32_t, uint32_t> place(const std::vector<Uop>& uops, std::vector<Instruction>& insns,
                                      std::vector<Uop>& image);

private:
  struct Resident {
    int64_t begin = 0, size = 0, imageOffset = 0;  // where in the buffer, and which kernel of the image
  };
  /// The kernel's offset in the image, appending it when it is not there yet.
  int64_t imageOffsetOf(const std::vector<Uop>& uops, std::vector<Uop>& image);

  int64_t depth_, imageDramBase_;
  int64_t cursor_ = 0;
  std::vector<Resident> resident_;
  std::unordered_map<uint64_t, std::vector<int64_t>> imageOffsets_;  // kernel hash → offsets of kernels in the image
};

}  // namespace inlay

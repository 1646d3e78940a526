// The micro-op kernel cache (codegen/uop_cache.h).
#include "inlay/codegen/uop_cache.h"

#include <algorithm>

#include "inlay/ir/error.h"

namespace inlay {

namespace {

bool sameKernel(const std::vector<Uop>& image, int64_t offset, const std::vector<Uop>& uops) {
  return offset + static_cast<int64_t>(uops.size()) <= static_cast<int64_t>(image.size()) &&
         std::equal(uops.begin(), uops.end(), image.begin() + offset);
}

uint64_t hashOf(const std::vector<Uop>& uops) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the words
  for (const Uop& u : uops)
    for (uint32_t w : {u.dst, u.src, u.wgt}) h = (h ^ w) * 1099511628211ull;
  return h;
}

}  // namespace

int64_t UopCache::imageOffsetOf(const std::vector<Uop>& uops, std::vector<Uop>& image) {
  std::vector<int64_t>& offsets = imageOffsets_[hashOf(uops)];
  for (int64_t offset : offsets)
    if (sameKernel(image, offset, uops)) return offset;
  offsets.push_back(static_cast<int64_t>(image.size()));
  image.insert(image.end(), uops.begin(), uops.end());
  return offsets.back();
}

std::pair<uint32_t, uint32_t> UopCache::place(const std::vector<Uop>& uops, std::vector<Instruction>& insns,
                                              std::vector<Uop>& image) {
  const int64_t size = static_cast<int64_t>(uops.size());
  for (const Resident& r : resident_)
    if (r.size == size && sameKernel(image, r.imageOffset, uops))
      return {static_cast<uint32_t>(r.begin), static_cast<uint32_t>(r.begin + r.size)};
  if (size > depth_)
    throw WorkError("a micro-op kernel of " + std::to_string(size) + " micro-ops exceeds the micro-op buffer (" +
                    std::to_string(depth_) + ")");
  if (cursor_ + size > depth_) cursor_ = 0;
  std::erase_if(resident_, [&](const Resident& r) { return r.begin < cursor_ + size && cursor_ < r.begin + r.size; });
  const int64_t imageOffset = imageOffsetOf(uops, image);
  MemInsn load;
  load.opcode = Opcode::Load;
  load.memType = MemType::Uop;
  load.sramBase = static_cast<uint32_t>(cursor_);
  load.dramBase = static_cast<uint32_t>(imageDramBase_ + imageOffset);
  load.ySize = 1;
  load.xSize = static_cast<uint32_t>(size);
  load.xStride = static_cast<uint32_t>(size);
  insns.push_back(load);
  resident_.push_back({cursor_, size, imageOffset});
  const std::pair<uint32_t, uint32_t> range{static_cast<uint32_t>(cursor_), static_cast<uint32_t>(cursor_ + size)};
  cursor_ += size;
  return range;
}

}  // namespace inlay

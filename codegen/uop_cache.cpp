// The micro-op kernel cache (codegen/uop_cache.h).
#include "inlay/codegen/uop_cache.h"

#include <cstring>

#include "inlay/ir/error.h"

namespace inlay {

std::pair<uint32_t, uint32_t> UopCache::place(const std::vector<Uop>& uops, std::vector<Instruction>& insns,
                                              std::vector<Uop>& image) {
  std::string key(uops.size() * 3 * sizeof(uint32_t), '\0');
  for (size_t k = 0; k < uops.size(); ++k) {
    const uint32_t words[3] = {uops[k].dst, uops[k].src, uops[k].wgt};
    std::memcpy(key.data() + k * sizeof(words), words, sizeof(words));
  }
  for (const Resident& r : resident_)
    if (r.key == key) return {static_cast<uint32_t>(r.begin), static_cast<uint32_t>(r.begin + r.size)};
  const int64_t size = static_cast<int64_t>(uops.size());
  if (size > depth_)
    throw WorkError("a micro-op kernel of " + std::to_string(size) + " micro-ops exceeds the micro-op buffer (" +
                    std::to_string(depth_) + ")");
  if (cursor_ + size > depth_) cursor_ = 0;
  std::erase_if(resident_, [&](const Resident& r) { return r.begin < cursor_ + size && cursor_ < r.begin + r.size; });
  auto [it, inserted] = imageOffset_.try_emplace(key, static_cast<int64_t>(image.size()));
  if (inserted) image.insert(image.end(), uops.begin(), uops.end());
  MemInsn load;
  load.opcode = Opcode::Load;
  load.memType = MemType::Uop;
  load.sramBase = static_cast<uint32_t>(cursor_);
  load.dramBase = static_cast<uint32_t>(imageDramBase_ + it->second);
  load.ySize = 1;
  load.xSize = static_cast<uint32_t>(size);
  load.xStride = static_cast<uint32_t>(size);
  insns.push_back(load);
  resident_.push_back({cursor_, size, std::move(key)});
  const std::pair<uint32_t, uint32_t> range{static_cast<uint32_t>(cursor_), static_cast<uint32_t>(cursor_ + size)};
  cursor_ += size;
  return range;
}

}  // namespace inlay

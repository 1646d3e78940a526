// The simulated DRAM: a byte-addressed image of a fixed size that reads as zero until written. It is held as 64 KiB
// pages allocated on first write, so that memory follows what a program touches, not its address space: a 4 GiB
// image with a few kilobytes of buffers costs a few pages, and needs no time to allocate or zero.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace inlay {

class Dram {
public:
  static constexpr uint64_t kPageBytes = uint64_t{1} << 16;

  Dram() = default;
  explicit Dram(uint64_t size) : size_(size) {}
  /// A copy of `bytes` (size bytes.size()).
  static Dram fromBytes(const std::vector<uint8_t>& bytes);
  Dram(const Dram& other);
  Dram& operator=(const Dram& other);
  Dram(Dram&&) noexcept = default;
  Dram& operator=(Dram&&) noexcept = default;

  uint64_t size() const { return size_; }
  /// Grows the image with zeros (or cuts it, dropping what lies beyond).
  void resize(uint64_t size);

  /// Copies [addr, addr + n) out of or into the image; the range must lie within size() (an internal error if not:
  /// the simulator checks every DMA against the image first).
  void read(uint64_t addr, uint8_t* dst, uint64_t n) const {
    if (uint8_t* bytes = inOnePage(addr, n))
      std::memcpy(dst, bytes, n);
    else
      readAcrossPages(addr, dst, n);
  }
  void write(uint64_t addr, const uint8_t* src, uint64_t n) {
    if (uint8_t* bytes = inOnePage(addr, n))
      std::memcpy(bytes, src, n);
    else
      writeAcrossPages(addr, src, n);
  }
  std::vector<uint8_t> read(uint64_t addr, uint64_t n) const;
  void write(uint64_t addr, const std::vector<uint8_t>& bytes) { write(addr, bytes.data(), bytes.size()); }
  uint8_t operator[](uint64_t addr) const;

  /// The whole image as one flat vector (size() bytes).
  std::vector<uint8_t> toBytes() const;
  /// Bytes of the pages allocated so far: what the image costs in memory.
  uint64_t residentBytes() const;

private:
  // The simulator's DMA moves one row at a time, mostly within one page that is already allocated: that case is
  // inline, everything else (page crossings, untouched pages, range checks) is out of line.
  uint8_t* inOnePage(uint64_t addr, uint64_t n) const {
    const uint64_t page = addr / kPageBytes, offset = addr % kPageBytes;
    if (page >= pages_.size() || n > kPageBytes - offset || addr + n > size_ || !pages_[page]) return nullptr;
    return pages_[page].get() + offset;
  }
  void readAcrossPages(uint64_t addr, uint8_t* dst, uint64_t n) const;
  void writeAcrossPages(uint64_t addr, const uint8_t* src, uint64_t n);
  void checkRange(uint64_t addr, uint64_t n) const;

  uint64_t size_ = 0;
  // pages_[k] holds bytes [k·kPageBytes, (k+1)·kPageBytes), or is null while they are all zero. The table itself
  // grows only up to the highest page written.
  std::vector<std::unique_ptr<uint8_t[]>> pages_;
};

}  // namespace inlay

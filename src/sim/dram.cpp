// The paged simulated DRAM (sim/dram.h).
#include "inlay/sim/dram.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "inlay/ir/error.h"

namespace inlay {

Dram Dram::fromBytes(const std::vector<uint8_t>& bytes) {
  Dram d(bytes.size());
  d.write(0, bytes.data(), bytes.size());
  return d;
}

Dram::Dram(const Dram& other) : size_(other.size_), pages_(other.pages_.size()) {
  for (size_t k = 0; k < pages_.size(); ++k) {
    if (!other.pages_[k]) continue;
    pages_[k] = std::make_unique_for_overwrite<uint8_t[]>(kPageBytes);
    std::memcpy(pages_[k].get(), other.pages_[k].get(), kPageBytes);
  }
}

Dram& Dram::operator=(const Dram& other) {
  if (this != &other) *this = Dram(other);
  return *this;
}

void Dram::resize(uint64_t size) {
  if (size < size_) {
    // Drop the pages wholly beyond the new end and zero the tail of the last one, so that growing again reads zeros.
    const uint64_t keep = (size + kPageBytes - 1) / kPageBytes;
    if (pages_.size() > keep) pages_.resize(keep);
    if (size % kPageBytes != 0 && keep > 0 && keep <= pages_.size() && pages_[keep - 1])
      std::memset(pages_[keep - 1].get() + size % kPageBytes, 0, kPageBytes - size % kPageBytes);
  }
  size_ = size;
}

void Dram::checkRange(uint64_t addr, uint64_t n) const {
  INLAY_CHECK(addr <= size_ && n <= size_ - addr, "DRAM access [" + std::to_string(addr) + ", +" + std::to_string(n) +
                                                      ") beyond the image of " + std::to_string(size_) + " bytes");
}

void Dram::readAcrossPages(uint64_t addr, uint8_t* dst, uint64_t n) const {
  checkRange(addr, n);
  while (n > 0) {
    const uint64_t page = addr / kPageBytes, offset = addr % kPageBytes;
    const uint64_t chunk = std::min(n, kPageBytes - offset);
    if (page < pages_.size() && pages_[page])
      std::memcpy(dst, pages_[page].get() + offset, chunk);
    else
      std::memset(dst, 0, chunk);
    addr += chunk, dst += chunk, n -= chunk;
  }
}

void Dram::writeAcrossPages(uint64_t addr, const uint8_t* src, uint64_t n) {
  checkRange(addr, n);
  while (n > 0) {
    const uint64_t page = addr / kPageBytes, offset = addr % kPageBytes;
    const uint64_t chunk = std::min(n, kPageBytes - offset);
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page] = std::make_unique<uint8_t[]>(kPageBytes);  // zeroed
    std::memcpy(pages_[page].get() + offset, src, chunk);
    addr += chunk, src += chunk, n -= chunk;
  }
}

std::vector<uint8_t> Dram::read(uint64_t addr, uint64_t n) const {
  std::vector<uint8_t> bytes(n);
  read(addr, bytes.data(), n);
  return bytes;
}

uint8_t Dram::operator[](uint64_t addr) const {
  uint8_t b = 0;
  read(addr, &b, 1);
  return b;
}

std::vector<uint8_t> Dram::toBytes() const { return read(0, size_); }

uint64_t Dram::residentBytes() const {
  return kPageBytes *
         static_cast<uint64_t>(std::count_if(pages_.begin(), pages_.end(), [](const auto& p) { return p != nullptr; }));
}

}  // namespace inlay

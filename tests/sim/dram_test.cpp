// Tests of sim/dram.h: the paged DRAM reads zeros until written, allocates a page only when one is written, keeps
// rows that cross pages intact, copies deeply, and refuses accesses beyond its size.
#include <doctest/doctest.h>

#include <numeric>

#include "inlay/ir/error.h"
#include "inlay/sim/dram.h"

using namespace inlay;

TEST_CASE("dram: zeros until written; a page is allocated on its first write only") {
  Dram d(uint64_t{1} << 32);  // 4 GiB of address space, nothing allocated
  CHECK(d.size() == uint64_t{1} << 32);
  CHECK(d.residentBytes() == 0);
  CHECK(d.read((uint64_t{1} << 32) - 100, 100) == std::vector<uint8_t>(100, 0));
  CHECK(d.residentBytes() == 0);  // reads allocate nothing
  d.write((uint64_t{1} << 32) - 3, std::vector<uint8_t>{1, 2, 3});
  CHECK(d.residentBytes() == Dram::kPageBytes);
  CHECK(d[(uint64_t{1} << 32) - 1] == 3);
  CHECK(d[(uint64_t{1} << 32) - 4] == 0);
}

TEST_CASE("dram: a row across page boundaries reads back whole, with untouched pages as zeros") {
  Dram d(4 * Dram::kPageBytes);
  std::vector<uint8_t> row(Dram::kPageBytes + 200);
  std::iota(row.begin(), row.end(), uint8_t{1});
  const uint64_t at = Dram::kPageBytes - 100;  // spans pages 0, 1 and 2
  d.write(at, row);
  CHECK(d.residentBytes() == 3 * Dram::kPageBytes);
  CHECK(d.read(at, row.size()) == row);
  std::vector<uint8_t> wider = d.read(at - 10, row.size() + 20);
  CHECK(std::vector<uint8_t>(wider.begin() + 10, wider.end() - 10) == row);
  CHECK(wider.front() == 0);
  CHECK(wider.back() == 0);
  const std::vector<uint8_t> flat = d.toBytes();
  REQUIRE(flat.size() == 4 * Dram::kPageBytes);
  CHECK(std::vector<uint8_t>(flat.begin() + static_cast<std::ptrdiff_t>(at),
                             flat.begin() + static_cast<std::ptrdiff_t>(at + row.size())) == row);
  CHECK(Dram::fromBytes(flat).read(0, flat.size()) == flat);
}

TEST_CASE("dram: copies are deep; resizing keeps the contents below the new size and reads zeros above it") {
  Dram a(3 * Dram::kPageBytes);
  a.write(Dram::kPageBytes + 5, std::vector<uint8_t>{7, 8, 9});
  Dram b = a;
  b.write(Dram::kPageBytes + 5, std::vector<uint8_t>{1});
  CHECK(a[Dram::kPageBytes + 5] == 7);
  CHECK(b[Dram::kPageBytes + 5] == 1);
  a.resize(Dram::kPageBytes + 6);  // cuts between 7 and 8
  CHECK(a[Dram::kPageBytes + 5] == 7);
  a.resize(3 * Dram::kPageBytes);
  CHECK(a.read(Dram::kPageBytes + 5, 3) == std::vector<uint8_t>{7, 0, 0});
  a.resize(0);
  CHECK(a.residentBytes() == 0);
}

TEST_CASE("dram: an access beyond the image is an internal error (the simulator checks every DMA first)") {
  Dram d(100);
  uint8_t byte = 0;
  CHECK_THROWS_AS(d.read(100, &byte, 1), InternalError);
  CHECK_THROWS_AS(d.write(99, std::vector<uint8_t>{1, 2}), InternalError);
  CHECK_THROWS_AS(d.read(UINT64_MAX, &byte, 2), InternalError);  // addr + n overflows
  d.write(99, std::vector<uint8_t>{5});
  CHECK(d[99] == 5);
}

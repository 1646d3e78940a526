// Tests of program/relocate.h: every data-moving LOAD and STORE gets base / element bytes added to its dram_base,
// NOPs and everything else stay as they are, and a base the program cannot take is refused with the reason.
#include <doctest/doctest.h>

#include <variant>

#include "inlay/ir/error.h"
#include "inlay/program/relocate.h"
#include "program/small_gemm_program.h"

using namespace inlay;

namespace {

std::string refusal(const Program& p, uint64_t base) {
  try {
    relocate(p, base, "command line", "--base");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("relocate adds base / element bytes to the dram_base of each LOAD and STORE that moves data") {
  Program p = test::smallGemmProgram();
  MemInsn nop;  // a dependency-token NOP: no address to relocate
  nop.memType = MemType::Inp;
  nop.dep.popNext = false;
  p.insns.insert(p.insns.begin(), nop);
  const uint64_t base = uint64_t{1} << 20;
  const Program r = relocate(p, base);
  REQUIRE(r.insns.size() == p.insns.size());
  CHECK(std::get<MemInsn>(r.insns[0]) == nop);
  // The stream: NOP, LOAD UOP 0, LOAD INP 512, LOAD WGT 16, GEMM, ALU, ALU, STORE OUT 768, FINISH.
  const std::vector<std::pair<size_t, uint32_t>> moved{
      {1, 0 + (1 << 20) / 4}, {2, 512 + (1 << 20) / 16}, {3, 16 + (1 << 20) / 256}, {7, 768 + (1 << 20) / 16}};
  for (auto [i, dramBase] : moved) {
    CAPTURE(i);
    MemInsn expected = std::get<MemInsn>(p.insns[i]);
    expected.dramBase = dramBase;
    CHECK(std::get<MemInsn>(r.insns[i]) == expected);
  }
  for (size_t i : {4, 5, 6, 8}) CHECK(r.insns[i] == p.insns[i]);
  CHECK(r.uops == p.uops);
  CHECK(r.dramBytes == p.dramBytes);
  for (size_t k = 0; k < p.buffers.size(); ++k) CHECK(r.buffers[k].offset == p.buffers[k].offset);
  CHECK(relocate(p, 0).insns == p.insns);
}

TEST_CASE("relocate refuses a base that is not a multiple of an element the program moves, or overflows dram_base") {
  const Program p = test::smallGemmProgram();
  CHECK(refusal(p, 4098) ==
        "command line: --base: 4098 is not a multiple of the 4-byte UOP element that instruction 0 (LOAD UOP) moves");
  CHECK(refusal(p, 4100) ==
        "command line: --base: 4100 is not a multiple of the 16-byte INP element that instruction 1 (LOAD INP) moves");
  CHECK(refusal(p, 4096 + 128) ==
        "command line: --base: 4224 is not a multiple of the 256-byte WGT element that instruction 2 (LOAD WGT) moves");
  // The 4-byte UOP elements reach the 32-bit field's end first: LOAD UOP's dram_base 0 + base / 4 < 2^32.
  CHECK(refusal(p, (uint64_t{1} << 34) - 256) == "accepted");
  CHECK(refusal(p, uint64_t{1} << 34) ==
        "command line: --base: 17179869184 moves the dram_base of instruction 0 "
        "(LOAD UOP) from 0 beyond its 32-bit field");
  CHECK_THROWS_WITH_AS(relocate(p, 4098),
                       "<base>: 4098 is not a multiple of the 4-byte UOP element that instruction 0 (LOAD UOP) moves",
                       InputError);
}

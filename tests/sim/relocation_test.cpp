// Tests of SimOptions::dramBase with program/relocate.h: a program relocated to a physical base and simulated with
// its image there leaves the same image, the same output and the same statistics and cycles as at offset 0, in the
// timed and the interleaved schedule; an address outside [base, base + dram_bytes) is a fault.
#include <doctest/doctest.h>

#include "inlay/program/relocate.h"
#include "inlay/sim/verify.h"
#include "program/small_gemm_program.h"

using namespace inlay;

namespace {

void checkSameStats(const SimStats& a, const SimStats& b) {
  CHECK(a.cycles == b.cycles);
  CHECK(a.busyCycles == b.busyCycles);
  CHECK(a.instructions == b.instructions);
  CHECK(a.gemmUops == b.gemmUops);
  CHECK(a.resetUops == b.resetUops);
  CHECK(a.aluUops == b.aluUops);
  CHECK(a.dmaBytes == b.dmaBytes);
  CHECK(a.hazards == b.hazards);
}

}  // namespace

TEST_CASE("relocation: a program run at a physical base leaves the same image, output, statistics and cycles") {
  const Program p = test::smallGemmProgram();
  for (uint64_t base : {uint64_t{4096}, uint64_t{1} << 28, (uint64_t{1} << 34) - 256}) {
    CAPTURE(base);
    const Program moved = relocate(p, base);
    for (const SimOptions& mode : {SimOptions{}, SimOptions{.interleaveSeed = 5}}) {
      SimOptions at = mode;
      at.dramBase = base;
      DramImage here = buildDramImage(p, 9), there = buildDramImage(moved, 9);
      const SimResult r0 = simulate(p, here.bytes, mode);
      const SimResult r1 = simulate(moved, there.bytes, at);
      REQUIRE_FALSE(r0.fault);
      REQUIRE_FALSE(r1.fault);
      checkSameStats(r0.stats, r1.stats);
      CHECK(here.bytes.toBytes() == there.bytes.toBytes());
      const VerifyResult v = verifyProgram(moved, 9, at);
      CHECK(v.verified);
      checkSameStats(v.stats, r0.stats);
    }
  }
  Dram none, alsoNone;  // timing only: no data
  const SimResult timed = simulate(p, none, {.functional = false});
  REQUIRE_FALSE(timed.fault);
  checkSameStats(timed.stats, simulate(relocate(p, 4096), alsoNone, {.functional = false, .dramBase = 4096}).stats);
}

TEST_CASE("relocation: addresses outside [base, base + dram_bytes) fault") {
  const Program p = test::smallGemmProgram();
  // Relocated, but run as if loaded at 0: the first LOAD reads beyond the image.
  DramImage image = buildDramImage(p, 1);
  SimResult r = simulate(relocate(p, 1 << 20), image.bytes);
  REQUIRE(r.fault);
  CHECK(r.fault->kind == SimFault::Kind::OutOfBounds);
  CHECK(r.fault->insnIndex == 0);
  CHECK(r.fault->message.ends_with("DRAM bytes [1048576, 1048588) exceed the DRAM image of 16384 bytes"));
  // Not relocated, but run as if loaded at 1 MiB: the first LOAD reads below the image.
  image = buildDramImage(p, 1);
  r = simulate(p, image.bytes, {.dramBase = 1 << 20});
  REQUIRE(r.fault);
  CHECK(r.fault->message.ends_with("DRAM bytes [0, 12) begin below the DRAM image at 1048576"));
}

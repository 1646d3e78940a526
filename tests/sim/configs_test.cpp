// GEMM semantics on non-default ISA shapes (docs/vta.md §1: any configuration VTA accepts): batch > 1, wide
// and narrow blocks, and a BLOCK_OUT that the SIMD kernel does not take — each checked against a direct computation.
#include <doctest/doctest.h>

#include "sim/sim_programs.h"

using namespace inlay;
using namespace inlay::test;

namespace {

Isa shape(const char* name, int logBatch, int logBlockIn, int logBlockOut, int inpBuff, int wgtBuff, int accBuff) {
  Isa isa = defaultIsa();
  isa.name = name;
  isa.logBatch = logBatch;
  isa.logBlockIn = logBlockIn;
  isa.logBlockOut = logBlockOut;
  isa.logInpBuffSize = inpBuff;
  isa.logWgtBuffSize = wgtBuff;
  isa.logAccBuffSize = accBuff;
  isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  return isa;
}

}  // namespace

TEST_CASE("GEMM on other ISA shapes matches a direct computation") {
  for (const Isa& isa : {shape("1x32x32", 0, 5, 5, 15, 18, 17), shape("2x16x16", 1, 4, 4, 15, 18, 17),
                         shape("1x8x8", 0, 3, 3, 14, 16, 16), shape("1x16x2", 0, 4, 1, 15, 15, 14),
                         shape("4x8x4", 2, 3, 2, 15, 15, 15)}) {
    CAPTURE(isa.name);
    const int64_t B = isa.batch(), I = isa.blockIn(), O = isa.blockOut();
    HandProgram p(isa);
    const uint64_t inpAt = 0x10000, wgtAt = 0x20000, outAt = 0x30000;
    const auto inp = randomBytes(static_cast<size_t>(3 * B * I), 41);
    const auto wgt = randomBytes(static_cast<size_t>(2 * O * I), 42);
    std::memcpy(p.dram.data() + inpAt, inp.data(), inp.size());
    std::memcpy(p.dram.data() + wgtAt, wgt.data(), wgt.size());
    // Three ACC entries: dst 0 = inp0·wgt0 + inp1·wgt1, dst 1 = inp2·wgt0, dst 2 = inp1·wgt1.
    p.setUops({{0, 0, 0}, {1, 2, 0}, {2, 1, 1}, {0, 1, 1}});
    p.add(load(MemType::Uop, 0, 0, 1, 4, 0));
    p.add(load(MemType::Inp, 0, static_cast<uint32_t>(inpAt / isa.inpElemBytes()), 1, 3, 0));
    p.add(load(MemType::Wgt, 0, static_cast<uint32_t>(wgtAt / isa.wgtElemBytes()), 1, 2, 0,
               deps(false, false, false, true)));
    p.add(gemm(0, 4, 1, 1, 0, 0, 0, 0, 0, 0, deps(true, false, false, true)));
    p.add(store(0, static_cast<uint32_t>(outAt / isa.outElemBytes()), 1, 3, 0, deps(true, false, false, false)));
    SimResult r = p.run();
    REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));

    auto dot = [&](int64_t s, int64_t w, int64_t b, int64_t o) {
      int32_t sum = 0;
      for (int64_t c = 0; c < I; ++c)
        sum += int32_t{inp[static_cast<size_t>((s * B + b) * I + c)]} * wgt[static_cast<size_t>((w * O + o) * I + c)];
      return sum;
    };
    for (int64_t b = 0; b < B; ++b)
      for (int64_t o = 0; o < O; ++o) {
        CAPTURE(b);
        CAPTURE(o);
        const int32_t e0 = dot(0, 0, b, o) + dot(1, 1, b, o), e1 = dot(2, 0, b, o), e2 = dot(1, 1, b, o);
        CHECK(static_cast<int8_t>(p.dram[outAt + static_cast<size_t>(b * O + o)]) == static_cast<int8_t>(e0));
        CHECK(static_cast<int8_t>(p.dram[outAt + static_cast<size_t>((B + b) * O + o)]) == static_cast<int8_t>(e1));
        CHECK(static_cast<int8_t>(p.dram[outAt + static_cast<size_t>((2 * B + b) * O + o)]) == static_cast<int8_t>(e2));
      }
  }
}

// Lower bounds (codegen/bounds.h): exact values worked out by hand, and that generated programs never beat them.
#include <doctest/doctest.h>

#include "inlay/codegen/bounds.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/builders.h"
#include "inlay/isa/shipped_isa.h"
#include "inlay/sim/verify.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

TEST_CASE("bounds: boundCycles is max(MACs / lanes, footprint bytes / bus)") {
  // 35×100×4 MACs / 256 = 55 (ceil); bytes 35·100 + 100·4 + 35·4 = 4040 / 8 = 505.
  CHECK(boundCycles(makeGemm(35, 4, 100), defaultIsa()) == 505);
  // 64·64·64 / 256 = 1024 compute; bytes 3·4096 / 8 = 1536.
  CHECK(boundCycles(makeGemm(64, 64, 64), defaultIsa()) == 1536);
  CHECK(boundCycles(makeGemm(256, 256, 256), defaultIsa()) == 65536);
  // 1×1 stride 4 over 16×64×64: the input footprint is 16·16·16 = 4096 bytes (not 65536), weights 256, outputs
  // 4096: 8448 / 8 = 1056; compute 16·16·16·16 / 256 = 256.
  const Operator strided =
      conv2dOperator({.N = 1, .C = 16, .H = 64, .W = 64, .K = 16, .R = 1, .S = 1, .strideH = 4, .strideW = 4});
  CHECK(boundCycles(strided, defaultIsa()) == 1056);
  // A padded 3×3 over 7×7 (pad 1): of the 7·3 (p, r) pairs 2 read only padding, so 512·512·19·19 MACs are real:
  // 369,664 GEMM micro-ops, not the 451,584 of every iteration.
  const Operator padded =
      conv2dOperator({.N = 1, .C = 512, .H = 7, .W = 7, .K = 512, .R = 3, .S = 3, .padH = 1, .padW = 1});
  CHECK(boundCycles(padded, defaultIsa()) == 369664);
}

TEST_CASE("bounds: floorCycles adds the resets, the epilogue, the fills and the row latencies") {
  // GEMM 64×64×64 on the default ISA (timing: gemm fill 4, 1 cycle a GEMM uop, ALU fill 4, 1 cycle an immediate
  // ALU uop, DMA row latency 16, 8-byte bus). 256 accumulator vectors of 16; shift 0: the epilogue is MIN, MAX.
  //   compute module: LOAD UOP row 16+1, resets 256+4, GEMM 1024+4, epilogue 256·2 + 2·4 = 520 → 1825
  //   port: 12288 / 8 + 4·16 = 1600; chain: rows (16+1)+(16+2)+(16+32), GEMM 1028, epilogue 520, OUT row 16+2 → 1649
  CHECK(floorCycles(makeGemm(64, 64, 64), defaultIsa()) == 1825);
  // Shift 31 is SHR 15, SHR 15, SHR 1, and no clamp (acc >> 24 or more is already an int8): three epilogue uops a
  // vector in two distinct ALU instructions, 256·3 + 2·4 = 776 in place of 520.
  CHECK(floorCycles(makeGemm(64, 64, 64, 31), defaultIsa()) == 1825 - 520 + 776);
  // Shift 20: SHR 15, SHR 5, MIN, MAX.
  CHECK(floorCycles(makeGemm(64, 64, 64, 20), defaultIsa()) == 1825 - 520 + 256 * 4 + 4 * 4);
  // A DMA-bound GEMM: the port term, 4040 / 8 = 505 + 64.
  CHECK(floorCycles(makeGemm(35, 4, 100), defaultIsa()) == 505 + 64);
}

TEST_CASE("bounds: no generated program of any strategy on any shipped ISA beats the floor") {
  const std::vector<Operator> ops{
      makeGemm(64, 64, 64), makeGemm(35, 4, 100, 9),
      conv2dOperator({.N = 1, .C = 16, .H = 64, .W = 64, .K = 16, .R = 1, .S = 1, .strideH = 4, .strideW = 4}),
      conv2dOperator({.N = 1, .C = 3, .H = 20, .W = 20, .K = 24, .R = 3, .S = 3, .padH = 1, .padW = 1})};
  for (const std::string& name : shippedIsaNames()) {
    const Isa isa = shippedIsa(name);
    for (const Operator& op : ops)
      for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
        CAPTURE(name);
        CAPTURE(op.name);
        CAPTURE(strategyName(s));
        const VerifyResult v = verifyProgram(generate(op, isa, s).program, 3);
        REQUIRE(v.verified);
        CHECK(v.stats.cycles >= floorCycles(op, isa));
        CHECK(floorCycles(op, isa) >= boundCycles(op, isa));
      }
  }
}

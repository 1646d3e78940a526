// The emitter's parts in isolation (codegen stage): 2-D DMA slabs with hardware padding, the hazard check, range
// kernels, the tile walk, the uop cache and the tiler's estimate against the simulator.
#include <doctest/doctest.h>

#include "inlay/codegen/dma.h"
#include "inlay/codegen/emit.h"
#include "inlay/codegen/kernels.h"
#include "inlay/codegen/strategies.h"
#include "inlay/codegen/tiler.h"
#include "inlay/codegen/uop_cache.h"
#include "inlay/sim/verify.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

Embedding channelPacking() {
  Embedding e;
  e.inpInput = 0;
  e.lanes = {std::vector<int>{0}, std::vector<int>{4}, std::vector<int>{1}};  // n on b, c on i, k on o
  return e;
}

}  // namespace

TEST_CASE("dma: a padded conv input tile is one LOAD with y and x zero padding") {
  // I[1, 16, 6, 6], pad 1: input keys (n, c, h, w, tb, ti), DRAM keeps h, w in [0, 6); the halo is 1 per side.
  const Operator op = makeConv({.c = 16, .h = 6, .w = 6, .k = 16, .r = 3, .s = 3, .ph = 1, .pw = 1});
  const InvocationSpace space = buildInvocationSpace(op, defaultIsa(), channelPacking());
  CHECK(space.inp.rows() == 36);
  // The tile p 0..2, q 0..5 (all), r, s whole: key h in [−1, 3], w in [−1, 6].
  TileBox tile{std::vector<int64_t>(space.dims.size(), 0), std::vector<int64_t>(space.dims.size(), 1)};
  for (size_t d = 0; d < space.dims.size(); ++d) {
    const std::string& n = space.dims[d].name;
    tile.len[d] = n == "p" ? 3 : (n == "q" || n == "r" || n == "s") ? space.dims[d].extent : 1;
  }
  const KeyBox box = keyBox(space.inp, tile);
  std::vector<Instruction> loads;
  appendDmaForBox(space.inp, box, 100, 7, Opcode::Load, MemType::Inp, loads);
  REQUIRE(loads.size() == 1);
  const MemInsn& m = std::get<MemInsn>(loads[0]);
  CHECK(m.sramBase == 7);
  CHECK(m.dramBase == 100);  // row (h 0, w 0)
  CHECK(m.ySize == 4);       // h 0..3 stored, h −1 is the top pad
  CHECK(m.yPad0 == 1);
  CHECK(m.yPad1 == 0);
  CHECK(m.xSize == 6);
  CHECK(m.xPad0 == 1);
  CHECK(m.xPad1 == 1);
  CHECK(m.xStride == 6);
  CHECK((m.yPad0 + m.ySize + m.yPad1) * (m.xPad0 + m.xSize + m.xPad1) == box.elements());
}

TEST_CASE("dma: without INP padding the halo is stored in DRAM and loaded as rows") {
  const Operator op = makeConv({.c = 16, .h = 6, .w = 6, .k = 16, .r = 3, .s = 3, .ph = 1, .pw = 1});
  Isa isa = defaultIsa();
  isa.padInp = false;
  const InvocationSpace space = buildInvocationSpace(op, isa, channelPacking());
  CHECK(space.inp.rows() == 64);
  const Program p = emitProgram(op, isa, channelPacking(), chooseSchedule(space, isa));
  for (const Instruction& insn : p.insns)
    if (auto* m = std::get_if<MemInsn>(&insn)) CHECK(m->xPad0 + m->xPad1 + m->yPad0 + m->yPad1 == 0);
  CHECK(verifyProgram(p, 3).verified);
}

TEST_CASE("kernels: the hazard check sees windows inside and across loop iterations") {
  Kernel k;
  k.uops = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}};
  k.loop.iterOut = 5;
  k.loop.iterIn = 4;
  k.loop.dstFactorIn = 0;  // the inner loop repeats the same three outputs: distance 3 > 2
  CHECK(hazardFree(k, 2));
  CHECK(!hazardFree(k, 3));
  k.uops = {{0, 0, 0}, {1, 0, 0}};
  CHECK(!hazardFree(k, 2));  // 0 1 0 1: index 0 rewritten two executions later
  k.loop.dstFactorIn = 2;    // 0 1 2 3 4 5 6 7, then the outer loop restarts at 0 (dstFactorOut 0)
  CHECK(hazardFree(k, 2));
  k.loop.iterIn = 1;  // 0 1 | 0 1 across the outer loop
  CHECK(!hazardFree(k, 2));
}

TEST_CASE("kernels: range kernels cover exactly [base, base + count) within the loop limits") {
  for (int64_t count : {1, 5, 16383, 16384, 40000}) {
    int64_t covered = 0, next = 100;
    for (const Kernel& k : rangeKernels(100, count)) {
      CHECK(k.loop.iterIn <= kLoopIterMax);
      CHECK(k.loop.iterOut <= kLoopIterMax);
      CHECK(k.uops.size() == 1);
      CHECK(k.uops[0].dst == next);
      covered += k.executions();
      next += k.executions();
    }
    CHECK(covered == count);
  }
}

TEST_CASE("tiles: the walk covers the invocation space once, remainders cut at the edges") {
  const Operator op = makeGemm(35, 7, 40);
  const InvocationSpace space = buildInvocationSpace(op, makeIsa(0, 3), fixedEmbedding(op));
  Schedule s;
  s.tile = {3, 2, 2};  // tb (7), ti (5), to (5)
  s.loopOrder = {0, 2, 1};
  std::vector<Step> steps;
  TileWalk walk(space, s);
  do steps.push_back(walk.step());
  while (walk.next());
  CHECK(walk.outputTiles() == 3 * 3);  // tb and to are not reductions
  CHECK(steps.size() == 3 * 3 * 3);
  int64_t covered = 0;
  for (const Step& st : steps) {
    int64_t n = 1;
    for (int64_t l : st.tile.len) n *= l;
    covered += n;
  }
  CHECK(covered == space.invocations());
  CHECK(steps[0].firstReduction);
  CHECK(!steps[0].lastReduction);
  CHECK(steps[2].lastReduction);
  CHECK(steps[2].tile.len == std::vector<int64_t>{3, 1, 2});  // ti remainder 5 − 4
  CHECK(steps.back().outputTile == 8);
}

TEST_CASE("uop cache: resident kernels are reused, a full buffer wraps and evicts") {
  UopCache cache(8, 1000);
  std::vector<Instruction> insns;
  std::vector<Uop> image;
  const std::vector<Uop> a{{1, 0, 0}, {2, 0, 0}, {3, 0, 0}}, b{{4, 0, 0}, {5, 0, 0}, {6, 0, 0}, {7, 0, 0}};
  CHECK(cache.place(a, insns, image) == std::pair<uint32_t, uint32_t>{0, 3});
  CHECK(cache.place(b, insns, image) == std::pair<uint32_t, uint32_t>{3, 7});
  CHECK(cache.place(a, insns, image) == std::pair<uint32_t, uint32_t>{0, 3});
  CHECK(insns.size() == 2);
  CHECK(cache.place(b == b ? std::vector<Uop>{{9, 0, 0}, {9, 1, 0}} : a, insns, image) ==
        std::pair<uint32_t, uint32_t>{0, 2});                                  // 7 + 2 > 8: wraps to 0, evicting a
  CHECK(cache.place(a, insns, image) == std::pair<uint32_t, uint32_t>{2, 5});  // reloaded (evicts b too)
  CHECK(insns.size() == 4);
  CHECK(image.size() == 9);                                 // each distinct kernel stored once
  CHECK(std::get<MemInsn>(insns.back()).dramBase == 1000);  // a's image offset 0
}

TEST_CASE("tiler: the estimate tracks the simulator, and the chosen schedule fits") {
  const Operator op = makeConv({.c = 64, .h = 14, .w = 14, .k = 64, .r = 3, .s = 3, .ph = 1, .pw = 1, .shift = 7});
  const Isa isa = defaultIsa();
  const InvocationSpace space = buildInvocationSpace(op, isa, channelPacking());
  const Schedule s = chooseSchedule(space, isa);
  CHECK(estimateCycles(space, isa, s).fits);
  const Program p = emitProgram(op, isa, channelPacking(), s);
  std::vector<uint8_t> dram(p.dramBytes);
  SimOptions timing;
  timing.functional = false;
  const SimResult r = simulate(p, dram, timing);
  REQUIRE(!r.fault);
  INFO("estimate " << s.estimatedCycles << ", simulated " << r.stats.cycles);
  CHECK(s.estimatedCycles > 0.8 * static_cast<double>(r.stats.cycles));
  CHECK(s.estimatedCycles < 1.3 * static_cast<double>(r.stats.cycles));
  // Every GEMM uop is useful here (64 channels fill the lanes): the bound is the uop count.
  CHECK(r.stats.gemmUops == op.macs() / isa.macsPerUop());
}

TEST_CASE("tiler: a channel-chunked 1x1 conv takes the lane-blocks-outer layout, whose chunks load as one row each") {
  // 512 input channels: the plans worth having chunk them (a whole-channel first load would stall compute), and a
  // chunk over a full 14x14 tile is contiguous only with the channel blocks outermost.
  const Operator op = makeConv({.c = 512, .h = 14, .w = 14, .k = 192});
  const Isa isa = defaultIsa();
  const InvocationSpace space = buildInvocationSpace(op, isa, channelPacking());
  const Schedule s = chooseSchedule(space, isa);
  CHECK(s.laneBlocksOuter);
  CHECK(estimateCycles(space, isa, s).total == doctest::Approx(s.estimatedCycles));
  Schedule innermost = s;
  innermost.laneBlocksOuter = false;
  CHECK(estimateCycles(space, isa, innermost).total > s.estimatedCycles);
  const Program p = emitProgram(op, isa, channelPacking(), s);
  CHECK(verifyProgram(p, 3).verified);
}

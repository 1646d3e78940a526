// The module pipeline: hand-derived cycle counts, the shared DRAM port, a double-buffered GEMM with two virtual
// threads (same result under every interleaving; overlap in time), and faults — deadlock, out-of-range indices,
// DRAM overruns, hazards, illegal flags, a full token queue — reported rather than crashed on.
#include <doctest/doctest.h>

#include "sim/sim_programs.h"

using namespace inlay;
using namespace inlay::test;

namespace {

constexpr uint32_t kInpBytes = 0x10000, kWgtBytes = 0x20000, kOutBytes = 0x30000;

/// Two virtual threads over `chunks` reduction chunks of 2 input blocks each, 3 output blocks, batch 1. Chunk k
/// uses SRAM half k%2; LOAD k≥2 waits for GEMM k-2 to release its half (g2l); `dropWar` removes that protocol for
/// chunk 2, making the program racy.
HandProgram doubleBuffered(int chunks, bool dropWar, std::vector<int8_t>& expected) {
  const int inFeat = 2 * chunks, outFeat = 3;
  const auto a = randomBytes(static_cast<size_t>(inFeat * 16), 21);
  const auto w = randomBytes(static_cast<size_t>(outFeat * 16 * inFeat * 16), 22);
  HandProgram p;
  for (size_t k = 0; k < a.size(); ++k) p.dram[kInpBytes + k] = static_cast<uint8_t>(a[k]);
  for (int o = 0; o < outFeat; ++o)  // WGT element o*inFeat + i = block (o, i)
    for (int i = 0; i < inFeat; ++i)
      for (int r = 0; r < 16; ++r)
        for (int c = 0; c < 16; ++c)
          p.dram[kWgtBytes + (o * inFeat + i) * 256 + r * 16 + c] =
              static_cast<uint8_t>(w[static_cast<size_t>((o * 16 + r) * inFeat * 16 + i * 16 + c)]);
  expected.clear();
  for (int o = 0; o < outFeat * 16; ++o) {
    int32_t sum = 0;
    for (int k = 0; k < inFeat * 16; ++k)
      sum += int32_t{a[static_cast<size_t>(k)]} * w[static_cast<size_t>(o * inFeat * 16 + k)];
    expected.push_back(static_cast<int8_t>(sum));
  }
  // uop h: half h's INP (2 elements) and WGT (6 elements) bases.
  p.setUops({{0, 0, 0}, {0, 2, 6}});
  p.add(load(MemType::Uop, 0, 0, 1, 2, 0));
  p.add(gemm(0, 1, 1, 3, 0, 1, 0, 0, 0, 0, {}, true));
  auto loadChunk = [&](int k) {
    const auto h = static_cast<uint32_t>(k % 2);
    const bool war = k >= 2 && !(dropWar && k == 2);
    p.add(load(MemType::Inp, h * 2, kInpBytes / 16 + static_cast<uint32_t>(2 * k), 1, 2, 0,
               deps(false, war, false, false)));
    p.add(load(MemType::Wgt, h * 6, kWgtBytes / 256 + static_cast<uint32_t>(2 * k), 3, 2, static_cast<uint32_t>(inFeat),
               deps(false, false, false, true)));
  };
  auto gemmChunk = [&](int k) {
    const auto h = static_cast<uint32_t>(k % 2);
    const bool releases = k < chunks - 2 && !(dropWar && k == 0);
    p.add(gemm(h, h + 1, 2, 3, 0, 1, 1, 0, 1, 2, deps(true, false, releases, k == chunks - 1)));
  };
  loadChunk(0);
  loadChunk(1);
  for (int k = 0; k < chunks; ++k) {
    gemmChunk(k);
    if (k + 2 < chunks) loadChunk(k + 2);
  }
  p.add(store(0, kOutBytes / 16, 1, 3, 0, deps(true, false, false, false)));
  p.add(FinishInsn{});
  return p;
}

std::vector<int8_t> outBytes(const std::vector<uint8_t>& dram, size_t n) {
  std::vector<int8_t> v(n);
  for (size_t k = 0; k < n; ++k) v[k] = static_cast<int8_t>(dram[kOutBytes + k]);
  return v;
}

SimFault expectFault(HandProgram& p) {
  SimResult r = p.run();
  REQUIRE(r.fault.has_value());
  return *r.fault;
}

}  // namespace

TEST_CASE("timing: a lone LOAD of k rows costs fetch + k × (row latency + bytes / bus)") {
  HandProgram p;
  p.add(load(MemType::Inp, 0, 0, 3, 4, 4));
  SimResult r = p.run();
  REQUIRE(!r.fault);
  CHECK(r.stats.cycles == 2 + 3 * (16 + 64 / 8));
  CHECK(r.stats.busyCycles[0] == 3 * (16 + 8));
  CHECK(r.stats.busyCycles[1] == 0);
}

TEST_CASE("timing: pad elements cost SRAM write cycles without DRAM traffic") {
  HandProgram p;
  MemInsn m = load(MemType::Inp, 0, 0, 1, 2, 2);
  m.xPad0 = 1;
  m.yPad1 = 1;  // 1 + 4 pad elements of 16 bytes: 2 cycles each on a 64-bit bus
  p.add(m);
  SimResult r = p.run();
  REQUIRE(!r.fault);
  CHECK(r.stats.cycles == 2 + (16 + 4) + 4 * 2);
}

TEST_CASE("timing: a lone GEMM of n uops costs fill + n after its LOAD UOP") {
  HandProgram p;
  p.setUops({{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}, {4, 0, 0}});
  p.add(load(MemType::Uop, 0, 0, 1, 5, 0));
  p.add(gemm(0, 5, 1, 1, 0, 0, 0, 0, 0, 0));
  SimResult r = p.run();
  REQUIRE(!r.fault);
  // LOAD UOP: arrives at 2, 16 + ceil(20 / 8) = 19 cycles; GEMM: 4 + 5.
  CHECK(r.stats.cycles == 2 + 19 + 4 + 5);
  CHECK(r.stats.busyCycles[1] == 19 + 9);
  CHECK(r.stats.gemmUops == 5);
}

TEST_CASE("timing: ALU costs two cycles per uop, one with an immediate") {
  HandProgram p;
  p.setUops({{0, 0, 0}});
  p.add(load(MemType::Uop, 0, 0, 1, 1, 0));
  p.add(alu(AluOp::Add, 0, 1, 6, 1, 1, std::nullopt));
  p.add(alu(AluOp::Add, 0, 1, 6, 1, 1, 1));
  SimResult r = p.run();
  REQUIRE(!r.fault);
  CHECK(r.stats.cycles == 2 + (16 + 1) + (4 + 12) + (4 + 6));
}

TEST_CASE("timing: DMAs of different modules serialise on the one DRAM port") {
  HandProgram p;
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0));  // load module: port 2..20
  p.add(load(MemType::Acc, 0, 0, 1, 1, 0));  // compute module: arrives at 4, waits for the port until 20
  SimResult r = p.run();
  REQUIRE(!r.fault);
  CHECK(r.stats.cycles == 20 + 16 + 64 / 8);
}

TEST_CASE("timing: fetch blocks on a full instruction queue") {
  HandProgram p;
  p.program.isa.timing.insnQueueDepth = 1;
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0));  // 2..20
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0));  // fetched 2..4, starts 20, ends 38
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0));  // cannot enter the queue before insn 1 starts at 20: arrives 22
  p.add(load(MemType::Acc, 0, 0, 1, 1, 0));  // fetched after insn 2: arrives 24; port free at 56
  SimResult r = p.run();
  REQUIRE(!r.fault);
  CHECK(r.stats.cycles == 56 + 24);
}

TEST_CASE("double-buffered GEMM with two virtual threads: correct, overlapped, and interleaving-invariant") {
  std::vector<int8_t> expected;
  const HandProgram p = doubleBuffered(6, false, expected);
  auto [timed, dram] = p.runCopy();
  REQUIRE_MESSAGE(!timed.fault, (timed.fault ? timed.fault->message : ""));
  CHECK(outBytes(dram, expected.size()) == expected);
  // Loads overlap GEMMs: the run is shorter than the modules' busy time back to back.
  CHECK(timed.stats.cycles < timed.stats.busyCycles[0] + timed.stats.busyCycles[1] + timed.stats.busyCycles[2]);
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    SimOptions o;
    o.interleaveSeed = seed;
    auto [r, d] = p.runCopy(o);
    REQUIRE(!r.fault);
    CHECK(d == dram);
    CHECK(r.stats.gemmUops == timed.stats.gemmUops);
  }
}

TEST_CASE("a missing WAR token is exposed by some interleaving") {
  std::vector<int8_t> expected;
  const HandProgram p = doubleBuffered(6, true, expected);
  int wrong = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SimOptions o;
    o.interleaveSeed = seed;
    auto [r, d] = p.runCopy(o);
    REQUIRE(!r.fault);
    wrong += outBytes(d, expected.size()) != expected;
  }
  CHECK(wrong > 0);
}

TEST_CASE("timing-only mode gives the functional mode's statistics without touching DRAM") {
  std::vector<int8_t> expected;
  const HandProgram p = doubleBuffered(4, false, expected);
  auto [functional, d1] = p.runCopy();
  SimOptions o;
  o.functional = false;
  auto [timing, d2] = p.runCopy(o);
  REQUIRE(!timing.fault);
  CHECK(timing.stats.cycles == functional.stats.cycles);
  CHECK(timing.stats.busyCycles == functional.stats.busyCycles);
  CHECK(timing.stats.gemmUops == functional.stats.gemmUops);
  CHECK(timing.stats.dmaBytes == functional.stats.dmaBytes);
  CHECK(d2 == p.dram);
  // No image at all: the program's DRAM size alone bounds the accesses.
  std::vector<uint8_t> none;
  const SimResult bare = simulate(p.program, none, o);
  REQUIRE(!bare.fault);
  CHECK(bare.stats.cycles == functional.stats.cycles);
  CHECK(none.empty());
}

TEST_CASE("timing-only mode without a DRAM image still faults on a DRAM overrun") {
  HandProgram p(defaultIsa(), 4096);
  p.add(load(MemType::Inp, 0, 250, 2, 4, 4));
  p.add(FinishInsn{});
  std::vector<uint8_t> none;
  SimOptions o;
  o.functional = false;
  const SimResult r = simulate(p.program, none, o);
  REQUIRE(r.fault);
  CHECK(r.fault->message.find("DRAM bytes [4000, 4128) exceed the DRAM image of 4096 bytes") != std::string::npos);
}

TEST_CASE("deadlock: reported with what each module waits for") {
  HandProgram p;
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0, deps(false, true, false, false)));   // waits for g2l
  p.add(gemm(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, deps(true, false, false, false)));  // waits for l2g
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::Deadlock);
  CHECK(f.insnIndex == -1);
  CHECK(f.message ==
        "deadlock at cycle 0: no module can progress; load: insn 0 (LOAD INP sram_base=0 dram_base=0 y_size=1 x_size=1 "
        "x_stride=0 pad=(0,0,0,0) deps=[pop_next]) waits for a token on g2l (0 pushed, 0 popped); compute: insn 1 "
        "(GEMM uop_bgn=0 uop_end=0 iter_out=1 iter_in=1 dst_factor=(0,0) src_factor=(0,0) wgt_factor=(0,0) "
        "deps=[pop_prev]) waits for a token on l2g (0 pushed, 0 popped); store: finished");
}

TEST_CASE("deadlock: a push into a full token queue stalls its module") {
  HandProgram p;
  p.program.isa.timing.tokenQueueDepth = 2;
  for (int k = 0; k < 3; ++k) p.add(nop(Module::Load, deps(false, false, false, true)));
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::Deadlock);
  CHECK(f.message ==
        "deadlock at cycle 6: no module can progress; load: insn 2 (LOAD (nop) INP sram_base=0 "
        "dram_base=0 y_size=0 x_size=0 x_stride=0 pad=(0,0,0,0) deps=[push_next]) waits to push onto "
        "the full l2g queue (depth 2); compute: finished; store: finished");
}

TEST_CASE("faults: an out-of-range ACC index names the instruction, its fields and the iteration") {
  HandProgram p;
  p.setUops({{2046, 0, 0}});
  p.add(load(MemType::Uop, 0, 0, 1, 1, 0));
  p.add(gemm(0, 1, 1, 3, 0, 1, 0, 0, 0, 0));
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::OutOfBounds);
  CHECK(f.insnIndex == 1);
  CHECK(f.message ==
        "insn 1 (GEMM uop_bgn=0 uop_end=1 iter_out=1 iter_in=3 dst_factor=(0,1) src_factor=(0,0) "
        "wgt_factor=(0,0) deps=[]) at cycle 19: uop 0 (i=0, j=2): dst index 2048 outside ACC (depth 2048)");
}

TEST_CASE("faults: DMA overruns of DRAM and SRAM") {
  HandProgram p(defaultIsa(), 4096);
  p.add(load(MemType::Inp, 0, 250, 2, 4, 4));
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::OutOfBounds);
  CHECK(f.message ==
        "insn 0 (LOAD INP sram_base=0 dram_base=250 y_size=2 x_size=4 x_stride=4 pad=(0,0,0,0) "
        "deps=[]) at cycle 2: DRAM bytes [4000, 4128) exceed the DRAM image of 4096 bytes");
  HandProgram q;
  q.add(load(MemType::Wgt, 1020, 0, 1, 5, 0));
  f = expectFault(q);
  CHECK(f.message.ends_with(": LOAD WGT writes SRAM elements [1020, 1025) beyond the WGT depth 1024"));
}

TEST_CASE("faults: an accumulator write hazard within the configured distance") {
  HandProgram p;
  p.setUops({{7, 0, 0}, {8, 1, 0}, {7, 2, 0}});  // dst 7 again two executions later
  p.add(load(MemType::Uop, 0, 0, 1, 3, 0));
  p.add(gemm(0, 3, 1, 1, 0, 0, 0, 0, 0, 0));
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::Hazard);
  CHECK(
      f.message.ends_with("uop 2 (i=0, j=0): accumulator write hazard: ACC index 7 was written by one of the "
                          "previous 2 uop executions"));
  // Distance 1 allows it.
  HandProgram q;
  q.program.isa.accDepDistance = 1;
  q.setUops({{7, 0, 0}, {8, 1, 0}, {7, 2, 0}});
  q.add(load(MemType::Uop, 0, 0, 1, 3, 0));
  q.add(gemm(0, 3, 1, 1, 0, 0, 0, 0, 0, 0));
  SimResult r = q.run();
  CHECK(!r.fault);
  CHECK(r.stats.hazards == 0);
}

TEST_CASE("faults: illegal flags, disabled extensions and STORE misuse are bad instructions") {
  HandProgram p;
  p.add(load(MemType::Inp, 0, 0, 1, 1, 0, deps(true, false, false, false)));
  SimFault f = expectFault(p);
  CHECK(f.kind == SimFault::Kind::BadInstruction);
  CHECK(f.message.ends_with(": pop_prev is not legal for a load-module instruction"));

  HandProgram q;
  q.add(alu(AluOp::Mul, 0, 0, 1, 0, 0, 2));
  CHECK(expectFault(q).message.ends_with(": ALU MUL is not enabled in this ISA (aluMul)"));

  HandProgram s;
  MemInsn padded = store(0, 0, 1, 1, 0);
  padded.xPad0 = 1;
  s.add(padded);
  CHECK(expectFault(s).message.ends_with(": STORE cannot pad"));

  HandProgram w;
  MemInsn wgtPad = load(MemType::Wgt, 0, 0, 1, 1, 0);
  wgtPad.yPad0 = 1;
  w.add(wgtPad);
  CHECK(expectFault(w).message.ends_with(": LOAD WGT cannot zero-pad in this ISA"));
}

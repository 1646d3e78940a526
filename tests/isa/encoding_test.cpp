// Tests of isa/encoding.h: hand-computed words for VTA's default layout (docs/vta.md §2.2), the unused gaps,
// the signed immediate, and encode/decode round trips over random field values for four ISA configurations.
#include <doctest/doctest.h>

#include <random>

#include "inlay/ir/error.h"
#include "inlay/isa/encoding.h"

using namespace inlay;

namespace {

/// The four configurations exercised: default 1×16×16, 1×32×32, 2×16×16, and 1×8×8 with buffers shrunk so that
/// every field still fits the 128-bit word and the 32-bit uop.
std::vector<Isa> variantIsas() {
  Isa wide = vtaIsa({.blockIn = 32, .blockOut = 32});
  Isa batched = vtaIsa({.batch = 2});
  Isa narrow =
      vtaIsa({.blockIn = 8, .blockOut = 8, .inpBufferBytes = 16384, .wgtBufferBytes = 65536, .accBufferBytes = 65536});
  return {defaultIsa(), wide, batched, narrow};
}

uint32_t randomBits(std::mt19937_64& rng, int width) {
  return static_cast<uint32_t>(rng() & ((uint64_t{1} << width) - 1));
}

DepFlags randomDeps(std::mt19937_64& rng) {
  return DepFlags{(rng() & 1) != 0, (rng() & 1) != 0, (rng() & 1) != 0, (rng() & 1) != 0};
}

UopLoop randomLoop(std::mt19937_64& rng, const Isa& isa, int srcBits) {
  UopLoop l;
  l.uopBgn = randomBits(rng, isa.logUopDepth());
  l.uopEnd = randomBits(rng, isa.logUopDepth() + 1);
  l.iterOut = randomBits(rng, 14);
  l.iterIn = randomBits(rng, 14);
  l.dstFactorOut = randomBits(rng, isa.logAccDepth());
  l.dstFactorIn = randomBits(rng, isa.logAccDepth());
  l.srcFactorOut = randomBits(rng, srcBits);
  l.srcFactorIn = randomBits(rng, srcBits);
  return l;
}

Instruction randomInsn(std::mt19937_64& rng, const Isa& isa) {
  switch (rng() % 4) {
    case 0: {
      MemInsn m;
      m.opcode = (rng() & 1) ? Opcode::Store : Opcode::Load;
      m.dep = randomDeps(rng);
      m.memType = static_cast<MemType>(rng() % 6);
      m.sramBase = randomBits(rng, 16);
      m.dramBase = randomBits(rng, 32);
      m.ySize = randomBits(rng, 16);
      m.xSize = randomBits(rng, 16);
      m.xStride = randomBits(rng, 16);
      m.yPad0 = randomBits(rng, 4);
      m.yPad1 = randomBits(rng, 4);
      m.xPad0 = randomBits(rng, 4);
      m.xPad1 = randomBits(rng, 4);
      return m;
    }
    case 1: {
      GemmInsn g;
      g.dep = randomDeps(rng);
      g.resetReg = (rng() & 1) != 0;
      g.loop = randomLoop(rng, isa, isa.logInpDepth());
      g.wgtFactorOut = randomBits(rng, isa.logWgtDepth());
      g.wgtFactorIn = randomBits(rng, isa.logWgtDepth());
      return g;
    }
    case 2: {
      AluInsn a;
      a.dep = randomDeps(rng);
      a.resetReg = (rng() & 1) != 0;
      a.loop = randomLoop(rng, isa, isa.logAccDepth());
      a.op = static_cast<AluOp>(rng() % 5);
      a.useImm = (rng() & 1) != 0;
      a.imm = static_cast<int16_t>(randomBits(rng, 16));
      return a;
    }
    default: return FinishInsn{randomDeps(rng)};
  }
}

}  // namespace

TEST_CASE("encoding: a LOAD in the default layout matches the hand-computed words") {
  MemInsn m;
  m.dep.popNext = true;
  m.memType = MemType::Inp;
  m.sramBase = 5;
  m.dramBase = 0x1234;
  m.ySize = 3;
  m.xSize = 4;
  m.xStride = 10;
  m.yPad0 = 1;
  m.yPad1 = 2;
  m.xPad0 = 3;
  m.xPad1 = 15;
  const InsnWord w = encode(m, defaultIsa());
  CHECK(w.lo == 0x48d0001510ull);
  CHECK(w.hi == 0xf321000a00040003ull);
  CHECK(std::get<MemInsn>(decode(w, defaultIsa())) == m);
}

TEST_CASE("encoding: dram_base ends at bit 57 and y_size starts at bit 64 (the 58–63 gap)") {
  MemInsn m;
  m.opcode = Opcode::Store;
  m.memType = MemType::Out;
  m.dramBase = 0xFFFFFFFFu;
  m.ySize = 1;
  const InsnWord w = encode(m, defaultIsa());
  CHECK(w.lo == ((uint64_t{0xFFFFFFFF} << 26) | (4u << 7) | 1u));
  CHECK((w.lo >> 58) == 0);
  CHECK(w.hi == 1);
}

TEST_CASE("encoding: a GEMM in the default layout matches the hand-computed words") {
  GemmInsn g;
  g.dep.pushPrev = true;
  g.loop = {3, 8, 2, 16383, 1, 2047, 5, 0};
  g.wgtFactorOut = 1023;
  g.wgtFactorIn = 7;
  const InsnWord w = encode(g, defaultIsa());
  CHECK(w.lo == 0x7ffe001001000322ull);
  CHECK(w.hi == 0x1fff000017ff801ull);
  CHECK((w.lo >> 63) == 0);  // bit 63 is unused
  CHECK(std::get<GemmInsn>(decode(w, defaultIsa())) == g);
}

TEST_CASE("encoding: an ALU SHR with a negative immediate") {
  AluInsn a;
  a.dep.pushNext = true;
  a.loop = {0, 1, 1, 4, 16, 1, 0, 0};
  a.op = AluOp::Shr;
  a.useImm = true;
  a.imm = -3;
  const InsnWord w = encode(a, defaultIsa());
  CHECK(w.lo == 0x8000800200044ull);
  CHECK(w.hi == 0xfffdb00000000810ull);
  const auto back = std::get<AluInsn>(decode(w, defaultIsa()));
  CHECK(back.imm == -3);
  CHECK(back == a);
}

TEST_CASE("encoding: FINISH carries only its opcode and flags") {
  FinishInsn f;
  f.dep.popPrev = true;
  const InsnWord w = encode(f, defaultIsa());
  CHECK(w.lo == 0xB);
  CHECK(w.hi == 0);
  CHECK(std::get<FinishInsn>(decode(w, defaultIsa())) == f);
}

TEST_CASE("encoding: micro-ops pack dst | src | wgt as 11/11/10 bits by default") {
  const Uop u{5, 2047, 1023};
  CHECK(encodeUop(u, defaultIsa()) == 0xfffff805u);
  CHECK(decodeUop(0xfffff805u, defaultIsa()) == u);
}

TEST_CASE("encoding: fields that do not fit are internal errors; unknown codes are input errors") {
  GemmInsn g;
  g.loop.uopEnd = 1u << 14;
  CHECK_THROWS_WITH_AS(encode(g, defaultIsa()), doctest::Contains("GEMM.uop_end = 16384 does not fit in 14 bits"),
                       InternalError);
  CHECK_THROWS_WITH_AS(encodeUop(Uop{2048, 0, 0}, defaultIsa()), doctest::Contains("uop.dst_idx = 2048"),
                       InternalError);
  CHECK_THROWS_WITH_AS(decode(InsnWord{7, 0}, defaultIsa()), ": unknown opcode 7", InputError);
  CHECK_THROWS_WITH_AS(decode(InsnWord{6u << 7, 0}, defaultIsa()), ": unknown memory type 6", InputError);
  CHECK_THROWS_WITH_AS(decode(InsnWord{4, uint64_t{7} << 44}, defaultIsa()), ": unknown ALU opcode 7", InputError);
}

TEST_CASE("encoding: random round trips for every ISA variant") {
  for (const Isa& isa : variantIsas()) {
    CAPTURE(isa.name);
    std::mt19937_64 rng(0x1A7);
    for (int n = 0; n < 4000; ++n) {
      Instruction insn = randomInsn(rng, isa);
      const InsnWord w = encode(insn, isa);
      CHECK(decode(w, isa) == insn);
      CHECK(encode(decode(w, isa), isa) == w);
    }
    const int srcBits = std::max(isa.logAccDepth(), isa.logInpDepth());
    for (int n = 0; n < 4000; ++n) {
      Uop u{randomBits(rng, isa.logAccDepth()), randomBits(rng, srcBits), randomBits(rng, isa.logWgtDepth())};
      CHECK(decodeUop(encodeUop(u, isa), isa) == u);
    }
  }
}

TEST_CASE("encoding: the ALU's source fields take the INP depth's width, as VTA's hw_spec.h (issue 11, 12)") {
  // ACC depth 1024 (10 bits) below INP depth 2048 (11 bits): the src factors and the micro-op's src_idx are 11 bits.
  const Isa isa = vtaIsa({.accBufferBytes = 65536});
  REQUIRE(isa.logAccDepth() == 10);
  REQUIRE(isa.logInpDepth() == 11);
  AluInsn a;
  a.loop = {0, 1, 1, 1, 0, 0, 0, 0};
  a.loop.srcFactorOut = 1;
  a.op = AluOp::Max;
  const InsnWord w = encode(a, isa);
  // hi: dst_factor_out (10) | dst_factor_in (10) | src_factor_out (11) at bit 20 | src_factor_in (11) | alu_opcode
  // at bit 42 | use_imm | imm.
  CHECK(w.hi == ((uint64_t{1} << 20) | (uint64_t{1} << 42)));
  CHECK(std::get<AluInsn>(decode(w, isa)) == a);
  const Uop u{1023, 2047, 1023};  // dst 10 | src 11 | wgt 10
  CHECK(encodeUop(u, isa) == 0x7fffffffu);
  CHECK(decodeUop(0x7fffffffu, isa) == u);
  CHECK(fieldWidths(isa).uopSrc == 11);
}

TEST_CASE("encoding: an ISA whose ACC is deeper than its INP is refused (the ALU could not read every accumulator)") {
  Isa isa = defaultIsa();
  isa.logInpBuffSize = 14;  // INP depth 1024 < ACC depth 2048
  CHECK_THROWS_WITH_AS(validateIsa(isa, "isa.json"),
                       "isa.json: LOG_INP_BUFF_SIZE: the ACC depth 2^11 exceeds the INP depth 2^10: VTA encodes the "
                       "ALU's ACC source indices in the INP depth's width, so some accumulators could not be read; "
                       "give INP at least as many elements as ACC",
                       InputError);
}

namespace {

/// The bit positions that unusedBits reports when each bit of `base` above the opcode is set on its own (a set bit
/// that a field uses changes that field and is not reported; one that makes a memory type unknown is skipped).
std::vector<int> unusedPositions(const Instruction& base, const Isa& isa) {
  const InsnWord w0 = encode(base, isa);
  std::vector<int> positions;
  for (int b = 3; b < 128; ++b) {
    InsnWord w = w0;
    (b < 64 ? w.lo : w.hi) |= uint64_t{1} << (b % 64);
    if (w == w0) continue;
    InsnWord u;
    try {
      u = unusedBits(w, isa);
    } catch (const InputError&) {
      continue;
    }
    if (u == InsnWord{}) continue;
    CHECK(u == InsnWord{w.lo ^ w0.lo, w.hi ^ w0.hi});  // exactly the probed bit
    positions.push_back(b);
  }
  return positions;
}

std::vector<int> range(int first, int last) {
  std::vector<int> v;
  for (int b = first; b <= last; ++b) v.push_back(b);
  return v;
}

}  // namespace

TEST_CASE("encoding: unusedBits names exactly the set bits that no field uses (issue 11, 11)") {
  const Isa isa = defaultIsa();
  MemInsn store;
  store.opcode = Opcode::Store;
  store.memType = MemType::Out;
  CHECK(unusedPositions(MemInsn{}, isa) == range(58, 63));
  CHECK(unusedPositions(store, isa) == range(58, 63));
  CHECK(unusedPositions(GemmInsn{}, isa) == std::vector<int>{63});
  CHECK(unusedPositions(AluInsn{}, isa) == std::vector<int>{63});
  CHECK(unusedPositions(FinishInsn{}, isa) == range(7, 127));

  // A word with every field in use and the gap full: only the gap is reported.
  MemInsn m;
  m.dep = {true, true, false, true};
  m.memType = MemType::Inp;
  m.dramBase = 0xFFFFFFFFu;
  m.ySize = m.xSize = m.xStride = 0xFFFF;
  const InsnWord clean = encode(m, isa);
  CHECK(unusedBits(clean, isa) == InsnWord{});
  CHECK(unusedBits(InsnWord{clean.lo | (uint64_t{0x21} << 58), clean.hi}, isa) == InsnWord{uint64_t{0x21} << 58, 0});
  CHECK_THROWS_WITH_AS(unusedBits(InsnWord{7, 0}, isa), ": unknown opcode 7", InputError);

  // Micro-ops: the default ISA's 11/11/10 bits fill the word; with ACC depth 1024 bit 31 is left over.
  for (int b = 0; b < 32; ++b) CHECK(unusedUopBits(uint32_t{1} << b, isa) == 0);
  const Isa shallowAcc = vtaIsa({.accBufferBytes = 65536});
  CHECK(unusedUopBits(0xffffffffu, shallowAcc) == 0x80000000u);
  CHECK(unusedUopBits(0x7fffffffu, shallowAcc) == 0);
}

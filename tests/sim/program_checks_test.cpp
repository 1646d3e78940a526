// Tests of sim/program_checks.h on hand-assembled programs: a clean one that verifies, and copies that each break
// one rule — found at the instruction that must change, with the exact detail (the token a race misses, the store a
// FINISH may overtake); unused bits, non-portable shifts, the cap and count, and random programs, which never throw.
#include <doctest/doctest.h>

#include <random>

#include "inlay/ir/error.h"
#include "inlay/isa/encoding.h"
#include "inlay/sim/insn_text.h"
#include "inlay/sim/program_checks.h"
#include "inlay/sim/verify.h"
#include "sim/k_split_program.h"

using namespace inlay;
using namespace inlay::test;

namespace {

/// The only violation of `p`: its text by describeViolation.
std::string onlyViolation(const Program& p) {
  const ProgramCheck c = checkProgram(p, 8);
  std::string all;
  for (const InsnViolation& v : c.violations) all += describeViolation(p, v) + "\n";
  INFO(all);
  REQUIRE(c.total == 1);
  REQUIRE(c.violations.size() == 1);
  return describeViolation(p, c.violations[0]);
}

std::string insnText(const Program& p, int64_t i) {
  return "insn " + std::to_string(i) + " (" + describeInsn(p.insns[static_cast<size_t>(i)]) + "): ";
}

}  // namespace

TEST_CASE("program checks: the hand-assembled K-split program is clean, and it verifies") {
  const Program p = kSplitProgram();
  const ProgramCheck c = checkProgram(p, 8);
  CHECK(c.total == 0);
  CHECK(c.violations.empty());
  for (uint64_t seed : {1u, 2u}) CHECK(verifyProgram(p, seed).verified);
}

TEST_CASE("program checks: each broken token is named at the instruction that must change, with its cause") {
  SUBCASE("missing WAR token: the second INP load may overwrite what the first GEMM reads") {
    const Program p = kSplitMissingWar();
    CHECK(onlyViolation(p) == insnText(p, kLoadInp1) +
                                  "[race] write after read on INP[0]: insn 3 (compute) reads it first, and no g2l "
                                  "token orders that read before this write (a missing WAR token)");
  }
  SUBCASE("missing RAW token: the first GEMM may read INP before the load wrote it") {
    const Program p = kSplitMissingRaw();
    CHECK(onlyViolation(p) == insnText(p, kGemm0) +
                                  "[race] read after write on INP[0]: insn 1 (load) writes it first, and no l2g "
                                  "token orders that write before this read (a missing RAW token)");
  }
  SUBCASE("FINISH not ordered after the last STORE") {
    const Program p = kSplitFinishBeforeStore();
    CHECK(onlyViolation(p) == insnText(p, kFinish) +
                                  "[finish] FINISH may start before store insn 10 completes: no chain of tokens "
                                  "orders it after that instruction");
  }
  SUBCASE("unbalanced tokens: an extra push that nothing pops") {
    CHECK(onlyViolation(kSplitUnbalanced()) == "program: [token-balance] g2l: 2 pushes, 1 pop");
  }
  SUBCASE("smallGemmProgram, hand-written before the checks existed, lets FINISH overtake its STORE") {
    const Program p = smallGemmProgram();
    CHECK(onlyViolation(p) == insnText(p, 7) +
                                  "[finish] FINISH may start before store insn 6 completes: no chain of tokens "
                                  "orders it after that instruction");
  }
}

TEST_CASE("program checks: a STORE NOP of memory type UOP, as TVM's runtime writes it, is clean; a STORE is not") {
  Program p = kSplitProgram();
  MemInsn nop;  // PushNoop in TVM's runtime.cc: a STORE with x_size 0 and memory_type UOP
  nop.opcode = Opcode::Store;
  nop.memType = MemType::Uop;
  p.insns.insert(p.insns.begin() + kStore, nop);
  CHECK(findInsnViolations(p).empty());
  std::get<MemInsn>(p.insns[kStore]).xSize = 1;
  const std::vector<InsnViolation> v = findInsnViolations(p);
  REQUIRE(v.size() == 1);
  CHECK(v[0].insn == kStore);
  CHECK(v[0].rule == insn_rule::kDmaType);
  CHECK(v[0].detail == "STORE must read OUT");
}

TEST_CASE("program checks: set bits that no field uses, as the reader records them") {
  Program p = kSplitProgram();
  p.unusedBits = {{false, kGemm0, {uint64_t{1} << 63, 0}},
                  {true, 1, {0xC0000000u, 0}},
                  {false, kLoadInp0, {uint64_t{0x2F} << 58, uint64_t{1} << 56}}};
  const ProgramCheck c = checkProgram(p, 8);
  REQUIRE(c.total == 3);
  // Program-level (the micro-op) first, then the instructions in program order.
  CHECK(describeViolation(p, c.violations[0]) ==
        "program: [unused-bits] micro-op 1: bits 30-31 are set, but no field uses them (VTA ignores them)");
  CHECK(describeViolation(p, c.violations[1]) ==
        insnText(p, kLoadInp0) +
            "[unused-bits] bits 58-61, 63 and 120 are set, but no field uses them (VTA "
            "ignores them)");
  CHECK(describeViolation(p, c.violations[2]) ==
        insnText(p, kGemm0) + "[unused-bits] bit 63 is set, but no field uses it (VTA ignores it)");
}

TEST_CASE("program checks: SHR immediates outside -16..15 mean different things on VTA's implementations") {
  for (int32_t imm : {-17, -16, 15, 16, 31, 1000}) {
    CAPTURE(imm);
    Program p = kSplitProgram();
    AluInsn& a = std::get<AluInsn>(p.insns[kMin]);
    a.op = AluOp::Shr;
    a.imm = imm;
    const std::vector<InsnViolation> v = findInsnViolations(p);
    if (imm >= -16 && imm <= 15) {
      CHECK(v.empty());
      continue;
    }
    REQUIRE(v.size() == 1);
    CHECK(v[0].insn == kMin);
    CHECK(v[0].rule == insn_rule::kAluShift);
    CHECK(v[0].detail == "SHR by the immediate " + std::to_string(imm) +
                             ", outside -16..15: VTA's implementations disagree on it (the HLS design shifts by its "
                             "low 5 bits read as signed, the Chisel design and the functional simulator by the value)");
  }
}

TEST_CASE("program checks: the cap bounds the list, not the count") {
  Program p = kSplitProgram();
  for (int64_t i = 0; i < static_cast<int64_t>(p.insns.size()); ++i)
    p.unusedBits.push_back({false, i, {0, uint64_t{1} << 63}});
  const ProgramCheck c = checkProgram(p, 3);
  CHECK(c.total == 12);
  REQUIRE(c.violations.size() == 3);
  CHECK(c.violations[2].insn == 2);
  CHECK(findInsnViolations(p, 100).size() == 12);
  CHECK(findInsnViolations(p, 0).empty());
}

TEST_CASE("program checks: random instruction streams are judged without throwing, deterministically") {
  std::mt19937_64 rng(11);
  const Isa isa = defaultIsa();
  int64_t judged = 0, violations = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Program p = kSplitProgram();
    p.insns.clear();
    const int n = 1 + static_cast<int>(rng() % 40);
    while (static_cast<int>(p.insns.size()) < n) {
      // Random words, with the fields that select the instruction kept legal so that most decode.
      InsnWord w{rng(), rng()};
      w.lo = (w.lo & ~uint64_t{0x7}) | (rng() % 5);
      if ((w.lo & 7) <= 1) w.lo = (w.lo & ~(uint64_t{7} << 7)) | ((rng() % 6) << 7);
      try {
        p.insns.push_back(decode(w, isa));
      } catch (const InputError&) {
        continue;
      }
    }
    const ProgramCheck a = checkProgram(p, 4), b = checkProgram(p, 4);
    CHECK(a.total == b.total);
    CHECK(a.violations.size() == std::min<size_t>(4, static_cast<size_t>(a.total)));
    ++judged;
    violations += a.total > 0;
  }
  CHECK(judged == 300);
  CHECK(violations == 300);  // a random stream breaks some rule
}

// A seeded random sweep (codegen stage): convolutions and GEMMs with odd dims, strides, pads, groups and shifts,
// through both strategies on every shipped ISA variant and a small-buffer variant, each program verified bit-exactly
// under the timed schedule and a randomised interleaving, with no hazards, and passing every instruction-level check
// (insn_checks.h).
#include <doctest/doctest.h>

#include <random>

#include "inlay/codegen/generate.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/sim/verify.h"
#include "insn_checks.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

int64_t pick(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

Operator randomConv(std::mt19937_64& rng) {
  ConvShape s;
  s.n = pick(rng, 1, 2);
  s.groups = pick(rng, 0, 3) == 0 ? pick(rng, 2, 3) : 1;
  s.c = s.groups * pick(rng, 1, 9);
  s.k = s.groups * pick(rng, 1, 9);
  s.r = pick(rng, 1, 4);
  s.s = pick(rng, 1, 4);
  s.ph = pick(rng, 0, 2);
  s.pw = pick(rng, 0, 2);
  s.h = pick(rng, std::max<int64_t>(1, s.r - 2 * s.ph), 11);
  s.w = pick(rng, std::max<int64_t>(1, s.s - 2 * s.pw), 11);
  s.sh = pick(rng, 1, 3);
  s.sw = pick(rng, 1, 3);
  s.shift = static_cast<int>(pick(rng, 0, 9));
  Operator op = makeConv(s);
  op.name = "conv_n" + std::to_string(s.n) + "c" + std::to_string(s.c) + "h" + std::to_string(s.h) + "w" +
            std::to_string(s.w) + "k" + std::to_string(s.k) + "r" + std::to_string(s.r) + "s" + std::to_string(s.s) +
            "_st" + std::to_string(s.sh) + "x" + std::to_string(s.sw) + "_pad" + std::to_string(s.ph) + "x" +
            std::to_string(s.pw) + "_g" + std::to_string(s.groups) + "_sh" + std::to_string(s.shift);
  return op;
}

void runSweep(const Isa& isa, uint64_t seed, int convs, int gemms) {
  std::mt19937_64 rng(seed);
  std::vector<Operator> ops;
  for (int k = 0; k < convs; ++k) ops.push_back(randomConv(rng));
  for (int k = 0; k < gemms; ++k)
    ops.push_back(makeGemm(pick(rng, 1, 45), pick(rng, 1, 45), pick(rng, 1, 70), static_cast<int>(pick(rng, 0, 8))));
  for (const Operator& op : ops)
    for (Strategy s : {Strategy::Fixed, Strategy::Csp}) {
      INFO("seed " << seed << ", " << op.name << " on " << isa.name << ", " << strategyName(s));
      const Generated g = generate(op, isa, s);
      checkInstructions(g.program);
      const VerifyResult timed = verifyProgram(g.program, seed);
      INFO((timed.fault ? timed.fault->message : timed.error));
      CHECK(timed.verified);
      CHECK(timed.stats.hazards == 0);
      SimOptions shuffled;
      shuffled.interleaveSeed = seed;
      CHECK(verifyProgram(g.program, seed + 1, shuffled).verified);
    }
}

}  // namespace

TEST_CASE("sweep: default ISA") { runSweep(defaultIsa(), 101, 30, 15); }

TEST_CASE("sweep: shipped ISA variants") {
  for (const char* name : {"vta-1x8x8", "vta-2x16x16", "vta-1x32x32"})
    runSweep(readIsaFile(std::string(INLAY_SOURCE_DIR) + "/isa/" + name + ".json"), 202 + name[5], 8, 4);
}

TEST_CASE("sweep: small buffers force tiling and reduction chunks") {
  runSweep(makeIsa(0, 3, -5), 303, 12, 6);
  runSweep(makeIsa(1, 2, -6), 304, 4, 2);
}

// Tests of sim/verify.h: the DRAM image, and bit-exact comparison against the CPU reference of a complete program.
#include <doctest/doctest.h>

#include "inlay/ir/error.h"
#include "inlay/isa/encoding.h"
#include "inlay/sim/verify.h"
#include "program/small_gemm_program.h"

using namespace inlay;

TEST_CASE("verify: the DRAM image holds the encoded uops and the inputs packed through their layouts") {
  const Program p = test::smallGemmProgram();
  const DramImage image = buildDramImage(p, 7);
  REQUIRE(image.bytes.size() == 16384);
  CHECK(image.inputs[0] == randomTensor8({16, 32}, 7));
  CHECK(image.inputs[1] == randomTensor8({32, 3}, 8));
  const uint32_t uop1 = encodeUop(p.uops[1], p.isa);
  CHECK(image.bytes[4] == (uop1 & 0xFF));
  CHECK(image.bytes[5] == ((uop1 >> 8) & 0xFF));
  // B[k=17][n=2] sits in INP element (n=2, kb=1), lane 1.
  CHECK(static_cast<int8_t>(image.bytes[8192 + (2 * 2 + 1) * 16 + 1]) == image.inputs[1].data[17 * 3 + 2]);
  // A[o=5][k=20] sits in WGT element kb=1, row 5, column 4.
  CHECK(static_cast<int8_t>(image.bytes[4096 + 256 + 5 * 16 + 4]) == image.inputs[0].data[5 * 32 + 20]);
}

TEST_CASE("verify: a correct program verifies under several seeds and in every mode") {
  const Program p = test::smallGemmProgram();
  for (uint64_t seed : {1u, 2u, 99u}) {
    VerifyResult v = verifyProgram(p, seed);
    CHECK(v.verified);
    CHECK(v.mismatches == 0);
    CHECK(v.stats.gemmUops == 6);
    SimOptions o;
    o.interleaveSeed = seed;
    CHECK(verifyProgram(p, seed, o).verified);
  }
}

TEST_CASE("verify: a program without its clamping epilogue mismatches, and says where") {
  const Program p = test::smallGemmProgram(false);
  VerifyResult v = verifyProgram(p, 1);
  CHECK(!v.verified);
  CHECK(!v.fault);
  CHECK(v.mismatches > 0);
  REQUIRE(v.firstMismatch >= 0);
  CHECK((v.expected == 127 || v.expected == -128));
  CHECK(v.actual != v.expected);
  // expectedOutputBytes is what a correct program leaves in C.
  const DramImage image = buildDramImage(test::smallGemmProgram(), 1);
  const std::vector<uint8_t> packed = expectedOutputBytes(p, image);
  Dram dram = image.bytes;
  REQUIRE(!simulate(test::smallGemmProgram(), dram).fault);
  CHECK(dram.read(12288, 48) == packed);
  std::vector<uint8_t> flat = image.bytes.toBytes();  // the flat-image overload leaves the same bytes
  REQUIRE(!simulate(test::smallGemmProgram(), flat).fault);
  CHECK(flat == dram.toBytes());
}

TEST_CASE("verify: a faulting program reports the fault and compares nothing") {
  Program p = test::smallGemmProgram();
  std::get<GemmInsn>(p.insns[3]).loop.iterOut = 3;  // reads a third K block past the loaded INP
  p.uops[2].src = 2046;
  VerifyResult v = verifyProgram(p, 1);
  REQUIRE(v.fault);
  CHECK(v.fault->kind == SimFault::Kind::OutOfBounds);
  CHECK(v.fault->message.ends_with("uop 2 (i=2, j=0): src index 2048 outside INP (depth 2048)"));
  CHECK(!v.verified);
}

TEST_CASE("verify: a program without an operator cannot be verified") {
  Program p = test::smallGemmProgram();
  p.op.reset();
  CHECK_THROWS_WITH_AS(verifyProgram(p, 1), "the program carries no operator to verify against", WorkError);
}

TEST_CASE("verify: a 4 GiB image holding a few KiB of buffers allocates only the pages they touch") {
  const uint64_t lastPage = (uint64_t{1} << 32) - kDramPageBytes;
  const Program far = test::withOutputAt(test::smallGemmProgram(), lastPage);
  REQUIRE(far.dramBytes == uint64_t{1} << 32);
  CHECK(verifyProgram(far, 3).verified);
  DramImage image = buildDramImage(far, 3);
  CHECK(image.bytes.size() == uint64_t{1} << 32);
  CHECK(image.bytes.residentBytes() == Dram::kPageBytes);  // the uop image, A and B share the first 64 KiB page
  const SimResult r = simulate(far, image.bytes);
  REQUIRE_FALSE(r.fault);
  CHECK(image.bytes.residentBytes() == 2 * Dram::kPageBytes);  // and the STOREs wrote the last one
  CHECK(image.bytes.read(lastPage, 48) == expectedOutputBytes(far, image));
  // The same cycles as at the original offsets: addresses do not enter the timing model.
  CHECK(r.stats.cycles == verifyProgram(test::smallGemmProgram(), 3).stats.cycles);
}

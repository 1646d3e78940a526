// Functional semantics of the simulator on hand-built programs whose expected outputs are computed here
// independently: a blocked GEMM in compressed and uncompressed micro-op form (docs/vta.md §2.3), a requantising
// epilogue, element-wise ALU chains, padded loads, and the OUT shadow.
#include <doctest/doctest.h>

#include <algorithm>

#include "sim/sim_programs.h"

using namespace inlay;
using namespace inlay::test;

namespace {

// DRAM regions (bytes) of the blocked GEMM programs.
constexpr uint32_t kInpBytes = 0x10000, kWgtBytes = 0x20000, kOutBytes = 0x30000, kAccBytes = 0x40000;

struct BlockedGemm {
  int nb, inFeat, outFeat;  // batch rows, 16-wide input blocks, 16-wide output blocks
  std::vector<int8_t> a;    // [nb][inFeat*16]
  std::vector<int8_t> w;    // [outFeat*16][inFeat*16]

  int64_t in() const { return int64_t{inFeat} * 16; }
  int64_t out() const { return int64_t{outFeat} * 16; }
  /// The int32 result computed directly from the matrices.
  std::vector<int32_t> expected() const {
    std::vector<int32_t> c(static_cast<size_t>(nb * out()));
    for (int b = 0; b < nb; ++b)
      for (int64_t o = 0; o < out(); ++o) {
        int32_t sum = 0;
        for (int64_t k = 0; k < in(); ++k)
          sum += int32_t{a[static_cast<size_t>(b * in() + k)]} * w[static_cast<size_t>(o * in() + k)];
        c[static_cast<size_t>(b * out() + o)] = sum;
      }
    return c;
  }
  /// INP element b*inFeat+i holds A[b][16i..]; WGT element o*inFeat+i holds the 16×16 block (o, i), row = out.
  void writeDram(std::vector<uint8_t>& dram) const {
    for (int b = 0; b < nb; ++b)
      for (int64_t k = 0; k < in(); ++k) dram[kInpBytes + b * in() + k] = static_cast<uint8_t>(a[b * in() + k]);
    for (int o = 0; o < outFeat; ++o)
      for (int i = 0; i < inFeat; ++i)
        for (int r = 0; r < 16; ++r)
          for (int c = 0; c < 16; ++c)
            dram[kWgtBytes + (o * inFeat + i) * 256 + r * 16 + c] =
                static_cast<uint8_t>(w[static_cast<size_t>((o * 16 + r) * in() + i * 16 + c)]);
  }
};

BlockedGemm makeGemm(int nb, int inFeat, int outFeat, uint64_t seed) {
  BlockedGemm g{nb, inFeat, outFeat, {}, {}};
  g.a = randomBytes(static_cast<size_t>(nb * g.in()), seed);
  g.w = randomBytes(static_cast<size_t>(g.out() * g.in()), seed + 1);
  return g;
}

/// The blocked GEMM program: compressed uses nb uops and both affine loops; uncompressed one uop per block product.
HandProgram blockedGemmProgram(const BlockedGemm& g, bool compressed, std::optional<int> requantShift) {
  HandProgram p;
  g.writeDram(p.dram);
  std::vector<Uop> uops;
  GemmInsn main;
  const auto nb = static_cast<uint32_t>(g.nb), inF = static_cast<uint32_t>(g.inFeat),
             outF = static_cast<uint32_t>(g.outFeat);
  if (compressed) {
    for (uint32_t r = 0; r < nb; ++r) uops.push_back({r * outF, r * inF, 0});
    main = gemm(0, nb, inF, outF, 0, 1, 1, 0, 1, inF, deps(true, false, false, !requantShift));
  } else {
    for (uint32_t i = 0; i < inF; ++i)  // o and b innermost so that no ACC index repeats within distance 2
      for (uint32_t o = 0; o < outF; ++o)
        for (uint32_t b = 0; b < nb; ++b) uops.push_back({b * outF + o, b * inF + i, o * inF + i});
    main = gemm(0, static_cast<uint32_t>(uops.size()), 1, 1, 0, 0, 0, 0, 0, 0, deps(true, false, false, !requantShift));
  }
  p.setUops(uops);
  const uint32_t accElems = nb * outF;
  p.add(load(MemType::Uop, 0, 0, 1, static_cast<uint32_t>(uops.size()), 0));
  p.add(load(MemType::Inp, 0, kInpBytes / 16, 1, nb * inF, 0));
  p.add(load(MemType::Wgt, 0, kWgtBytes / 256, 1, outF * inF, 0, deps(false, false, false, true)));
  p.add(gemm(0, 1, 1, accElems, 0, 1, 0, 0, 0, 0, {}, /*reset=*/true));
  p.add(main);
  if (requantShift) {  // uop 0 has dst 0: one uop walked over every ACC element by the inner loop
    p.add(alu(AluOp::Shr, 0, 1, accElems, 1, 1, *requantShift));
    p.add(alu(AluOp::Min, 0, 1, accElems, 1, 1, 127));
    p.add(alu(AluOp::Max, 0, 1, accElems, 1, 1, -128, deps(false, false, false, true)));
  }
  p.add(store(0, kOutBytes / 16, 1, accElems, 0, deps(true, false, false, false)));
  p.add(FinishInsn{});
  return p;
}

std::vector<int8_t> outBytes(const std::vector<uint8_t>& dram, uint64_t at, size_t n) {
  std::vector<int8_t> v(n);
  for (size_t k = 0; k < n; ++k) v[k] = static_cast<int8_t>(dram[at + k]);
  return v;
}

std::vector<int8_t> lowBytes(const std::vector<int32_t>& v) {
  std::vector<int8_t> r;
  for (int32_t x : v) r.push_back(static_cast<int8_t>(x));
  return r;
}

}  // namespace

TEST_CASE("blocked GEMM: compressed and uncompressed micro-op forms both compute A·Wᵀ (OUT = low 8 bits)") {
  const BlockedGemm g = makeGemm(3, 4, 2, 11);
  const std::vector<int8_t> expected = lowBytes(g.expected());
  for (bool compressed : {true, false}) {
    CAPTURE(compressed);
    HandProgram p = blockedGemmProgram(g, compressed, std::nullopt);
    SimResult r = p.run();
    REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));
    CHECK(outBytes(p.dram, kOutBytes, expected.size()) == expected);
    CHECK(r.stats.gemmUops == 3 * 4 * 2);
    CHECK(r.stats.resetUops == 6);
    CHECK(r.stats.dmaBytes[static_cast<size_t>(MemType::Wgt)] == 8 * 256);
    CHECK(r.stats.dmaBytes[static_cast<size_t>(MemType::Inp)] == 12 * 16);
    CHECK(r.stats.dmaBytes[static_cast<size_t>(MemType::Out)] == 6 * 16);
    CHECK(r.stats.instructions == 7);
  }
}

TEST_CASE("requantising epilogue: SHR, MIN 127, MAX -128 give clamp(acc >> shift)") {
  const BlockedGemm g = makeGemm(2, 3, 3, 5);
  std::vector<int8_t> expected;
  for (int32_t acc : g.expected()) expected.push_back(static_cast<int8_t>(std::clamp(acc >> 6, -128, 127)));
  HandProgram p = blockedGemmProgram(g, true, 6);
  SimResult r = p.run();
  REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));
  CHECK(outBytes(p.dram, kOutBytes, expected.size()) == expected);
  CHECK(r.stats.aluUops == 3 * 6);
  // Some values must actually saturate for this test to mean anything.
  CHECK(std::count(expected.begin(), expected.end(), int8_t{127}) +
            std::count(expected.begin(), expected.end(), int8_t{-128}) >
        0);
}

TEST_CASE("element-wise ALU chain over LOAD ACC operands") {
  const uint32_t n = 5;  // X at ACC 0..4, Y at ACC 5..9
  HandProgram p;
  std::mt19937_64 rng(3);
  std::vector<int32_t> x(n * 16), y(n * 16);
  for (auto& v : x) v = static_cast<int32_t>(rng());
  for (auto& v : y) v = static_cast<int32_t>(rng() >> 40) - (1 << 23);
  std::memcpy(p.dram.data() + kAccBytes, x.data(), x.size() * 4);
  std::memcpy(p.dram.data() + kAccBytes + x.size() * 4, y.data(), y.size() * 4);
  p.setUops({{0, n, 0}});
  p.add(load(MemType::Uop, 0, 0, 1, 1, 0));
  p.add(load(MemType::Acc, 0, kAccBytes / 64, 1, 2 * n, 0));
  p.add(alu(AluOp::Add, 0, 1, n, 1, 1, std::nullopt));
  p.add(alu(AluOp::Shr, 0, 1, n, 1, 1, 3));
  p.add(alu(AluOp::Min, 0, 1, n, 1, 1, std::nullopt));
  p.add(alu(AluOp::Add, 0, 1, n, 1, 1, -7));
  p.add(alu(AluOp::Shr, 0, 1, n, 1, 1, -2, deps(false, false, false, true)));  // negative: shift left by 2
  p.add(store(0, kOutBytes / 16, 1, n, 0, deps(true, false, false, false)));
  SimResult r = p.run();
  REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));
  std::vector<int8_t> expected;
  for (size_t k = 0; k < x.size(); ++k) {
    int64_t v = static_cast<int32_t>(static_cast<uint32_t>(x[k]) + static_cast<uint32_t>(y[k]));
    v >>= 3;
    v = std::min<int64_t>(v, y[k]);
    v = static_cast<int32_t>(v - 7);
    v = static_cast<int32_t>(static_cast<uint32_t>(v) * 4u);
    expected.push_back(static_cast<int8_t>(v));
  }
  CHECK(outBytes(p.dram, kOutBytes, expected.size()) == expected);
  CHECK(r.stats.aluUops == 5 * n);
  CHECK(r.stats.dmaBytes[static_cast<size_t>(MemType::Acc)] == 2 * n * 64);
}

TEST_CASE("padded 2-D INP load writes zeros around strided rows (checked through an identity GEMM)") {
  HandProgram p;
  // A 3-row image of 2 elements per row, rows 5 elements apart in DRAM.
  const auto image = randomBytes(5 * 3 * 16, 9);
  std::memcpy(p.dram.data() + kInpBytes, image.data(), image.size());
  const auto garbage = randomBytes(36 * 16, 10);
  std::memcpy(p.dram.data() + kInpBytes + 0x4000, garbage.data(), garbage.size());
  for (int o = 0; o < 16; ++o) p.dram[kWgtBytes + o * 16 + o] = 1;  // identity weights
  p.setUops({{0, 0, 0}});
  MemInsn padded = load(MemType::Inp, 0, kInpBytes / 16, 3, 2, 5);
  padded.yPad0 = 1;
  padded.yPad1 = 2;
  padded.xPad0 = 1;
  padded.xPad1 = 3;                                                   // 6 × 6 = 36 SRAM elements
  p.add(load(MemType::Inp, 0, (kInpBytes + 0x4000) / 16, 1, 36, 0));  // fill the SRAM with garbage first
  p.add(padded);
  p.add(load(MemType::Wgt, 0, kWgtBytes / 256, 1, 1, 0, deps(false, false, false, true)));
  p.add(load(MemType::Uop, 0, 0, 1, 1, 0));
  p.add(gemm(0, 1, 1, 36, 0, 1, 0, 1, 0, 0, deps(true, false, false, true)));
  p.add(store(0, kOutBytes / 16, 1, 36, 0, deps(true, false, false, false)));
  SimResult r = p.run();
  REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));
  std::vector<int8_t> expected(36 * 16, 0);
  for (int row = 0; row < 3; ++row)
    for (int x = 0; x < 2; ++x)
      for (int c = 0; c < 16; ++c)
        expected[static_cast<size_t>(((1 + row) * 6 + 1 + x) * 16 + c)] =
            image[static_cast<size_t>((row * 5 + x) * 16 + c)];
  CHECK(outBytes(p.dram, kOutBytes, expected.size()) == expected);
  CHECK(r.stats.dmaBytes[static_cast<size_t>(MemType::Inp)] == (36 + 6) * 16);  // padding is not counted
}

TEST_CASE("LOAD ACC does not update OUT; a SHR by 0 copies ACC into OUT") {
  HandProgram p;
  std::vector<int32_t> v(16);
  for (int k = 0; k < 16; ++k) v[static_cast<size_t>(k)] = 1000 * k - 7000;
  std::memcpy(p.dram.data() + kAccBytes, v.data(), 64);
  p.setUops({{0, 0, 0}});
  p.add(load(MemType::Uop, 0, 0, 1, 1, 0));
  p.add(load(MemType::Acc, 0, kAccBytes / 64, 1, 1, 0, deps(false, false, false, true)));
  p.add(store(0, kOutBytes / 16, 1, 1, 0, deps(true, false, true, false)));
  p.add(alu(AluOp::Shr, 0, 1, 1, 0, 0, 0, deps(false, true, false, true)));
  p.add(store(0, kOutBytes / 16 + 1, 1, 1, 0, deps(true, false, false, false)));
  SimResult r = p.run();
  REQUIRE_MESSAGE(!r.fault, (r.fault ? r.fault->message : ""));
  CHECK(outBytes(p.dram, kOutBytes, 16) == std::vector<int8_t>(16, 0));
  CHECK(outBytes(p.dram, kOutBytes + 16, 16) == lowBytes(v));
}

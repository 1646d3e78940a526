// Simulator throughput benchmark (not a test): functional GEMM speed in G MAC/s on a big blocked GEMM program, and
// timing-only speed in instructions per second on a long double-buffered load/GEMM/store stream.
// A third figure, GB/s of functional DMA, covers the simulator's DRAM path. Times are CPU seconds of the simulating
// thread. Run with no argument for all, or "gemm" / "dma" / "timing" for one.
// Targets (issue 3): ≥ 2 G MAC/s functional on one core; ≥ 10 M instructions/s timing-only.
#include <cstdio>
#include <string>

#include "cpu_time.h"
#include "inlay/isa/encoding.h"
#include "inlay/sim/simulator.h"

using namespace inlay;

namespace {

/// One resident 64×(64 in-blocks)×(16 out-blocks) blocked GEMM in the compressed uop form, repeated `reps` times.
Program bigGemm(int reps) {
  Program p;
  p.isa = defaultIsa();
  const uint32_t nb = 64, inFeat = 32, outFeat = 16;  // INP 2048 elements, WGT 512, ACC 1024
  p.dramBytes = 1 << 20;
  for (uint32_t r = 0; r < nb; ++r) p.uops.push_back({r * outFeat, r * inFeat, 0});
  MemInsn uopLoad;
  uopLoad.memType = MemType::Uop;
  uopLoad.ySize = 1;
  uopLoad.xSize = nb;
  p.insns.push_back(uopLoad);
  for (int k = 0; k < reps; ++k) {
    GemmInsn g;
    g.loop = {0, nb, inFeat, outFeat, 0, 1, 1, 0};
    g.wgtFactorOut = 1;
    g.wgtFactorIn = inFeat;
    p.insns.push_back(g);
  }
  return p;
}

/// A long stream of small double-buffered tiles: LOAD INP, LOAD WGT, GEMM, STORE with the full token protocol.
Program longStream(int tiles) {
  Program p;
  p.isa = defaultIsa();
  p.dramBytes = 1 << 20;
  auto mem = [](Opcode op, MemType t, uint32_t sram, DepFlags dep) {
    MemInsn m;
    m.opcode = op;
    m.memType = t;
    m.sramBase = sram;
    m.ySize = 1;
    m.xSize = 4;
    m.dep = dep;
    return m;
  };
  for (int k = 0; k < tiles; ++k) {
    const auto h = static_cast<uint32_t>(k % 2);
    p.insns.push_back(mem(Opcode::Load, MemType::Inp, h * 4, {false, k >= 2, false, false}));
    p.insns.push_back(mem(Opcode::Load, MemType::Wgt, h * 4, {false, false, false, true}));
    GemmInsn g;
    g.loop = {0, 1, 4, 4, 0, 1, 1, 0};
    g.dep = {true, k >= 1, k < tiles - 2, true};
    p.insns.push_back(g);
    p.insns.push_back(mem(Opcode::Store, MemType::Out, 0, {true, false, k < tiles - 1, false}));
  }
  return p;
}

/// A long functional stream dominated by DMA: per tile a LOAD INP of 16 strided 512-byte rows, a LOAD WGT of 1 KiB,
/// a small GEMM and a STORE of 16 OUT rows, walking 64 MiB of DRAM so that rows land all over the image.
Program dmaStream(int tiles) {
  Program p;
  p.isa = defaultIsa();
  p.dramBytes = 64 << 20;
  const uint32_t inpRows = 16, inpRowElems = 32, inpElems = inpRows * inpRowElems;  // 16-byte INP elements
  auto mem = [](Opcode op, MemType t, uint32_t sram, uint32_t dram, uint16_t y, uint16_t x, uint16_t stride,
                DepFlags dep) {
    MemInsn m;
    m.opcode = op;
    m.memType = t;
    m.sramBase = sram;
    m.dramBase = dram;
    m.ySize = y;
    m.xSize = x;
    m.xStride = stride;
    m.dep = dep;
    return m;
  };
  const uint32_t inpSpan = (32u << 20) / 16, outBase = (48u << 20) / 16;  // INP rows in the first 32 MiB
  for (int k = 0; k < tiles; ++k) {
    const auto h = static_cast<uint32_t>(k % 2);
    const uint32_t inpAt = static_cast<uint32_t>(k) * 7919u * 2 * inpRowElems % (inpSpan - 2 * inpElems);
    p.insns.push_back(mem(Opcode::Load, MemType::Inp, h * inpElems, inpAt, inpRows, inpRowElems, 2 * inpRowElems,
                          {false, k >= 2, false, false}));
    p.insns.push_back(mem(Opcode::Load, MemType::Wgt, h * 4, (32u << 20) / 256 + static_cast<uint32_t>(k % 4096) * 4, 1,
                          4, 4, {false, false, false, true}));
    GemmInsn g;
    g.loop = {0, 1, 4, 4, 0, 1, 1, 0};
    g.dep = {true, k >= 1, k < tiles - 2, true};
    p.insns.push_back(g);
    p.insns.push_back(mem(Opcode::Store, MemType::Out, 0, outBase + static_cast<uint32_t>(k % 8192) * 64, 16, 4, 4,
                          {true, false, k < tiles - 1, false}));
  }
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "gemm") {
    const Program p = bigGemm(40);
    std::vector<uint8_t> flat(p.dramBytes, 1);
    for (size_t k = 0; k < p.uops.size(); ++k) {
      const uint32_t w = encodeUop(p.uops[k], p.isa);
      for (int b = 0; b < 4; ++b) flat[4 * k + static_cast<size_t>(b)] = static_cast<uint8_t>(w >> (8 * b));
    }
    Dram dram = Dram::fromBytes(flat);
    const double start = cpuNow();
    const SimResult r = simulate(p, dram);
    const double s = cpuNow() - start;
    if (r.fault) {
      std::printf("functional GEMM faulted: %s\n", r.fault->message.c_str());
      return 1;
    }
    const double macs = static_cast<double>(r.stats.gemmUops) * static_cast<double>(p.isa.macsPerUop());
    std::printf("functional GEMM: %.3g MACs in %.3f s = %.2f G MAC/s (%lld uops, %lld cycles simulated)\n", macs, s,
                macs / s / 1e9, static_cast<long long>(r.stats.gemmUops), static_cast<long long>(r.stats.cycles));
  }
  if (only.empty() || only == "dma") {
    const Program p = dmaStream(1 << 17);
    Dram dram = Dram::fromBytes(std::vector<uint8_t>(p.dramBytes, 3));  // every page present, as in a real image
    const double start = cpuNow();
    const SimResult r = simulate(p, dram);
    const double s = cpuNow() - start;
    if (r.fault) {
      std::printf("functional DMA stream faulted: %s\n", r.fault->message.c_str());
      return 1;
    }
    int64_t bytes = 0;
    for (int64_t b : r.stats.dmaBytes) bytes += b;
    std::printf("functional DMA: %lld instructions, %.3g bytes moved in %.3f s = %.2f GB/s\n",
                static_cast<long long>(r.stats.instructions), static_cast<double>(bytes), s,
                static_cast<double>(bytes) / s / 1e9);
  }
  if (only.empty() || only == "timing") {
    const Program p = longStream(1 << 20);
    Dram dram(p.dramBytes);
    SimOptions o;
    o.functional = false;
    simulate(p, dram, o);  // warm-up: first touches of the program's memory are not the simulator's cost
    const double start = cpuNow();
    const SimResult r = simulate(p, dram, o);
    const double s = cpuNow() - start;
    if (r.fault) {
      std::printf("timing-only stream faulted: %s\n", r.fault->message.c_str());
      return 1;
    }
    std::printf("timing-only: %lld instructions in %.3f s = %.1f M instructions/s (%lld cycles simulated)\n",
                static_cast<long long>(r.stats.instructions), s, static_cast<double>(r.stats.instructions) / s / 1e6,
                static_cast<long long>(r.stats.cycles));
  }
  return 0;
}

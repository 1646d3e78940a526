// Splitting key boxes into 2-D DMA slabs (codegen/dma.h).
#include "inlay/codegen/dma.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory_resource>

#include "inlay/ir/error.h"

namespace inlay {

namespace {

/// A key box coordinate split into its halo before, the part stored in DRAM, and its halo after.
struct Span {
  int64_t before = 0, inside = 0, after = 0, first = 0;  // first: DRAM coordinate of the first stored value
};

Span spanOf(const KeyCoord& c, int64_t lo, int64_t n) {
  const int64_t a = std::max(lo, c.dramLo), b = std::min(lo + n, c.dramLo + c.dramExtent);
  if (a >= b) return {n, 0, 0, 0};
  return {a - lo, b - a, lo + n - b, a - c.dramLo};
}

/// LOADs writing `elems` zero elements from `sram` on, as pad-only transfers (y_size 0, up to 30 pad rows each).
void zeroFill(std::vector<Instruction>& out, MemType type, int64_t sram, int64_t rows, int64_t width) {
  INLAY_CHECK(width >= 1 && width <= kDmaFieldMax, "zero-fill row wider than the size field");
  while (rows > 0) {
    MemInsn z;
    z.opcode = Opcode::Load;
    z.memType = type;
    z.sramBase = static_cast<uint32_t>(sram);
    z.xSize = z.xStride = static_cast<uint32_t>(width);
    z.yPad0 = static_cast<uint32_t>(std::min(rows, kMaxDmaPad));
    z.yPad1 = static_cast<uint32_t>(std::min(rows - z.yPad0, kMaxDmaPad));
    out.push_back(z);
    rows -= z.yPad0 + z.yPad1;
    sram += int64_t{z.yPad0 + z.yPad1} * width;
  }
}

}  // namespace

void appendDmaForBox(const OperandKeys& keys, const KeyBox& box, int64_t dramBase, int64_t sramBase, Opcode opcode,
                     MemType memType, std::vector<Instruction>& insns) {
  const int M = static_cast<int>(box.n.size());
  // Scratch on the stack (the emitter calls this for every tile step); the heap only for boxes of many coordinates.
  std::array<std::byte, 1024> scratch;
  std::pmr::monotonic_buffer_resource arena(scratch.data(), scratch.size());
  std::pmr::vector<Span> span(static_cast<size_t>(M), &arena);
  for (int c = 0; c < M; ++c)
    span[static_cast<size_t>(c)] =
        spanOf(keys.coords[static_cast<size_t>(c)], box.lo[static_cast<size_t>(c)], box.n[static_cast<size_t>(c)]);
  auto at = [&](int c) -> const Span& { return span[static_cast<size_t>(c)]; };
  auto n = [&](int c) { return box.n[static_cast<size_t>(c)]; };
  for (int c = 0; c < M; ++c)
    if (at(c).inside == 0) {  // the whole box lies in a halo
      INLAY_CHECK(opcode == Opcode::Load, "a STORE box outside its tensor");
      zeroFill(insns, memType, sramBase, box.elements() / n(M - 1), n(M - 1));
      return;
    }
  // x: merge inner coordinates while everything merged so far is stored whole in DRAM (so stays contiguous); only
  // the outermost merged coordinate may carry a halo, as x padding.
  int64_t x = 1, xPad0 = 0, xPad1 = 0;
  int m = M - 1;
  while (m >= 0) {
    const Span& s = at(m);
    if (x * s.inside > kDmaFieldMax || s.before * x > kMaxDmaPad || s.after * x > kMaxDmaPad) break;
    xPad0 = s.before * x, xPad1 = s.after * x;
    x *= s.inside;
    const bool whole = s.before == 0 && s.after == 0 && s.inside == keys.coords[static_cast<size_t>(m)].dramExtent;
    --m;
    if (!whole) break;
  }
  INLAY_CHECK(m < M - 1, "no DMA row fits the size field");
  const int64_t width = xPad0 + x + xPad1;
  // y: the innermost remaining coordinate with more than one row, if its stride, count and halo fit the fields.
  int y = m;
  while (y >= 0 && n(y) == 1) --y;
  if (y >= 0 && (keys.dramStride[static_cast<size_t>(y)] > kDmaFieldMax || at(y).inside > kDmaFieldMax ||
                 at(y).before > kMaxDmaPad || at(y).after > kMaxDmaPad))
    y = -1;
  // Every other coordinate outside x is looped over, one instruction per value (zero fill for halo values).
  std::pmr::vector<int> loops(&arena);
  for (int c = 0; c <= m; ++c)
    if (c != y && n(c) > 1) loops.push_back(c);
  std::pmr::vector<int64_t> sramStride(static_cast<size_t>(M), 1, &arena);
  for (int c = M - 1; c > 0; --c) sramStride[static_cast<size_t>(c - 1)] = sramStride[static_cast<size_t>(c)] * n(c);
  int64_t dramFirst = dramBase;
  for (int c = 0; c < M; ++c)
    if (std::find(loops.begin(), loops.end(), c) == loops.end())
      dramFirst += keys.dramStride[static_cast<size_t>(c)] * at(c).first;
  const int64_t slabRows = y >= 0 ? n(y) : 1;

  std::pmr::vector<int64_t> index(loops.size(), 0, &arena);
  for (;;) {
    int64_t dram = dramFirst, sram = sramBase;
    bool halo = false;
    for (size_t l = 0; l < loops.size(); ++l) {
      const int c = loops[l];
      const int64_t k = box.lo[static_cast<size_t>(c)] + index[l];
      const KeyCoord& kc = keys.coords[static_cast<size_t>(c)];
      if (k < kc.dramLo || k >= kc.dramLo + kc.dramExtent) halo = true;
      dram += keys.dramStride[static_cast<size_t>(c)] * (k - kc.dramLo);
      sram += sramStride[static_cast<size_t>(c)] * index[l];
    }
    if (halo) {
      INLAY_CHECK(opcode == Opcode::Load, "a STORE row outside its tensor");
      zeroFill(insns, memType, sram, slabRows, width);
    } else {
      MemInsn insn;
      insn.opcode = opcode;
      insn.memType = memType;
      insn.sramBase = static_cast<uint32_t>(sram);
      insn.dramBase = static_cast<uint32_t>(dram);
      insn.ySize = static_cast<uint32_t>(y >= 0 ? at(y).inside : 1);
      insn.xSize = static_cast<uint32_t>(x);
      insn.xStride = static_cast<uint32_t>(y >= 0 ? keys.dramStride[static_cast<size_t>(y)] : x);
      insn.yPad0 = static_cast<uint32_t>(y >= 0 ? at(y).before : 0);
      insn.yPad1 = static_cast<uint32_t>(y >= 0 ? at(y).after : 0);
      insn.xPad0 = static_cast<uint32_t>(xPad0);
      insn.xPad1 = static_cast<uint32_t>(xPad1);
      INLAY_CHECK(dram >= 0 && dram <= int64_t{0xffffffff}, "DRAM address outside the 32-bit field");
      insns.push_back(insn);
    }
    size_t l = loops.size();
    for (; l-- > 0;) {
      if (++index[l] < n(loops[l])) break;
      index[l] = 0;
    }
    if (l == static_cast<size_t>(-1)) break;
  }
}

}  // namespace inlay

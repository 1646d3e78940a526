// Splitting key boxes into 2-D DMA slabs (codegen/dma.h).
#include "codegen/dma.h"

#include "ir/error.h"

namespace inlay {

std::vector<MemInsn> dmaForBox(const OperandKeys& keys, const KeyBox& box, int64_t dramBase, int64_t sramBase,
                               Opcode opcode, MemType memType) {
  const int M = static_cast<int>(box.n.size());
  // x: merge inner coordinates while everything merged so far spans its full DRAM extent (so stays contiguous).
  int64_t x = 1;
  int m = M - 1;
  while (m >= 0) {
    const int64_t n = box.n[static_cast<size_t>(m)];
    if (x * n > kDmaFieldMax) break;
    x *= n;
    const bool full = n == keys.coords[static_cast<size_t>(m)].extent;
    --m;
    if (!full) break;
  }
  INLAY_CHECK(x >= 1 && m < M - 1, "a DMA row wider than the size field");
  // y: the innermost remaining coordinate with more than one row, if its stride and count fit the fields.
  int y = m;
  while (y >= 0 && box.n[static_cast<size_t>(y)] == 1) --y;
  if (y >= 0 && (keys.dramStride[static_cast<size_t>(y)] > kDmaFieldMax || box.n[static_cast<size_t>(y)] > kDmaFieldMax))
    y = -1;
  const int64_t ySize = y >= 0 ? box.n[static_cast<size_t>(y)] : 1;
  const int64_t xStride = y >= 0 ? keys.dramStride[static_cast<size_t>(y)] : x;
  // Every other coordinate outside x is looped over, one instruction per combination.
  std::vector<int> loops;
  for (int c = 0; c <= m; ++c)
    if (c != y && box.n[static_cast<size_t>(c)] > 1) loops.push_back(c);
  std::vector<int64_t> sramStride(static_cast<size_t>(M), 1);
  for (int c = M - 1; c > 0; --c) sramStride[static_cast<size_t>(c - 1)] = sramStride[static_cast<size_t>(c)] * box.n[static_cast<size_t>(c)];
  int64_t dramFirst = dramBase;
  for (int c = 0; c < M; ++c)
    dramFirst += keys.dramStride[static_cast<size_t>(c)] * (box.lo[static_cast<size_t>(c)] - keys.coords[static_cast<size_t>(c)].minValue);

  std::vector<MemInsn> insns;
  std::vector<int64_t> index(loops.size(), 0);
  for (;;) {
    int64_t dram = dramFirst, sram = sramBase;
    for (size_t l = 0; l < loops.size(); ++l) {
      dram += keys.dramStride[static_cast<size_t>(loops[l])] * index[l];
      sram += sramStride[static_cast<size_t>(loops[l])] * index[l];
    }
    MemInsn insn;
    insn.opcode = opcode;
    insn.memType = memType;
    insn.sramBase = static_cast<uint32_t>(sram);
    insn.dramBase = static_cast<uint32_t>(dram);
    insn.ySize = static_cast<uint32_t>(ySize);
    insn.xSize = static_cast<uint32_t>(x);
    insn.xStride = static_cast<uint32_t>(xStride);
    INLAY_CHECK(dram >= 0 && dram <= int64_t{0xffffffff}, "DRAM address outside the 32-bit field");
    insns.push_back(insn);
    size_t l = loops.size();
    for (; l-- > 0;) {
      if (++index[l] < box.n[static_cast<size_t>(loops[l])]) break;
      index[l] = 0;
    }
    if (l == static_cast<size_t>(-1)) break;
  }
  return insns;
}

}  // namespace inlay

// The simulator's datapath (docs/design.md §6.1, docs/vta.md §2–3): the on-chip buffers (INP, WGT, ACC, its OUT
// shadow, UOP) and the functional execution of one instruction at a time — 2-D DMA with zero padding, the two-level
// micro-op loops of GEMM and ALU — with every SRAM index and DRAM access bounds-checked. Also the cost of each
// instruction in the timing model. Ordering between modules is the scheduler's business, not this file's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlay/isa/instruction.h"
#include "inlay/isa/isa.h"
#include "inlay/sim/dram.h"
#include "inlay/sim/insn_timing.h"
#include "inlay/sim/simulator.h"

namespace inlay {

/// Why an instruction could not execute; the scheduler adds the instruction index, its fields and the cycle.
struct ExecError {
  SimFault::Kind kind = SimFault::Kind::OutOfBounds;
  std::string reason;
};

class Machine {
public:
  /// `functional` false: timing only — DMA addresses and sizes are still checked per instruction, but no data
  /// moves and no micro-op is read, so GEMM/ALU indices and hazards are not checked.
  /// `dramBytes`: the DRAM image's size for bounds checks (≤ dram.size() when functional; `dram` is untouched
  /// otherwise). `dramBase`: the physical address of the image's first byte (SimOptions::dramBase).
  Machine(const Isa& isa, Dram& dram, uint64_t dramBase, int64_t dramBytes, bool functional);

  /// Executes `insn`'s effect on the buffers and DRAM and counts it in `stats` (uops, DMA bytes, hazards).
  std::optional<ExecError> execute(const Instruction& insn, SimStats& stats);
  InsnCost cost(const Instruction& insn) const { return insnCost(isa_, insn); }

private:
  std::optional<ExecError> load(const MemInsn& m, SimStats& stats);
  std::optional<ExecError> store(const MemInsn& m, SimStats& stats);
  std::optional<ExecError> gemm(const GemmInsn& g, SimStats& stats);
  std::optional<ExecError> alu(const AluInsn& a, SimStats& stats);
  std::optional<ExecError> checkUopRange(const UopLoop& l) const;
  std::optional<ExecError> checkDram(const MemInsn& m, int64_t elemBytes) const;
  uint64_t imageByte(int64_t dramElem, int64_t elemBytes) const;  // the image offset of a checked physical element
  int64_t sramDepth(MemType t) const;                             // -1 for types that cannot be loaded
  bool padAllowed(MemType t) const;
  void copyLoadRow(MemType t, int64_t sramIndex, uint64_t dramByte, int64_t elems, int64_t elemBytes);
  void zeroSramElems(MemType t, int64_t sramIndex, int64_t elems);
  void repackWeights(int64_t first, int64_t count);

  const Isa& isa_;
  Dram& dram_;
  uint64_t dramBase_;
  int64_t dramBytes_;
  bool functional_;
  // Element sizes in lanes, cached from the isa.
  int64_t batch_, blockIn_, blockOut_, inpLanes_, wgtLanes_, accLanes_;
  std::vector<int8_t> inp_, wgt_;  // [depth][lanes]
  // WGT again as int16 column pairs [depth][blockIn/2][blockOut][2], kept in step with wgt_ by every WGT load: the
  // layout a SIMD multiply-add of adjacent int16 pairs consumes directly (see machine_compute.cpp).
  std::vector<int16_t> wgtPairs_;
  bool pairedKernel_ = false;
  std::vector<int32_t> acc_;        // [depth][batch·blockOut]
  std::vector<int8_t> out_;         // OUT shadow of ACC: low 8 bits of the last GEMM/ALU result
  std::vector<Uop> uops_;           // decoded on LOAD UOP
  std::vector<int64_t> recentDst_;  // ring of the last accDepDistance destinations within an instruction
  std::vector<uint8_t> row_;        // one DMA row of ACC, ACC_8BIT or UOP elements, read before it is converted
};

}  // namespace inlay

// Lower bounds on a kernel's cycles, from the operator's footprint and the ISA's timing model.
#include "inlay/codegen/bounds.h"

#include <algorithm>
#include <set>

#include "inlay/ir/footprint.h"
#include "inlay/isa/instruction.h"

namespace inlay {
namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// What every program must do, counted once per bound: the footprints enumerate, so they are not recomputed.
struct RequiredWork {
  int64_t gemmUops = 0;   // non-padding MACs on fully used lanes
  int64_t dmaCycles = 0;  // the footprint's bytes (int8 tensors: one byte an element) over the bus
};

RequiredWork requiredWork(const Operator& op, const Isa& isa) {
  const int64_t bytes =
      footprintElements(op.inputs[0], op.dims) + footprintElements(op.inputs[1], op.dims) + op.out.elements();
  return {ceilDiv(nonPaddingIterations(op), isa.macsPerUop()), ceilDiv(bytes, isa.busBytes)};
}

/// One DMA row of a single element of memory type `t`: the least a LOAD or STORE of that type costs on the port.
int64_t oneRowCycles(const Isa& isa, MemType t) {
  return isa.timing.dmaRowLatency + ceilDiv(dramElemBytes(isa, t), isa.busBytes);
}

}  // namespace

int64_t boundCycles(const Operator& op, const Isa& isa) {
  const RequiredWork w = requiredWork(op, isa);
  return std::max(w.gemmUops, w.dmaCycles);
}

int64_t floorCycles(const Operator& op, const Isa& isa) {
  const IsaTiming& t = isa.timing;
  const RequiredWork w = requiredWork(op, isa);
  const int64_t accVectors = ceilDiv(op.out.elements(), int64_t{isa.batch()} * isa.blockOut());
  const std::vector<int> shifts = portableShifts(op.epilogue.shift);
  // The SHR parts, then MIN and MAX — unless the shift alone brings every int32 into int8 (shift ≥ 24).
  const int64_t clamp = op.epilogue.shift >= 24 ? 0 : 2;
  const int64_t epilogueOps = static_cast<int64_t>(shifts.size()) + clamp;
  const int64_t epilogueInsns = static_cast<int64_t>(std::set<int>(shifts.begin(), shifts.end()).size()) + clamp;
  const int64_t epilogue = accVectors * epilogueOps * t.aluImmCyclesPerUop + epilogueInsns * t.aluFill;
  const int64_t gemm = w.gemmUops * t.gemmCyclesPerUop + t.gemmFill;
  const int64_t reset = accVectors * t.gemmCyclesPerUop + t.gemmFill;
  // Before the first GEMM its micro-ops, an INP row and a WGT row cross the one DRAM port.
  const int64_t firstRows =
      oneRowCycles(isa, MemType::Uop) + oneRowCycles(isa, MemType::Inp) + oneRowCycles(isa, MemType::Wgt);
  const int64_t lastRow = oneRowCycles(isa, MemType::Out);
  const int64_t computeModule = oneRowCycles(isa, MemType::Uop) + reset + gemm + epilogue;  // LOAD UOP runs here too
  const int64_t port = w.dmaCycles + 4 * t.dmaRowLatency;
  const int64_t chain = firstRows + gemm + epilogue + lastRow;
  return std::max({w.gemmUops, w.dmaCycles, computeModule, port, chain});  // never below boundCycles
}

}  // namespace inlay

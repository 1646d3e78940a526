// The emitter (codegen/emit.h): plans buffers, SRAM slots and operand reuse over the tile walk, then emits each
// step's loads, GEMMs, epilogue and stores with dependency tokens (docs/vta.md §4.2):
//   l2g  RAW  the last LOAD of a step → that step's first GEMM;
//   g2l  WAR  the last GEMM reading an SRAM slot → the first LOAD overwriting it (only where a load must wait);
//   g2s  RAW  the last ALU of an output tile → its first STORE;
//   s2g  WAR  the last STORE draining an ACC/OUT slot → the reset GEMM of the next output tile using that slot.
// Every push is matched by exactly one pop, and the stream ends with the runtime's sync (store and load NOPs pushing
// to a compute NOP that pops both) and FINISH.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>

#include "inlay/codegen/dma.h"
#include "inlay/codegen/emit.h"
#include "inlay/codegen/kernels.h"
#include "inlay/codegen/packing.h"
#include "inlay/codegen/tiles.h"
#include "inlay/codegen/uop_cache.h"
#include "inlay/ir/error.h"

namespace inlay {

namespace {

uint64_t alignPage(uint64_t v) { return (v + kDramPageBytes - 1) / kDramPageBytes * kDramPageBytes; }

/// Which SRAM copy each step reads for inp and wgt, whether it loads it, and the g2l tokens it needs.
struct StepPlan {
  std::array<int, 2> slot{};  // inp, wgt
  std::array<bool, 2> load{};
  bool popG2l = false;   // its first LOAD waits for a GEMM to release the slots it overwrites
  bool pushG2l = false;  // its GEMM releases slots a later LOAD waits for
};

/// Chooses slots (reusing a resident box where possible) and the WAR waits, one g2l token per distinct wait.
std::vector<StepPlan> planOperands(const InvocationSpace& space, const Schedule& sched) {
  std::vector<StepPlan> plans(static_cast<size_t>(stepCount(space, sched)));
  const std::array<int, 2> copies{sched.inpCopies, sched.wgtCopies};
  std::array<std::array<std::optional<KeyBox>, 2>, 2> resident;
  std::array<std::array<int64_t, 2>, 2> lastUse{{{-1, -1}, {-1, -1}}};
  std::array<int, 2> lastSlot{1, 1};
  int64_t lastWaited = -1;
  KeyBox box;
  TileWalk walk(space, sched);
  for (size_t s = 0; s < plans.size(); ++s, walk.next()) {
    StepPlan& plan = plans[s];
    int64_t wait = -1;
    for (int x = 0; x < 2; ++x) {
      assignKeyBox(space.operand(x), walk.step().tile, box);
      int slot = -1;
      for (int z = 0; z < copies[x]; ++z)
        if (sched.reuseResidentOperands && resident[x][z] && *resident[x][z] == box) slot = z;
      if (slot < 0) {
        slot = copies[x] == 1 ? 0 : 1 - lastSlot[x];
        wait = std::max(wait, lastUse[x][slot]);
        resident[x][slot] = box;
        plan.load[x] = true;
      }
      plan.slot[x] = slot;
      lastUse[x][slot] = static_cast<int64_t>(s);
      lastSlot[x] = slot;
    }
    if (wait > lastWaited) {
      plan.popG2l = true;
      plans[static_cast<size_t>(wait)].pushG2l = true;
      lastWaited = wait;
    }
  }
  return plans;
}

DramBuffer operandBuffer(const std::string& name, BufferRole role, MemType type, uint64_t offset, Layout layout) {
  DramBuffer b;
  b.name = name;
  b.role = role;
  b.memType = type;
  b.offset = offset;
  b.bytes = static_cast<uint64_t>(layout.packedBytes());
  b.operatorTensor = layout.tensor;
  b.layout = std::move(layout);
  return b;
}

/// Sets the compute-side token flags on a GEMM or ALU instruction.
DepFlags& depRef(Instruction& insn) {
  if (auto* g = std::get_if<GemmInsn>(&insn)) return g->dep;
  if (auto* a = std::get_if<AluInsn>(&insn)) return a->dep;
  if (auto* m = std::get_if<MemInsn>(&insn)) return m->dep;
  return std::get<FinishInsn>(insn).dep;
}

class Emitter {
public:
  Emitter(const Operator& op, const Isa& isa, const Embedding& emb, const Schedule& sched)
      : op_(op), isa_(isa), sched_(sched), space_(buildInvocationSpace(op, isa, emb)) {
    if (sched.laneBlocksOuter) putLaneBlocksOuter(space_);
  }

  Program run(const EmitProgress& progress);

private:
  void layoutBuffers();
  void sizeSlots();
  void emitStep(const Step& step, const StepPlan& plan, int64_t outputTiles);
  void emitRange(const std::vector<Kernel>& range, bool gemmReset, AluOp op, int32_t imm);
  void emitEnd();
  void requireFewSteps() const;
  const Kernel& tileKernel(const std::vector<int64_t>& len, int inpSlot, int wgtSlot, int accSlot);
  const std::vector<Kernel>& accRangeKernels(int64_t base, int64_t count);

  const Operator& op_;
  const Isa& isa_;
  const Schedule& sched_;
  InvocationSpace space_;
  Program program_;
  std::array<int64_t, 3> dramBase_{};   // inp, wgt, out buffers in elements of their type
  std::array<int64_t, 3> slotElems_{};  // inp, wgt, acc
  int64_t scratch_ = 0;
  std::optional<UopCache> cache_;
  std::map<std::tuple<std::vector<int64_t>, int, int, int>, Kernel, std::less<>> kernels_;
  std::map<std::pair<int64_t, int64_t>, std::vector<Kernel>> accRanges_;  // rangeKernels by (base, count)
  KeyBox box_;                                                            // the current step's operand or output box
};

void Emitter::layoutBuffers() {
  const std::array<MemType, 3> types{MemType::Inp, MemType::Wgt, MemType::Out};
  const std::array<int64_t, 3> elemBytes{isa_.inpElemBytes(), isa_.wgtElemBytes(), isa_.outElemBytes()};
  const std::array<BufferRole, 3> roles{BufferRole::Input, BufferRole::Weight, BufferRole::Output};
  const std::array<const char*, 3> names{"inp", "wgt", "out"};
  uint64_t offset = 0;
  for (int x = 0; x < 3; ++x) {
    Layout layout = operandLayout(op_, space_, x);
    INLAY_CHECK(layout.packedBytes() == space_.operand(x).rows() * elemBytes[static_cast<size_t>(x)],
                "layout size differs from the operand's rows");
    program_.buffers.push_back(operandBuffer(names[x], roles[x], types[x], offset, std::move(layout)));
    dramBase_[static_cast<size_t>(x)] = static_cast<int64_t>(offset) / elemBytes[static_cast<size_t>(x)];
    offset = alignPage(offset + program_.buffers.back().bytes);
  }
  DramBuffer uops;
  uops.name = "uop";
  uops.role = BufferRole::Uop;
  uops.memType = MemType::Uop;
  uops.offset = offset;
  program_.buffers.push_back(uops);
  cache_.emplace(isa_.uopDepth(), static_cast<int64_t>(offset / 4));
}

void Emitter::sizeSlots() {
  const std::array<int, 3> copies{sched_.inpCopies, sched_.wgtCopies, sched_.accCopies};
  scratch_ = isa_.accDepth() - isa_.accDepDistance;
  const std::array<int64_t, 3> capacity{isa_.inpDepth(), isa_.wgtDepth(), scratch_};
  const std::array<const char*, 3> names{"INP", "WGT", "ACC"};
  for (int x = 0; x < 3; ++x) {
    slotElems_[static_cast<size_t>(x)] = keyBoxElements(space_.operand(x), sched_.tile);
    if (slotElems_[static_cast<size_t>(x)] * copies[static_cast<size_t>(x)] > capacity[static_cast<size_t>(x)])
      throw WorkError(std::string("the schedule's tile needs ") + std::to_string(slotElems_[static_cast<size_t>(x)]) +
                      " " + names[x] + " elements × " + std::to_string(copies[static_cast<size_t>(x)]) +
                      " copies; the buffer holds " + std::to_string(capacity[static_cast<size_t>(x)]));
  }
}

const Kernel& Emitter::tileKernel(const std::vector<int64_t>& len, int inpSlot, int wgtSlot, int accSlot) {
  auto it = kernels_.find(std::forward_as_tuple(len, inpSlot, wgtSlot, accSlot));  // no copy of `len` to look up
  if (it != kernels_.end()) return it->second;
  TilePlacement p;
  p.acc = sramMap(space_.out, len);
  p.inp = sramMap(space_.inp, len);
  p.wgt = sramMap(space_.wgt, len);
  p.accBase = accSlot * slotElems_[2];
  p.inpBase = inpSlot * slotElems_[0];
  p.wgtBase = wgtSlot * slotElems_[1];
  return kernels_
      .emplace(std::make_tuple(len, inpSlot, wgtSlot, accSlot), gemmKernel(isa_, space_, len, p, sched_, scratch_))
      .first->second;
}

/// rangeKernels(base, count), built once per accumulator slot and output tile size.
const std::vector<Kernel>& Emitter::accRangeKernels(int64_t base, int64_t count) {
  auto [it, fresh] = accRanges_.try_emplace({base, count});
  if (fresh) it->second = rangeKernels(base, count);
  return it->second;
}

void Emitter::emitRange(const std::vector<Kernel>& range, bool gemmReset, AluOp aluOp, int32_t imm) {
  for (const Kernel& k : range) {
    auto [bgn, end] = cache_->place(k.uops, program_.insns, program_.uops);
    UopLoop loop = k.loop;
    loop.uopBgn = bgn;
    loop.uopEnd = end;
    if (gemmReset) {
      GemmInsn g;
      g.resetReg = true;
      g.loop = loop;
      g.loop.srcFactorOut = g.loop.srcFactorIn = 0;
      program_.insns.push_back(g);
    } else {
      AluInsn a;
      a.loop = loop;
      a.op = aluOp;
      a.useImm = true;
      a.imm = imm;
      program_.insns.push_back(a);
    }
  }
}

void Emitter::emitStep(const Step& step, const StepPlan& plan, int64_t outputTiles) {
  const int accSlot = static_cast<int>(step.outputTile % sched_.accCopies);
  const int64_t accBase = accSlot * slotElems_[2];
  // Load module: the operand boxes not already resident.
  const size_t firstLoad = program_.insns.size();
  for (int x = 0; x < 2; ++x) {
    if (!plan.load[static_cast<size_t>(x)]) continue;
    assignKeyBox(space_.operand(x), step.tile, box_);
    appendDmaForBox(space_.operand(x), box_, dramBase_[static_cast<size_t>(x)],
                    plan.slot[static_cast<size_t>(x)] * slotElems_[static_cast<size_t>(x)], Opcode::Load,
                    x == 0 ? MemType::Inp : MemType::Wgt, program_.insns);
  }
  const bool loaded = program_.insns.size() > firstLoad;
  INLAY_CHECK(loaded || !plan.popG2l, "a WAR wait on a step without loads");
  if (loaded) {
    depRef(program_.insns[firstLoad]).popNext = plan.popG2l;
    depRef(program_.insns.back()).pushNext = true;
  }
  // Compute: reset on the first reduction tile, then the tile's GEMM.
  assignKeyBox(space_.out, step.tile, box_);
  const std::vector<Kernel>& accRange = accRangeKernels(accBase, box_.elements());
  size_t firstCompute = program_.insns.size();
  if (step.firstReduction) {
    emitRange(accRange, true, AluOp::Min, 0);
    while (!std::holds_alternative<GemmInsn>(program_.insns[firstCompute])) ++firstCompute;  // skip LOAD UOP
  }
  const Kernel& kernel = tileKernel(step.tile.len, plan.slot[0], plan.slot[1], accSlot);
  auto [bgn, end] = cache_->place(kernel.uops, program_.insns, program_.uops);
  GemmInsn gemm;
  gemm.loop = kernel.loop;
  gemm.loop.uopBgn = bgn;
  gemm.loop.uopEnd = end;
  gemm.wgtFactorOut = kernel.wgtFactorOut;
  gemm.wgtFactorIn = kernel.wgtFactorIn;
  gemm.dep.pushPrev = plan.pushG2l;
  program_.insns.push_back(gemm);
  if (!step.firstReduction) firstCompute = program_.insns.size() - 1;
  DepFlags& first = depRef(program_.insns[firstCompute]);
  first.popPrev = loaded;
  first.popNext = step.firstReduction && step.outputTile >= sched_.accCopies;
  if (!step.lastReduction) return;
  // Epilogue on the ALU: out = clamp(acc >> shift, -128, 127); the OUT shadow takes the low 8 bits.
  for (int part : portableShifts(op_.epilogue.shift)) emitRange(accRange, false, AluOp::Shr, part);
  emitRange(accRange, false, AluOp::Min, 127);
  emitRange(accRange, false, AluOp::Max, -128);
  depRef(program_.insns.back()).pushNext = true;
  const size_t firstStore = program_.insns.size();
  appendDmaForBox(space_.out, box_, dramBase_[2], accBase, Opcode::Store, MemType::Out, program_.insns);
  depRef(program_.insns[firstStore]).popPrev = true;
  depRef(program_.insns.back()).pushPrev = step.outputTile + sched_.accCopies < outputTiles;
}

void Emitter::emitEnd() {
  MemInsn storeNop;
  storeNop.opcode = Opcode::Store;
  storeNop.memType = MemType::Out;
  storeNop.dep.pushPrev = true;
  MemInsn loadNop;
  loadNop.opcode = Opcode::Load;
  loadNop.memType = MemType::Inp;
  loadNop.dep.pushNext = true;
  MemInsn computeNop;
  computeNop.opcode = Opcode::Load;
  computeNop.memType = MemType::Uop;
  computeNop.dep.popPrev = computeNop.dep.popNext = true;
  program_.insns.push_back(storeNop);
  program_.insns.push_back(loadNop);
  program_.insns.push_back(computeNop);
  program_.insns.push_back(FinishInsn{});
}

/// An explicit micro-op order must name every dim a tile can span that is not folded: a dim left out would be
/// unrolled nowhere, and the kernel would compute only its first slice.
void validateUopOrder(const InvocationSpace& space, const Schedule& s) {
  if (s.autoFold || s.uopOrder.empty()) return;
  std::vector<int> seen(space.dims.size(), 0);
  for (int d : s.uopOrder)
    if (++seen[static_cast<size_t>(d)] > 1)
      throw WorkError("invalid schedule: dim '" + space.dims[static_cast<size_t>(d)].name +
                      "' appears twice in the micro-op order");
  for (size_t d = 0; d < space.dims.size(); ++d) {
    const int dim = static_cast<int>(d);
    if (s.tile[d] > 1 && seen[d] == 0 && dim != s.foldOuter && dim != s.foldInner)
      throw WorkError("invalid schedule: dim '" + space.dims[d].name + "' (tile " + std::to_string(s.tile[d]) +
                      ") is neither folded nor in the micro-op order");
  }
}

Program Emitter::run(const EmitProgress& progress) {
  validateSchedule(space_, sched_);
  validateUopOrder(space_, sched_);
  program_.isa = isa_;
  program_.op = op_;
  layoutBuffers();
  sizeSlots();
  requireFewSteps();
  const std::vector<StepPlan> plans = planOperands(space_, sched_);
  TileWalk walk(space_, sched_);
  // At least a GEMM per step and a load per planned load, plus the epilogue and a store per output tile: reserved
  // once, the stream is not copied as it grows.
  int64_t atLeast = static_cast<int64_t>(plans.size()) + 5 * walk.outputTiles();
  for (const StepPlan& plan : plans) atLeast += plan.load[0] + plan.load[1];
  program_.insns.reserve(static_cast<size_t>(std::min(atLeast, kMaxInstructions)));
  for (size_t s = 0; s < plans.size(); ++s, walk.next()) {
    emitStep(walk.step(), plans[s], walk.outputTiles());
    if (progress && (s + 1) % kEmitProgressSteps == 0)
      progress(static_cast<int64_t>(s + 1), static_cast<int64_t>(plans.size()));
    if (static_cast<int64_t>(program_.insns.size()) > kMaxInstructions)
      throw WorkError("operator '" + op_.name + "' needs more than the " + std::to_string(kMaxInstructions) +
                      " instructions Inlay writes in one program (" + std::to_string(s + 1) + " of " +
                      std::to_string(plans.size()) + " tile steps emitted)");
  }
  emitEnd();
  DramBuffer& uopBuffer = program_.buffers.back();
  uopBuffer.bytes = program_.uops.size() * 4;
  program_.dramBytes = alignPage(uopBuffer.offset + uopBuffer.bytes);
  if (program_.dramBytes > kMaxDramBytes)
    throw WorkError("operator '" + op_.name + "' needs " + std::to_string(program_.dramBytes) +
                    " bytes of DRAM, beyond the 4 GiB that 32-bit addresses reach");
  return std::move(program_);
}

/// Each tile step emits at least one instruction; a stream beyond kMaxInstructions is refused before it is built.
void Emitter::requireFewSteps() const {
  double steps = 1;
  for (size_t d = 0; d < space_.dims.size(); ++d)
    steps *= std::ceil(static_cast<double>(space_.dims[d].extent) / static_cast<double>(sched_.tile[d]));
  if (steps > static_cast<double>(kMaxInstructions)) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", steps);
    throw WorkError("operator '" + op_.name + "' needs " + text + " tile steps, more than the " +
                    std::to_string(kMaxInstructions) + " instructions Inlay writes in one program");
  }
}

}  // namespace

Program emitProgram(const Operator& op, const Isa& isa, const Embedding& emb, const Schedule& schedule,
                    const EmitProgress& progress) {
  return Emitter(op, isa, emb, schedule).run(progress);
}

bool reusesResidentOperands(const Operator& op, const Isa& isa, const Embedding& emb, Schedule schedule) {
  schedule.reuseResidentOperands = true;
  InvocationSpace space = buildInvocationSpace(op, isa, emb);
  if (schedule.laneBlocksOuter) putLaneBlocksOuter(space);
  validateSchedule(space, schedule);
  const std::vector<StepPlan> plans = planOperands(space, schedule);
  return std::any_of(plans.begin(), plans.end(), [](const StepPlan& p) { return !p.load[0] || !p.load[1]; });
}

}  // namespace inlay

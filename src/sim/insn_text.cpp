// Instruction text (sim/insn_text.h).
#include "inlay/sim/insn_text.h"

namespace inlay {

std::string aluOpName(AluOp op) {
  switch (op) {
    case AluOp::Min: return "MIN";
    case AluOp::Max: return "MAX";
    case AluOp::Add: return "ADD";
    case AluOp::Shr: return "SHR";
    case AluOp::Mul: return "MUL";
  }
  return "?";
}

std::string moduleName(Module m) {
  switch (m) {
    case Module::Load: return "load";
    case Module::Compute: return "compute";
    case Module::Store: return "store";
  }
  return "?";
}

std::string describeDeps(const DepFlags& dep) {
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ",";
    s += name;
  };
  add(dep.popPrev, "pop_prev");
  add(dep.popNext, "pop_next");
  add(dep.pushPrev, "push_prev");
  add(dep.pushNext, "push_next");
  return "deps=[" + s + "]";
}

namespace {

std::string describeLoop(const UopLoop& l) {
  return "uop_bgn=" + std::to_string(l.uopBgn) + " uop_end=" + std::to_string(l.uopEnd) +
         " iter_out=" + std::to_string(l.iterOut) + " iter_in=" + std::to_string(l.iterIn) + " dst_factor=(" +
         std::to_string(l.dstFactorOut) + "," + std::to_string(l.dstFactorIn) + ") src_factor=(" +
         std::to_string(l.srcFactorOut) + "," + std::to_string(l.srcFactorIn) + ")";
}

}  // namespace

std::string describeInsn(const Instruction& insn) {
  if (const auto* m = std::get_if<MemInsn>(&insn)) {
    std::string name = m->opcode == Opcode::Store ? "STORE " : "LOAD ";
    if (m->xSize == 0) name += "(nop) ";
    return name + memTypeName(m->memType) + " sram_base=" + std::to_string(m->sramBase) +
           " dram_base=" + std::to_string(m->dramBase) + " y_size=" + std::to_string(m->ySize) +
           " x_size=" + std::to_string(m->xSize) + " x_stride=" + std::to_string(m->xStride) + " pad=(" +
           std::to_string(m->yPad0) + "," + std::to_string(m->yPad1) + "," + std::to_string(m->xPad0) + "," +
           std::to_string(m->xPad1) + ") " + describeDeps(m->dep);
  }
  if (const auto* g = std::get_if<GemmInsn>(&insn)) {
    return std::string("GEMM") + (g->resetReg ? " reset " : " ") + describeLoop(g->loop) + " wgt_factor=(" +
           std::to_string(g->wgtFactorOut) + "," + std::to_string(g->wgtFactorIn) + ") " + describeDeps(g->dep);
  }
  if (const auto* a = std::get_if<AluInsn>(&insn)) {
    std::string operand = a->useImm ? " imm=" + std::to_string(a->imm) : "";
    return "ALU " + aluOpName(a->op) + operand + " " + describeLoop(a->loop) + " " + describeDeps(a->dep);
  }
  return "FINISH " + describeDeps(std::get<FinishInsn>(insn).dep);
}

}  // namespace inlay

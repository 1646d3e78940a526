// Routing of instructions to modules (docs/vta.md §4.1).
#include "inlay/isa/instruction.h"

namespace inlay {

Module moduleOf(const Instruction& insn) {
  if (const auto* m = std::get_if<MemInsn>(&insn)) {
    if (m->opcode == Opcode::Store) return Module::Store;
    if (m->memType == MemType::Inp || m->memType == MemType::Wgt) return Module::Load;
  }
  return Module::Compute;
}

DepFlags depOf(const Instruction& insn) {
  return std::visit([](const auto& i) { return i.dep; }, insn);
}

std::string memTypeName(MemType t) {
  switch (t) {
    case MemType::Uop: return "UOP";
    case MemType::Wgt: return "WGT";
    case MemType::Inp: return "INP";
    case MemType::Acc: return "ACC";
    case MemType::Out: return "OUT";
    case MemType::Acc8: return "ACC_8BIT";
  }
  return "?";
}

std::vector<int> portableShifts(int shift) {
  std::vector<int> parts;
  for (int left = shift; left > 0; left -= kMaxPortableShift) parts.push_back(std::min(left, kMaxPortableShift));
  return parts;
}

int64_t dramElemBytes(const Isa& isa, MemType t) {
  switch (t) {
    case MemType::Uop: return isa.uopElemBytes();
    case MemType::Wgt: return isa.wgtElemBytes();
    case MemType::Inp: return isa.inpElemBytes();
    case MemType::Acc: return isa.accElemBytes();
    case MemType::Out: return isa.outElemBytes();
    case MemType::Acc8: return isa.accElemBytes() / 4;
  }
  return 1;
}

}  // namespace inlay

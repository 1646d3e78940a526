// Human-readable text of instructions, for simulator faults, deadlock reports and dumps: the mnemonic and every
// decoded field, e.g. "LOAD INP sram_base=0 dram_base=16 y_size=4 x_size=2 x_stride=2 pad=(0,0,0,0) deps=[pop_next]".
#pragma once

#include <string>

#include "inlay/isa/instruction.h"

namespace inlay {

std::string aluOpName(AluOp op);
std::string moduleName(Module m);
std::string describeDeps(const DepFlags& dep);
std::string describeInsn(const Instruction& insn);

}  // namespace inlay

// Relocation of a program's DMA addresses to a physical base (program/relocate.h).
#include "inlay/program/relocate.h"

#include <string>
#include <variant>

#include "inlay/ir/error.h"
#include "inlay/isa/instruction.h"

namespace inlay {

namespace {

// The width of dram_base in VTA's LOAD/STORE word (docs/formats.md §3.1).
constexpr uint64_t kDramBaseLimit = uint64_t{1} << 32;

std::string insnName(size_t index, const MemInsn& m) {
  return "instruction " + std::to_string(index) + " (" + (m.opcode == Opcode::Store ? "STORE " : "LOAD ") +
         memTypeName(m.memType) + ")";
}

}  // namespace

Program relocate(const Program& program, uint64_t base, const std::string& origin, const std::string& path) {
  Program p = program;
  for (size_t i = 0; i < p.insns.size(); ++i) {
    auto* m = std::get_if<MemInsn>(&p.insns[i]);
    if (!m || m->xSize == 0) continue;
    const auto elem = static_cast<uint64_t>(dramElemBytes(p.isa, m->memType));
    if (base % elem != 0)
      throw InputError(origin, path,
                       std::to_string(base) + " is not a multiple of the " + std::to_string(elem) + "-byte " +
                           memTypeName(m->memType) + " element that " + insnName(i, *m) + " moves");
    const uint64_t moved = m->dramBase + base / elem;
    if (base / elem >= kDramBaseLimit || moved >= kDramBaseLimit)
      throw InputError(origin, path,
                       std::to_string(base) + " moves the dram_base of " + insnName(i, *m) + " from " +
                           std::to_string(m->dramBase) + " beyond its 32-bit field");
    m->dramBase = static_cast<uint32_t>(moved);
  }
  return p;
}

}  // namespace inlay

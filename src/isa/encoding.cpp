// Instruction and micro-op encoding (isa/encoding.h). Fields are laid out in VTA's order from bit 0; as with VTA's
// uint64_t bit-fields, a field that would straddle bit 64 starts at bit 64 instead, which reproduces the published
// gaps (bits 58–63 of LOAD/STORE, bit 63 of GEMM/ALU) for the default configuration and extends the rule to others.
#include "inlay/isa/encoding.h"

#include <algorithm>
#include <string>

#include "inlay/ir/error.h"

namespace inlay {

namespace {

constexpr int kOpcodeBits = 3;
constexpr int kMemTypeBits = 3;
constexpr int kSramBits = 16, kDramBits = 32, kSizeBits = 16, kStrideBits = 16, kPadBits = 4;
constexpr int kLoopIterBits = 14;
constexpr int kAluOpBits = 3, kImmBits = 16;

/// Places fields left to right in a 128-bit word, never across the 64-bit boundary.
class FieldCursor {
public:
  int place(int width) {
    INLAY_CHECK(width > 0 && width <= 64, "instruction field width out of range");
    if (pos_ < 64 && pos_ + width > 64) pos_ = 64;
    int at = pos_;
    pos_ += width;
    INLAY_CHECK(pos_ <= 128, "instruction fields exceed 128 bits for this ISA");
    return at;
  }

private:
  int pos_ = 0;
};

uint64_t mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

/// Writes and reads fields at consecutive cursor positions, so that encoder and decoder share one field order.
class WordWriter {
public:
  explicit WordWriter(const char* insnName) : insnName_(insnName) {}
  void put(uint64_t value, int width, const char* field) {
    if ((value & ~mask(width)) != 0)
      failInternal(__FILE__, __LINE__, "field fits",
                   std::string(insnName_) + "." + field + " = " + std::to_string(value) + " does not fit in " +
                       std::to_string(width) + " bits for this ISA");
    int at = cursor_.place(width);
    if (at < 64)
      word_.lo |= value << at;
    else
      word_.hi |= value << (at - 64);
  }
  InsnWord word() const { return word_; }

private:
  const char* insnName_;
  FieldCursor cursor_;
  InsnWord word_;
};

class WordReader {
public:
  explicit WordReader(const InsnWord& word) : word_(word) {}
  uint64_t get(int width) {
    int at = cursor_.place(width);
    uint64_t half = at < 64 ? word_.lo >> at : word_.hi >> (at - 64);
    return half & mask(width);
  }
  uint32_t get32(int width) { return static_cast<uint32_t>(get(width)); }

private:
  const InsnWord& word_;
  FieldCursor cursor_;
};

void putHeader(WordWriter& w, Opcode op, const DepFlags& dep) {
  w.put(static_cast<uint64_t>(op), kOpcodeBits, "opcode");
  w.put(dep.popPrev, 1, "pop_prev_dep");
  w.put(dep.popNext, 1, "pop_next_dep");
  w.put(dep.pushPrev, 1, "push_prev_dep");
  w.put(dep.pushNext, 1, "push_next_dep");
}

DepFlags getDeps(WordReader& r) {
  DepFlags d;
  d.popPrev = r.get(1) != 0;
  d.popNext = r.get(1) != 0;
  d.pushPrev = r.get(1) != 0;
  d.pushNext = r.get(1) != 0;
  return d;
}

/// Width of the ALU source factors: VTA's hw_spec.h gives them the INP depth's width although they index the
/// accumulator (docs/vta.md §2.2); validateIsa refuses configurations where that cannot reach every ACC element.
int aluSrcBits(const Isa& isa) { return isa.logInpDepth(); }

void putLoop(WordWriter& w, const Isa& isa, bool resetReg, const UopLoop& l) {
  w.put(resetReg, 1, "reset_reg");
  w.put(l.uopBgn, isa.logUopDepth(), "uop_bgn");
  w.put(l.uopEnd, isa.logUopDepth() + 1, "uop_end");
  w.put(l.iterOut, kLoopIterBits, "iter_out");
  w.put(l.iterIn, kLoopIterBits, "iter_in");
  w.put(l.dstFactorOut, isa.logAccDepth(), "dst_factor_out");
  w.put(l.dstFactorIn, isa.logAccDepth(), "dst_factor_in");
}

void getLoop(WordReader& r, const Isa& isa, bool& resetReg, UopLoop& l) {
  resetReg = r.get(1) != 0;
  l.uopBgn = r.get32(isa.logUopDepth());
  l.uopEnd = r.get32(isa.logUopDepth() + 1);
  l.iterOut = r.get32(kLoopIterBits);
  l.iterIn = r.get32(kLoopIterBits);
  l.dstFactorOut = r.get32(isa.logAccDepth());
  l.dstFactorIn = r.get32(isa.logAccDepth());
}

InsnWord encodeMem(const MemInsn& m) {
  WordWriter w(m.opcode == Opcode::Store ? "STORE" : "LOAD");
  INLAY_CHECK(m.opcode == Opcode::Load || m.opcode == Opcode::Store, "MemInsn with a non-memory opcode");
  putHeader(w, m.opcode, m.dep);
  w.put(static_cast<uint64_t>(m.memType), kMemTypeBits, "memory_type");
  w.put(m.sramBase, kSramBits, "sram_base");
  w.put(m.dramBase, kDramBits, "dram_base");
  w.put(m.ySize, kSizeBits, "y_size");
  w.put(m.xSize, kSizeBits, "x_size");
  w.put(m.xStride, kStrideBits, "x_stride");
  w.put(m.yPad0, kPadBits, "y_pad_0");
  w.put(m.yPad1, kPadBits, "y_pad_1");
  w.put(m.xPad0, kPadBits, "x_pad_0");
  w.put(m.xPad1, kPadBits, "x_pad_1");
  return w.word();
}

InsnWord encodeGemm(const GemmInsn& g, const Isa& isa) {
  WordWriter w("GEMM");
  putHeader(w, Opcode::Gemm, g.dep);
  putLoop(w, isa, g.resetReg, g.loop);
  w.put(g.loop.srcFactorOut, isa.logInpDepth(), "src_factor_out");
  w.put(g.loop.srcFactorIn, isa.logInpDepth(), "src_factor_in");
  w.put(g.wgtFactorOut, isa.logWgtDepth(), "wgt_factor_out");
  w.put(g.wgtFactorIn, isa.logWgtDepth(), "wgt_factor_in");
  return w.word();
}

InsnWord encodeAlu(const AluInsn& a, const Isa& isa) {
  WordWriter w("ALU");
  putHeader(w, Opcode::Alu, a.dep);
  putLoop(w, isa, a.resetReg, a.loop);
  w.put(a.loop.srcFactorOut, aluSrcBits(isa), "src_factor_out");
  w.put(a.loop.srcFactorIn, aluSrcBits(isa), "src_factor_in");
  w.put(static_cast<uint64_t>(a.op), kAluOpBits, "alu_opcode");
  w.put(a.useImm, 1, "use_imm");
  INLAY_CHECK(a.imm >= -32768 && a.imm <= 32767, "ALU immediate outside the signed 16-bit range");
  w.put(static_cast<uint64_t>(static_cast<uint16_t>(a.imm)), kImmBits, "imm");
  return w.word();
}

InsnWord encodeFinish(const FinishInsn& f) {
  WordWriter w("FINISH");
  putHeader(w, Opcode::Finish, f.dep);
  return w.word();
}

}  // namespace

InsnWord encode(const Instruction& insn, const Isa& isa) {
  if (const auto* m = std::get_if<MemInsn>(&insn)) return encodeMem(*m);
  if (const auto* g = std::get_if<GemmInsn>(&insn)) return encodeGemm(*g, isa);
  if (const auto* a = std::get_if<AluInsn>(&insn)) return encodeAlu(*a, isa);
  return encodeFinish(std::get<FinishInsn>(insn));
}

Instruction decode(const InsnWord& word, const Isa& isa) {
  WordReader r(word);
  const auto opcode = r.get32(kOpcodeBits);
  const DepFlags dep = getDeps(r);
  switch (opcode) {
    case static_cast<uint32_t>(Opcode::Load):
    case static_cast<uint32_t>(Opcode::Store): {
      MemInsn m;
      m.opcode = static_cast<Opcode>(opcode);
      m.dep = dep;
      uint32_t memType = r.get32(kMemTypeBits);
      if (memType > static_cast<uint32_t>(MemType::Acc8))
        throw InputError("", "", "unknown memory type " + std::to_string(memType));
      m.memType = static_cast<MemType>(memType);
      m.sramBase = r.get32(kSramBits);
      m.dramBase = r.get32(kDramBits);
      m.ySize = r.get32(kSizeBits);
      m.xSize = r.get32(kSizeBits);
      m.xStride = r.get32(kStrideBits);
      m.yPad0 = r.get32(kPadBits);
      m.yPad1 = r.get32(kPadBits);
      m.xPad0 = r.get32(kPadBits);
      m.xPad1 = r.get32(kPadBits);
      return m;
    }
    case static_cast<uint32_t>(Opcode::Gemm): {
      GemmInsn g;
      g.dep = dep;
      getLoop(r, isa, g.resetReg, g.loop);
      g.loop.srcFactorOut = r.get32(isa.logInpDepth());
      g.loop.srcFactorIn = r.get32(isa.logInpDepth());
      g.wgtFactorOut = r.get32(isa.logWgtDepth());
      g.wgtFactorIn = r.get32(isa.logWgtDepth());
      return g;
    }
    case static_cast<uint32_t>(Opcode::Alu): {
      AluInsn a;
      a.dep = dep;
      getLoop(r, isa, a.resetReg, a.loop);
      a.loop.srcFactorOut = r.get32(aluSrcBits(isa));
      a.loop.srcFactorIn = r.get32(aluSrcBits(isa));
      uint32_t op = r.get32(kAluOpBits);
      if (op > static_cast<uint32_t>(AluOp::Mul)) throw InputError("", "", "unknown ALU opcode " + std::to_string(op));
      a.op = static_cast<AluOp>(op);
      a.useImm = r.get(1) != 0;
      a.imm = static_cast<int16_t>(r.get32(kImmBits));
      return a;
    }
    case static_cast<uint32_t>(Opcode::Finish): {
      FinishInsn f;
      f.dep = dep;
      return f;
    }
    default: throw InputError("", "", "unknown opcode " + std::to_string(opcode));
  }
}

namespace {

struct UopWidths {
  int dst, src, wgt;
};

UopWidths uopWidths(const Isa& isa) {
  UopWidths w{isa.logAccDepth(), isa.logInpDepth(), isa.logWgtDepth()};  // VTAUop: src_idx has the INP depth's width
  INLAY_CHECK(w.dst + w.src + w.wgt <= 32, "micro-op fields exceed 32 bits for this ISA");
  return w;
}

}  // namespace

uint32_t encodeUop(const Uop& uop, const Isa& isa) {
  const UopWidths w = uopWidths(isa);
  auto check = [](uint32_t v, int width, const char* field) {
    if ((uint64_t{v} & ~mask(width)) != 0)
      failInternal(__FILE__, __LINE__, "field fits",
                   std::string("uop.") + field + " = " + std::to_string(v) + " does not fit in " +
                       std::to_string(width) + " bits for this ISA");
  };
  check(uop.dst, w.dst, "dst_idx");
  check(uop.src, w.src, "src_idx");
  check(uop.wgt, w.wgt, "wgt_idx");
  return uop.dst | (uop.src << w.dst) | static_cast<uint32_t>(uint64_t{uop.wgt} << (w.dst + w.src));
}

Uop decodeUop(uint32_t word, const Isa& isa) {
  const UopWidths w = uopWidths(isa);
  Uop u;
  u.dst = static_cast<uint32_t>(word & mask(w.dst));
  u.src = static_cast<uint32_t>((word >> w.dst) & mask(w.src));
  u.wgt = static_cast<uint32_t>((uint64_t{word} >> (w.dst + w.src)) & mask(w.wgt));
  return u;
}

// Decoding keeps every bit that a field uses and encoding writes back exactly those, so the bits the round trip loses
// are the set bits that no field uses.
InsnWord unusedBits(const InsnWord& word, const Isa& isa) {
  const InsnWord kept = encode(decode(word, isa), isa);
  return {word.lo & ~kept.lo, word.hi & ~kept.hi};
}

uint32_t unusedUopBits(uint32_t word, const Isa& isa) { return word & ~encodeUop(decodeUop(word, isa), isa); }

}  // namespace inlay

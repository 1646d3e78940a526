// The DMA half of the datapath (sim/machine.h): LOAD (DRAM → SRAM, 2-D strided, zero padding per buffer type) and
// STORE (OUT → DRAM) and their bounds checks (the cost of every instruction is sim/insn_timing.h).
#include <algorithm>
#include <cstring>

#include "inlay/ir/error.h"
#include "inlay/isa/encoding.h"
#include "inlay/sim/insn_text.h"
#include "inlay/sim/machine.h"

namespace inlay {

namespace {

std::string range(int64_t begin, int64_t end) { return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")"; }

}  // namespace

Machine::Machine(const Isa& isa, Dram& dram, uint64_t dramBase, int64_t dramBytes, bool functional)
    : isa_(isa),
      dram_(dram),
      dramBase_(dramBase),
      dramBytes_(dramBytes),
      functional_(functional),
      batch_(isa.batch()),
      blockIn_(isa.blockIn()),
      blockOut_(isa.blockOut()),
      inpLanes_(batch_ * blockIn_),
      wgtLanes_(blockOut_ * blockIn_),
      accLanes_(batch_ * blockOut_) {
  if (functional_) {
    inp_.assign(static_cast<size_t>(isa.inpDepth() * inpLanes_), 0);
    wgt_.assign(static_cast<size_t>(isa.wgtDepth() * wgtLanes_), 0);
    acc_.assign(static_cast<size_t>(isa.accDepth() * accLanes_), 0);
    out_.assign(static_cast<size_t>(isa.outDepth() * accLanes_), 0);
    uops_.assign(static_cast<size_t>(isa.uopDepth()), Uop{});
    pairedKernel_ = blockIn_ % 2 == 0 && blockOut_ % 4 == 0 && blockOut_ <= 64;
    if (pairedKernel_) wgtPairs_.assign(wgt_.size(), 0);
  }
  recentDst_.assign(static_cast<size_t>(std::max(isa.accDepDistance, 0)), -1);
}

int64_t Machine::sramDepth(MemType t) const {
  switch (t) {
    case MemType::Uop: return isa_.uopDepth();
    case MemType::Wgt: return isa_.wgtDepth();
    case MemType::Inp: return isa_.inpDepth();
    case MemType::Acc:
    case MemType::Acc8: return isa_.accDepth();
    case MemType::Out: return isa_.outDepth();
  }
  return 0;
}

bool Machine::padAllowed(MemType t) const {
  switch (t) {
    case MemType::Uop: return isa_.padUop;
    case MemType::Wgt: return isa_.padWgt;
    case MemType::Inp: return isa_.padInp;
    case MemType::Acc:
    case MemType::Acc8: return isa_.padAcc;
    case MemType::Out: return false;
  }
  return false;
}

std::optional<ExecError> Machine::execute(const Instruction& insn, SimStats& stats) {
  if (const auto* m = std::get_if<MemInsn>(&insn)) {
    if (m->xSize == 0) return std::nullopt;
    return m->opcode == Opcode::Store ? store(*m, stats) : load(*m, stats);
  }
  if (const auto* g = std::get_if<GemmInsn>(&insn)) return gemm(*g, stats);
  if (const auto* a = std::get_if<AluInsn>(&insn)) return alu(*a, stats);
  return std::nullopt;  // FINISH
}

std::optional<ExecError> Machine::checkDram(const MemInsn& m, int64_t elemBytes) const {
  if (m.ySize == 0) return std::nullopt;
  const int64_t firstByte = int64_t{m.dramBase} * elemBytes;
  const int64_t lastRowStart = (int64_t{m.dramBase} + int64_t{m.ySize - 1} * m.xStride) * elemBytes;
  const int64_t end = lastRowStart + int64_t{m.xSize} * elemBytes;
  // Physical addresses: the image occupies [dramBase_, dramBase_ + dramBytes_) (firstByte and end are below 2^43).
  const std::string at = dramBase_ == 0 ? "" : " at " + std::to_string(dramBase_);
  if (static_cast<uint64_t>(firstByte) < dramBase_)
    return ExecError{SimFault::Kind::OutOfBounds,
                     "DRAM bytes " + range(firstByte, end) + " begin below the DRAM image" + at};
  if (static_cast<uint64_t>(end) - dramBase_ > static_cast<uint64_t>(dramBytes_))
    return ExecError{SimFault::Kind::OutOfBounds, "DRAM bytes " + range(firstByte, end) + " exceed the DRAM image of " +
                                                      std::to_string(dramBytes_) + " bytes" + at};
  return std::nullopt;
}

uint64_t Machine::imageByte(int64_t dramElem, int64_t elemBytes) const {
  return static_cast<uint64_t>(dramElem * elemBytes) - dramBase_;
}

void Machine::zeroSramElems(MemType t, int64_t index, int64_t elems) {
  const auto at = static_cast<size_t>(index);
  const auto n = static_cast<size_t>(elems);
  switch (t) {
    case MemType::Inp: std::fill_n(inp_.begin() + at * inpLanes_, n * inpLanes_, int8_t{0}); break;
    case MemType::Wgt: std::fill_n(wgt_.begin() + at * wgtLanes_, n * wgtLanes_, int8_t{0}); break;
    case MemType::Acc:
    case MemType::Acc8: std::fill_n(acc_.begin() + at * accLanes_, n * accLanes_, 0); break;
    case MemType::Uop: std::fill_n(uops_.begin() + at, n, Uop{}); break;
    case MemType::Out: break;
  }
}

void Machine::copyLoadRow(MemType t, int64_t index, uint64_t dramByte, int64_t elems, int64_t elemBytes) {
  const auto at = static_cast<size_t>(index);
  if (t == MemType::Inp || t == MemType::Wgt) {  // int8 lanes: straight into the SRAM
    int8_t* dst = t == MemType::Inp ? inp_.data() + at * inpLanes_ : wgt_.data() + at * wgtLanes_;
    dram_.read(dramByte, reinterpret_cast<uint8_t*>(dst), static_cast<uint64_t>(elems * elemBytes));
    return;
  }
  row_.resize(static_cast<size_t>(elems * elemBytes));
  dram_.read(dramByte, row_.data(), row_.size());
  const uint8_t* src = row_.data();
  switch (t) {
    case MemType::Inp:
    case MemType::Wgt: break;
    case MemType::Acc:
      for (int64_t lane = 0; lane < elems * accLanes_; ++lane, src += 4)  // little-endian int32, host-independent
        acc_[at * accLanes_ + static_cast<size_t>(lane)] = static_cast<int32_t>(
            uint32_t{src[0]} | uint32_t{src[1]} << 8 | uint32_t{src[2]} << 16 | uint32_t{src[3]} << 24);
      break;
    case MemType::Acc8:
      for (int64_t lane = 0; lane < elems * accLanes_; ++lane)
        acc_[at * accLanes_ + static_cast<size_t>(lane)] = static_cast<int8_t>(src[lane]);
      break;
    case MemType::Uop:
      for (int64_t k = 0; k < elems; ++k, src += 4)
        uops_[at + static_cast<size_t>(k)] =
            decodeUop(uint32_t{src[0]} | uint32_t{src[1]} << 8 | uint32_t{src[2]} << 16 | uint32_t{src[3]} << 24, isa_);
      break;
    case MemType::Out: break;
  }
}

std::optional<ExecError> Machine::load(const MemInsn& m, SimStats& stats) {
  const std::string what = "LOAD " + memTypeName(m.memType);
  if (m.memType == MemType::Out)
    return ExecError{SimFault::Kind::BadInstruction,
                     "LOAD into OUT is not an instruction (OUT is written by "
                     "GEMM/ALU only)"};
  if (m.memType == MemType::Acc8 && !isa_.loadAcc8)
    return ExecError{SimFault::Kind::BadInstruction, "LOAD ACC_8BIT is not enabled in this ISA (loadAcc8)"};
  const bool padded = m.yPad0 || m.yPad1 || m.xPad0 || m.xPad1;
  if (padded && !padAllowed(m.memType))
    return ExecError{SimFault::Kind::BadInstruction, what + " cannot zero-pad in this ISA"};
  const int64_t width = int64_t{m.xPad0} + m.xSize + m.xPad1;
  const int64_t height = int64_t{m.yPad0} + m.ySize + m.yPad1;
  const int64_t depth = sramDepth(m.memType);
  if (m.sramBase + height * width > depth)
    return ExecError{SimFault::Kind::OutOfBounds, what + " writes SRAM elements " +
                                                      range(m.sramBase, m.sramBase + height * width) + " beyond the " +
                                                      memTypeName(m.memType) + " depth " + std::to_string(depth)};
  const int64_t e = dramElemBytes(isa_, m.memType);
  if (auto err = checkDram(m, e)) return err;
  stats.dmaBytes[static_cast<size_t>(m.memType)] += int64_t{m.ySize} * m.xSize * e;
  if (!functional_) return std::nullopt;

  int64_t index = m.sramBase;
  zeroSramElems(m.memType, index, m.yPad0 * width);
  index += m.yPad0 * width;
  for (int64_t r = 0; r < m.ySize; ++r) {
    zeroSramElems(m.memType, index, m.xPad0);
    copyLoadRow(m.memType, index + m.xPad0, imageByte(m.dramBase + r * m.xStride, e), m.xSize, e);
    zeroSramElems(m.memType, index + m.xPad0 + m.xSize, m.xPad1);
    index += width;
  }
  zeroSramElems(m.memType, index, m.yPad1 * width);
  if (m.memType == MemType::Wgt) repackWeights(m.sramBase, height * width);
  return std::nullopt;
}

void Machine::repackWeights(int64_t first, int64_t count) {
  if (!pairedKernel_) return;
  for (int64_t w = first; w < first + count; ++w) {
    const int8_t* src = wgt_.data() + w * wgtLanes_;
    int16_t* dst = wgtPairs_.data() + w * wgtLanes_;
    for (int64_t o = 0; o < blockOut_; ++o)
      for (int64_t c = 0; c < blockIn_; ++c) dst[((c / 2) * blockOut_ + o) * 2 + (c & 1)] = src[o * blockIn_ + c];
  }
}

std::optional<ExecError> Machine::store(const MemInsn& m, SimStats& stats) {
  if (m.memType != MemType::Out)
    return ExecError{SimFault::Kind::BadInstruction, "STORE must read OUT, not " + memTypeName(m.memType)};
  if (m.yPad0 || m.yPad1 || m.xPad0 || m.xPad1) return ExecError{SimFault::Kind::BadInstruction, "STORE cannot pad"};
  const int64_t elems = int64_t{m.ySize} * m.xSize;
  if (m.sramBase + elems > isa_.outDepth())
    return ExecError{SimFault::Kind::OutOfBounds, "STORE reads OUT elements " + range(m.sramBase, m.sramBase + elems) +
                                                      " beyond the OUT depth " + std::to_string(isa_.outDepth())};
  const int64_t e = isa_.outElemBytes();
  if (auto err = checkDram(m, e)) return err;
  stats.dmaBytes[static_cast<size_t>(MemType::Out)] += elems * e;
  if (!functional_) return std::nullopt;
  for (int64_t r = 0; r < m.ySize; ++r)
    dram_.write(
        imageByte(m.dramBase + r * m.xStride, e),
        reinterpret_cast<const uint8_t*>(out_.data() + static_cast<size_t>((m.sramBase + r * m.xSize) * accLanes_)),
        static_cast<uint64_t>(m.xSize * e));
  return std::nullopt;
}

}  // namespace inlay

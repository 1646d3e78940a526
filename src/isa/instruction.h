// VTA's instructions and micro-ops as plain values (docs/vta.md §2). Encoding to the 128-bit
// words and 32-bit uops lives in isa/encoding.h; semantics live in the simulator.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "inlay/isa/isa.h"

namespace inlay {

enum class Opcode : uint8_t { Load = 0, Store = 1, Gemm = 2, Finish = 3, Alu = 4 };
enum class MemType : uint8_t { Uop = 0, Wgt = 1, Inp = 2, Acc = 3, Out = 4, Acc8 = 5 };
enum class AluOp : uint8_t { Min = 0, Max = 1, Add = 2, Shr = 3, Mul = 4 };

/// Dependency-token flags. prev/next are relative to the pipeline order load → compute → store.
struct DepFlags {
  bool popPrev = false, popNext = false, pushPrev = false, pushNext = false;
  bool operator==(const DepFlags&) const = default;
};

/// LOAD or STORE: a 2-D strided DMA. All sizes, strides and addresses count elements of the addressed buffer.
/// x_size == 0 makes a sync/NOP that only carries its token flags.
struct MemInsn {
  Opcode opcode = Opcode::Load;  // Load or Store
  DepFlags dep;
  MemType memType = MemType::Inp;
  uint32_t sramBase = 0;
  uint32_t dramBase = 0;
  uint32_t ySize = 0, xSize = 0, xStride = 0;
  uint32_t yPad0 = 0, yPad1 = 0, xPad0 = 0, xPad1 = 0;
  bool operator==(const MemInsn&) const = default;
};

/// The two-level micro-op loop shared by GEMM and ALU (docs/vta.md §2.3).
struct UopLoop {
  uint32_t uopBgn = 0, uopEnd = 0;  // [bgn, end) in the uop buffer
  uint32_t iterOut = 0, iterIn = 0;
  uint32_t dstFactorOut = 0, dstFactorIn = 0;
  uint32_t srcFactorOut = 0, srcFactorIn = 0;
  bool operator==(const UopLoop&) const = default;
};

struct GemmInsn {
  DepFlags dep;
  bool resetReg = false;
  UopLoop loop;
  uint32_t wgtFactorOut = 0, wgtFactorIn = 0;
  bool operator==(const GemmInsn&) const = default;
};

struct AluInsn {
  DepFlags dep;
  bool resetReg = false;
  UopLoop loop;  // src indices are ACC indices
  AluOp op = AluOp::Min;
  bool useImm = false;
  int32_t imm = 0;  // 16-bit signed in the encoding
  bool operator==(const AluInsn&) const = default;
};

struct FinishInsn {
  DepFlags dep;
  bool operator==(const FinishInsn&) const = default;
};

using Instruction = std::variant<MemInsn, GemmInsn, AluInsn, FinishInsn>;

/// One micro-op: ACC index, INP (GEMM) or ACC (ALU) index, WGT index.
struct Uop {
  uint32_t dst = 0, src = 0, wgt = 0;
  bool operator==(const Uop&) const = default;
};

/// The module that executes an instruction (docs/vta.md §4.1): LOAD INP/WGT → load; STORE → store; the rest → compute.
enum class Module : uint8_t { Load = 0, Compute = 1, Store = 2 };
Module moduleOf(const Instruction& insn);
DepFlags depOf(const Instruction& insn);

/// The largest ALU SHR immediate every VTA implementation reads the same way: its functional simulator and Chisel
/// design shift right by the value, its HLS design (and Inlay's simulator) by the sign-extended low 5 bits, so 16..31
/// would be left shifts there (docs/vta.md §3.4).
inline constexpr int kMaxPortableShift = 15;

/// An arithmetic right shift by `shift` (0..31) as SHR immediates of at most kMaxPortableShift each, in order:
/// 20 → {15, 5}; 0 → {}. Equal to one shift because (x >> a) >> b == x >> (a + b) for a + b ≤ 31.
std::vector<int> portableShifts(int shift);

/// A memory type's name as VTA and the program directory write it: "UOP", "WGT", "INP", "ACC", "OUT", "ACC_8BIT".
std::string memTypeName(MemType t);

/// The DMA unit in DRAM of a memory type: the SRAM element of its buffer (ACC_8BIT: one int8 per accumulator lane).
int64_t dramElemBytes(const Isa& isa, MemType t);

}  // namespace inlay

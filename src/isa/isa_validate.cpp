// Validation of an ISA description (docs/formats.md §2.4): field ranges from the field table, Inlay's data types,
// buffers that hold at least one element, instruction and micro-op fields that fit VTA's 128-bit and 32-bit encodings
// (docs/vta.md §2.2), and a GEMM pattern that agrees with BATCH/BLOCK_IN/BLOCK_OUT.
#include <algorithm>
#include <string>

#include "inlay/ir/error.h"
#include "inlay/isa/isa.h"
#include "inlay/isa/isa_fields.h"

namespace inlay {
namespace {

constexpr int kLoopIterBits = 14;        // iter_out / iter_in
constexpr int kSramBaseBits = 16;        // LOAD/STORE sram_base
constexpr int kAluFixedBits = 20;        // alu_opcode (3) + use_imm (1) + imm (16)
constexpr int kHeaderBits = 8;           // opcode (3) + 4 dependency flags + reset_reg
constexpr int64_t kMaxElemBytes = 4096;  // the runtime's limit on one element (one 4 KiB page)

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

double numericValue(const Isa& isa, const IsaField::Member& member) {
  return std::visit(
      [&](auto m) -> double {
        using M = decltype(m);
        if constexpr (std::is_same_v<M, int64_t IsaTiming::*>)
          return static_cast<double>(isa.timing.*m);
        else if constexpr (std::is_same_v<M, int Isa::*> || std::is_same_v<M, double Isa::*>)
          return isa.*m;
        else
          return 0;
      },
      member);
}

bool isNumeric(const IsaField::Member& member) {
  return !std::holds_alternative<bool Isa::*>(member) && !std::holds_alternative<std::string Isa::*>(member);
}

void checkRanges(const Isa& isa, const std::string& file) {
  for (const IsaField& f : isaFields()) {
    if (!isNumeric(f.member)) continue;
    double v = numericValue(isa, f.member);
    if (v < f.lo || v > f.hi) {
      auto text = [](double x) {
        return x == static_cast<int64_t>(x) ? std::to_string(static_cast<int64_t>(x)) : std::to_string(x);
      };
      throw InputError(file, f.key, "must be in [" + text(f.lo) + ", " + text(f.hi) + "], got " + text(v));
    }
  }
  if (!isPowerOfTwo(isa.busBytes))
    throw InputError(file, "bus_bytes", std::to_string(isa.busBytes) + " is not a power of two");
}

void checkDataTypes(const Isa& isa, const std::string& file) {
  if (isa.logInpWidth != 3) throw InputError(file, "LOG_INP_WIDTH", "Inlay supports int8 inputs only (3)");
  if (isa.logWgtWidth != 3) throw InputError(file, "LOG_WGT_WIDTH", "Inlay supports int8 weights only (3)");
  if (isa.logAccWidth != 5) throw InputError(file, "LOG_ACC_WIDTH", "Inlay supports int32 accumulators only (5)");
}

// Every buffer holds at least one element, and its element count fits the 16-bit sram_base field.
void checkBuffer(const std::string& file, const char* key, const char* what, int logBuffBytes, int64_t elemBytes,
                 int logDepth) {
  if (elemBytes > kMaxElemBytes)
    throw InputError(file, key,
                     std::string("one ") + what + " element is " + std::to_string(elemBytes) +
                         " bytes, more than the " + std::to_string(kMaxElemBytes) + "-byte limit");
  if (logDepth < 0)
    throw InputError(file, key,
                     "a " + std::to_string(int64_t{1} << logBuffBytes) + "-byte buffer cannot hold one " +
                         std::to_string(elemBytes) + "-byte " + what + " element");
  if (logDepth > kSramBaseBits)
    throw InputError(file, key,
                     "2^" + std::to_string(logDepth) + " " + what + " elements exceed the " +
                         std::to_string(kSramBaseBits) + "-bit sram_base field");
}

// The buffer whose index field is widest: the one to shrink when an encoding word overflows.
const char* widestBuffer(const Isa& isa) {
  int inp = isa.logInpDepth(), acc = isa.logAccDepth(), wgt = isa.logWgtDepth();
  if (inp >= acc && inp >= wgt) return "LOG_INP_BUFF_SIZE";
  return acc >= wgt ? "LOG_ACC_BUFF_SIZE" : "LOG_WGT_BUFF_SIZE";
}

void checkEncodingFits(const Isa& isa, const std::string& file) {
  InsnFieldWidths w = fieldWidths(isa);
  if (w.gemmWord0 > 64)
    throw InputError(file, "LOG_UOP_BUFF_SIZE",
                     "uop_bgn/uop_end need " + std::to_string(w.gemmWord0) + " bits of the 64-bit GEMM/ALU word 0");
  auto overflow = [&](const std::string& word, int bits, int limit) {
    throw InputError(file, widestBuffer(isa),
                     "the buffer index fields need " + std::to_string(bits) + " bits of " + word + " (" +
                         std::to_string(limit) + " available); shrink a buffer");
  };
  if (w.gemmWord1 > 64) overflow("the GEMM word 1", w.gemmWord1, 64);
  if (w.aluWord1 > 64) overflow("the ALU word 1", w.aluWord1, 64);
  if (w.uopBits > 32) overflow("the micro-op", w.uopBits, 32);
}

void checkGemmPattern(const Isa& isa, const std::string& file) {
  const IntrinsicPattern& p = isa.gemm;
  auto fail = [&](const std::string& path, const std::string& msg) { throw InputError(file, path, msg); };
  if (p.dims.size() != 3) fail("gemm.extents", "the GEMM pattern needs exactly three dims");
  auto in = [](const std::vector<std::string>& index, const std::string& d) {
    return std::count(index.begin(), index.end(), d) == 1;
  };
  for (const auto& d : p.dims) {
    if (!isPowerOfTwo(d.extent)) fail("gemm.extents." + d.name, std::to_string(d.extent) + " is not a power of two");
    bool acc = in(p.accIndex, d.name), inp = in(p.inpIndex, d.name), wgt = in(p.wgtIndex, d.name);
    int64_t expected = acc && inp && !wgt   ? isa.batch()
                       : inp && wgt && !acc ? isa.blockIn()
                       : acc && wgt && !inp ? isa.blockOut()
                                            : -1;
    if (expected < 0) fail("gemm.pattern", "dim '" + d.name + "' must index exactly two of acc, inp, wgt: " + p.text);
    if (d.extent != expected)
      fail("gemm.extents." + d.name, "is " + std::to_string(d.extent) +
                                         " but LOG_BATCH/LOG_BLOCK_IN/LOG_BLOCK_OUT give " + std::to_string(expected));
  }
  if (p.accIndex.size() != 2 || p.inpIndex.size() != 2 || p.wgtIndex.size() != 2)
    fail("gemm.pattern", "acc, inp and wgt take two indices each: " + p.text);
}

}  // namespace

InsnFieldWidths fieldWidths(const Isa& isa) {
  InsnFieldWidths w;
  w.uopBgn = isa.logUopDepth();
  w.uopEnd = isa.logUopDepth() + 1;
  w.accIndex = isa.logAccDepth();
  w.inpIndex = isa.logInpDepth();
  w.wgtIndex = isa.logWgtDepth();
  w.uopSrc = w.inpIndex;  // VTA's VTAUop gives src_idx the INP depth's width, for ALU (ACC) indices too
  w.gemmWord0 = kHeaderBits + w.uopBgn + w.uopEnd + 2 * kLoopIterBits;
  w.gemmWord1 = 2 * (w.accIndex + w.inpIndex + w.wgtIndex);
  w.aluWord1 = 2 * w.accIndex + 2 * w.inpIndex + kAluFixedBits;  // src factors: INP width, as VTA's VTAAluInsn
  w.uopBits = w.accIndex + w.uopSrc + w.wgtIndex;
  return w;
}

void validateIsa(const Isa& isa, const std::string& file) {
  checkRanges(isa, file);
  checkDataTypes(isa, file);
  if (isa.logUopDepth() < 0) throw InputError(file, "LOG_UOP_BUFF_SIZE", "a uop buffer cannot hold one 4-byte uop");
  checkBuffer(file, "LOG_INP_BUFF_SIZE", "INP", isa.logInpBuffSize, isa.inpElemBytes(), isa.logInpDepth());
  checkBuffer(file, "LOG_WGT_BUFF_SIZE", "WGT", isa.logWgtBuffSize, isa.wgtElemBytes(), isa.logWgtDepth());
  checkBuffer(file, "LOG_ACC_BUFF_SIZE", "ACC", isa.logAccBuffSize, isa.accElemBytes(), isa.logAccDepth());
  checkEncodingFits(isa, file);
  // The ALU reads accumulators through fields of the INP depth's width (the micro-op's src_idx, the src factors):
  // with a deeper ACC than INP some accumulators could not be an ALU source, on VTA as in Inlay.
  if (isa.logAccDepth() > isa.logInpDepth())
    throw InputError(file, "LOG_INP_BUFF_SIZE",
                     "the ACC depth 2^" + std::to_string(isa.logAccDepth()) + " exceeds the INP depth 2^" +
                         std::to_string(isa.logInpDepth()) +
                         ": VTA encodes the ALU's ACC source indices in the INP depth's width, so some accumulators "
                         "could not be read; give INP at least as many elements as ACC");
  checkGemmPattern(isa, file);
}

}  // namespace inlay

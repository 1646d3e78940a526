// The accelerator description (docs/formats.md §2): a VTA-like machine with a BATCH×BLOCK_IN×BLOCK_OUT GEMM intrinsic,
// an ALU, 2-D strided DMA and four on-chip buffers. Every parameter of VTA's own config is a field; the rest
// (element sizes, buffer depths, instruction field widths) is derived here, never re-derived elsewhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace inlay {

/// The GEMM intrinsic as a scalar pattern, e.g. acc[b,o] += inp[b,i] * wgt[o,i] with b<1, i<16, o<16.
/// The solver reads only this; it never assumes VTA's shape.
struct IntrinsicPattern {
  struct Dim {
    std::string name;
    int64_t extent = 1;
  };
  std::vector<Dim> dims;              // e.g. b, i, o
  std::vector<std::string> accIndex;  // dims indexing the accumulator, e.g. {b, o}
  std::vector<std::string> inpIndex;  // e.g. {b, i}
  std::vector<std::string> wgtIndex;  // e.g. {o, i}
  std::string text;                   // the pattern as written, for messages
};

/// Cycle costs of the timing model (docs/vta.md §4.4). All in accelerator clock cycles.
struct IsaTiming {
  int64_t gemmFill = 4;  // pipeline fill/drain per GEMM instruction
  int64_t gemmCyclesPerUop = 1;
  int64_t aluCyclesPerUop = 2;     // tensor-tensor ALU
  int64_t aluImmCyclesPerUop = 1;  // ALU with an immediate operand
  int64_t aluFill = 4;
  int64_t dmaRowLatency = 16;  // per DMA row (one burst per row)
  int64_t fetchCyclesPerInsn = 2;
  int64_t insnQueueDepth = 512;    // per module command queue
  int64_t tokenQueueDepth = 1024;  // per dependency-token queue
};

struct Isa {
  std::string name = "vta-default";
  // VTA's config, as log2 values.
  int logInpWidth = 3, logWgtWidth = 3, logAccWidth = 5;
  int logBatch = 0, logBlockIn = 4, logBlockOut = 4;
  int logUopBuffSize = 15, logInpBuffSize = 15, logWgtBuffSize = 18, logAccBuffSize = 17;
  // Platform.
  int busBytes = 8;  // DRAM bus width in bytes per cycle (64-bit AXI)
  double clockMhz = 100.0;
  // Optional features (fsim extensions) and hardware capabilities.
  bool aluMul = false;                                                // ALU MUL opcode
  bool loadAcc8 = false;                                              // LOAD ACC_8BIT
  bool padInp = true, padWgt = false, padAcc = true, padUop = false;  // which LOADs may zero-pad
  int accDepDistance = 2;  // a uop may not write an ACC index written by one of the previous N uops
  IsaTiming timing;
  IntrinsicPattern gemm;  // derived from batch/blocks unless given

  // Derived quantities. Widths in bits, sizes in bytes, depths in elements.
  int batch() const { return 1 << logBatch; }
  int blockIn() const { return 1 << logBlockIn; }
  int blockOut() const { return 1 << logBlockOut; }
  int64_t inpElemBytes() const { return (int64_t{1} << (logBatch + logBlockIn + logInpWidth)) / 8; }
  int64_t wgtElemBytes() const { return (int64_t{1} << (logBlockOut + logBlockIn + logWgtWidth)) / 8; }
  int64_t accElemBytes() const { return (int64_t{1} << (logBatch + logBlockOut + logAccWidth)) / 8; }
  int64_t outElemBytes() const { return (int64_t{1} << (logBatch + logBlockOut + logInpWidth)) / 8; }
  int64_t uopElemBytes() const { return 4; }
  int logInpDepth() const { return logInpBuffSize - logBatch - logBlockIn - logInpWidth + 3; }
  int logWgtDepth() const { return logWgtBuffSize - logBlockOut - logBlockIn - logWgtWidth + 3; }
  int logAccDepth() const { return logAccBuffSize - logBatch - logBlockOut - logAccWidth + 3; }
  int logUopDepth() const { return logUopBuffSize - 2; }
  int64_t inpDepth() const { return int64_t{1} << logInpDepth(); }
  int64_t wgtDepth() const { return int64_t{1} << logWgtDepth(); }
  int64_t accDepth() const { return int64_t{1} << logAccDepth(); }
  int64_t outDepth() const { return accDepth(); }  // OUT is indexed with ACC indices
  int64_t uopDepth() const { return int64_t{1} << logUopDepth(); }
  int64_t macsPerUop() const { return int64_t{batch()} * blockIn() * blockOut(); }
};

/// The built-in default: VTA 1×16×16, int8/int8/int32, 32 KiB inp, 256 KiB wgt, 128 KiB acc, 32 KiB uop,
/// 64-bit bus at 100 MHz. Identical to isa/vta-default.json.
Isa defaultIsa();

/// A VTA configuration in VTA's own terms (its vta_config.json): the GEMM shape and the buffer sizes in bytes, all
/// powers of two; the rest (bus, timing, features) as in the default.
struct VtaConfig {
  int batch = 1, blockIn = 16, blockOut = 16;
  int64_t inpBufferBytes = 32768, wgtBufferBytes = 262144, accBufferBytes = 131072, uopBufferBytes = 32768;
};

/// The Isa of `config`, named "vta-BxIxO", with its GEMM pattern; validated (InputError "<vta config>" naming the
/// ISA field, e.g. a size that is not a power of two or buffers whose indices do not fit the encoding).
Isa vtaIsa(const VtaConfig& config);

/// The pattern acc[b,o] += inp[b,i] * wgt[o,i] with the isa's batch and block extents.
IntrinsicPattern vtaGemmPattern(int batch, int blockIn, int blockOut);

/// Bit widths of the configuration-dependent instruction and micro-op fields (docs/vta.md §1.2), as VTA's hw_spec.h:
/// SRAM indices take log2 of their buffer's depth, uop_end one bit more than uop_bgn, and the ALU's source fields
/// (src factors, the micro-op's src_idx) the INP depth's width although they index ACC. Fixed-width fields (opcode,
/// DMA sizes, loop iterations, ALU immediate) are not listed.
struct InsnFieldWidths {
  int uopBgn = 0, uopEnd = 0;                    // GEMM/ALU word 0
  int accIndex = 0, inpIndex = 0, wgtIndex = 0;  // dst/src/wgt factors (GEMM word 1; ALU src is an ACC index)
  int uopSrc = 0;  // uop src_idx: INP index (GEMM) or ACC index (ALU), in the INP depth's width as VTA's VTAUop
  int gemmWord0 = 0, gemmWord1 = 0, aluWord1 = 0, uopBits = 0;  // bits used of the 64-bit halves / 32-bit uop
};
InsnFieldWidths fieldWidths(const Isa& isa);

/// Checks the derived quantities: powers of two, every buffer holds at least one element, every instruction and
/// micro-op field fits its encoding (the GEMM/ALU word and the 32-bit uop). Throws InputError(file, field, why).
void validateIsa(const Isa& isa, const std::string& file);

}  // namespace inlay

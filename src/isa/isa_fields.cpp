// The table of ISA fields (see isa_fields.h). One row per Isa / IsaTiming member.
#include "inlay/isa/isa_fields.h"

namespace inlay {

const std::vector<IsaField>& isaFields() {
  constexpr double kBig = 1e9;
  static const std::vector<IsaField> fields{
      {"name", &Isa::name, 0, 0, "a name for messages and reports"},
      {"LOG_INP_WIDTH", &Isa::logInpWidth, 0, 5, "log2 bits of an input value (3: int8)"},
      {"LOG_WGT_WIDTH", &Isa::logWgtWidth, 0, 5, "log2 bits of a weight value (3: int8)"},
      {"LOG_ACC_WIDTH", &Isa::logAccWidth, 0, 6, "log2 bits of an accumulator value (5: int32)"},
      {"LOG_BATCH", &Isa::logBatch, 0, 8, "log2 BATCH of the GEMM intrinsic"},
      {"LOG_BLOCK_IN", &Isa::logBlockIn, 0, 10, "log2 BLOCK_IN (reduction lanes)"},
      {"LOG_BLOCK_OUT", &Isa::logBlockOut, 0, 10, "log2 BLOCK_OUT (output lanes)"},
      {"LOG_UOP_BUFF_SIZE", &Isa::logUopBuffSize, 0, 31, "log2 bytes of the micro-op buffer"},
      {"LOG_INP_BUFF_SIZE", &Isa::logInpBuffSize, 0, 31, "log2 bytes of the input buffer"},
      {"LOG_WGT_BUFF_SIZE", &Isa::logWgtBuffSize, 0, 31, "log2 bytes of the weight buffer"},
      {"LOG_ACC_BUFF_SIZE", &Isa::logAccBuffSize, 0, 31, "log2 bytes of the accumulator buffer"},
      {"bus_bytes", &Isa::busBytes, 1, 4096, "DRAM bus width in bytes per cycle (a power of two)"},
      {"clock_mhz", &Isa::clockMhz, 1e-3, 1e5, "accelerator clock in MHz"},
      {"alu_mul", &Isa::aluMul, 0, 0, "the ALU has the MUL opcode (fsim extension)"},
      {"load_acc8", &Isa::loadAcc8, 0, 0, "LOAD supports ACC_8BIT (fsim extension)"},
      {"pad_inp", &Isa::padInp, 0, 0, "LOAD INP may zero-pad"},
      {"pad_wgt", &Isa::padWgt, 0, 0, "LOAD WGT may zero-pad"},
      {"pad_acc", &Isa::padAcc, 0, 0, "LOAD ACC may zero-pad"},
      {"pad_uop", &Isa::padUop, 0, 0, "LOAD UOP may zero-pad"},
      {"acc_dep_distance", &Isa::accDepDistance, 0, 64,
       "a uop may not write an ACC index written by one of the previous N uops"},
      {"timing.gemm_fill", &IsaTiming::gemmFill, 0, kBig, "pipeline fill/drain cycles per GEMM instruction"},
      {"timing.gemm_cycles_per_uop", &IsaTiming::gemmCyclesPerUop, 1, kBig, "cycles per GEMM uop execution"},
      {"timing.alu_cycles_per_uop", &IsaTiming::aluCyclesPerUop, 1, kBig, "cycles per tensor-tensor ALU uop"},
      {"timing.alu_imm_cycles_per_uop", &IsaTiming::aluImmCyclesPerUop, 1, kBig, "cycles per ALU uop with imm"},
      {"timing.alu_fill", &IsaTiming::aluFill, 0, kBig, "pipeline fill/drain cycles per ALU instruction"},
      {"timing.dma_row_latency", &IsaTiming::dmaRowLatency, 0, kBig, "request latency per DMA row"},
      {"timing.fetch_cycles_per_insn", &IsaTiming::fetchCyclesPerInsn, 0, kBig, "fetch cycles per instruction"},
      {"timing.insn_queue_depth", &IsaTiming::insnQueueDepth, 1, kBig, "entries per module command queue"},
      {"timing.token_queue_depth", &IsaTiming::tokenQueueDepth, 1, kBig, "entries per dependency-token queue"},
  };
  return fields;
}

}  // namespace inlay

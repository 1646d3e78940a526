// The built-in default ISA and the VTA GEMM pattern.
#include "inlay/isa/isa.h"

#include "inlay/ir/error.h"

namespace inlay {

IntrinsicPattern vtaGemmPattern(int batch, int blockIn, int blockOut) {
  IntrinsicPattern p;
  p.dims = {{"b", batch}, {"i", blockIn}, {"o", blockOut}};
  p.accIndex = {"b", "o"};
  p.inpIndex = {"b", "i"};
  p.wgtIndex = {"o", "i"};
  p.text = "acc[b,o] += inp[b,i] * wgt[o,i]";
  return p;
}

namespace {

/// log2(v) when v is a power of two, else -1.
int exactLog2(int64_t v) {
  if (v <= 0 || (v & (v - 1)) != 0) return -1;
  int log = 0;
  while ((int64_t{1} << log) < v) ++log;
  return log;
}

int log2Field(int64_t v, const char* field) {
  const int log = exactLog2(v);
  if (log < 0) throw InputError("<vta config>", field, std::to_string(v) + " is not a power of two");
  return log;
}

}  // namespace

Isa vtaIsa(const VtaConfig& c) {
  Isa isa;
  isa.logBatch = log2Field(c.batch, "LOG_BATCH");
  isa.logBlockIn = log2Field(c.blockIn, "LOG_BLOCK_IN");
  isa.logBlockOut = log2Field(c.blockOut, "LOG_BLOCK_OUT");
  isa.logInpBuffSize = log2Field(c.inpBufferBytes, "LOG_INP_BUFF_SIZE");
  isa.logWgtBuffSize = log2Field(c.wgtBufferBytes, "LOG_WGT_BUFF_SIZE");
  isa.logAccBuffSize = log2Field(c.accBufferBytes, "LOG_ACC_BUFF_SIZE");
  isa.logUopBuffSize = log2Field(c.uopBufferBytes, "LOG_UOP_BUFF_SIZE");
  isa.name = "vta-" + std::to_string(c.batch) + "x" + std::to_string(c.blockIn) + "x" + std::to_string(c.blockOut);
  isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  validateIsa(isa, "<vta config>");
  return isa;
}

Isa defaultIsa() {
  Isa isa;
  isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  return isa;
}

}  // namespace inlay

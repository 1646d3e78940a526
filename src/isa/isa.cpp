// The built-in default ISA and the VTA GEMM pattern.
#include "inlay/isa/isa.h"

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

Isa defaultIsa() {
  Isa isa;
  isa.gemm = vtaGemmPattern(isa.batch(), isa.blockIn(), isa.blockOut());
  return isa;
}

}  // namespace inlay

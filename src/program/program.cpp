// Queries on a Program.
#include "inlay/program/program.h"

namespace inlay {

const DramBuffer* Program::buffer(BufferRole role) const {
  for (const DramBuffer& b : buffers)
    if (b.role == role) return &b;
  return nullptr;
}

}  // namespace inlay

// checkInstructions of insn_checks.h.
#include "insn_checks.h"

#include <doctest/doctest.h>

namespace inlay::test {

std::vector<InsnViolation> findGeneratedViolations(const Program& p, size_t cap) {
  std::vector<InsnViolation> v = findInsnViolations(p, cap);
  for (const DramBuffer& b : p.buffers)
    if (b.offset % kDramPageBytes != 0 && v.size() < cap)
      v.push_back({-1, rule::kBufferAlign, "buffer '" + b.name + "' at offset " + std::to_string(b.offset)});
  return v;
}

void checkInstructions(const Program& p) {
  const std::vector<InsnViolation> v = findGeneratedViolations(p);
  std::string text;
  for (const InsnViolation& x : v) text += "\n  " + describeViolation(p, x);
  CHECK_MESSAGE(v.empty(), "instruction-level violations in a program of " << p.insns.size() << " instructions ("
                                                                           << p.isa.name << "):" << text);
}

}  // namespace inlay::test

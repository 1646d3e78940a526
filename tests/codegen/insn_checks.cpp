// checkInstructions of insn_checks.h.
#include "insn_checks.h"

#include <doctest/doctest.h>

namespace inlay::test {

void checkInstructions(const Program& p) {
  const std::vector<InsnViolation> v = findInsnViolations(p);
  std::string text;
  for (const InsnViolation& x : v) text += "\n  " + describeViolation(p, x);
  CHECK_MESSAGE(v.empty(), "instruction-level violations in a program of " << p.insns.size() << " instructions ("
                                                                           << p.isa.name << "):" << text);
}

}  // namespace inlay::test

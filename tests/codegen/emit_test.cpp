// The emitter with hand-written schedules (codegen/emit.h): programs verified bit-exactly in the simulator, under
// the timed and randomised interleavings, with remainder tiles, single and double buffering, reuse of resident
// operand boxes and explicit folds.
#include <doctest/doctest.h>

#include "inlay/codegen/emit.h"
#include "inlay/codegen/invocation.h"
#include "inlay/sim/verify.h"
#include "test_ops.h"

using namespace inlay;
using namespace inlay::test;

namespace {

Embedding emb(int inpInput, std::vector<int> b, std::vector<int> i, std::vector<int> o) {
  Embedding e;
  e.inpInput = inpInput;
  e.lanes = {b, i, o};
  return e;
}

/// A schedule with the given tile per invocation dim (by name; default 1 or `fallback`), invocation-dim order loops.
Schedule scheduleFor(const InvocationSpace& space, std::vector<std::pair<std::string, int64_t>> tiles, int copies = 2) {
  Schedule s;
  for (size_t d = 0; d < space.dims.size(); ++d) {
    int64_t t = 1;
    for (auto& [name, v] : tiles)
      if (name == space.dims[d].name) t = std::min(v, space.dims[d].extent);
    s.tile.push_back(t);
  }
  for (int pass = 0; pass < 2; ++pass)
    for (size_t d = 0; d < space.dims.size(); ++d)
      if (space.dims[d].reduction == (pass == 1)) s.loopOrder.push_back(static_cast<int>(d));
  s.inpCopies = s.wgtCopies = s.accCopies = copies;
  return s;
}

std::string why(const VerifyResult& r) {
  if (r.fault) return "fault at insn " + std::to_string(r.fault->insnIndex) + ": " + r.fault->message;
  if (!r.error.empty()) return r.error;
  return std::to_string(r.mismatches) + " mismatches, first at " + std::to_string(r.firstMismatch) + ": expected " +
         std::to_string(r.expected) + ", got " + std::to_string(r.actual);
}

void verify(const Program& p, uint64_t seed) {
  const VerifyResult timed = verifyProgram(p, seed);
  INFO(why(timed));
  CHECK(timed.verified);
  SimOptions interleaved;
  interleaved.interleaveSeed = seed * 7 + 1;
  const VerifyResult shuffled = verifyProgram(p, seed, interleaved);
  INFO(why(shuffled));
  CHECK(shuffled.verified);
}

}  // namespace

TEST_CASE("emit: GEMM, fixed embedding, remainder tiles, double and single buffering") {
  const Operator op = makeGemm(35, 7, 40, 3);
  const Isa isa = makeIsa(0, 3);
  const Embedding e = emb(1, {1}, {2}, {0});
  const InvocationSpace space = buildInvocationSpace(op, isa, e);
  for (int copies : {1, 2}) {
    verify(emitProgram(op, isa, e, scheduleFor(space, {{"tb", 3}, {"ti", 2}, {"to", 2}}, copies)), 5);
    verify(emitProgram(op, isa, e, scheduleFor(space, {{"tb", 7}, {"ti", 5}, {"to", 5}}, copies)), 6);
  }
}

TEST_CASE("emit: conv with channel packing, padding, stride and reduction tiles") {
  ConvShape s{.n = 1, .c = 5, .h = 9, .w = 8, .k = 6, .r = 3, .s = 3, .sh = 2, .sw = 1, .ph = 1, .pw = 1, .shift = 4};
  const Operator op = makeConv(s);
  const Isa isa = makeIsa(0, 2);
  const Embedding e = emb(0, {0}, {4}, {1});
  const InvocationSpace space = buildInvocationSpace(op, isa, e);
  verify(emitProgram(op, isa, e, scheduleFor(space, {{"p", 2}, {"q", 8}, {"r", 3}, {"s", 3}, {"ti", 1}, {"to", 2}})),
         1);
  verify(emitProgram(op, isa, e, scheduleFor(space, {{"p", 5}, {"q", 3}, {"r", 2}, {"s", 3}, {"ti", 2}, {"to", 1}})),
         2);
}

TEST_CASE("emit: tiny outputs need scratch-padded kernels (fewer outputs than the hazard distance)") {
  const Operator op = makeGemm(3, 1, 50, 1);
  const Isa isa = makeIsa(0, 3);
  const Embedding e = emb(1, {1}, {2}, {0});
  const InvocationSpace space = buildInvocationSpace(op, isa, e);
  verify(emitProgram(op, isa, e, scheduleFor(space, {{"ti", 7}})), 3);
}

// compile (bench/compile.h): tune, time, verify.
#include "inlay/bench/compile.h"

#include "inlay/ir/capture_errors.h"
#include "inlay/ir/error.h"

namespace inlay {

Compiled compile(const Operator& op, const Isa& isa, const CompileOptions& options) {
  TunedProgram tuned = tuneProgram(op, isa, options.strategy, options.gen);
  Compiled c;
  c.generated = std::move(tuned.generated);
  if (options.verify) {
    c.verification = verifyProgram(c.generated.program, options.seed);
    if (c.verification.fault) throw WorkError("simulator fault: " + c.verification.fault->message);
    c.stats = c.verification.stats;
    c.verified = c.verification.verified;
  } else if (tuned.timing) {
    c.stats = *tuned.timing;
  } else {
    std::vector<uint8_t> noImage;
    SimResult timing = simulate(c.generated.program, noImage, {.functional = false});
    if (timing.fault) throw WorkError("simulator fault: " + timing.fault->message);
    c.stats = timing.stats;
  }
  c.cycles = c.stats.cycles;
  return c;
}

Expected<Compiled> tryCompile(const Operator& op, const Isa& isa, const CompileOptions& options) {
  return captureErrors([&] { return compile(op, isa, options); });
}

}  // namespace inlay

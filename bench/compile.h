// The library's one-call entry point: from an operator and an ISA to the program Inlay would run, its simulated
// cycles, and its bit-exact check against the CPU reference. It is what `inlay run --verify` does, as a function.
#pragma once

#include <cstdint>

#include "inlay/bench/tune.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/expected.h"
#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/sim/verify.h"

namespace inlay {

struct CompileOptions {
  Strategy strategy = Strategy::Csp;
  GenOptions gen;      // solver backend, node budget, time limit, candidates
  bool verify = true;  // run the program functionally at full size on seeded random inputs and compare
  uint64_t seed = 1;
};

struct Compiled {
  Generated generated;        // the program (generated.program) and the embedding it implements
  int64_t cycles = 0;         // simulated cycles (the timing model)
  SimStats stats;             // of that run
  VerifyResult verification;  // options.verify: the functional run's comparison with the CPU reference
  bool verified = false;      // options.verify and the output matched bit for bit
};

/// Generates `op` for `isa` with the strategy, tuned by simulation as every `inlay` command does (bench/tune.h),
/// times it and, with options.verify, verifies it. Validates op and isa (InputError); throws WorkError when no program
/// can be generated (no embedding, an operator the ISA cannot address). A verification mismatch is not an exception:
/// `verified` is false and `verification` says where. Thread-safe: calls on different threads share no state.
Compiled compile(const Operator& op, const Isa& isa, const CompileOptions& options = {});

/// compile without exceptions: the error as a value (inlay/ir/expected.h).
Expected<Compiled> tryCompile(const Operator& op, const Isa& isa, const CompileOptions& options = {});

}  // namespace inlay

// Random operators and the property every one must have (issue 11, "Keep it fixed"): built with the public builders
// from a seeded generator — gemm, conv2d (strides up to and beyond the filter, padding, groups and depthwise, odd
// sizes, batch > 1) and loopnests (constant offsets, transposed accesses, a dim repeated in one access, batched
// matmuls, dilation) — each generated for an ISA and strategy is verified bit-exactly or refused with a WorkError,
// never a mismatch, fault, instruction-rule violation, InternalError or other exception. Shared by the property test
// (property_test.cpp) and its long run (bench/perf/codegen_property.cpp); no doctest here.
#pragma once

#include <cstdint>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inlay/codegen/bounds.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/ir/operator_print.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/sim/verify.h"
#include "insn_checks.h"

namespace inlay::test {

inline int64_t pickIn(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

inline bool chance(std::mt19937_64& rng, int percent) { return pickIn(rng, 0, 99) < percent; }

/// A requantisation shift: mostly small, sometimes 16..31 (emitted as two shifts, issue 11, 9).
inline int randomShift(std::mt19937_64& rng) {
  return static_cast<int>(chance(rng, 15) ? pickIn(rng, 16, 31) : pickIn(rng, 0, 10));
}

/// Mostly small sizes; one in eight up to `scale` times larger, so that operands exceed the smaller ISAs' buffers
/// and the tiler splits them (and the reduction into chunks).
inline int64_t randomExtent(std::mt19937_64& rng, int64_t hi, int64_t scale) {
  return pickIn(rng, 1, chance(rng, 12) ? hi * scale : hi);
}

inline Operator randomGemm(std::mt19937_64& rng) {
  return gemmOperator(randomExtent(rng, 40, 4), randomExtent(rng, 40, 4), randomExtent(rng, 70, 8), randomShift(rng),
                      "rand_gemm");
}

inline Operator randomConv2d(std::mt19937_64& rng) {
  Conv2dParams p;
  p.N = pickIn(rng, 1, 3);
  const int64_t kind = pickIn(rng, 0, 5);  // 0..3 ungrouped, 4 grouped, 5 depthwise
  if (kind == 5) {
    p.groups = pickIn(rng, 2, 12);
    p.C = p.groups;
    p.K = p.groups * pickIn(rng, 1, 2);
  } else {
    p.groups = kind == 4 ? pickIn(rng, 2, 4) : 1;
    p.C = p.groups * randomExtent(rng, 9, 5);
    p.K = p.groups * randomExtent(rng, 9, 5);
  }
  p.R = pickIn(rng, 1, 4);
  p.S = pickIn(rng, 1, 4);
  p.padH = pickIn(rng, 0, 2);
  p.padW = pickIn(rng, 0, 2);
  p.H = pickIn(rng, std::max<int64_t>(1, p.R - 2 * p.padH), chance(rng, 12) ? 30 : 12);
  p.W = pickIn(rng, std::max<int64_t>(1, p.S - 2 * p.padW), chance(rng, 12) ? 30 : 12);
  p.strideH = pickIn(rng, 1, p.R + 2);  // up to and beyond the filter: rows skipped
  p.strideW = pickIn(rng, 1, p.S + 2);
  p.shift = randomShift(rng);
  return conv2dOperator(p, "rand_conv2d");
}

/// An affine term "d", "d+c" or "d-c".
inline std::string offsetIndex(const std::string& dim, int64_t offset) {
  if (offset == 0) return dim;
  return dim + (offset > 0 ? "+" : "") + std::to_string(offset);
}

/// Swaps the two entries of a 2-D access and its shape: a transposed operand.
inline void maybeTranspose(std::mt19937_64& rng, LoopnestAccess& a) {
  if (a.index.size() < 2 || !chance(rng, 40)) return;
  const size_t i = a.index.size() - 2, j = a.index.size() - 1;
  std::swap(a.index[i], a.index[j]);
  if (!a.shape.empty()) std::swap(a.shape[i], a.shape[j]);
}

/// A constant offset for an input index: mostly none, sometimes into the zero padding on either side.
inline int64_t randomOffset(std::mt19937_64& rng) { return chance(rng, 60) ? 0 : pickIn(rng, -2, 3); }

inline Operator randomLoopnest(std::mt19937_64& rng) {
  const int shift = randomShift(rng);
  const int64_t M = randomExtent(rng, 24, 4), N = randomExtent(rng, 24, 4), K = randomExtent(rng, 40, 4);
  switch (pickIn(rng, 0, 4)) {
    case 0: {  // matmul with constant offsets in the input indices (reads past an edge are padding) and transposes
      const int64_t om = randomOffset(rng), ok = randomOffset(rng), ok2 = randomOffset(rng), on = randomOffset(rng);
      LoopnestAccess a{"A", {offsetIndex("m", om), offsetIndex("k", ok)}, {M, K}};
      LoopnestAccess b{"B", {offsetIndex("k", ok2), offsetIndex("n", on)}, {K, N}};
      LoopnestAccess c{"C", {"m", "n"}, {}};
      maybeTranspose(rng, a);
      maybeTranspose(rng, b);
      maybeTranspose(rng, c);
      return loopnestOperator({{"m", M}, {"n", N}, {"k", K}}, {"k"}, c, {a, b}, shift, "rand_offset_matmul");
    }
    case 1: {  // a dim repeated in one access: A[m, m+k] (a band of A), shape derived
      LoopnestAccess a{"A", {"m", chance(rng, 50) ? "m+k" : "k+2*m"}, {}};
      LoopnestAccess b{"B", {"k", "n"}, {}};
      LoopnestAccess c{"C", {"m", "n"}, {}};
      maybeTranspose(rng, b);
      std::vector<std::pair<std::string, int64_t>> dims{{"m", M}, {"n", N}, {"k", K}};
      if (chance(rng, 50)) std::swap(dims[0], dims[2]);  // loop order is not the lowering's
      return loopnestOperator(dims, {"k"}, c, {a, b}, shift, "rand_repeated_dim");
    }
    case 2: {  // batched matmul: the batch dim in all three accesses
      const int64_t Bt = pickIn(rng, 1, 4);
      LoopnestAccess a{"A", {"b", "m", "k"}, {}};
      LoopnestAccess b{"B", {"b", "k", "n"}, {}};
      LoopnestAccess c{"C", {"b", "m", "n"}, {}};
      maybeTranspose(rng, a);
      maybeTranspose(rng, b);
      maybeTranspose(rng, c);
      return loopnestOperator({{"b", Bt}, {"m", M}, {"n", N}, {"k", K}}, {"k"}, c, {a, b}, shift,
                              "rand_batched_matmul");
    }
    case 3: {  // dilated convolution with padding: I[n, c, p + d·r − pad, q + d·s − pad]
      const int64_t Nb = pickIn(rng, 1, 2), C = pickIn(rng, 1, 12), Kc = pickIn(rng, 1, 12);
      const int64_t P = pickIn(rng, 1, 9), Q = pickIn(rng, 1, 9), R = pickIn(rng, 1, 3), S = pickIn(rng, 1, 3);
      const int64_t d = pickIn(rng, 1, 3), pad = pickIn(rng, 0, 2), st = pickIn(rng, 1, 3);
      const std::string ds = std::to_string(d), sts = std::to_string(st);
      const auto spatial = [&](const std::string& out, const std::string& red) {
        return offsetIndex(sts + "*" + out + "+" + ds + "*" + red, -pad);
      };
      const int64_t H = st * (P - 1) + d * (R - 1) + 1, W = st * (Q - 1) + d * (S - 1) + 1;
      LoopnestAccess in{"I", {"n", "c", spatial("p", "r"), spatial("q", "s")}, {Nb, C, H, W}};
      LoopnestAccess f{"F", {"k", "c", "r", "s"}, {}};
      LoopnestAccess o{"O", {"n", "k", "p", "q"}, {}};
      return loopnestOperator({{"n", Nb}, {"k", Kc}, {"p", P}, {"q", Q}, {"c", C}, {"r", R}, {"s", S}}, {"c", "r", "s"},
                              o, {in, f}, shift, "rand_dilated_conv");
    }
    default: {  // an output offset: C[m+1, n] leaves a row unwritten, which the generator must refuse (issue 11, 4)
      LoopnestAccess a{"A", {"m", "k"}, {}};
      LoopnestAccess b{"B", {"k", "n"}, {}};
      LoopnestAccess c{"C", {offsetIndex("m", pickIn(rng, 0, 2)), "n"}, {}};
      return loopnestOperator({{"m", M}, {"n", N}, {"k", K}}, {"k"}, c, {a, b}, shift, "rand_out_offset");
    }
  }
}

/// One random operator: a third each of gemm, conv2d and loopnest.
inline Operator randomOperator(std::mt19937_64& rng) {
  switch (pickIn(rng, 0, 2)) {
    case 0: return randomGemm(rng);
    case 1: return randomConv2d(rng);
    default: return randomLoopnest(rng);
  }
}

enum class CaseOutcome { Verified, Refused, Failed };

struct CaseResult {
  CaseOutcome outcome = CaseOutcome::Failed;
  std::string detail;  // Refused: the WorkError's message; Failed: what went wrong
  int programs = 0;    // candidate programs generated and checked
};

/// The property for one (operator, ISA, strategy): every candidate program the strategy offers (with two solver
/// embeddings for csp) passes the instruction checks, verifies bit-exactly on seeded inputs without hazards and runs
/// no faster than floorCycles (codegen/bounds.h, which is at least boundCycles) — or
/// generation throws a WorkError (a refusal with a reason). Anything else is a failure.
inline CaseResult runPropertyCase(const Operator& op, const Isa& isa, Strategy strategy, uint64_t seed) {
  CaseResult r;
  try {
    GenOptions options;
    options.candidates = 2;
    const std::vector<Generated> candidates = generateCandidates(op, isa, strategy, options);
    for (const Generated& g : candidates) {
      ++r.programs;
      const std::vector<InsnViolation> violations = findInsnViolations(g.program, 1);
      if (!violations.empty()) {
        r.detail = "instruction check: " + describeViolation(g.program, violations[0]);
        return r;
      }
      const VerifyResult v = verifyProgram(g.program, seed);
      if (!v.verified || v.stats.hazards != 0) {
        r.detail = "candidate " + std::to_string(r.programs) + " (" + scheduleSourceName(g.scheduleSource) + ", rank " +
                   std::to_string(g.embeddingRank) + "): " +
                   (v.fault            ? "fault: " + v.fault->message
                    : !v.error.empty() ? "error: " + v.error
                    : v.mismatches
                        ? std::to_string(v.mismatches) + " mismatches, first at " + std::to_string(v.firstMismatch) +
                              ": expected " + std::to_string(v.expected) + ", got " + std::to_string(v.actual)
                        : std::to_string(v.stats.hazards) + " hazards");
        return r;
      }
      if (v.stats.cycles < floorCycles(op, isa)) {
        r.detail = "candidate " + std::to_string(r.programs) + " runs " + std::to_string(v.stats.cycles) +
                   " cycles, below the floor " + std::to_string(floorCycles(op, isa)) + " (a bound that lies)";
        return r;
      }
    }
    r.outcome = CaseOutcome::Verified;
  } catch (const WorkError& e) {
    r.outcome = CaseOutcome::Refused;
    r.detail = e.what();
  } catch (const InternalError& e) {
    r.detail = std::string("InternalError: ") + e.what();
  } catch (const InputError& e) {
    r.detail = std::string("InputError: ") + e.what();
  } catch (const std::exception& e) {
    r.detail = std::string("exception: ") + e.what();
  }
  return r;
}

/// The operator as a one-line loopnest spec, to reproduce a failure with `inlay run --verify`.
inline std::string operatorSpecLine(const Operator& op) { return toLoopnestSpec(op).dump(); }

}  // namespace inlay::test

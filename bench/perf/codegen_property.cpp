// The property test's long run (issue 11): random operators (tests/codegen/random_operators.h) × the shipped ISAs ×
// the csp, fixed and reference strategies, each verified bit-exactly or refused with a reason. Prints the cases tried,
// verified, refused (by reason class: the message with numbers blanked) and every failure with its seed, ISA,
// strategy and operator spec. Usage: perf_codegen_property [OPERATORS] [SEED] (default 200 operators, seed 1; each
// operator is 12 cases). Exit 1 when any case failed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "inlay/isa/shipped_isa.h"
#include "random_operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

/// A refusal's class: its message with the operator's name replaced by "OP" and every digit run by '#', so that names
/// and sizes do not split classes.
std::string reasonClass(std::string message, const std::string& opName) {
  for (size_t at = message.find(opName); at != std::string::npos; at = message.find(opName, at + 2))
    message.replace(at, opName.size(), "OP");
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] >= '0' && message[i] <= '9') {
      if (out.empty() || out.back() != '#') out += '#';
    } else
      out += message[i];
  }
  return out.size() > 160 ? out.substr(0, 160) + "..." : out;
}

}  // namespace

int main(int argc, char** argv) {
  const long operators = argc > 1 ? std::atol(argv[1]) : 200;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  std::vector<Isa> isas;
  for (const std::string& name : shippedIsaNames()) isas.push_back(shippedIsa(name));
  const Strategy strategies[] = {Strategy::Csp, Strategy::Fixed, Strategy::Reference};
  long tried = 0, verified = 0, refused = 0, failed = 0, programs = 0, invalid = 0;
  std::map<std::string, long> refusals;  // "strategy: class" → count
  const auto start = std::chrono::steady_clock::now();
  for (long n = 0; n < operators; ++n) {
    const uint64_t opSeed = seed + static_cast<uint64_t>(n);
    std::mt19937_64 rng(opSeed);
    Operator op;
    try {
      op = randomOperator(rng);
    } catch (const std::exception& e) {  // the generator built an invalid operator: its bug, reported
      ++invalid;
      std::printf("INVALID operator seed %llu: %s\n", static_cast<unsigned long long>(opSeed), e.what());
      continue;
    }
    for (const Isa& isa : isas)
      for (Strategy s : strategies) {
        ++tried;
        const CaseResult r = runPropertyCase(op, isa, s, opSeed);
        programs += r.programs;
        switch (r.outcome) {
          case CaseOutcome::Verified: ++verified; break;
          case CaseOutcome::Refused:
            ++refused;
            ++refusals[strategyName(s) + ": " + reasonClass(r.detail, op.name)];
            break;
          case CaseOutcome::Failed:
            ++failed;
            std::printf("FAILED seed %llu, %s, %s: %s\n  %s\n", static_cast<unsigned long long>(opSeed),
                        isa.name.c_str(), strategyName(s).c_str(), r.detail.c_str(), operatorSpecLine(op).c_str());
            std::fflush(stdout);
            break;
        }
      }
    if ((n + 1) % 100 == 0) {
      std::fprintf(stderr, "%ld operators, %ld cases, %ld failed\n", n + 1, tried, failed);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "operators %ld (seeds %llu..%llu), invalid %ld; cases %ld: verified %ld (%ld programs), refused %ld, "
      "failed %ld; %.1f s\n",
      operators, static_cast<unsigned long long>(seed),
      static_cast<unsigned long long>(seed + static_cast<uint64_t>(operators) - 1), invalid, tried, verified, programs,
      refused, failed, seconds);
  for (const auto& [reason, count] : refusals) std::printf("  refused %6ld  %s\n", count, reason.c_str());
  return failed || invalid ? 1 : 0;
}

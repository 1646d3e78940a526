// The property test (issue 11, "Keep it fixed"): seeded random operators (random_operators.h) × the four shipped ISAs ×
// the csp, fixed and reference strategies; each candidate program passes the instruction checks and verifies
// bit-exactly, or generation is refused with a WorkError carrying a reason. The long run is
// bench/perf/codegen_property.cpp.
#include <doctest/doctest.h>

#include "inlay/isa/shipped_isa.h"
#include "random_operators.h"

using namespace inlay;
using namespace inlay::test;

namespace {

// Operators per run (each is 12 cases): about 5 s of CPU in a Release build; fewer under the sanitizers, which
// run the simulator about 10× slower.
#ifdef INLAY_SANITIZED_BUILD
constexpr int kOperators = 12;
#else
constexpr int kOperators = 40;
#endif

}  // namespace

TEST_CASE("property: random operators on every shipped ISA and strategy verify or are refused with a reason") {
  std::vector<Isa> isas;
  for (const std::string& name : shippedIsaNames()) isas.push_back(shippedIsa(name));
  REQUIRE(isas.size() == 4);
  int verified = 0, refused = 0;
  for (uint64_t seed = 1; seed <= kOperators; ++seed) {
    std::mt19937_64 rng(seed);
    const Operator op = randomOperator(rng);
    const std::string spec = operatorSpecLine(op);
    CAPTURE(seed);
    CAPTURE(spec);
    for (const Isa& isa : isas)
      for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference}) {
        INFO(isa.name << ", " << strategyName(s) << "\n" << printOperator(op));
        const CaseResult r = runPropertyCase(op, isa, s, seed);
        INFO(r.detail);
        REQUIRE(r.outcome != CaseOutcome::Failed);
        if (r.outcome == CaseOutcome::Verified) {
          CHECK(r.programs >= 1);
          ++verified;
        } else {
          CHECK(!r.detail.empty());
          ++refused;
        }
      }
  }
  // The sample exercises both outcomes, so that a generator refusing everything cannot pass.
  CHECK(verified > kOperators * 12 / 2);
  CHECK(refused > 0);
}

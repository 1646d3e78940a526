// The search for periodic regions (perfmodel/periodic_regions.h): exact regions on hand-made timing sequences.
#include <doctest/doctest.h>

#include "inlay/perfmodel/periodic_regions.h"

using namespace inlay;

namespace {

/// One TimedInsn per letter: equal letters are timing-equal, different ones differ in cost.
TimedStream sequence(const std::string& letters) {
  std::vector<TimedInsn> insns;
  for (char c : letters) insns.push_back({InsnRoute{}, InsnCost{0, c - 'a' + 1}});
  return TimedStream(std::move(insns));
}

}  // namespace

TEST_CASE("a prefix, a repeated body and a suffix") {
  CHECK(findPeriodicRegions(sequence("xabcabcabcabcabcy")) == std::vector<PeriodicRegion>{{1, 3, 5}});
}

TEST_CASE("the period covering most wins over a shorter one that stops early") {
  // (aab) repeats 4 times; (a) alone only twice in a row.
  CHECK(findPeriodicRegions(sequence("aabaabaabaab")) == std::vector<PeriodicRegion>{{0, 3, 4}});
}

TEST_CASE("two regions in sequence, the shortest period of equal coverage") {
  CHECK(findPeriodicRegions(sequence("aaaaaabcbcbcbc")) == std::vector<PeriodicRegion>{{0, 1, 6}, {6, 2, 4}});
}

TEST_CASE("fewer repeats than minRepeats, or a period beyond maxPeriod: no region") {
  CHECK(findPeriodicRegions(sequence("abcabcd")).empty());
  RegionSearch shortPeriods;
  shortPeriods.maxPeriod = 2;
  CHECK(findPeriodicRegions(sequence("abcabcabc"), shortPeriods).empty());
  CHECK(findPeriodicRegions(sequence("")).empty());
}

// libFuzzer target for the operator spec reader (parseOperators, docs/formats.md §1): any input is refused with an
// InputError or read; a spec that is read also round-trips through its loopnest form unchanged.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "inlay/ir/spec_reader.h"
#include "json_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<inlay::Operator> ops;
  if (!inlay_fuzz::acceptsInput([&] { ops = inlay::parseOperators(text, "fuzz.json"); })) return 0;
  inlay_fuzz::mustSucceed([&] {
    for (const inlay::Operator& op : ops)
      if (!(inlay::lowerSpec(inlay::toLoopnestSpec(op), "<roundtrip>") == op))
        inlay_fuzz::finding("lowerSpec(toLoopnestSpec(op)) != op");
  });
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  return inlay_fuzz::mutateJsonInput(data, size, maxSize, seed);
}

// libFuzzer target for the ISA reader (parseIsa over json_read::parse, docs/formats.md §2): any input is refused with
// an InputError or read; an ISA that is read also round-trips through isaToJson unchanged.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "inlay/ir/json_read.h"
#include "inlay/isa/isa_reader.h"
#include "json_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<inlay::Isa> isa;
  if (!inlay_fuzz::acceptsInput(
          [&] { isa = inlay::parseIsa(inlay::json_read::parse(text, "fuzz.json"), "fuzz.json"); }))
    return 0;
  inlay_fuzz::mustSucceed([&] {
    nlohmann::json written = inlay::isaToJson(*isa);
    if (inlay::isaToJson(inlay::parseIsa(written, "<roundtrip>")) != written)
      inlay_fuzz::finding("parseIsa(isaToJson(isa)) differs from isa");
  });
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  return inlay_fuzz::mutateJsonInput(data, size, maxSize, seed);
}

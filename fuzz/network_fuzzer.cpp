// libFuzzer target for the network reader (parseNetwork, docs/formats.md §5): any input is refused with an InputError
// or read; a network that is read also round-trips through the writer unchanged.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "inlay/net/network_io.h"
#include "json_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  inlay::net::Network net;
  if (!inlay_fuzz::acceptsInput([&] { net = inlay::net::parseNetwork(text, "fuzz.json"); })) return 0;
  inlay_fuzz::mustSucceed([&] {
    if (!(inlay::net::parseNetwork(inlay::net::writeNetwork(net), "<roundtrip>") == net))
      inlay_fuzz::finding("parseNetwork(writeNetwork(net)) != net");
  });
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  return inlay_fuzz::mutateJsonInput(data, size, maxSize, seed);
}

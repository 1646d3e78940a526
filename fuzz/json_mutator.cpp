// Structure-aware JSON mutations (see json_mutator.h). The mutations are the ones that found Inlay's reader bugs by
// hand: extreme and out-of-range numbers (1e999 has no JSON value, so it is spliced in as text), wrong types, deep
// nesting, duplicated and missing members, and the names and values the readers look for.
#include "json_mutator.h"

#include <cstring>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

namespace inlay_fuzz {

namespace {

using json = nlohmann::ordered_json;  // keeps key order: a loopnest's dims are ordered by the file

// Replaced by the number text 1e999 after serialising: no double holds it.
const std::string kHugeMarker = "\"__inlay_fuzz_1e999__\"";

// Field names and values of the operator spec, the ISA and the program manifest (docs/formats.md).
const std::vector<std::string> kKnownNames = {
    "op",
    "gemm",
    "conv2d",
    "loopnest",
    "name",
    "shape",
    "M",
    "N",
    "K",
    "C",
    "H",
    "W",
    "R",
    "S",
    "stride",
    "pad",
    "groups",
    "dilation",
    "requant",
    "shift",
    "dims",
    "reduce",
    "out",
    "inputs",
    "tensor",
    "index",
    "operators",
    "m",
    "n",
    "k",
    "A",
    "B",
    "LOG_BATCH",
    "LOG_BLOCK_IN",
    "LOG_BLOCK_OUT",
    "LOG_INP_WIDTH",
    "LOG_WGT_WIDTH",
    "LOG_ACC_WIDTH",
    "LOG_INP_BUFF_SIZE",
    "LOG_WGT_BUFF_SIZE",
    "LOG_ACC_BUFF_SIZE",
    "LOG_UOP_BUFF_SIZE",
    "bus_bytes",
    "timing",
    "pattern",
    "extents",
    "format",
    "inlay-program",
    "version",
    "isa",
    "operator",
    "strategy",
    "buffers",
    "role",
    "input",
    "weight",
    "output",
    "accumulator",
    "uop",
    "memory_type",
    "INP",
    "WGT",
    "ACC",
    "OUT",
    "UOP",
    "offset",
    "bytes",
    "layout",
    "scalar_bytes",
    "tensor_shape",
    "dram_bytes",
    "instructions",
    "uops",
    "count",
    "file",
    "data",
    "seed",
    "expected_output",
    "buffer",
    "insns.bin",
    "uops.bin",
    "data/inp.bin",
    "../x",
    "/etc/passwd",
    "",
    "m+1",
    "-k",
    "2*m+k",
    "m/0",
    "m%0",
    "(((m)))",
    "m-100",
    "x0 + (8*to + lo) / 1",
};

// Numbers at the edges of the readers' integer and double ranges.
const std::vector<json> kExtremeNumbers = {
    json(0),
    json(-1),
    json(1),
    json(2),
    json(3),
    json(16),
    json(31),
    json(32),
    json(64),
    json(INT64_C(2147483647)),
    json(INT64_C(2147483648)),
    json(INT64_C(4294967295)),
    json(INT64_C(4294967296)),
    json(INT64_MAX),
    json(INT64_MIN),
    json(uint64_t{1} << 63),
    json(UINT64_MAX),
    json(1e308),
    json(-1e308),
    json(0.5),
    json(-0.0),
    json(5e-324),
};

// Every node of the document, parents before children.
void collect(json& node, std::vector<json*>& nodes) {
  nodes.push_back(&node);
  if (node.is_structured())
    for (auto& child : node) collect(child, nodes);
}

template <class T>
const T& pick(const std::vector<T>& values, std::mt19937& rng) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
}

json otherType(std::mt19937& rng) {
  switch (rng() % 7) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return "";
    case 3: return json::array();
    case 4: return json::object();
    case 5: return pick(kKnownNames, rng);
    default: return json::array({1, 2});
  }
}

// Applies one mutation to `node`; `nodes` (the whole document) lets it copy another part of the document there.
void mutateNode(json& node, std::mt19937& rng, std::vector<json*>& nodes) {
  switch (rng() % 10) {
    case 0:
    case 1: node = pick(kExtremeNumbers, rng); return;
    case 2: node = kHugeMarker.substr(1, kHugeMarker.size() - 2); return;
    case 3: node = otherType(rng); return;
    case 4:                            // a number nearby
      if (node.is_number_integer()) {  // wrapping in uint64_t: INT64_MAX + 1 and -INT64_MIN are mutations too
        uint64_t v = node.get<uint64_t>();
        node = static_cast<int64_t>(rng() % 2 ? v + 1 : (rng() % 2 ? v - 1 : uint64_t{0} - v));
      } else {
        node = pick(kExtremeNumbers, rng);
      }
      return;
    case 5: {  // deeper nesting
      int depth = 1 + static_cast<int>(rng() % (rng() % 4 == 0 ? 64 : 4));
      for (int i = 0; i < depth; ++i) node = rng() % 2 ? json::array({node}) : json::object({{"x", node}});
      return;
    }
    case 6:  // delete a member or element
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, rng() % node.size());
        node.erase(it.key());
      } else if (node.is_array() && !node.empty()) {
        node.erase(node.begin() + static_cast<std::ptrdiff_t>(rng() % node.size()));
      } else {
        node = otherType(rng);
      }
      return;
    case 7: {  // duplicate a member under a known name, or an element; or copy another node here
      json copy = *pick(nodes, rng);
      if (node.is_object())
        node[pick(kKnownNames, rng)] = std::move(copy);
      else if (node.is_array())
        node.push_back(std::move(copy));
      else
        node = std::move(copy);
      return;
    }
    case 8:  // rename a member to a known name
      if (node.is_object() && !node.empty()) {
        auto it = node.begin();
        std::advance(it, rng() % node.size());
        json value = *it;
        node.erase(it.key());
        node[pick(kKnownNames, rng)] = std::move(value);
      } else {
        node = pick(kKnownNames, rng);
      }
      return;
    default:  // a string changed to a known name or value, or edited
      if (node.is_string() && rng() % 2) {
        std::string s = node.get<std::string>();
        s.insert(rng() % (s.size() + 1), pick(kKnownNames, rng));
        node = s;
      } else {
        node = pick(kKnownNames, rng);
      }
      return;
  }
}

}  // namespace

std::optional<std::string> mutateJsonText(const std::string& text, size_t maxSize, unsigned seed) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  std::mt19937 rng(seed);
  int rounds = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < rounds; ++i) {
    std::vector<json*> nodes;
    collect(doc, nodes);
    mutateNode(*pick(nodes, rng), rng, nodes);
  }
  std::string out = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  for (size_t at = out.find(kHugeMarker); at != std::string::npos; at = out.find(kHugeMarker, at))
    out.replace(at, kHugeMarker.size(), "1e999");
  if (out.size() > maxSize) return std::nullopt;
  return out;
}

size_t mutateJsonInput(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  if (seed % 4 != 0) {
    std::optional<std::string> mutated =
        mutateJsonText(std::string(reinterpret_cast<const char*>(data), size), maxSize, seed);
    if (mutated) {
      std::memcpy(data, mutated->data(), mutated->size());
      return mutated->size();
    }
  }
  return LLVMFuzzerMutate(data, size, maxSize);
}

}  // namespace inlay_fuzz

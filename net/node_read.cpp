// The per-op fields of a network node, with the defaults of docs/formats.md §5.3.
#include "inlay/net/node_read.h"

#include <optional>

namespace inlay::net {
namespace {

using J = nlohmann::ordered_json;
using json_read::Where;

const std::vector<std::string> kCommon{"name", "op", "inputs", "output"};
const std::vector<std::string> kEpilogue{"bias", "shift", "residual", "relu"};

std::vector<std::string> fields(std::initializer_list<std::vector<std::string>> groups) {
  std::vector<std::string> all = kCommon;
  for (const auto& g : groups) all.insert(all.end(), g.begin(), g.end());
  return all;
}

// An [h, w] pair of integers ≥ lo, or `fallback` when absent (required when fallback is empty).
Pair readPair(const J& node, const std::string& key, const Where& at, int64_t lo, std::optional<Pair> fallback) {
  if (!node.contains(key)) {
    if (!fallback) (at / key).fail("missing field");
    return *fallback;
  }
  const J& v = json_read::array(node.at(key), at / key);
  if (v.size() != 2) (at / key).fail("expected [h, w], got " + std::to_string(v.size()) + " values");
  Pair p{};
  for (size_t i = 0; i < 2; ++i) p[i] = json_read::integerIn(v[i], (at / key)[i], lo, INT64_MAX);
  return p;
}

bool readFlag(const J& node, const std::string& key, const Where& at) {
  return node.contains(key) && json_read::boolean(node.at(key), at / key);
}

int readShift(const J& node, const Where& at) {
  return node.contains("shift") ? static_cast<int>(json_read::integerIn(node.at("shift"), at / "shift", 0, 31)) : 0;
}

FusedEpilogue readEpilogue(const J& node, const Where& at) {
  FusedEpilogue e;
  e.bias = readFlag(node, "bias", at);
  e.shift = readShift(node, at);
  if (node.contains("residual")) e.residual = json_read::string(node.at("residual"), at / "residual");
  e.relu = readFlag(node, "relu", at);
  return e;
}

Conv2d readConv2d(const J& node, const Where& at) {
  json_read::rejectUnknownFields(
      node, fields({{"channels", "kernel", "stride", "pad", "dilation", "groups"}, kEpilogue}), at);
  Conv2d c;
  c.channels = json_read::positive(json_read::member(node, "channels", at), at / "channels");
  c.kernel = readPair(node, "kernel", at, 1, std::nullopt);
  c.stride = readPair(node, "stride", at, 1, Pair{1, 1});
  c.pad = readPair(node, "pad", at, 0, Pair{0, 0});
  c.dilation = readPair(node, "dilation", at, 1, Pair{1, 1});
  if (node.contains("groups")) c.groups = json_read::positive(node.at("groups"), at / "groups");
  c.epilogue = readEpilogue(node, at);
  return c;
}

Dense readDense(const J& node, const Where& at) {
  json_read::rejectUnknownFields(node, fields({{"units"}, kEpilogue}), at);
  return {json_read::positive(json_read::member(node, "units", at), at / "units"), readEpilogue(node, at)};
}

// "mk,kn->mn": the operands' and the output's layouts.
Matmul readMatmul(const J& node, const Where& at) {
  json_read::rejectUnknownFields(node, fields({{"layout"}, kEpilogue}), at);
  Matmul m;
  if (node.contains("layout")) {
    std::string text = json_read::string(node.at("layout"), at / "layout");
    size_t comma = text.find(','), arrow = text.find("->");
    if (comma == std::string::npos || arrow == std::string::npos || arrow < comma)
      (at / "layout").fail("expected \"A,B->OUT\" (e.g. \"mk,kn->mn\"), got \"" + text + "\"");
    m.a = text.substr(0, comma);
    m.b = text.substr(comma + 1, arrow - comma - 1);
    m.out = text.substr(arrow + 2);
  }
  m.epilogue = readEpilogue(node, at);
  return m;
}

Add readAdd(const J& node, const Where& at) {
  json_read::rejectUnknownFields(node, fields({{"shift", "relu"}}), at);
  return {readShift(node, at), readFlag(node, "relu", at)};
}

// "pad": [h, w] (symmetric) or [top, left, bottom, right], as ONNX orders its pads.
void readPoolPad(const J& node, const Where& at, Pool& p) {
  if (!node.contains("pad")) return;
  const J& v = json_read::array(node.at("pad"), at / "pad");
  if (v.size() != 2 && v.size() != 4)
    (at / "pad").fail("expected [h, w] or [top, left, bottom, right], got " + std::to_string(v.size()) + " values");
  int64_t pads[4];
  for (size_t i = 0; i < v.size(); ++i) pads[i] = json_read::integerIn(v[i], (at / "pad")[i], 0, INT64_MAX);
  p.pad = {pads[0], pads[1]};
  p.padEnd = v.size() == 4 ? Pair{pads[2], pads[3]} : p.pad;
}

Pool readPool(const J& node, const Where& at, Pool::Kind kind) {
  json_read::rejectUnknownFields(node, fields({{"kernel", "stride", "pad"}}), at);
  Pool p{kind, readPair(node, "kernel", at, 1, std::nullopt), readPair(node, "stride", at, 1, Pair{1, 1})};
  readPoolPad(node, at, p);
  return p;
}

Host readHost(const J& node, const Where& at) {
  json_read::rejectUnknownFields(node, fields({{"function", "shape"}}), at);
  Host h{json_read::string(json_read::member(node, "function", at), at / "function"), {}};
  if (h.function.empty()) (at / "function").fail("must not be empty");
  if (node.contains("shape")) h.shape = readIntegers(node.at("shape"), at / "shape");
  return h;
}

NodeOp readOp(const J& node, const std::string& op, const Where& at) {
  if (op == "conv2d") return readConv2d(node, at);
  if (op == "dense") return readDense(node, at);
  if (op == "matmul") return readMatmul(node, at);
  if (op == "add") return readAdd(node, at);
  if (op == "max_pool") return readPool(node, at, Pool::Kind::Max);
  if (op == "avg_pool") return readPool(node, at, Pool::Kind::Average);
  if (op == "reshape") {
    json_read::rejectUnknownFields(node, fields({{"shape"}}), at);
    return Reshape{readIntegers(json_read::member(node, "shape", at), at / "shape")};
  }
  if (op == "host") return readHost(node, at);
  json_read::rejectUnknownFields(node, kCommon, at);
  if (op == "relu") return Relu{};
  if (op == "global_avg_pool") return GlobalAveragePool{};
  (at / "op").fail("unknown op '" + op +
                   "' (expected conv2d, dense, matmul, add, relu, max_pool, avg_pool, global_avg_pool, reshape or "
                   "host)");
}

}  // namespace

std::vector<int64_t> readIntegers(const J& j, const Where& at) {
  json_read::array(j, at);
  std::vector<int64_t> values;
  for (size_t i = 0; i < j.size(); ++i) values.push_back(json_read::integer(j[i], at[i]));
  return values;
}

Node readNode(const J& j, const Where& at) {
  json_read::object(j, at);
  Node node;
  node.name = json_read::string(json_read::member(j, "name", at), at / "name");
  std::string op = json_read::string(json_read::member(j, "op", at), at / "op");
  const J& inputs = json_read::array(json_read::member(j, "inputs", at), at / "inputs");
  for (size_t i = 0; i < inputs.size(); ++i) node.inputs.push_back(json_read::string(inputs[i], (at / "inputs")[i]));
  node.output = json_read::string(json_read::member(j, "output", at), at / "output");
  node.op = readOp(j, op, at);
  return node;
}

}  // namespace inlay::net

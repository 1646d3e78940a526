// The network reader (net/network_io.h): fields and defaults, shape inference, the writer's round trip, and every
// error path with its exact message.
#include <doctest/doctest.h>

#include "inlay/ir/file_io.h"
#include "inlay/net/network_io.h"
#include "net/net_test_util.h"

using namespace inlay;
using namespace inlay::net;
using test::netDoc;
using test::parseError;

namespace {

const char* kConv = R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                        "kernel": [3, 3], "pad": [1, 1], "bias": true, "shift": 6, "relu": true})";

// data → conv (bias, shift, relu) → max pool → add with itself → reshape → dense → host softmax.
const char* kChain = R"({"name": "chain", "inputs": {"data": [1, 4, 8, 8]}, "outputs": ["probs"],
  "tensors": {"c": [1, 8, 8, 8]},
  "nodes": [
    {"name": "conv", "op": "conv2d", "inputs": ["data"], "output": "c", "channels": 8, "kernel": [3, 3],
     "stride": [1, 1], "pad": [1, 1], "dilation": [1, 1], "groups": 2, "bias": true, "shift": 6, "relu": true},
    {"name": "pool", "op": "max_pool", "inputs": ["c"], "output": "p", "kernel": [2, 2], "stride": [2, 2]},
    {"name": "sum", "op": "add", "inputs": ["p", "p"], "output": "s", "shift": 1, "relu": true},
    {"name": "avg", "op": "avg_pool", "inputs": ["s"], "output": "a", "kernel": [3, 3], "pad": [1, 1]},
    {"name": "gap", "op": "global_avg_pool", "inputs": ["a"], "output": "g"},
    {"name": "flat", "op": "reshape", "inputs": ["g"], "output": "f", "shape": [1, 8]},
    {"name": "fc", "op": "dense", "inputs": ["f"], "output": "logits", "units": 10, "residual": "r0", "bias": true},
    {"name": "r", "op": "relu", "inputs": ["logits"], "output": "r1"},
    {"name": "attn", "op": "matmul", "inputs": ["f", "f"], "output": "mm", "layout": "mk,nk->mn", "shift": 3},
    {"name": "probs", "op": "host", "inputs": ["r1"], "output": "probs", "function": "softmax"}
  ]})";

}  // namespace

TEST_CASE("network reader: fields, defaults and inferred shapes") {
  // The dense residual must exist before it: build the chain with r0 defined as a dense input... r0 is unknown here.
  CHECK(parseError(kChain) == "t.json: nodes[6].residual: unknown tensor 'r0'");
  std::string text = kChain;
  text.replace(text.find(R"("residual": "r0", )"), 18, "");
  Network net = parseNetwork(text, "t.json");
  CHECK(net.name == "chain");
  CHECK(net.inputs == std::vector<std::string>{"data"});
  CHECK(net.outputs == std::vector<std::string>{"probs"});
  REQUIRE(net.nodes.size() == 10);
  const std::vector<TensorInfo> tensors{{"data", {1, 4, 8, 8}}, {"c", {1, 8, 8, 8}}, {"p", {1, 8, 4, 4}},
                                        {"s", {1, 8, 4, 4}},    {"a", {1, 8, 4, 4}}, {"g", {1, 8, 1, 1}},
                                        {"f", {1, 8}},          {"logits", {1, 10}}, {"r1", {1, 10}},
                                        {"mm", {1, 1}},         {"probs", {1, 10}}};
  CHECK(net.tensors == tensors);
  CHECK(net.nodes[0].op == NodeOp{Conv2d{.channels = 8,
                                         .kernel = {3, 3},
                                         .pad = {1, 1},
                                         .groups = 2,
                                         .epilogue = {.bias = true, .shift = 6, .relu = true}}});
  CHECK(net.nodes[1].op == NodeOp{Pool{Pool::Kind::Max, {2, 2}, {2, 2}, {0, 0}, {0, 0}}});
  CHECK(net.nodes[2].op == NodeOp{Add{1, true}});
  CHECK(net.nodes[3].op == NodeOp{Pool{Pool::Kind::Average, {3, 3}, {1, 1}, {1, 1}, {1, 1}}});
  CHECK(net.nodes[6].op == NodeOp{Dense{10, {.bias = true}}});
  CHECK(net.nodes[8].op == NodeOp{Matmul{"mk", "nk", "mn", {.shift = 3}}});
  CHECK(net.nodes[9].op == NodeOp{Host{"softmax", {}}});
  CHECK(net.nodes[9].inputs == std::vector<std::string>{"r1"});
  CHECK(opName(net.nodes[4].op) == "global_avg_pool");
}

TEST_CASE("network writer: the round trip keeps the network, and the text is stable") {
  Network net = parseNetwork(netDoc(kConv), "t.json");
  std::string text = writeNetwork(net);
  CHECK(text == R"({"name": "t",
 "inputs": {
  "data": [1,4,8,8]
 },
 "outputs": ["y"],
 "tensors": {
  "y": [1,8,8,8]
 },
 "nodes": [
  {"name":"c1","op":"conv2d","inputs":["data"],"output":"y","channels":8,"kernel":[3,3],"pad":[1,1],"bias":true,"shift":6,"relu":true}
 ]}
)");
  CHECK(parseNetwork(text, "w.json") == net);
  std::string chain = kChain;
  chain.replace(chain.find(R"("residual": "r0", )"), 18, "");
  Network big = parseNetwork(chain, "t.json");
  CHECK(parseNetwork(writeNetwork(big), "w.json") == big);
  CHECK(writeNetwork(parseNetwork(writeNetwork(big), "w.json")) == writeNetwork(big));
}

TEST_CASE("network reader: names, references and order") {
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "relu", "inputs": ["x"], "output": "y"})")) ==
        "t.json: nodes[0].inputs[0]: unknown tensor 'x'");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "relu", "inputs": ["data"], "output": "z"},
                             {"name": "a", "op": "relu", "inputs": ["z"], "output": "y"})")) ==
        "t.json: nodes[1].name: duplicate node name 'a' (also nodes[0])");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "relu", "inputs": ["data"], "output": "y"},
                             {"name": "b", "op": "relu", "inputs": ["y"], "output": "y"})")) ==
        "t.json: nodes[1].output: tensor 'y' is already defined (by nodes[0])");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "relu", "inputs": ["data"], "output": "data"})")) ==
        "t.json: nodes[0].output: tensor 'data' is already defined (a graph input)");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "relu", "inputs": ["z"], "output": "y"},
                             {"name": "b", "op": "relu", "inputs": ["data"], "output": "z"})")) ==
        "t.json: nodes[0].inputs[0]: tensor 'z' is produced by nodes[1], a later node: nodes must be in topological "
        "order");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "add", "inputs": ["data", "y"], "output": "y"})")) ==
        "t.json: nodes[0].inputs[1]: tensor 'y' is this node's own output: a cycle");
  CHECK(parseError(netDoc(R"({"name": "a b", "op": "relu", "inputs": ["data"], "output": "y"})")) ==
        "t.json: nodes[0].name: 'a b' is not a valid name (letters, digits, '_', '.', '-')");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "relu", "inputs": ["data"], "output": "z"})")) ==
        "t.json: outputs[0]: unknown tensor 'y'");
  CHECK(parseError(
            netDoc(R"({"name": "a", "op": "relu", "inputs": ["data"], "output": "y"})", "", R"({"da/ta": [1]})")) ==
        "t.json: inputs.da/ta: 'da/ta' is not a valid name (letters, digits, '_', '.', '-')");
  CHECK(parseError(netDoc("", "", "[]")) == "t.json: inputs: expected an object, got an array");
  CHECK(parseError(netDoc("", "", "{}")) == "t.json: inputs: a network needs at least one input");
  CHECK(parseError(R"({"name": "t", "inputs": {"data": [1]}, "outputs": [], "nodes": []})") ==
        "t.json: outputs: a network needs at least one output");
}

TEST_CASE("network reader: declared shapes must equal the inferred ones") {
  CHECK(parseError(netDoc(kConv, R"("tensors": {"y": [1, 8, 4, 4]}, )")) ==
        "t.json: tensors.y: declared shape [1, 8, 4, 4] differs from [1, 8, 8, 8], inferred for nodes[0]");
  CHECK(parseError(netDoc(kConv, R"("tensors": {"z": [1]}, )")) == "t.json: tensors.z: no node produces 'z'");
  CHECK(parseError(netDoc(kConv, R"("tensors": {"data": [1]}, )")) ==
        "t.json: tensors.data: a graph input: its shape is given in inputs");
  CHECK(parseError(netDoc(kConv, R"("tensors": {"y": [1, 0]}, )")) == "t.json: tensors.y[1]: must be positive, got 0");
  CHECK(parseError(netDoc(kConv, "", R"({"data": [1, 2, 3, 4, 5, 6, 7]})")) ==
        "t.json: inputs.data: a shape has 1 to 6 dims, got 7");
}

TEST_CASE("network reader: types, fields and ops") {
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": "8",
                              "kernel": [3, 3]})")) == "t.json: nodes[0].channels: expected an integer, got a string");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "strde": [2, 2]})")) ==
        "t.json: nodes[0].strde: unknown field (did you mean 'stride'?)");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8})")) ==
        "t.json: nodes[0].kernel: missing field");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "shift": 32})")) ==
        "t.json: nodes[0].shift: must be in [0, 31], got 32");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3, 3]})")) == "t.json: nodes[0].kernel: expected [h, w], got 3 values");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "pad": [-1, 0]})")) ==
        "t.json: nodes[0].pad[0]: must be in [0, 9223372036854775807], got -1");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "relu": 1})")) ==
        "t.json: nodes[0].relu: expected true or false, got an integer");
  CHECK(parseError(netDoc(R"({"name": "c1", "op": "conv3d", "inputs": ["data"], "output": "y"})")) ==
        "t.json: nodes[0].op: unknown op 'conv3d' (expected conv2d, dense, matmul, add, relu, max_pool, avg_pool, "
        "global_avg_pool, reshape or host)");
  CHECK(parseError(netDoc(R"({"name": "r", "op": "relu", "inputs": ["data"], "output": "y", "shift": 1})")) ==
        "t.json: nodes[0].shift: unknown field");
  CHECK(parseError(netDoc(R"({"name": "r", "op": "relu", "inputs": ["data", "data"], "output": "y"})")) ==
        "t.json: nodes[0].inputs: relu takes 1 input, got 2");
  CHECK(parseError(netDoc(R"({"name": "r", "op": "add", "inputs": ["data"], "output": "y"})")) ==
        "t.json: nodes[0].inputs: add takes 2 inputs, got 1");
  CHECK(parseError(netDoc(R"({"name": "h", "op": "host", "inputs": ["data"], "output": "y", "function": ""})")) ==
        "t.json: nodes[0].function: must not be empty");
  CHECK(parseError(netDoc(R"([])")) == "t.json: nodes[0]: expected an object, got an array");
  CHECK(parseError(R"({"name": "t", "inputs": {"data": [1]}, "outputs": ["y"], "nodes": [], "extra": 1})") ==
        "t.json: extra: unknown field");
  CHECK(parseError(R"({"name": "t", "inputs": {"data": [1]}, "outputs": ["y"]})") == "t.json: nodes: missing field");
  CHECK(parseError("{").find("t.json: ") == 0);
}

TEST_CASE("network reader: shape rules per op") {
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 6,
                              "kernel": [3, 3], "groups": 4})")) ==
        "t.json: nodes[0].groups: channels = 6 is not divisible by groups = 4");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "groups": 3})")) ==
        "t.json: nodes[0].groups: C = 4 is not divisible by groups = 3");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [9, 3]})")) ==
        "t.json: nodes[0].kernel: the filter height 9 exceeds the padded input height 8: no output");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "dilation": [4, 1]})")) ==
        "t.json: nodes[0].kernel: the dilated filter height 9 exceeds the padded input height 8: no output");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [1, 1]})",
                          "", R"({"data": [4, 8]})")) ==
        "t.json: nodes[0].inputs[0]: conv2d needs an NCHW input, got shape [4, 8]");
  CHECK(parseError(netDoc(R"({"name": "d", "op": "dense", "inputs": ["data"], "output": "y", "units": 8})")) ==
        "t.json: nodes[0].inputs[0]: dense needs an [N, F] or [B, S, F] input, got shape [1, 4, 8, 8]");
  CHECK(parseError(netDoc(R"({"name": "p", "op": "max_pool", "inputs": ["data"], "output": "y", "kernel": [2, 2],
                              "pad": [0, 2]})")) ==
        "t.json: nodes[0].pad[1]: must be less than the window (2), so that every window holds an input element");
  CHECK(parseError(netDoc(R"({"name": "r", "op": "reshape", "inputs": ["data"], "output": "y", "shape": [1, 255]})")) ==
        "t.json: nodes[0].shape: [1, 255] holds 255 elements, the input [1, 4, 8, 8] 256");
  CHECK(parseError(netDoc(R"({"name": "a", "op": "add", "inputs": ["data", "x"], "output": "y"})", "",
                          R"({"data": [1, 4, 8, 8], "x": [1, 4, 8, 9]})")) ==
        "t.json: nodes[0].inputs[1]: shape [1, 4, 8, 9] differs from inputs[0]'s [1, 4, 8, 8]");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "residual": "data"})")) ==
        "t.json: nodes[0].residual: shape [1, 4, 8, 8] differs from the output's [1, 8, 6, 6]");
}

TEST_CASE("network reader: matmul layouts") {
  const std::string twoInputs = R"({"q": [128, 12, 64], "k": [128, 12, 64]})";
  Network net = parseNetwork(netDoc(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y",
                                        "layout": "mbk,nbk->bmn"})",
                                    "", twoInputs),
                             "t.json");
  CHECK(net.tensor("y").shape == std::vector<int64_t>{12, 128, 128});
  CHECK(parseError(netDoc(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y",
                              "layout": "mbk,nbk"})",
                          "", twoInputs)) ==
        "t.json: nodes[0].layout: expected \"A,B->OUT\" (e.g. \"mk,kn->mn\"), got \"mbk,nbk\"");
  CHECK(parseError(netDoc(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y",
                              "layout": "mbk,nbk->mn"})",
                          "", twoInputs)) == "t.json: nodes[0].layout.a: 'mbk' is not an order of the letters of 'mk'");
  CHECK(parseError(netDoc(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y",
                              "layout": "mbk,kbn->bmn"})",
                          "", R"({"q": [128, 12, 64], "k": [32, 12, 64]})")) ==
        "t.json: nodes[0].inputs[1]: dim k is 32 here but 64 in inputs[0]");
  CHECK(parseError(netDoc(R"({"name": "qk", "op": "matmul", "inputs": ["q", "k"], "output": "y"})", "", twoInputs)) ==
        "t.json: nodes[0].inputs[0]: layout 'mk' needs rank 2, got shape [128, 12, 64]");
}

TEST_CASE("network reader: sizes that overflow 64 bits") {
  CHECK(parseError(netDoc(R"({"name": "r", "op": "relu", "inputs": ["data"], "output": "y"})", "",
                          R"({"data": [4294967296, 4294967296]})")) ==
        "t.json: inputs.data: the element count overflows 64 bits");
  CHECK(parseError(netDoc(R"({"name": "d", "op": "dense", "inputs": ["data"], "output": "y", "units": 4294967296})", "",
                          R"({"data": [4294967296, 2]})")) == "t.json: nodes[0]: the MAC count overflows 64 bits");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "pad": [4611686018427387904, 0]})")) ==
        "t.json: nodes[0].kernel: the padded input height overflows 64 bits");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [3, 3], "dilation": [4611686018427387904, 1]})")) ==
        "t.json: nodes[0].dilation: the dilated filter overflows 64 bits");
}

TEST_CASE("network reader: pool padding and host function shapes") {
  Network net = parseNetwork(netDoc(R"({"name": "p", "op": "max_pool", "inputs": ["data"], "output": "y",
                                        "kernel": [2, 2], "pad": [0, 0, 1, 1]})"),
                             "t.json");
  CHECK(net.tensor("y").shape == std::vector<int64_t>{1, 4, 8, 8});
  CHECK(parseNetwork(writeNetwork(net), "w.json") == net);
  CHECK(parseError(netDoc(R"({"name": "p", "op": "max_pool", "inputs": ["data"], "output": "y", "kernel": [2, 2],
                              "pad": [0, 0, 2, 0]})")) ==
        "t.json: nodes[0].pad[2]: must be less than the window (2), so that every window holds an input element");
  CHECK(parseError(netDoc(R"({"name": "p", "op": "max_pool", "inputs": ["data"], "output": "y", "kernel": [2, 2],
                              "pad": [0, 0, 1]})")) ==
        "t.json: nodes[0].pad: expected [h, w] or [top, left, bottom, right], got 3 values");
  const std::string two = R"({"data": [1, 1, 2, 2], "x": [1, 1, 2, 3]})";
  CHECK(parseError(netDoc(R"({"name": "c", "op": "host", "inputs": ["data", "x"], "output": "y",
                              "function": "concat"})",
                          "", two)) ==
        "t.json: nodes[0]: concat joins along axis 1 only: [1, 1, 2, 3] and [1, 1, 2, 2] differ");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "host", "inputs": ["data", "data"], "output": "y",
                              "function": "concat", "shape": [1, 3, 2, 2]})",
                          "", two)) ==
        "t.json: nodes[0].shape: concat of these inputs has shape [1, 2, 2, 2], not [1, 3, 2, 2]");
  CHECK(parseError(netDoc(R"({"name": "u", "op": "host", "inputs": ["data"], "output": "y",
                              "function": "upsample_nearest", "shape": [1, 1, 5, 4]})",
                          "", two)) ==
        "t.json: nodes[0].shape: upsample_nearest needs NCHW shapes with the output's H and W multiples of the "
        "input's, got [1, 1, 2, 2] → [1, 1, 5, 4]");
  CHECK(parseError(netDoc(R"({"name": "g", "op": "host", "inputs": ["data"], "output": "y", "function": "gelu",
                              "shape": [4]})",
                          "", two)) == "t.json: nodes[0].shape: gelu keeps its input's shape [1, 1, 2, 2], not [4]");
  CHECK(parseError(netDoc(R"({"name": "g", "op": "host", "inputs": ["data", "x"], "output": "y",
                              "function": "softmax"})",
                          "", two)) == "t.json: nodes[0]: softmax takes one input, got 2");
  // A function without a reference keeps any declared shape: it is host work, reported, not run.
  CHECK(parseNetwork(netDoc(R"({"name": "g", "op": "host", "inputs": ["data", "x"], "output": "y",
                                "function": "nms", "shape": [100, 6]})",
                            "", two),
                     "t.json")
            .tensor("y")
            .shape == std::vector<int64_t>{100, 6});
}

TEST_CASE("network reader: the example of docs/formats.md §5.2 reads as documented") {
  std::string doc = readTextFile("docs/formats.md");
  size_t section = doc.find("## 5. Networks");
  REQUIRE(section != std::string::npos);
  size_t from = doc.find("```json\n", section) + 8, to = doc.find("```", from);
  Network net = parseNetwork(doc.substr(from, to - from), "formats.md");
  CHECK(net.nodes.size() == 4);
  CHECK(net.tensor("fc").shape == std::vector<int64_t>{1, 10});
}

TEST_CASE("network reader: sums that overflow 64 bits") {
  CHECK(parseError(netDoc(R"({"name": "c", "op": "conv2d", "inputs": ["data"], "output": "y", "channels": 8,
                              "kernel": [2, 1], "dilation": [9223372036854775807, 1]})")) ==
        "t.json: nodes[0].dilation: the dilated filter overflows 64 bits");
  CHECK(parseError(netDoc(R"({"name": "c", "op": "host", "inputs": ["data", "data"], "output": "y",
                              "function": "concat"})",
                          "", R"({"data": [1, 4611686018427387904]})")) ==
        "t.json: nodes[0]: concat: the joined axis overflows 64 bits");
}

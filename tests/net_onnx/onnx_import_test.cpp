// The ONNX import (net/onnx/onnx_import.h) on models built here with the protobuf API (no downloads): a ResNet-style
// block becomes fused conv2d nodes, dense and matmul forms, host nodes, and each unsupported form is an error naming
// the ONNX node and attribute.
#include <doctest/doctest.h>

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "inlay/ir/error.h"
#include "inlay/net/layer_operator.h"
#include "inlay/net/network_reference.h"
#include "inlay/net/onnx/onnx_import.h"

using namespace inlay;
using namespace inlay::net;

namespace {

// A model under construction: float tensors (the import reads structure only), opset 13.
struct ModelBuilder {
  onnx::ModelProto model;
  ModelBuilder() {
    model.set_ir_version(7);
    model.add_opset_import()->set_version(13);
    model.mutable_graph()->set_name("test_model");
  }
  static void setShape(onnx::ValueInfoProto* v, const std::string& name, const std::vector<int64_t>& dims) {
    v->set_name(name);
    auto* tensor = v->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    auto* shape = tensor->mutable_shape();
    for (int64_t d : dims) {
      if (d < 0)
        shape->add_dim()->set_dim_param("N");
      else
        shape->add_dim()->set_dim_value(d);
    }
  }
  ModelBuilder& input(const std::string& name, const std::vector<int64_t>& dims) {
    setShape(model.mutable_graph()->add_input(), name, dims);
    return *this;
  }
  ModelBuilder& output(const std::string& name) {
    model.mutable_graph()->add_output()->set_name(name);
    return *this;
  }
  ModelBuilder& constant(const std::string& name, const std::vector<int64_t>& dims) {
    onnx::TensorProto* t = model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    int64_t n = 1;
    for (int64_t d : dims) {
      t->add_dims(d);
      n *= d;
    }
    for (int64_t i = 0; i < n; ++i) t->add_float_data(0.0f);
    return *this;
  }
  ModelBuilder& shapeConstant(const std::string& name, const std::vector<int64_t>& values) {
    onnx::TensorProto* t = model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) t->add_int64_data(v);
    return *this;
  }
  onnx::NodeProto* node(const std::string& type, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& name = "") {
    onnx::NodeProto* n = model.mutable_graph()->add_node();
    n->set_op_type(type);
    n->set_name(name);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
  }
  static void ints(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& values) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values) a->add_ints(v);
  }
  static void integer(onnx::NodeProto* n, const std::string& name, int64_t value) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
  }
  std::string bytes() const { return model.SerializeAsString(); }
};

std::string importError(const ModelBuilder& m) {
  try {
    importOnnx(m.bytes(), "m.onnx");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// conv(3×3, pad 1) + bias → Relu → conv → Add(x) → Relu → GlobalAveragePool → Flatten → Gemm.
ModelBuilder residualBlock() {
  ModelBuilder m;
  m.input("x", {-1, 16, 8, 8}).constant("w1", {16, 16, 3, 3}).constant("b1", {16}).constant("w2", {16, 16, 3, 3});
  m.constant("fc_w", {10, 16}).constant("fc_b", {10});
  auto* c1 = m.node("Conv", {"x", "w1", "b1"}, {"c1"}, "block/conv1");
  ModelBuilder::ints(c1, "pads", {1, 1, 1, 1});
  ModelBuilder::ints(c1, "kernel_shape", {3, 3});
  m.node("Relu", {"c1"}, {"r1"});
  ModelBuilder::ints(m.node("Conv", {"r1", "w2"}, {"c2"}, "block/conv2"), "pads", {1, 1, 1, 1});
  m.node("Add", {"c2", "x"}, {"sum"});
  m.node("Relu", {"sum"}, {"out"});
  m.node("GlobalAveragePool", {"out"}, {"gap"});
  m.node("Flatten", {"gap"}, {"flat"});
  ModelBuilder::integer(m.node("Gemm", {"flat", "fc_w", "fc_b"}, {"logits"}, "fc"), "transB", 1);
  m.output("logits");
  return m;
}

}  // namespace

TEST_CASE("onnx import: a residual block becomes two fused convolutions, a pool, a reshape and a dense") {
  Network net = importOnnx(residualBlock().bytes(), "m.onnx");
  CHECK(net.name == "test_model");
  CHECK(net.inputs == std::vector<std::string>{"x"});
  CHECK(net.tensor("x").shape == std::vector<int64_t>{1, 16, 8, 8});  // the symbolic batch taken as 1
  REQUIRE(net.nodes.size() == 5);
  // Shifts: round(log2(√reduction · 30 · 74 / 40)): reduction 144 → log2(666) = 9.4 → 9; 16 → log2(222) → 8.
  CHECK(net.nodes[0].name == "block_conv1");
  CHECK(net.nodes[0].op ==
        NodeOp{Conv2d{
            .channels = 16, .kernel = {3, 3}, .pad = {1, 1}, .epilogue = {.bias = true, .shift = 9, .relu = true}}});
  CHECK(net.nodes[1].name == "block_conv2");
  CHECK(net.nodes[1].inputs == std::vector<std::string>{"r1"});
  CHECK(net.nodes[1].output == "out");
  CHECK(std::get<Conv2d>(net.nodes[1].op).epilogue == FusedEpilogue{.shift = 9, .residual = "x", .relu = true});
  CHECK(opName(net.nodes[2].op) == "global_avg_pool");
  CHECK(net.nodes[3].op == NodeOp{Reshape{{1, 16}}});
  CHECK(net.nodes[4].op == NodeOp{Dense{10, {.bias = true, .shift = 8}}});
  CHECK(net.outputs == std::vector<std::string>{"logits"});
  CHECK(networkMacs(net) == 2 * (16 * 64 * 16 * 9) + 16 * 10);
  CHECK(runNetworkReference(net, randomNetworkData(net, 3)).back().shape == std::vector<int64_t>{1, 10});
}

TEST_CASE("onnx import: from a file, with MatMul as dense and bias add, batched MatMul, pools and host nodes") {
  ModelBuilder m;
  m.input("a", {2, 4, 8}).input("b", {2, 8, 5}).input("img", {1, 2, 6, 6}).constant("w", {5, 3}).constant("bias", {3});
  m.shapeConstant("shape", {2, 4, 5});
  m.node("MatMul", {"a", "b"}, {"ab"}, "batched");
  m.node("MatMul", {"ab", "w"}, {"abw"}, "proj");
  m.node("Add", {"abw", "bias"}, {"abwb"});
  m.node("Softmax", {"abwb"}, {"probs"});
  m.node("Sigmoid", {"abwb"}, {"gate"});
  auto* maxPool = m.node("MaxPool", {"img"}, {"mp"});
  ModelBuilder::ints(maxPool, "kernel_shape", {2, 2});
  ModelBuilder::ints(maxPool, "pads", {0, 0, 1, 1});
  auto* avgPool = m.node("AveragePool", {"mp"}, {"ap"});
  ModelBuilder::ints(avgPool, "kernel_shape", {2, 2});
  ModelBuilder::ints(avgPool, "strides", {2, 2});
  m.node("Reshape", {"ab", "shape"}, {"reshaped"});
  m.node("Identity", {"reshaped"}, {"same"});
  m.output("probs").output("gate").output("ap").output("same");
  std::string path = (std::filesystem::temp_directory_path() / "inlay_onnx_import_test.onnx").string();
  {
    std::ofstream f(path, std::ios::binary);
    f << m.bytes();
  }
  Network net = importOnnxFile(path);
  std::remove(path.c_str());
  REQUIRE(net.nodes.size() == 7);
  CHECK(net.name == "test_model");
  // Shifts: reduction 8 → round(log2(√8 · 55.5)) = round(7.3) = 7; reduction 5 → round(6.96) = 7.
  CHECK(net.nodes[0].op == NodeOp{Matmul{"bmk", "bkn", "bmn", {.shift = 7}}});
  CHECK(net.nodes[1].op == NodeOp{Dense{3, {.bias = true, .shift = 7}}});  // the Add of a constant is its bias
  CHECK(net.tensor(net.nodes[1].output).shape == std::vector<int64_t>{2, 4, 3});
  CHECK(net.nodes[2].op == NodeOp{Host{"softmax", {2, 4, 3}}});
  CHECK(net.nodes[3].op == NodeOp{Host{"Sigmoid", {2, 4, 3}}});
  CHECK(net.nodes[4].op == NodeOp{Pool{Pool::Kind::Max, {2, 2}, {1, 1}, {0, 0}, {1, 1}}});
  CHECK(net.nodes[5].op == NodeOp{Pool{Pool::Kind::Average, {2, 2}, {2, 2}, {0, 0}, {0, 0}}});
  CHECK(net.nodes[6].op == NodeOp{Reshape{{2, 4, 5}}});
  CHECK(net.outputs == std::vector<std::string>{"probs", "gate", "ap", "reshaped"});  // Identity is an alias
}

TEST_CASE("onnx import: errors name the ONNX node and attribute") {
  CHECK_THROWS_WITH_AS(importOnnx("not a model", "m.onnx"),
                       "m.onnx: not an ONNX model (the bytes do not parse as a ModelProto with a graph)", InputError);

  ModelBuilder asymmetric = residualBlock();
  onnx::AttributeProto* pads = asymmetric.model.mutable_graph()->mutable_node(0)->mutable_attribute(0);
  pads->clear_ints();
  for (int64_t v : {0, 0, 1, 1}) pads->add_ints(v);
  CHECK(importError(asymmetric) ==
        "m.onnx: graph.node[0].attribute.pads: asymmetric padding [0, 0, 1, 1] is not supported for Conv");

  ModelBuilder weights;
  weights.input("x", {1, 3, 8, 8}).input("w", {4, 3, 3, 3});
  weights.node("Conv", {"x", "w"}, {"y"});
  weights.output("y");
  CHECK(importError(weights) ==
        "m.onnx: graph.node[0].input[1]: the weights 'w' are not an initializer: only constant weights are imported");

  ModelBuilder symbolic;
  symbolic.input("x", {1, -1, 8});
  symbolic.node("Relu", {"x"}, {"y"});
  symbolic.output("y");
  CHECK(importError(symbolic) ==
        "m.onnx: graph.input[0]: dim 1 has no fixed size ('N'): the import needs fixed shapes (a symbolic batch is "
        "taken as 1)");

  ModelBuilder ceil;
  ceil.input("x", {1, 3, 8, 8});
  auto* pool = ceil.node("MaxPool", {"x"}, {"y"});
  ModelBuilder::ints(pool, "kernel_shape", {3, 3});
  ModelBuilder::integer(pool, "ceil_mode", 1);
  ceil.output("y");
  CHECK(importError(ceil) == "m.onnx: graph.node[0].attribute.ceil_mode: ceil_mode = 1 is not supported");

  ModelBuilder average;
  average.input("x", {1, 3, 8, 8});
  auto* avg = average.node("AveragePool", {"x"}, {"y"});
  ModelBuilder::ints(avg, "kernel_shape", {3, 3});
  ModelBuilder::ints(avg, "pads", {1, 1, 1, 1});
  average.output("y");
  CHECK(importError(average) ==
        "m.onnx: graph.node[0].attribute.count_include_pad: count_include_pad = 0 with "
        "padding is not supported (Inlay divides by the whole window)");

  ModelBuilder constantAdd;
  constantAdd.input("x", {1, 4}).constant("c", {4});
  constantAdd.node("Relu", {"x"}, {"r"});
  constantAdd.node("Add", {"r", "c"}, {"y"});
  constantAdd.output("y");
  CHECK(importError(constantAdd) ==
        "m.onnx: graph.node[1]: an Add of the constant 'c' is imported only as the bias "
        "of the MatMul, Gemm or Conv just before it");

  ModelBuilder transA;
  transA.input("x", {4, 3}).constant("w", {4, 5});
  ModelBuilder::integer(transA.node("Gemm", {"x", "w"}, {"y"}), "transA", 1);
  transA.output("y");
  CHECK(importError(transA) == "m.onnx: graph.node[0].attribute.transA: transA = 1 is not supported");

  ModelBuilder undefined;
  undefined.input("x", {1, 4});
  undefined.node("Relu", {"missing"}, {"y"});
  undefined.output("y");
  CHECK(importError(undefined) ==
        "m.onnx: graph.node[0].input[0]: 'missing' is not defined by an earlier node or a graph input");
}

// Every shipped network (operators/networks, written by generate.py) reads, and its node counts and MACs equal the
// values derived by hand from each architecture. The reduced ResNet-18 runs through the whole-network reference.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "inlay/net/host_functions.h"
#include "inlay/net/layer_operator.h"
#include "inlay/net/network_io.h"
#include "inlay/net/network_reference.h"

using namespace inlay;
using namespace inlay::net;

namespace {

Network shipped(const std::string& name) { return readNetworkFile("operators/networks/" + name + ".json"); }

std::map<std::string, int> opCounts(const Network& net) {
  std::map<std::string, int> counts;
  for (const Node& node : net.nodes) ++counts[opName(node.op)];
  return counts;
}

int64_t hostWork(const Network& net) {
  int64_t total = 0;
  for (const Node& node : net.nodes)
    if (std::holds_alternative<Host>(node.op)) total += hostElements(net, node);
  return total;
}

}  // namespace

TEST_CASE("shipped networks: the directory holds exactly the networks this test checks") {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator("operators/networks"))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"bert_base_layer", "deepspeech2_frontend", "mobilenetv2", "resnet18",
                                          "resnet18_56", "resnet50", "yolov3_tiny"});
}

TEST_CASE("shipped networks: ResNet-18") {
  Network net = shipped("resnet18");
  CHECK(net.nodes.size() == 24);
  CHECK(opCounts(net) == std::map<std::string, int>{
                             {"conv2d", 20}, {"dense", 1}, {"global_avg_pool", 1}, {"max_pool", 1}, {"reshape", 1}});
  // conv1 64·112²·(3·7·7) = 118,013,952 (the first convolution, 6.5 %);
  // layer1: 4 × 64·56²·(64·9) = 4 × 115,605,504 = 462,422,016;
  // layer2..4, each: first 3×3 (stride 2) 57,802,752 + three 3×3 115,605,504 + the 1×1 downsample 6,422,528
  //   (e.g. layer2: 128·28²·64·9, 128·28²·128·9, 128·28²·64) = 411,041,792, three stages 1,233,125,376;
  // fc 512·1000 = 512,000.  Total 118,013,952 + 462,422,016 + 1,233,125,376 + 512,000 = 1,814,073,344 (≈ 1.81 G).
  CHECK(nodeMacs(net, net.nodes[0]) == 118'013'952);
  CHECK(networkMacs(net) == 1'814'073'344);
  CHECK(net.tensor("fc").shape == std::vector<int64_t>{1, 1000});
  CHECK(net.tensor("pool1").shape == std::vector<int64_t>{1, 64, 56, 56});
  CHECK(net.tensor("gap").shape == std::vector<int64_t>{1, 512, 1, 1});
  // The residual of every block is fused into its second convolution, with the ReLU.
  int fused = 0;
  for (const Node& node : net.nodes)
    if (const FusedEpilogue* e = fusedEpilogue(node.op); e && !e->residual.empty() && e->relu && e->bias) ++fused;
  CHECK(fused == 8);
}

TEST_CASE("shipped networks: ResNet-50 (v1.5)") {
  Network net = shipped("resnet50");
  CHECK(net.nodes.size() == 57);
  CHECK(opCounts(net) == std::map<std::string, int>{
                             {"conv2d", 53}, {"dense", 1}, {"global_avg_pool", 1}, {"max_pool", 1}, {"reshape", 1}});
  // conv1 118,013,952. With p the stage's planes and h its output side, p·h = 3,584 at every stage, p²h² =
  // 12,845,056. A block that keeps its width: 1×1 4p→p (4p²h²), 3×3 (9p²h²), 1×1 p→4p (4p²h²): 17p²h² = 218,365,952.
  // A stage's first block, stages 2-4 (input 2p channels at side 2h): 1×1 reduce at 2h (8p²h²), strided 3×3 (9p²h²),
  // expand (4p²h²), strided 1×1 downsample 2p→4p (8p²h²): 29p²h² = 372,506,624. Stage 1's first block (input 64):
  // 1 + 9 + 4 + 4 (downsample 64→256) = 18p²h² = 231,211,008.
  // Stages: 231,211,008 + 2 × 218,365,952 = 667,942,912; 372,506,624 + 3 × 218,365,952 = 1,027,604,480;
  // 372,506,624 + 5 × 218,365,952 = 1,464,336,384; 372,506,624 + 2 × 218,365,952 = 809,238,528; fc 2048·1000.
  // Total 118,013,952 + 667,942,912 + 1,027,604,480 + 1,464,336,384 + 809,238,528 + 2,048,000 = 4,089,184,256.
  CHECK(networkMacs(net) == 4'089'184'256);
  CHECK(net.tensor("layer4.2.conv3").shape == std::vector<int64_t>{1, 2048, 7, 7});
}

TEST_CASE("shipped networks: MobileNetV2") {
  Network net = shipped("mobilenetv2");
  CHECK(net.nodes.size() == 55);
  CHECK(opCounts(net) ==
        std::map<std::string, int>{{"conv2d", 52}, {"dense", 1}, {"global_avg_pool", 1}, {"reshape", 1}});
  // Per block, expand (hidden·h²·c, absent when t = 1) + depthwise (hidden·h'²·9) + project (c'·h'²·hidden), with
  // hidden = t·c, h the input side and h' the output side. E.g. block 1 (16→24, 112→56, hidden 96):
  // 96·112²·16 + 96·56²·9 + 24·56²·96 = 19,267,584 + 2,709,504 + 7,225,344 = 29,202,432. Every block so:
  //   block 0 10,035,200; 1 29,202,432; 2 25,740,288; 3 15,466,752; 4-5 2 × 10,988,544; 6 7,564,032;
  //   7-9 3 × 10,311,168; 10 12,719,616; 11-12 2 × 22,692,096; 13 15,607,872; 14-15 2 × 15,476,160; 16 23,002,560;
  // plus conv1 32·112²·27 = 10,838,016, conv_last 1280·7²·320 = 20,070,400 and fc 1280·1000 = 1,280,000.
  // Total 300,774,272 (the commonly quoted 300 M).
  CHECK(networkMacs(net) == 300'774'272);
  // Ten blocks keep their width at stride 1 and fuse the residual into their projection (no ReLU there).
  int residuals = 0;
  for (const Node& node : net.nodes)
    if (const FusedEpilogue* e = fusedEpilogue(node.op); e && !e->residual.empty() && !e->relu) ++residuals;
  CHECK(residuals == 10);
  CHECK(net.nodes[1].name == "block0.depthwise");
  CHECK(std::get<Conv2d>(net.nodes[1].op).groups == 32);
}

TEST_CASE("shipped networks: YOLOv3-tiny") {
  Network net = shipped("yolov3_tiny");
  CHECK(net.nodes.size() == 21);
  CHECK(opCounts(net) == std::map<std::string, int>{{"conv2d", 13}, {"host", 2}, {"max_pool", 6}});
  // 3×3 convs at sides 416, 208, 104, 52, 26, 13 with 3→16, 16→32, ... 256→512 channels:
  //   16·416²·27 = 74,760,192, then five of 199,360,512 each (channels double as the side halves);
  // conv12 1024·13²·4608 = 797,442,048; conv13 256·169·1024 = 44,302,336; conv14 512·169·2304 = 199,360,512;
  // conv15 255·169·512 = 22,064,640; conv18 128·169·256 = 5,537,792; conv21 256·26²·(384·9) = 598,081,536;
  // conv22 255·676·256 = 44,129,280.  Total 2,782,480,896 (Darknet reports 5.57 BFLOPs = 2 × MACs).
  CHECK(networkMacs(net) == 2'782'480'896);
  CHECK(net.tensor("pool11").shape == std::vector<int64_t>{1, 512, 13, 13});
  CHECK(net.tensor("route20").shape == std::vector<int64_t>{1, 384, 26, 26});
  CHECK(net.outputs == std::vector<std::string>{"conv15", "conv22"});
  // Host work: upsample reads 128·13² and writes 128·26²; concat reads 128·26² + 256·26², writes 384·26².
  CHECK(hostWork(net) == 21'632 + 86'528 + 86'528 + 173'056 + 259'584);
}

TEST_CASE("shipped networks: a BERT-base encoder layer") {
  Network net = shipped("bert_base_layer");
  CHECK(net.nodes.size() == 16);
  CHECK(opCounts(net) == std::map<std::string, int>{{"dense", 6}, {"host", 4}, {"matmul", 2}, {"reshape", 4}});
  // Q, K, V and the attention output: 4 × 128·768·768 = 301,989,888; scores and context: 2 × 12·128·128·64 =
  // 25,165,824; the feed-forward pair: 2 × 128·768·3072 = 603,979,776.  Total 931,135,488.
  CHECK(networkMacs(net) == 931'135'488);
  CHECK(net.tensor("scores").shape == std::vector<int64_t>{12, 128, 128});
  CHECK(net.tensor("norm2").shape == std::vector<int64_t>{1, 128, 768});
  // Host work: softmax 2 × 196,608; two layer norms 2 × 2 × 98,304; GELU 2 × 393,216.
  CHECK(hostWork(net) == 2 * 196'608 + 4 * 98'304 + 2 * 393'216);
}

TEST_CASE("shipped networks: DeepSpeech2's convolutional front end") {
  Network net = shipped("deepspeech2_frontend");
  CHECK(net.nodes.size() == 2);
  // conv1 32·79·341·(1·5·20) = 86,204,800; conv2 32·38·166·(32·5·10) = 322,969,600.  Total 409,174,400.
  CHECK(networkMacs(net) == 409'174'400);
  CHECK(net.tensor("conv2").shape == std::vector<int64_t>{1, 32, 38, 166});
}

TEST_CASE("shipped networks: the reduced ResNet-18 runs through the reference, deterministically") {
  Network net = shipped("resnet18_56");
  // At 56×56 the sides are 28 (conv1), 14 (pool, layer1), 7, 4, 2: conv1 64·28²·147 = 7,375,872; layer1
  // 4 × 64·14²·576 = 28,901,376; layer2 128·7²·576 + 3 × 128·7²·1152 + 128·7²·64 = 25,690,112; layer3
  // 256·4²·1152 + 3 × 256·4²·2304 + 256·4²·128 = 33,554,432; layer4 512·2²·2304 + 3 × 512·2²·4608 + 512·2²·256 =
  // 33,554,432; fc 512,000.  Total 129,588,224.
  CHECK(networkMacs(net) == 129'588'224);
  std::vector<Tensor8> tensors = runNetworkReference(net, randomNetworkData(net, 1));
  const Tensor8& out = tensors[static_cast<size_t>(net.tensorIndex("fc"))];
  REQUIRE(out.shape == std::vector<int64_t>{1, 1000});
  // The generator's shifts keep random data inside int8 without flattening it: many distinct values, none clamped.
  std::map<int, int> histogram;
  for (int8_t v : out.data) ++histogram[v];
  CHECK(histogram.size() == 84);
  CHECK(histogram[127] + histogram[-128] == 0);
  // The output pinned: seeded data (std::mt19937_64, portable) and integer arithmetic only, so any platform gets
  // it; it changes only when the reference's semantics, the seeding or the shipped file change.
  uint64_t checksum = 0;
  for (int8_t v : out.data) checksum = checksum * 1000003 + static_cast<uint8_t>(v);
  CHECK(checksum == 779797215706718663ULL);
}

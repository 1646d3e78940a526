// The epilogue fusion pass: one rule applied at a time, until none applies. Networks are at most a few hundred
// nodes, so the plain rescans cost nothing that matters.
#include "inlay/net/fuse_epilogues.h"

#include <algorithm>

namespace inlay::net {
namespace {

int readers(const Network& net, const std::string& tensor) {
  int n = 0;
  for (const Node& node : net.nodes) {
    n += static_cast<int>(std::count(node.inputs.begin(), node.inputs.end(), tensor));
    if (const FusedEpilogue* e = fusedEpilogue(node.op); e && e->residual == tensor) ++n;
  }
  return n;
}

// The GEMM-core node producing `tensor`, when its output may be fused away: read once, not a graph output.
int fusableProducer(const Network& net, const std::string& tensor) {
  if (std::find(net.outputs.begin(), net.outputs.end(), tensor) != net.outputs.end()) return -1;
  if (readers(net, tensor) != 1) return -1;
  for (size_t n = 0; n < net.nodes.size(); ++n)
    if (net.nodes[n].output == tensor) return isGemmCore(net.nodes[n].op) ? static_cast<int>(n) : -1;
  return -1;
}

FusedEpilogue& epilogueOf(Node& node) { return *fusedEpilogue(node.op); }

// Moves producer `p` into the place of consumer `c` (p < c), taking over c's output name.
void replace(Network& net, size_t p, size_t c) {
  Node fused = net.nodes[p];
  const std::string dropped = fused.output;
  fused.output = net.nodes[c].output;
  net.nodes[c] = std::move(fused);
  net.nodes.erase(net.nodes.begin() + static_cast<std::ptrdiff_t>(p));
  net.tensors.erase(net.tensors.begin() + net.tensorIndex(dropped));
}

// Moves each tensor to where its producer now stands: graph inputs first, then node outputs in node order.
void reorderTensors(Network& net) {
  std::vector<TensorInfo> ordered(net.tensors.begin(),
                                  net.tensors.begin() + static_cast<std::ptrdiff_t>(net.inputs.size()));
  for (const Node& node : net.nodes) ordered.push_back(net.tensor(node.output));
  net.tensors = std::move(ordered);
}

bool fuseOne(Network& net) {
  for (size_t c = 0; c < net.nodes.size(); ++c) {
    const Node& consumer = net.nodes[c];
    if (std::holds_alternative<Relu>(consumer.op)) {
      int p = fusableProducer(net, consumer.inputs[0]);
      if (p < 0 || epilogueOf(net.nodes[static_cast<size_t>(p)]).relu) continue;
      epilogueOf(net.nodes[static_cast<size_t>(p)]).relu = true;
      replace(net, static_cast<size_t>(p), c);
      return true;
    }
    const auto* add = std::get_if<Add>(&consumer.op);
    if (!add || add->shift != 0 || add->relu) continue;
    for (size_t operand = 0; operand < 2; ++operand) {
      int p = fusableProducer(net, consumer.inputs[operand]);
      if (p < 0 || consumer.inputs[0] == consumer.inputs[1]) continue;
      FusedEpilogue& e = epilogueOf(net.nodes[static_cast<size_t>(p)]);
      if (!e.residual.empty() || e.relu) continue;
      e.residual = consumer.inputs[1 - operand];
      replace(net, static_cast<size_t>(p), c);
      return true;
    }
  }
  return false;
}

}  // namespace

int fuseEpilogues(Network& net) {
  int fused = 0;
  while (fuseOne(net)) ++fused;
  reorderTensors(net);
  return fused;
}

}  // namespace inlay::net

// The placement rule of node_placement.h.
#include "inlay/net/node_placement.h"

#include "inlay/net/node_arithmetic.h"

namespace inlay::net {

Placement nodePlacement(const Network& net, const Node& node) {
  if (isGemmCore(node.op)) return Placement::GemmCore;
  if (std::holds_alternative<Add>(node.op) || std::holds_alternative<Relu>(node.op)) return Placement::Alu;
  if (const auto* p = std::get_if<Pool>(&node.op)) {
    if (p->kind == Pool::Kind::Max) return Placement::Alu;
    return isPowerOfTwo(p->kernel[0] * p->kernel[1]) ? Placement::Alu : Placement::Host;
  }
  if (std::holds_alternative<GlobalAveragePool>(node.op)) {
    const std::vector<int64_t>& in = net.tensor(node.inputs.at(0)).shape;
    return isPowerOfTwo(in[2] * in[3]) ? Placement::Alu : Placement::Host;
  }
  if (std::holds_alternative<Reshape>(node.op)) return Placement::None;
  return Placement::Host;
}

std::string placementName(Placement placement) {
  switch (placement) {
    case Placement::GemmCore: return "gemm";
    case Placement::Alu: return "alu";
    case Placement::Host: return "host";
    case Placement::None: return "none";
  }
  return "?";
}

}  // namespace inlay::net

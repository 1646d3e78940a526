// Lookups and names on the network value types.
#include "inlay/net/network.h"

#include "inlay/ir/error.h"

namespace inlay::net {

int Network::tensorIndex(const std::string& tensorName) const {
  for (size_t i = 0; i < tensors.size(); ++i)
    if (tensors[i].name == tensorName) return static_cast<int>(i);
  return -1;
}

const TensorInfo& Network::tensor(const std::string& tensorName) const {
  int i = tensorIndex(tensorName);
  INLAY_CHECK(i >= 0, "network " + name + " has no tensor " + tensorName);
  return tensors[static_cast<size_t>(i)];
}

std::string opName(const NodeOp& op) {
  struct Namer {
    std::string operator()(const Conv2d&) const { return "conv2d"; }
    std::string operator()(const Dense&) const { return "dense"; }
    std::string operator()(const Matmul&) const { return "matmul"; }
    std::string operator()(const Add&) const { return "add"; }
    std::string operator()(const Relu&) const { return "relu"; }
    std::string operator()(const Pool& p) const { return p.kind == Pool::Kind::Max ? "max_pool" : "avg_pool"; }
    std::string operator()(const GlobalAveragePool&) const { return "global_avg_pool"; }
    std::string operator()(const Reshape&) const { return "reshape"; }
    std::string operator()(const Host&) const { return "host"; }
  };
  return std::visit(Namer{}, op);
}

bool isGemmCore(const NodeOp& op) { return fusedEpilogue(op) != nullptr; }

const FusedEpilogue* fusedEpilogue(const NodeOp& op) {
  if (const auto* c = std::get_if<Conv2d>(&op)) return &c->epilogue;
  if (const auto* d = std::get_if<Dense>(&op)) return &d->epilogue;
  if (const auto* m = std::get_if<Matmul>(&op)) return &m->epilogue;
  return nullptr;
}

FusedEpilogue* fusedEpilogue(NodeOp& op) {
  return const_cast<FusedEpilogue*>(fusedEpilogue(static_cast<const NodeOp&>(op)));
}

int64_t elementCount(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t e : shape) n *= e;
  return n;
}

}  // namespace inlay::net

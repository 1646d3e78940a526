// The cycle estimate that ranks embeddings. Every number here is a deterministic function of the operator, the ISA
// and the embedding, so the Gecode and Z3 backends optimise exactly the same (tabulated) quantity.
//
//   F_j       = Π extent(d) over the lane group of intrinsic dim j;   blocks_j = ⌈F_j / L_j⌉
//   uops      = Π_j blocks_j × Π extent(d) over loop dims (dims in no group); a masked dim's two groups have tied
//               blocks (only the diagonal ones run), counted once
//   rows(T)   = Π_{j indexes T} blocks_j × span(T)     SRAM elements of the packed layout of operand T (tied blocks
//               once: the block-diagonal operand stores its diagonal blocks only), where
//   span(T)   = Π over T's index components of the number of distinct values its loop part takes: a component
//               mixing loop and lane dims (p·sh + r with r on lanes) is stored once per loop value — that is the
//               im2col duplication; a component of loop dims only (p + r, both loops) takes ≤ Σ|c|(e−1)+1 values.
//   traffic   = out + min( wgt-stationary: W + I·⌈W/(wgt buf/2)⌉,
//                          inp-stationary: I + W·⌈I/(inp buf/2)⌉,
//                          output-stationary: I + W + min(I,W)·(⌈A/acc buf⌉ − 1) )
//   cycles    = max(uops·gemmCyclesPerUop + 3·accRows·aluImmCyclesPerUop,  ⌈traffic / busBytes⌉)
// The half buffers leave room for double buffering; the epilogue is shift, min and max with immediates on every
// accumulator row, which shares the compute module with GEMM.
#include "inlay/solver/objective.h"

#include <algorithm>
#include <cmath>

namespace inlay {

namespace {

constexpr double kMaxExact = 4.0e18;  // clamp for int64 conversion of saturating estimates

int64_t toInt(double v) { return static_cast<int64_t>(std::min(std::ceil(v), kMaxExact)); }

/// Which lane group each dim is in (-1: a loop dim).
std::vector<int> groupOfDims(const Operator& op, const Embedding& e) {
  std::vector<int> groupOf(op.dims.size(), -1);
  for (int j = 0; j < 3; ++j)
    for (int d : e.lanes[j]) groupOf[d] = j;
  return groupOf;
}

/// Distinct values of the loop part of an access, component by component (see the file comment).
double loopSpan(const Operator& op, const TensorAccess& access, const std::vector<int>& groupOf) {
  double span = 1;
  for (const AffineExpr& component : access.index) {
    double product = 1, range = 1;
    bool anyLoop = false;
    for (size_t d = 0; d < op.dims.size(); ++d) {
      if (groupOf[d] != -1 || !component.dependsOn(d)) continue;
      anyLoop = true;
      double extent = static_cast<double>(op.dims[d].extent);
      product *= extent;
      range += std::abs(static_cast<double>(component.coeffs[d])) * (extent - 1);
    }
    if (anyLoop) span *= std::min(product, range);
  }
  return span;
}

double elementsOf(const TensorAccess& access) {
  double n = 1;
  for (int64_t e : access.shape) n *= static_cast<double>(e);
  return n;
}

}  // namespace

CostEstimate estimateCost(const Operator& op, const Isa& isa, const IntrinsicGraph& graph, const Embedding& embedding) {
  CostEstimate c;
  std::vector<int> groupOf = groupOfDims(op, embedding);
  std::array<double, 3> fused{}, blocks{};
  double lanesTotal = 1;
  for (int j = 0; j < 3; ++j) {
    double f = 1;
    for (int d : embedding.lanes[j]) f *= static_cast<double>(op.dims[d].extent);
    double lanes = static_cast<double>(graph.laneCounts[j]);
    fused[j] = f;
    blocks[j] = std::ceil(f / lanes);
    lanesTotal *= lanes;
    c.paddingLanes += toInt(blocks[j] * lanes - f);
  }
  const auto [m1, m2] = embedding.maskedLanes();
  double uops = blocks[0] * blocks[1] * blocks[2] / (m1 < 0 ? 1 : blocks[m2]);
  for (size_t d = 0; d < op.dims.size(); ++d)
    if (groupOf[d] == -1) uops *= static_cast<double>(op.dims[d].extent);
  c.invocations = toInt(uops);
  c.utilization = static_cast<double>(op.macs()) / (uops * lanesTotal);

  // Packed operands: rows, bytes and duplication.
  const TensorAccess& inpAccess = op.inputs[embedding.inpInput];
  const TensorAccess& wgtAccess = op.inputs[1 - embedding.inpInput];
  auto packed = [&](Operand operand, const TensorAccess& access, double& unpadded) {
    double rows = loopSpan(op, access, groupOf);
    unpadded = rows;
    for (int j : graph.operandDims[static_cast<int>(operand)]) {
      rows *= blocks[j];
      unpadded *= fused[j];
    }
    if (m1 >= 0 && graph.indexes(operand, m1) && graph.indexes(operand, m2)) {  // diagonal blocks only
      rows /= blocks[m2];
      unpadded /= blocks[m2];
    }
    return rows;
  };
  double inpUnpadded = 0, wgtUnpadded = 0, accUnpadded = 0;
  double inpRows = packed(Operand::Inp, inpAccess, inpUnpadded);
  double wgtRows = packed(Operand::Wgt, wgtAccess, wgtUnpadded);
  double accRows = packed(Operand::Acc, op.out, accUnpadded);
  c.inpRows = toInt(inpRows);
  c.wgtRows = toInt(wgtRows);
  c.accRows = toInt(accRows);
  c.duplication = std::max(inpUnpadded / elementsOf(inpAccess), wgtUnpadded / elementsOf(wgtAccess));
  c.fitsDramAddressing = inpRows < 4294967296.0 && wgtRows < 4294967296.0 && accRows < 4294967296.0;

  double inpBytes = inpRows * static_cast<double>(isa.inpElemBytes());
  double wgtBytes = wgtRows * static_cast<double>(isa.wgtElemBytes());
  double accBytes = accRows * static_cast<double>(isa.accElemBytes());
  double outBytes = accRows * static_cast<double>(isa.outElemBytes());
  c.inpBytes = toInt(inpBytes);
  c.wgtBytes = toInt(wgtBytes);
  c.outBytes = toInt(outBytes);

  // Reuse: the cheapest of keeping the weights, the inputs or the accumulators on chip.
  double inpCap = std::ldexp(1.0, isa.logInpBuffSize - 1);
  double wgtCap = std::ldexp(1.0, isa.logWgtBuffSize - 1);
  double accCap = std::ldexp(1.0, isa.logAccBuffSize);
  double wgtStationary = wgtBytes + inpBytes * std::ceil(wgtBytes / wgtCap);
  double inpStationary = inpBytes + wgtBytes * std::ceil(inpBytes / inpCap);
  double outStationary = inpBytes + wgtBytes + std::min(inpBytes, wgtBytes) * (std::ceil(accBytes / accCap) - 1);
  double traffic = outBytes + std::min({wgtStationary, inpStationary, outStationary});
  c.dmaBytes = toInt(traffic);
  c.dmaCycles = toInt(traffic / isa.busBytes);

  c.gemmCycles = toInt(uops * static_cast<double>(isa.timing.gemmCyclesPerUop));
  c.epilogueCycles = toInt(3 * accRows * static_cast<double>(isa.timing.aluImmCyclesPerUop));
  c.cycles = std::max(c.gemmCycles + c.epilogueCycles, c.dmaCycles);
  return c;
}

}  // namespace inlay

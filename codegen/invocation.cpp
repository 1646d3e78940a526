// Building the invocation space and operand keys of an embedding (codegen/invocation.h).
#include "inlay/codegen/invocation.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "inlay/ir/error.h"
#include "inlay/solver/dataflow.h"

namespace inlay {

int64_t laneCount(const Isa& isa, int lane) {
  return lane == kLaneB ? isa.batch() : lane == kLaneI ? isa.blockIn() : isa.blockOut();
}

namespace {

LaneGroup makeGroup(const Operator& op, const std::vector<int>& dims, int64_t lanes) {
  LaneGroup g;
  g.dims = dims;
  g.lanes = lanes;
  g.radix.assign(dims.size(), 1);
  for (size_t p = dims.size(); p-- > 0;) {
    g.radix[p] = g.fused;
    g.fused *= op.dims[static_cast<size_t>(dims[p])].extent;
  }
  g.blocks = (g.fused + lanes - 1) / lanes;
  return g;
}

/// Fills minValue/extent of `c` from its coefficients over the whole invocation box.
void finishRange(KeyCoord& c, const std::vector<InvocationDim>& dims) {
  int64_t lo = 0, hi = 0;
  for (size_t d = 0; d < dims.size(); ++d) {
    const int64_t span = c.coeffs[d] * (dims[d].extent - 1);
    (span < 0 ? lo : hi) += span;
  }
  c.minValue = lo;
  c.extent = hi - lo + 1;
}

/// The key coordinate of tensor dim `j` of `access`: its terms over outer dims divided by their gcd.
KeyCoord tensorCoord(const AffineExpr& index, int j, const std::vector<InvocationDim>& dims) {
  KeyCoord c;
  c.tensorDim = j;
  c.constant = index.constant;
  c.coeffs.assign(dims.size(), 0);
  // Dims of extent 1 are always 0: they neither widen the key range nor constrain the gcd (a 1×1 stride-2 conv keys
  // its input by p, not by 2p + r).
  auto counts = [&](const InvocationDim& d) {
    return d.opDim >= 0 && d.extent > 1 && index.dependsOn(static_cast<size_t>(d.opDim));
  };
  int64_t g = 0;
  for (const InvocationDim& d : dims)
    if (counts(d)) g = std::gcd(g, index.coeffs[static_cast<size_t>(d.opDim)]);
  c.scale = g == 0 ? 1 : g;
  for (size_t d = 0; d < dims.size(); ++d)
    if (counts(dims[d])) c.coeffs[d] = index.coeffs[static_cast<size_t>(dims[d].opDim)] / c.scale;
  finishRange(c, dims);
  return c;
}

/// Names a tensor-dim coordinate after the single outer dim it follows with coefficient 1, else "x<j>".
std::string coordName(const KeyCoord& c, const std::vector<InvocationDim>& dims, std::vector<std::string>& used) {
  std::string name = "x" + std::to_string(c.tensorDim);
  int nonZero = 0, only = -1;
  for (size_t d = 0; d < dims.size(); ++d)
    if (c.coeffs[d] != 0) ++nonZero, only = static_cast<int>(d);
  if (nonZero == 1 && c.coeffs[static_cast<size_t>(only)] == 1) name = dims[static_cast<size_t>(only)].name;
  for (const std::string& u : used)
    if (u == name) name = "x" + std::to_string(c.tensorDim) + "_";
  used.push_back(name);
  return name;
}

/// Clips the DRAM range of a tensor-dim coordinate to the key values that index inside the tensor, when the
/// operand's LOADs may pad, the index has no lane terms and each halo fits the DMA pad fields.
void clipHalo(KeyCoord& c, const AffineExpr& index, int64_t shape, const InvocationSpace& space, bool mayPad) {
  c.dramLo = c.minValue;
  c.dramExtent = c.extent;
  if (!mayPad) return;
  for (const LaneGroup& g : space.groups)
    for (int d : g.dims)
      if (index.dependsOn(static_cast<size_t>(d))) return;
  // constant + scale·k ∈ [0, shape)  ⇔  k ∈ [ceil(−constant / scale), floor((shape − 1 − constant) / scale)].
  auto floorDiv = [](int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); };
  const int64_t lo = std::max(c.minValue, -floorDiv(c.constant, c.scale));
  const int64_t hi = std::min(c.minValue + c.extent - 1, floorDiv(shape - 1 - c.constant, c.scale));
  if (lo > hi || lo - c.minValue > kMaxDmaPad || c.minValue + c.extent - 1 - hi > kMaxDmaPad) return;
  c.dramLo = lo;
  c.dramExtent = hi - lo + 1;
}

OperandKeys makeKeys(const TensorAccess& access, int tensor, std::array<int, 2> lanes, const InvocationSpace& space,
                     bool mayPad) {
  OperandKeys keys;
  keys.tensor = tensor;
  keys.elementLanes = lanes;
  std::vector<std::string> used = {"tb", "ti", "to", "tio", "tbi", "lb", "li", "lo"};
  for (size_t j = 0; j < access.index.size(); ++j) {
    KeyCoord c = tensorCoord(access.index[j], static_cast<int>(j), space.dims);
    c.name = coordName(c, space.dims, used);
    clipHalo(c, access.index[j], access.shape[j], space, mayPad);
    keys.coords.push_back(std::move(c));
  }
  for (int lane : lanes) {
    const int blockDim = space.blockDim[static_cast<size_t>(lane)];
    if (lane == lanes[1] && blockDim == space.blockDim[static_cast<size_t>(lanes[0])])
      continue;  // a block-diagonal operand: one block coordinate for the masked dim's tied groups
    KeyCoord c{.name = space.dims[static_cast<size_t>(blockDim)].name, .blockLane = lane};
    c.coeffs.assign(space.dims.size(), 0);
    c.coeffs[static_cast<size_t>(space.blockDim[static_cast<size_t>(lane)])] = 1;
    finishRange(c, space.dims);
    c.dramLo = c.minValue;
    c.dramExtent = c.extent;
    keys.coords.push_back(std::move(c));
  }
  keys.dramStride.assign(keys.coords.size(), 1);
  for (size_t m = keys.coords.size(); m-- > 1;) keys.dramStride[m - 1] = keys.dramStride[m] * keys.coords[m].dramExtent;
  return keys;
}

void requireIndependent(const Operator& op, const TensorAccess& access, const LaneGroup& g, const std::string& what,
                        int maskedDim) {
  for (int d : g.dims)
    for (const AffineExpr& e : access.index)
      if (d != maskedDim && e.dependsOn(static_cast<size_t>(d)))
        throw WorkError("invalid embedding: " + what + " depends on dim '" + op.dims[static_cast<size_t>(d)].name +
                        "' of a lane group it does not hold");
}

}  // namespace

int64_t OperandKeys::rows() const {
  int64_t n = 1;
  for (const KeyCoord& c : coords) n *= c.dramExtent;
  return n;
}

int64_t OperandKeys::rowOf(const std::vector<int64_t>& point) const {
  int64_t row = 0;
  for (size_t m = 0; m < coords.size(); ++m) {
    int64_t k = 0;
    for (size_t d = 0; d < point.size(); ++d) k += coords[m].coeffs[d] * point[d];
    if (k < coords[m].dramLo || k >= coords[m].dramLo + coords[m].dramExtent) return -1;
    row += dramStride[m] * (k - coords[m].dramLo);
  }
  return row;
}

int64_t InvocationSpace::invocations() const {
  int64_t n = 1;
  for (const InvocationDim& d : dims) n *= d.extent;
  return n;
}

const OperandKeys& InvocationSpace::operand(int which) const { return which == 0 ? inp : which == 1 ? wgt : out; }

namespace {

/// Distinct output-dependent iterations writing one element (O[p+k]) would need their partial sums added across
/// tiles and STOREs; the emitter keeps one accumulator per output key only within a tile, so it refuses them.
void requireOutputWithoutAliases(const Operator& op) {
  const std::vector<bool> aliasing = aliasingOutputDims(op);
  std::string dims;
  for (size_t d = 0; d < op.dims.size(); ++d)
    if (aliasing[d]) dims += (dims.empty() ? "" : ", ") + op.dims[d].name;
  if (!dims.empty())
    throw WorkError("unsupported operator '" + op.name + "': dims " + dims + " alias in the output " + op.out.tensor +
                    " (distinct iterations write one element other than by reduction); the code generator does not "
                    "accumulate across them");
}

/// A program stores only the output elements some iteration writes; the rest of the output buffer would keep
/// whatever DRAM held, so an operator that leaves elements unwritten (C[m+1, n]: row 0) is refused, never generated
/// as a program that is wrong for them. Without aliases the written elements number the product of the output dims'
/// extents.
void requireEveryOutputWritten(const Operator& op) {
  int64_t written = 1;
  for (const Dim& d : op.dims)
    if (!d.reduction) written *= d.extent;
  const int64_t elements = op.out.elements();
  if (written < elements)
    throw WorkError("unsupported operator '" + op.name + "': its iterations write " + std::to_string(written) +
                    " of the " + std::to_string(elements) + " elements of the output " + op.out.tensor +
                    "; a program would leave the others as DRAM held them (give the output the shape its index "
                    "reaches, with offsets removed)");
}

std::string roughly(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

/// VTA's LOAD/STORE address DRAM in 32-bit element indices, and the runtime's DRAM image in 32-bit byte addresses:
/// a packed operand beyond 2^32 rows, or operands beyond 4 GiB together, cannot be reached. Checked before any
/// tiling or emission, so such an operator is refused at once instead of after minutes of work.
void requireAddressable(const Operator& op, const Isa& isa, const InvocationSpace& space) {
  const char* names[] = {"inp", "wgt", "out"};
  const double elemBytes[] = {static_cast<double>(isa.inpElemBytes()), static_cast<double>(isa.wgtElemBytes()),
                              static_cast<double>(isa.outElemBytes())};
  double bytes = 0;
  for (int which = 0; which < 3; ++which) {
    double rows = 1;
    for (const KeyCoord& c : space.operand(which).coords) rows *= static_cast<double>(c.dramExtent);
    bytes += rows * elemBytes[which];
    if (rows < 4294967296.0) continue;
    throw WorkError("operator '" + op.name + "' is too large for VTA: its packed " + names[which] + " operand needs " +
                    roughly(rows) + " DRAM rows, beyond the 32-bit element addresses of LOAD and STORE");
  }
  if (bytes >= 4294967296.0)
    throw WorkError("operator '" + op.name + "' is too large for VTA: its packed operands need " + roughly(bytes) +
                    " bytes of DRAM, beyond the 4 GiB that 32-bit addresses reach");
}

}  // namespace

InvocationSpace buildInvocationSpace(const Operator& op, const Isa& isa, const Embedding& emb) {
  if (emb.inpInput != 0 && emb.inpInput != 1) throw WorkError("invalid embedding: inpInput must be 0 or 1");
  requireOutputWithoutAliases(op);
  requireEveryOutputWritten(op);
  InvocationSpace space;
  space.inpInput = emb.inpInput;
  space.maskedDim = emb.maskedDim();
  space.maskedLanes = emb.maskedLanes();
  std::vector<int> groupOf(op.dims.size(), -1);
  for (int lane = 0; lane < 3; ++lane) {
    for (int d : emb.lanes[static_cast<size_t>(lane)]) {
      if (d == space.maskedDim) {
        groupOf[static_cast<size_t>(d)] = lane;
        continue;  // on two groups by design; the checker validated it
      }
      if (d < 0 || d >= static_cast<int>(op.dims.size()) || groupOf[static_cast<size_t>(d)] >= 0)
        throw WorkError("invalid embedding: operator dim " + std::to_string(d) + " is unknown or in two lane groups");
      groupOf[static_cast<size_t>(d)] = lane;
      const bool wantReduction = lane == kLaneI;
      if (op.dims[static_cast<size_t>(d)].reduction != wantReduction)
        throw WorkError("invalid embedding: dim '" + op.dims[static_cast<size_t>(d)].name + "' on lane group " +
                        std::string(1, "bio"[lane]) + " is " + (wantReduction ? "not " : "") + "a reduction dim");
    }
    space.groups[static_cast<size_t>(lane)] = makeGroup(op, emb.lanes[static_cast<size_t>(lane)], laneCount(isa, lane));
  }
  for (size_t d = 0; d < op.dims.size(); ++d)
    if (groupOf[d] < 0)
      space.dims.push_back({op.dims[d].name, static_cast<int>(d), -1, op.dims[d].extent, op.dims[d].reduction});
  for (int lane = 0; lane < 3; ++lane) {
    if (space.maskedDim >= 0 && lane == space.maskedLanes[1]) {
      // The masked dim's groups have tied blocks: one block dim, an output dim (it indexes acc lanes).
      const LaneGroup& first = space.groups[static_cast<size_t>(space.maskedLanes[0])];
      if (first.blocks != space.groups[static_cast<size_t>(lane)].blocks)
        throw WorkError("invalid embedding: the masked dim's lane groups have different block counts");
      const int tied = space.blockDim[static_cast<size_t>(space.maskedLanes[0])];
      space.blockDim[static_cast<size_t>(lane)] = tied;
      space.dims[static_cast<size_t>(tied)].name = space.maskedLanes[0] == kLaneB ? "tbi" : "tio";
      space.dims[static_cast<size_t>(tied)].reduction = false;
      continue;
    }
    space.blockDim[static_cast<size_t>(lane)] = static_cast<int>(space.dims.size());
    space.dims.push_back({lane == kLaneB   ? "tb"
                          : lane == kLaneI ? "ti"
                                           : "to",
                          -1, lane, space.groups[static_cast<size_t>(lane)].blocks, lane == kLaneI});
  }
  const TensorAccess& inpAccess = op.inputs[static_cast<size_t>(emb.inpInput)];
  const TensorAccess& wgtAccess = op.inputs[static_cast<size_t>(1 - emb.inpInput)];
  requireIndependent(op, inpAccess, space.groups[kLaneO], "the inp operand", space.maskedDim);
  requireIndependent(op, wgtAccess, space.groups[kLaneB], "the wgt operand", space.maskedDim);
  requireIndependent(op, op.out, space.groups[kLaneI], "the output", space.maskedDim);
  space.inp = makeKeys(inpAccess, emb.inpInput, {kLaneB, kLaneI}, space, isa.padInp);
  space.wgt = makeKeys(wgtAccess, 1 - emb.inpInput, {kLaneO, kLaneI}, space, isa.padWgt);
  space.out = makeKeys(op.out, -1, {kLaneB, kLaneO}, space, false);
  for (const KeyCoord& c : space.out.coords)
    for (size_t d = 0; d < space.dims.size(); ++d)
      if (c.coeffs[d] != 0 && space.dims[d].reduction)
        throw WorkError("invalid operator: the output index depends on reduction dim '" + space.dims[d].name + "'");
  requireAddressable(op, isa, space);
  return space;
}

std::vector<std::pair<int, int64_t>> laneDimValues(const LaneGroup& g, int64_t block, int64_t lane) {
  const int64_t f = block * g.lanes + lane;
  std::vector<std::pair<int, int64_t>> values;
  for (size_t p = 0; p < g.dims.size(); ++p) {
    int64_t v = f / g.radix[p];
    if (p > 0) v %= (p == 0 ? 1 : g.radix[p - 1] / g.radix[p]);
    values.push_back({g.dims[p], v});
  }
  return values;
}

void putLaneBlocksOuter(InvocationSpace& space) {
  for (OperandKeys* keys : {&space.inp, &space.wgt, &space.out}) {
    std::stable_partition(keys->coords.begin(), keys->coords.end(), [](const KeyCoord& c) { return c.blockLane >= 0; });
    keys->dramStride.assign(keys->coords.size(), 1);
    for (size_t m = keys->coords.size(); m-- > 1;)
      keys->dramStride[m - 1] = keys->dramStride[m] * keys->coords[m].dramExtent;
  }
}

}  // namespace inlay

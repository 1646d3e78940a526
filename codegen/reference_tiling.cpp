// TVM's legacy conv2d planner re-implemented for the `reference` strategy (docs/vta.md §5.4), the TVM-legal plans it
// chooses among (the dense reference measures them), and the recognition of the conv2d / dense operators they apply
// to. Where the reference leaves room, the interpretation is written next to
// the code ("Interpretation:").
#include "inlay/codegen/reference_tiling.h"

#include <array>
#include <sstream>
#include <vector>

#include "inlay/ir/error.h"

namespace inlay {
namespace {

constexpr int kNoDim = -1;

/// The dim index when `e` is exactly one dim with coefficient 1 and no constant; kNoDim otherwise.
int plainDim(const AffineExpr& e) {
  if (e.constant != 0) return kNoDim;
  int found = kNoDim;
  for (size_t d = 0; d < e.coeffs.size(); ++d) {
    if (e.coeffs[d] == 0) continue;
    if (e.coeffs[d] != 1 || found != kNoDim) return kNoDim;
    found = static_cast<int>(d);
  }
  return found;
}

int nonzeroTerms(const AffineExpr& e) {
  int n = 0;
  for (int64_t c : e.coeffs) n += c != 0;
  return n;
}

/// Matches a sliding-window index `stride·outDim + tapDim + constant` (tapDim has coefficient 1).
bool matchWindow(const AffineExpr& e, int outDim, int tapDim, int64_t& stride) {
  if (!e.dependsOn(outDim) || !e.dependsOn(tapDim) || nonzeroTerms(e) != 2) return false;
  if (e.coeffs[tapDim] != 1 || e.coeffs[outDim] <= 0) return false;
  stride = e.coeffs[outDim];
  return true;
}

bool allDistinct(const std::vector<int>& v) {
  for (size_t a = 0; a < v.size(); ++a)
    for (size_t b = a + 1; b < v.size(); ++b)
      if (v[a] == v[b]) return false;
  return true;
}

std::optional<ReferenceShape> matchConv(const Operator& op, int dataInput) {
  const TensorAccess& data = op.inputs[dataInput];
  const TensorAccess& kernel = op.inputs[1 - dataInput];
  if (op.dims.size() != 7 || op.out.index.size() != 4 || data.index.size() != 4 || kernel.index.size() != 4)
    return std::nullopt;
  ReferenceShape s;
  s.kind = ReferenceShape::Kind::Conv2d;
  s.dataInput = dataInput;
  s.dimBatch = plainDim(op.out.index[0]);
  s.dimOutChannels = plainDim(op.out.index[1]);
  s.dimOutH = plainDim(op.out.index[2]);
  s.dimOutW = plainDim(op.out.index[3]);
  s.dimInChannels = plainDim(data.index[1]);
  s.dimKh = plainDim(kernel.index[2]);
  s.dimKw = plainDim(kernel.index[3]);
  std::vector<int> all{s.dimBatch, s.dimOutChannels, s.dimOutH, s.dimOutW, s.dimInChannels, s.dimKh, s.dimKw};
  for (int d : all)
    if (d == kNoDim) return std::nullopt;
  if (!allDistinct(all) || plainDim(data.index[0]) != s.dimBatch || plainDim(kernel.index[0]) != s.dimOutChannels ||
      plainDim(kernel.index[1]) != s.dimInChannels)
    return std::nullopt;
  if (!op.dims[s.dimInChannels].reduction || !op.dims[s.dimKh].reduction || !op.dims[s.dimKw].reduction)
    return std::nullopt;
  if (!matchWindow(data.index[2], s.dimOutH, s.dimKh, s.strideH) ||
      !matchWindow(data.index[3], s.dimOutW, s.dimKw, s.strideW))
    return std::nullopt;
  s.batch = op.dims[s.dimBatch].extent;
  s.outChannels = op.dims[s.dimOutChannels].extent;
  s.inChannels = op.dims[s.dimInChannels].extent;
  s.outH = op.dims[s.dimOutH].extent;
  s.outW = op.dims[s.dimOutW].extent;
  s.kh = op.dims[s.dimKh].extent;
  s.kw = op.dims[s.dimKw].extent;
  return s;
}

/// True when `access` is indexed by exactly the dims {a, b} (each plainly, in either order).
bool indexedByPair(const TensorAccess& access, int a, int b) {
  if (access.index.size() != 2) return false;
  int x = plainDim(access.index[0]), y = plainDim(access.index[1]);
  return (x == a && y == b) || (x == b && y == a);
}

std::optional<ReferenceShape> matchDense(const Operator& op) {
  if (op.dims.size() != 3 || op.out.index.size() != 2) return std::nullopt;
  int m = plainDim(op.out.index[0]), n = plainDim(op.out.index[1]);
  if (m == kNoDim || n == kNoDim || m == n) return std::nullopt;
  int k = 3 - m - n;  // the remaining dim of {0, 1, 2}
  if (!op.dims[k].reduction) return std::nullopt;
  // Interpretation: TVM's dense computes out[b, co] = Σ data[b, ci]·kernel[co, ci]; the `fixed` strategy
  // (docs/design.md §5.4) puts the GEMM's N on b and M on o, so the data is the input indexed by n (B[K,N]) and the
  // kernel the one indexed by m (A[M,K]).
  for (int dataInput = 0; dataInput < 2; ++dataInput) {
    if (!indexedByPair(op.inputs[dataInput], n, k) || !indexedByPair(op.inputs[1 - dataInput], m, k)) continue;
    ReferenceShape s;
    s.kind = ReferenceShape::Kind::Dense;
    s.dataInput = dataInput;
    s.dimBatch = n;
    s.dimOutChannels = m;
    s.dimInChannels = k;
    s.batch = op.dims[n].extent;
    s.outChannels = op.dims[m].extent;
    s.inChannels = op.dims[k].extent;
    return s;
  }
  return std::nullopt;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::vector<int64_t> divisors(int64_t n) {
  std::vector<int64_t> small, large;
  for (int64_t f = 1; f * f <= n; ++f) {
    if (n % f != 0) continue;
    small.push_back(f);
    if (f != n / f) large.push_back(n / f);
  }
  small.insert(small.end(), large.rbegin(), large.rend());
  return small;
}

/// The planner's objective (docs/vta.md §5.4 step 3): per output tile and input-channel chunk one input tile and one
/// weight tile are loaded; every output byte is stored once. Conv: faithful to TVM's code, the weight term omits the co
/// factor — this is what reproduces its published choices (e.g. C2: h 4, w 56, ci 1, co 4, h2). Interpretation for
/// dense (no legacy planner existed; TVM tuned it with AutoTVM): the same estimate with the weight term counted in
/// full.
int64_t estimateDramBytes(const ReferenceShape& s, const Isa& isa, const ReferenceTiling& t) {
  ReferenceBlocks blocks = referenceBlocks(s, isa);
  ReferenceTileBytes tile = referenceTileBytes(s, isa, t);
  int64_t tiles = (blocks.batch / t.batchTile) * (s.outH / t.hTile) * (s.outW / t.wTile) * (blocks.co / t.coTile);
  int64_t chunks = blocks.ci / t.ciTile;
  int64_t weightTerm = s.kind == ReferenceShape::Kind::Conv2d ? tile.weight / t.coTile : tile.weight;
  int64_t outputBytes = blocks.batch * s.outH * s.outW * blocks.co * isa.outElemBytes();
  return tiles * chunks * (tile.input + weightTerm) + outputBytes;
}

/// The virtual-thread options of one planner phase: TVM's conv2d offers (h, co) ∈ {(1,2), (2,1)}, dense only co.
std::vector<std::array<int, 2>> threadOptions(const ReferenceShape& s, bool twoThreads) {
  if (!twoThreads) return {{1, 1}};
  if (s.kind == ReferenceShape::Kind::Dense) return {{1, 2}};
  return {{1, 2}, {2, 1}};
}

/// Calls `visit` with every plan of divisor tiles under `threads` that passes the validity filter, in the order
/// b, h, w, ci, co, threads (outermost first), with its estimate filled in.
template <typename Visit>
void forEachValidPlan(const ReferenceShape& s, const Isa& isa, const std::vector<std::array<int, 2>>& threads,
                      bool hazardRule, Visit&& visit) {
  ReferenceBlocks blocks = referenceBlocks(s, isa);
  for (int64_t b : divisors(blocks.batch))
    for (int64_t h : divisors(s.outH))
      for (int64_t w : divisors(s.outW))
        for (int64_t ci : divisors(blocks.ci))
          for (int64_t co : divisors(blocks.co))
            for (auto [ht, ct] : threads) {
              ReferenceTiling t{b, h, w, ci, co, ht, ct, 0, !hazardRule};
              if (!referenceTilingValid(s, isa, t, hazardRule)) continue;
              t.estimatedDramBytes = estimateDramBytes(s, isa, t);
              visit(t);
            }
}

std::optional<ReferenceTiling> bestPlan(const ReferenceShape& s, const Isa& isa, bool twoThreads, bool hazardRule) {
  std::optional<ReferenceTiling> best;
  forEachValidPlan(s, isa, threadOptions(s, twoThreads), hazardRule, [&](const ReferenceTiling& t) {
    if (!best || t.estimatedDramBytes < best->estimatedDramBytes) best = t;
  });
  return best;
}

}  // namespace

std::optional<ReferenceShape> matchReferenceShape(const Operator& op) {
  for (int dataInput = 0; dataInput < 2; ++dataInput)
    if (auto s = matchConv(op, dataInput)) return s;
  return matchDense(op);
}

ReferenceBlocks referenceBlocks(const ReferenceShape& s, const Isa& isa) {
  return {ceilDiv(s.batch, isa.batch()), ceilDiv(s.inChannels, isa.blockIn()), ceilDiv(s.outChannels, isa.blockOut())};
}

ReferenceTileBytes referenceTileBytes(const ReferenceShape& s, const Isa& isa, const ReferenceTiling& t) {
  int64_t inH = (t.hTile - 1) * s.strideH + s.kh;
  int64_t inW = (t.wTile - 1) * s.strideW + s.kw;
  return {t.batchTile * inH * inW * t.ciTile * isa.inpElemBytes(),
          s.kh * s.kw * t.ciTile * t.coTile * isa.wgtElemBytes(),
          t.batchTile * t.hTile * t.wTile * t.coTile * isa.outElemBytes()};
}

bool referenceTilingValid(const ReferenceShape& s, const Isa& isa, const ReferenceTiling& t, bool hazardRule) {
  ReferenceBlocks blocks = referenceBlocks(s, isa);
  // Virtual threads split the outer loop in two, so its trip count must be even.
  if ((s.outH / t.hTile) % t.hThreads != 0 || (blocks.co / t.coTile) % t.coThreads != 0) return false;
  // "2D load pattern matching": a tile narrower than the output row is only loadable as one channel block.
  if (s.kind == ReferenceShape::Kind::Conv2d && t.wTile != s.outW && !(t.coTile == 1 && t.ciTile == 1)) return false;
  ReferenceTileBytes bytes = referenceTileBytes(s, isa, t);
  int64_t inpBytes = isa.inpDepth() * isa.inpElemBytes(), wgtBytes = isa.wgtDepth() * isa.wgtElemBytes();
  // Interpretation: TVM's rule bounds weights by the whole WGT buffer, but each virtual thread holds its own weight
  // tile (InjectVirtualThread shares no cthread buffers), so a plan is only buildable when both copies fit. Likewise
  // the outputs: Inlay's emitter keeps accDepDistance ACC rows as scratch, so OUT/threads counts without them.
  int64_t outBytes = (isa.outDepth() - isa.accDepDistance) * isa.outElemBytes();
  if (bytes.input > inpBytes / t.threads() || bytes.weight > wgtBytes / t.threads() ||
      bytes.output > outBytes / t.threads())
    return false;
  if (!hazardRule) return true;
  // The accumulator write hazard: the innermost uop loops must move the output by more than accDepDistance.
  // Interpretation for dense: the uops run over the (batch, co) tile, so its size must exceed the distance.
  if (s.kind == ReferenceShape::Kind::Dense) return t.batchTile * t.coTile > isa.accDepDistance;
  return t.hTile > isa.accDepDistance && t.wTile > isa.accDepDistance;
}

ReferenceTiling planReferenceTiling(const ReferenceShape& s, const Isa& isa) {
  // Interpretation: TVM kept only virtual-threaded plans (vt_only); when none is valid we fall back to one thread,
  // and only then give up the h > 2, w > 2 rule ("where possible"), since Inlay's emitter orders uops to avoid
  // the hazard anyway.
  for (bool hazardRule : {true, false})
    for (bool twoThreads : {true, false})
      if (auto plan = bestPlan(s, isa, twoThreads, hazardRule)) return *plan;
  throw WorkError("reference strategy: no tile of TVM's planner fits the on-chip buffers (one " + std::to_string(s.kh) +
                  "x" + std::to_string(s.kw) + " weight block set needs " +
                  std::to_string(s.kh * s.kw * isa.wgtElemBytes()) + " bytes)");
}

std::vector<ReferenceTiling> legalReferenceTilings(const ReferenceShape& s, const Isa& isa) {
  std::vector<std::array<int, 2>> threads = threadOptions(s, false);
  for (std::array<int, 2> two : threadOptions(s, true)) threads.push_back(two);
  // The hazard rule "where possible", as the legacy planner applies it: only when no plan meets it is it dropped.
  for (bool hazardRule : {true, false}) {
    std::vector<ReferenceTiling> plans;
    forEachValidPlan(s, isa, threads, hazardRule, [&](const ReferenceTiling& t) { plans.push_back(t); });
    if (!plans.empty()) return plans;
  }
  return {};
}

std::string describeTiling(const ReferenceTiling& t) {
  std::ostringstream os;
  os << "b " << t.batchTile << ", h " << t.hTile << ", w " << t.wTile << ", ci " << t.ciTile << ", co " << t.coTile;
  if (t.hThreads > 1) os << ", threads h" << t.hThreads;
  if (t.coThreads > 1) os << ", threads co" << t.coThreads;
  return os.str();
}

}  // namespace inlay

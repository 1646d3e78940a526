// The invocation space of an embedding (codegen stage, docs/design.md §5.1): the loops that remain around the GEMM
// intrinsic once an Embedding has fused lane groups of operator dims onto the intrinsic's b, i and o lanes, and the
// affine "keys" that name which packed DRAM row (SRAM element) each operand of one invocation is.
//
// Invocation dims are the operator dims in no lane group ("outer" dims, in operator order) followed by one block dim
// per lane group (b, i, o; extent ceil(F/L)); a masked dim's two groups (solver/embedding.h) share one block dim,
// "tio" or "tbi" (only the diagonal blocks run), an output dim, and the block-diagonal operand one key coordinate. An
// operand's key has one coordinate per tensor dim — the tensor index with the lane-group terms removed, divided by the
// gcd of its remaining coefficients — followed by the block coordinates of the lane groups its element holds (inp: b,
// i; wgt: o, i; out: b, o). Invocations with equal keys share one packed row, so channel packing duplicates nothing
// while fused (im2col-style) lanes duplicate what the lane groups overlap.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/embedding.h"

namespace inlay {

struct InvocationDim {
  std::string name;  // the operator dim's name, or "tb", "ti", "to" for lane-group blocks
  int opDim = -1;    // operator dim index, -1 for a block dim
  int lane = -1;     // LaneDim of a block dim, -1 for an outer dim
  int64_t extent = 1;
  bool reduction = false;
};

/// A lane group: operator dims fused outermost first, split by the intrinsic dim's lane count.
struct LaneGroup {
  std::vector<int> dims;       // operator dim indices, outermost first
  std::vector<int64_t> radix;  // mixed-radix place value of each dim in the fused index
  int64_t fused = 1;           // F = Π extents
  int64_t lanes = 1;           // L
  int64_t blocks = 1;          // ceil(F / L)
  bool padded() const { return blocks * lanes != fused; }
};

/// One key coordinate: k(y) = Σ_d coeffs[d]·y_d over invocation dims; over the whole space it ranges over
/// [minValue, minValue + extent). The packed DRAM coordinate is k(y) − minValue.
struct KeyCoord {
  std::string name;
  std::vector<int64_t> coeffs;  // per invocation dim
  int64_t minValue = 0;
  int64_t extent = 1;
  // For a tensor-dim coordinate: the tensor index is constant + scale·k + (lane-group terms).
  int tensorDim = -1;  // -1 for a block coordinate
  int64_t constant = 0, scale = 1;
  int blockLane = -1;  // LaneDim of a block coordinate
  // The key values stored in DRAM: all of them, or — when the operand's LOADs may zero-pad and the coordinate's
  // tensor index has no lane terms — only those inside the tensor (the halo, ≤ kMaxDmaPad per side, is produced by
  // the DMA's zero padding instead of zero rows in DRAM).
  int64_t dramLo = 0, dramExtent = 1;
  int64_t haloBefore() const { return dramLo - minValue; }
  int64_t haloAfter() const { return minValue + extent - dramLo - dramExtent; }
};

/// The largest zero padding one LOAD field expresses (4-bit pad fields).
inline constexpr int64_t kMaxDmaPad = 15;

/// The keys of one operand (inp, wgt or out) and its packed DRAM geometry: rows in coordinate order, row-major.
struct OperandKeys {
  int tensor = -1;                    // operator input index, or -1 for the output
  std::array<int, 2> elementLanes{};  // LaneDims of the SRAM element's outer and inner lane axes
  std::vector<KeyCoord> coords;
  std::vector<int64_t> dramStride;  // per coordinate, in rows (= SRAM elements), over the DRAM extents
  int64_t rows() const;             // Π DRAM extents
  /// DRAM row of the invocation at `point` (full invocation-space coordinates); -1 when its key lies in a halo
  /// (the row is all zeros and only exists in SRAM).
  int64_t rowOf(const std::vector<int64_t>& point) const;
};

struct InvocationSpace {
  std::vector<InvocationDim> dims;
  std::array<LaneGroup, 3> groups;  // by LaneDim
  std::array<int, 3> blockDim{};    // invocation dim index of each group's block dim (tied groups: the same)
  OperandKeys inp, wgt, out;
  int inpInput = 0;                        // operator input playing inp
  int maskedDim = -1;                      // Embedding::maskedDim
  std::array<int, 2> maskedLanes{-1, -1};  // Embedding::maskedLanes

  int64_t invocations() const;                  // Π dim extents
  const OperandKeys& operand(int which) const;  // 0 inp, 1 wgt, 2 out
};

/// The number of lanes of intrinsic dim `lane` (a LaneDim): BATCH, BLOCK_IN or BLOCK_OUT.
int64_t laneCount(const Isa& isa, int lane);

/// Builds the invocation space. Preconditions: `emb` is valid for `op` (solver/embedding.h); violations found here
/// (a dim in two groups other than the masked dim, a reduction dim on b/o, an out access depending on a reduction
/// dim, a masked dim whose groups have different block counts) throw WorkError.
InvocationSpace buildInvocationSpace(const Operator& op, const Isa& isa, const Embedding& emb);

/// Reorders every operand's key coordinates so that the lane-block coordinates come first (keeping their order:
/// inp tb ti, wgt to ti, out tb to), then the tensor coordinates, and recomputes the row-major DRAM strides: TVM's
/// NCHW{B}n{I}c / OIHW{O}o{I}i layouts. The emitter applies it when Schedule::laneBlocksOuter is set; the
/// tiler searches both layouts.
void putLaneBlocksOuter(InvocationSpace& space);

/// The operator dim values of lane `lane` of block `block` of group `g`: {dim index, value}; value ≥ extent of the
/// outermost dim marks a padding lane.
std::vector<std::pair<int, int64_t>> laneDimValues(const LaneGroup& g, int64_t block, int64_t lane);

}  // namespace inlay

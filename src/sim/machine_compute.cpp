// The compute half of the datapath (sim/machine.h): GEMM and ALU over the two-level micro-op loop
// (docs/vta.md §2.3). Indices are checked once per micro-op execution, never per MAC, so that the int8 dot
// products stay tight and vectorisable; the accumulator write hazard is checked in execution order.
#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "inlay/sim/insn_text.h"
#include "inlay/sim/machine.h"

namespace inlay {

namespace {

/// acc[b][o] += Σ_c inp[b][c]·wgt[o][c] (int32, wrapping); out[b][o] = low 8 bits. kIn > 0 fixes BLOCK_IN at
/// compile time so that the inner product unrolls into SIMD multiply-adds.
template <int kIn>
void gemmTile(int32_t* acc, int8_t* out, const int8_t* inp, const int8_t* wgt, int64_t batch, int64_t blockOut,
              int64_t blockIn) {
  const int64_t in = kIn > 0 ? kIn : blockIn;
  for (int64_t b = 0; b < batch; ++b) {
    const int8_t* x = inp + b * in;
    for (int64_t o = 0; o < blockOut; ++o) {
      const int8_t* w = wgt + o * in;
      int32_t sum = 0;
      for (int64_t c = 0; c < in; ++c) sum += int32_t{x[c]} * int32_t{w[c]};
      const auto v = static_cast<int32_t>(static_cast<uint32_t>(acc[b * blockOut + o]) + static_cast<uint32_t>(sum));
      acc[b * blockOut + o] = v;
      out[b * blockOut + o] = static_cast<int8_t>(v);
    }
  }
}

using GemmTileFn = void (*)(int32_t*, int8_t*, const int8_t*, const int8_t*, int64_t, int64_t, int64_t);

#if defined(__SSE2__)
/// The same product on the paired weight layout [blockIn/2][blockOut][2] (int16): for each input pair (x0, x1),
/// one multiply-add of adjacent int16 pairs gives x0·w[o][c] + x1·w[o][c+1] for four outputs at once, exactly in
/// int32. kOut > 0 fixes BLOCK_OUT; otherwise blockOut ≤ 64 and a multiple of 4.
template <int kOut>
void gemmTilePaired(int32_t* acc, int8_t* out, const int8_t* inp, const int16_t* wgtPairs, int64_t batch,
                    int64_t blockOut, int64_t blockIn) {
  const int64_t outs = kOut > 0 ? kOut : blockOut;
  const int64_t groups = outs / 4;
  for (int64_t b = 0; b < batch; ++b) {
    const int8_t* x = inp + b * blockIn;
    __m128i sums[kOut > 0 ? kOut / 4 : 16];
    for (int64_t g = 0; g < groups; ++g) sums[g] = _mm_setzero_si128();
    for (int64_t p = 0; p < blockIn / 2; ++p) {
      const uint32_t pair = static_cast<uint16_t>(int16_t{x[2 * p]}) |
                            static_cast<uint32_t>(static_cast<uint16_t>(int16_t{x[2 * p + 1]})) << 16;
      const __m128i xv = _mm_set1_epi32(static_cast<int>(pair));
      const int16_t* row = wgtPairs + p * outs * 2;
      for (int64_t g = 0; g < groups; ++g)
        sums[g] =
            _mm_add_epi32(sums[g], _mm_madd_epi16(xv, _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + g * 8))));
    }
    int32_t* a = acc + b * outs;
    for (int64_t g = 0; g < groups; ++g) {
      __m128i* slot = reinterpret_cast<__m128i*>(a + g * 4);
      _mm_storeu_si128(slot, _mm_add_epi32(_mm_loadu_si128(slot), sums[g]));  // wrapping int32 accumulation
    }
    for (int64_t o = 0; o < outs; ++o) out[b * outs + o] = static_cast<int8_t>(a[o]);
  }
}
#endif

GemmTileFn pickGemmTile(int64_t blockIn) {
  switch (blockIn) {
    case 8: return gemmTile<8>;
    case 16: return gemmTile<16>;
    case 32: return gemmTile<32>;
    case 64: return gemmTile<64>;
    default: return gemmTile<0>;
  }
}

/// ALU op semantics (docs/vta.md §2.5). SHR shifts arithmetically by the low 5 bits of y read as a signed
/// value; a negative amount shifts left (the Chisel and fsim reading of negative immediates).
int32_t aluApply(AluOp op, int32_t x, int32_t y) {
  switch (op) {
    case AluOp::Min: return std::min(x, y);
    case AluOp::Max: return std::max(x, y);
    case AluOp::Add: return static_cast<int32_t>(static_cast<uint32_t>(x) + static_cast<uint32_t>(y));
    case AluOp::Mul: return static_cast<int32_t>(static_cast<uint32_t>(x) * static_cast<uint32_t>(y));
    case AluOp::Shr: {
      int32_t amount = static_cast<int32_t>(static_cast<uint32_t>(y) << 27) >> 27;  // sign-extended low 5 bits
      return amount >= 0 ? x >> amount : static_cast<int32_t>(static_cast<uint32_t>(x) << -amount);
    }
  }
  return x;
}

std::string where(int64_t k, int64_t i, int64_t j) {
  return "uop " + std::to_string(k) + " (i=" + std::to_string(i) + ", j=" + std::to_string(j) + ")";
}

int64_t uopExecs(const UopLoop& l) {
  return int64_t{l.iterOut} * l.iterIn * std::max<int64_t>(0, int64_t{l.uopEnd} - l.uopBgn);
}

}  // namespace

std::optional<ExecError> Machine::checkUopRange(const UopLoop& l) const {
  if (l.uopBgn < l.uopEnd && l.uopEnd > isa_.uopDepth())
    return ExecError{SimFault::Kind::OutOfBounds, "uop range [" + std::to_string(l.uopBgn) + ", " +
                                                      std::to_string(l.uopEnd) + ") exceeds the UOP depth " +
                                                      std::to_string(isa_.uopDepth())};
  return std::nullopt;
}

namespace {

/// The last `distance` ACC destinations written in this instruction, in execution order.
class DstHistory {
public:
  explicit DstHistory(std::vector<int64_t>& ring) : ring_(ring) { std::fill(ring_.begin(), ring_.end(), -1); }
  bool recent(int64_t d) const {
    for (int64_t r : ring_)
      if (r == d) return true;
    return false;
  }
  void push(int64_t d) {
    if (ring_.empty()) return;
    ring_[next_] = d;
    next_ = next_ + 1 == ring_.size() ? 0 : next_ + 1;
  }

private:
  std::vector<int64_t>& ring_;
  size_t next_ = 0;
};

ExecError outOfBounds(int64_t k, int64_t i, int64_t j, const char* field, int64_t index, const char* buffer,
                      int64_t depth) {
  return ExecError{SimFault::Kind::OutOfBounds, where(k, i, j) + ": " + field + " index " + std::to_string(index) +
                                                    " outside " + buffer + " (depth " + std::to_string(depth) + ")"};
}

ExecError writeHazard(int64_t k, int64_t i, int64_t j, int64_t dst, int distance) {
  return ExecError{SimFault::Kind::Hazard, where(k, i, j) + ": accumulator write hazard: ACC index " +
                                               std::to_string(dst) + " was written by one of the previous " +
                                               std::to_string(distance) + " uop executions"};
}

}  // namespace

std::optional<ExecError> Machine::gemm(const GemmInsn& g, SimStats& stats) {
  const UopLoop& l = g.loop;
  if (auto err = checkUopRange(l)) return err;
  (g.resetReg ? stats.resetUops : stats.gemmUops) += uopExecs(l);
  if (!functional_ || uopExecs(l) == 0) return std::nullopt;

  const GemmTileFn tile = pickGemmTile(blockIn_);
  const int64_t accDepth = isa_.accDepth(), inpDepth = isa_.inpDepth(), wgtDepth = isa_.wgtDepth();
  DstHistory history(recentDst_);
  for (int64_t i = 0; i < l.iterOut; ++i)
    for (int64_t j = 0; j < l.iterIn; ++j)
      for (int64_t k = l.uopBgn; k < l.uopEnd; ++k) {
        const Uop& u = uops_[static_cast<size_t>(k)];
        const int64_t d = u.dst + i * l.dstFactorOut + j * l.dstFactorIn;
        if (d >= accDepth) return outOfBounds(k, i, j, "dst", d, "ACC", accDepth);
        int32_t* acc = acc_.data() + d * accLanes_;
        int8_t* out = out_.data() + d * accLanes_;
        if (g.resetReg) {  // writes zeros without reading: no read-after-write hazard
          std::fill_n(acc, accLanes_, 0);
          std::fill_n(out, accLanes_, int8_t{0});
          continue;
        }
        const int64_t s = u.src + i * l.srcFactorOut + j * l.srcFactorIn;
        const int64_t w = u.wgt + i * g.wgtFactorOut + j * g.wgtFactorIn;
        if (s >= inpDepth) return outOfBounds(k, i, j, "src", s, "INP", inpDepth);
        if (w >= wgtDepth) return outOfBounds(k, i, j, "wgt", w, "WGT", wgtDepth);
        if (history.recent(d)) {
          ++stats.hazards;
          return writeHazard(k, i, j, d, isa_.accDepDistance);
        }
        history.push(d);
#if defined(__SSE2__)
        if (pairedKernel_) {
          (blockOut_ == 16 ? gemmTilePaired<16> : gemmTilePaired<0>)(acc, out, inp_.data() + s * inpLanes_,
                                                                     wgtPairs_.data() + w * wgtLanes_, batch_,
                                                                     blockOut_, blockIn_);
          continue;
        }
#endif
        tile(acc, out, inp_.data() + s * inpLanes_, wgt_.data() + w * wgtLanes_, batch_, blockOut_, blockIn_);
      }
  return std::nullopt;
}

std::optional<ExecError> Machine::alu(const AluInsn& a, SimStats& stats) {
  const UopLoop& l = a.loop;
  if (a.op == AluOp::Mul && !isa_.aluMul)
    return ExecError{SimFault::Kind::BadInstruction, "ALU MUL is not enabled in this ISA (aluMul)"};
  if (auto err = checkUopRange(l)) return err;
  stats.aluUops += uopExecs(l);
  if (!functional_ || uopExecs(l) == 0) return std::nullopt;

  const int64_t accDepth = isa_.accDepth();
  DstHistory history(recentDst_);
  for (int64_t i = 0; i < l.iterOut; ++i)
    for (int64_t j = 0; j < l.iterIn; ++j)
      for (int64_t k = l.uopBgn; k < l.uopEnd; ++k) {
        const Uop& u = uops_[static_cast<size_t>(k)];
        const int64_t d = u.dst + i * l.dstFactorOut + j * l.dstFactorIn;
        const int64_t s = u.src + i * l.srcFactorOut + j * l.srcFactorIn;
        if (d >= accDepth) return outOfBounds(k, i, j, "dst", d, "ACC", accDepth);
        if (!a.useImm && s >= accDepth) return outOfBounds(k, i, j, "src", s, "ACC", accDepth);
        if (history.recent(d)) {
          ++stats.hazards;
          return writeHazard(k, i, j, d, isa_.accDepDistance);
        }
        history.push(d);
        int32_t* x = acc_.data() + d * accLanes_;
        const int32_t* y = acc_.data() + s * accLanes_;
        int8_t* out = out_.data() + d * accLanes_;
        for (int64_t lane = 0; lane < accLanes_; ++lane) {
          x[lane] = aluApply(a.op, x[lane], a.useImm ? a.imm : y[lane]);
          out[lane] = static_cast<int8_t>(x[lane]);
        }
      }
  return std::nullopt;
}

}  // namespace inlay

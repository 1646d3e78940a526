// The program checks of sim/program_checks.h: a static pass over the instructions in program order, then an untimed
// run of the three modules under the token protocol along which deadlock, FINISH and races are decided.
#include "inlay/sim/program_checks.h"

#include <algorithm>
#include <array>
#include <deque>
#include <exception>
#include <map>

#include "inlay/isa/encoding.h"
#include "inlay/sim/insn_text.h"

namespace inlay {

std::string describeViolation(const Program& p, const InsnViolation& v) {
  std::string s = v.insn >= 0 ? "insn " + std::to_string(v.insn) : std::string("program");
  if (v.insn >= 0 && static_cast<size_t>(v.insn) < p.insns.size())
    s += " (" + describeInsn(p.insns[static_cast<size_t>(v.insn)]) + ")";
  return s + ": [" + v.rule + "] " + v.detail;
}

std::optional<AccHazard> findAccHazard(const UopLoop& l, const std::vector<int64_t>& dst, int distance) {
  const int64_t n = static_cast<int64_t>(dst.size()), I = l.iterOut, J = l.iterIn;
  const int64_t dfo = l.dstFactorOut, dfi = l.dstFactorIn;
  if (n == 0 || I == 0 || J == 0) return std::nullopt;
  for (int64_t kk = 0; kk < n; ++kk)
    for (int64_t delta = 1; delta <= distance; ++delta) {
      const int64_t q = (kk + delta) / n, k2 = (kk + delta) % n;  // j advances by q
      const int64_t base = dst[static_cast<size_t>(k2)] - dst[static_cast<size_t>(kk)];
      if (J - 1 - q >= 0 && base + q * dfi == 0)  // (i, j) → (i, j + q) for every j ≤ J - 1 - q
        return AccHazard{0, 0, l.uopBgn + kk, delta, dst[static_cast<size_t>(kk)]};
      for (int64_t j = std::max<int64_t>(0, J - q); j < J; ++j) {  // j + q ≥ J: carries into i
        const int64_t m = j + q, di = m / J, j2 = m % J;
        if (di >= I) break;  // past the last execution even from i = 0
        if (base + di * dfo + (j2 - j) * dfi == 0)
          return AccHazard{0, j, l.uopBgn + kk, delta, dst[static_cast<size_t>(kk)] + j * dfi};
      }
    }
  return std::nullopt;
}

namespace {

constexpr int64_t kMaxLoopIterations = (int64_t{1} << 14) - 1;  // VTA_LOOP_ITER_WIDTH = 14
constexpr uint32_t kMaxPad = 15;                                // 4-bit pad fields
// SHR immediates that every VTA implementation reads alike (docs/vta.md §2.5): -16..-1 shift left and 0..15 right
// everywhere; beyond, the HLS design's signed low 5 bits and the others' full value part ways.
constexpr int kMinPortableShr = -16, kMaxPortableShr = kMaxPortableShift;
constexpr int kQueues = 4;  // l2g, g2l, g2s, s2g
constexpr const char* kQueueNames[kQueues] = {"l2g", "g2l", "g2s", "s2g"};

/// The token queue of flag f (0 pop_prev, 1 pop_next, 2 push_prev, 3 push_next) for a module, or -1 if illegal.
int flagQueue(Module m, int f) {
  static constexpr int table[3][4] = {{-1, 1, -1, 0}, {0, 3, 1, 2}, {2, -1, 3, -1}};
  return table[static_cast<int>(m)][f];
}

/// The token queue by which an instruction of module `from` orders a later one of module `to`, or -1 (load and store
/// share no queue).
int orderingQueue(int from, int to) {
  static constexpr int table[3][3] = {{-1, 0, -1}, {1, -1, 2}, {-1, 3, -1}};
  return table[from][to];
}

/// SRAM buffers shared between modules: INP and WGT (load writes, compute reads) and OUT (compute writes, store
/// reads). ACC and UOP are compute's alone.
enum SharedBuf { kInp = 0, kWgt = 1, kOut = 2, kShared = 3 };
constexpr const char* kSharedNames[kShared] = {"INP", "WGT", "OUT"};

struct Access {
  SharedBuf buf = kInp;
  bool write = false;
  int64_t lo = 0, hi = 0;  // [lo, hi) in elements
};

/// [lo, hi) spans, merged.
void mergeSpans(std::vector<std::pair<int64_t, int64_t>>& spans) {
  std::sort(spans.begin(), spans.end());
  size_t out = 0;
  for (const auto& s : spans) {
    if (out > 0 && s.first <= spans[out - 1].second)
      spans[out - 1].second = std::max(spans[out - 1].second, s.second);
    else
      spans[out++] = s;
  }
  spans.resize(out);
}

/// "1 push", "2 pushes".
std::string countOf(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "bits 58-63 and 120 are set, but no field uses them (VTA ignores them)".
std::string unusedText(const InsnWord& bits) {
  std::vector<std::pair<int, int>> runs;  // [first, last]
  for (int b = 0; b < 128; ++b)
    if (((b < 64 ? bits.lo : bits.hi) >> (b % 64)) & 1) {
      if (!runs.empty() && runs.back().second == b - 1)
        runs.back().second = b;
      else
        runs.emplace_back(b, b);
    }
  const bool one = runs.size() == 1 && runs[0].first == runs[0].second;
  std::string s = one ? "bit " : "bits ";
  for (size_t r = 0; r < runs.size(); ++r) {
    s += r == 0 ? "" : r + 1 == runs.size() ? " and " : ", ";
    s += std::to_string(runs[r].first);
    if (runs[r].second > runs[r].first) s += "-" + std::to_string(runs[r].second);
  }
  return s + (one ? " is set, but no field uses it (VTA ignores it)"
                  : " are set, but no field uses them (VTA ignores them)");
}

/// What the race check knows of one element of a shared SRAM buffer.
struct ElemState {
  int writer = -1;  // module of the last write, -1 if none
  int64_t writeOrd = 0;
  std::array<int64_t, 3> readOrd{};  // per module, ordinal (1-based) of its last read since that write; 0: none
  bool operator==(const ElemState&) const = default;
};

/// The ElemState of every element of one buffer, as runs of elements in equal state. Accesses cover blocks, so a few
/// runs describe a buffer, and an access costs O(log runs) per run it overlaps rather than O(elements).
class ElemRuns {
public:
  explicit ElemRuns(int64_t size) : size_(size) {
    if (size > 0) runs_.emplace(0, ElemState{});
  }

  /// Calls visit(first element, state) on each run of [lo, hi) (clipped to the buffer), in order, to check and change
  /// it; then merges neighbouring runs that became equal.
  template <class Visit>
  void update(int64_t lo, int64_t hi, Visit visit) {
    lo = std::max<int64_t>(lo, 0), hi = std::min(hi, size_);
    if (lo >= hi) return;
    const auto first = split(lo), last = split(hi);
    for (auto it = first; it != last; ++it) visit(it->first, it->second);
    for (auto it = first == runs_.begin() ? first : std::prev(first); it != runs_.end();) {
      const auto next = std::next(it);
      if (next == runs_.end() || next->first > hi) break;
      if (next->second == it->second)
        runs_.erase(next);
      else
        it = next;
    }
  }

private:
  /// The run that starts at x, split off the one holding it (end() at the buffer's end).
  std::map<int64_t, ElemState>::iterator split(int64_t x) {
    if (x >= size_) return runs_.end();
    auto it = runs_.lower_bound(x);
    if (it != runs_.end() && it->first == x) return it;
    return runs_.emplace_hint(it, x, std::prev(it)->second);
  }

  int64_t size_;
  std::map<int64_t, ElemState> runs_;  // by first element; a run ends where the next starts
};

class Checker {
public:
  Checker(const Program& p, size_t cap) : p_(p), isa_(p.isa), cap_(cap) {}

  ProgramCheck run() {
    programRules();
    staticPass();
    pipelinePass();
    return std::move(found_);
  }

private:
  void add(int64_t insn, const char* rule, std::string detail) {
    if (found_.violations.size() < cap_) found_.violations.push_back({insn, rule, std::move(detail)});
    ++found_.total;
  }

  void programRules() {
    if (p_.insns.empty()) add(-1, insn_rule::kFinish, "the program has no instructions (FINISH must be last)");
    for (size_t k = 0; k < p_.uops.size(); ++k) {
      try {
        if (decodeUop(encodeUop(p_.uops[k], isa_), isa_) != p_.uops[k])
          add(-1, insn_rule::kUopEncoding, "uop " + std::to_string(k) + " does not decode back to itself");
      } catch (const std::exception& e) {
        add(-1, insn_rule::kUopEncoding, "uop " + std::to_string(k) + ": " + e.what());
      }
    }
    for (const UnusedBits& u : p_.unusedBits)
      if (u.uop) add(-1, insn_rule::kUnusedBits, "micro-op " + std::to_string(u.index) + ": " + unusedText(u.bits));
    if (const DramBuffer* b = p_.buffer(BufferRole::Uop)) uopImageBase_ = static_cast<int64_t>(b->offset / 4);
  }

  // ---- per instruction, in program order -------------------------------------------------------------------

  void staticPass() {
    slotImage_.assign(static_cast<size_t>(isa_.uopDepth()), -1);
    accessBegin_.reserve(p_.insns.size() + 1);
    std::vector<const UnusedBits*> unused;  // of instructions, by index
    for (const UnusedBits& u : p_.unusedBits)
      if (!u.uop) unused.push_back(&u);
    std::stable_sort(unused.begin(), unused.end(),
                     [](const UnusedBits* a, const UnusedBits* b) { return a->index < b->index; });
    auto nextUnused = unused.begin();
    for (size_t idx = 0; idx < p_.insns.size(); ++idx) {
      const auto i = static_cast<int64_t>(idx);
      const Instruction& insn = p_.insns[idx];
      accessBegin_.push_back(accesses_.size());
      try {
        if (decode(encode(insn, isa_), isa_) != insn) add(i, insn_rule::kEncoding, "does not decode back to itself");
      } catch (const std::exception& e) {
        add(i, insn_rule::kEncoding, e.what());
      }
      for (; nextUnused != unused.end() && (*nextUnused)->index <= i; ++nextUnused)
        add((*nextUnused)->index, insn_rule::kUnusedBits, unusedText((*nextUnused)->bits));
      tokenFlags(i, insn);
      if (std::holds_alternative<FinishInsn>(insn) && idx + 1 != p_.insns.size())
        add(i, insn_rule::kFinish,
            "FINISH before the end of the stream (at " + std::to_string(i) + " of " + std::to_string(p_.insns.size()) +
                ")");
      if (const auto* m = std::get_if<MemInsn>(&insn)) memInsn(i, *m);
      if (const auto* g = std::get_if<GemmInsn>(&insn)) loopInsn(i, g->loop, g, nullptr);
      if (const auto* a = std::get_if<AluInsn>(&insn)) loopInsn(i, a->loop, nullptr, a);
    }
    accessBegin_.push_back(accesses_.size());
    for (; nextUnused != unused.end(); ++nextUnused)  // records of instructions the program no longer has
      add((*nextUnused)->index, insn_rule::kUnusedBits, unusedText((*nextUnused)->bits));
    if (!p_.insns.empty() && !std::holds_alternative<FinishInsn>(p_.insns.back()))
      add(static_cast<int64_t>(p_.insns.size()) - 1, insn_rule::kFinish, "the last instruction is not FINISH");
    for (int q = 0; q < kQueues; ++q)
      if (pushes_[q] != pops_[q])
        add(-1, insn_rule::kTokenBalance,
            std::string(kQueueNames[q]) + ": " + countOf(pushes_[q], "push", "pushes") + ", " +
                countOf(pops_[q], "pop", "pops"));
  }

  void tokenFlags(int64_t i, const Instruction& insn) {
    const Module m = moduleOf(insn);
    const DepFlags d = depOf(insn);
    const bool flags[4] = {d.popPrev, d.popNext, d.pushPrev, d.pushNext};
    static const char* const names[4] = {"pop_prev", "pop_next", "push_prev", "push_next"};
    for (int f = 0; f < 4; ++f) {
      if (!flags[f]) continue;
      const int q = flagQueue(m, f);
      if (q < 0) {
        add(i, insn_rule::kTokenFlags, std::string(names[f]) + " on a " + moduleName(m) + "-module instruction");
        continue;
      }
      (f < 2 ? pops_ : pushes_)[q] += 1;
    }
  }

  int64_t sramDepth(MemType t) const {
    switch (t) {
      case MemType::Uop: return isa_.uopDepth();
      case MemType::Wgt: return isa_.wgtDepth();
      case MemType::Inp: return isa_.inpDepth();
      case MemType::Acc:
      case MemType::Acc8:
      case MemType::Out: return isa_.accDepth();
    }
    return 0;
  }

  bool padAllowed(const MemInsn& m) const {
    if (m.opcode == Opcode::Store) return false;
    switch (m.memType) {
      case MemType::Uop: return isa_.padUop;
      case MemType::Wgt: return false;  // VTA's load module pads INP only (docs/vta.md §3.1), whatever padWgt says
      case MemType::Inp: return isa_.padInp;
      case MemType::Acc:
      case MemType::Acc8: return isa_.padAcc;
      case MemType::Out: return false;
    }
    return false;
  }

  void memInsn(int64_t i, const MemInsn& m) {
    const std::string what = std::string(m.opcode == Opcode::Store ? "STORE " : "LOAD ") + memTypeName(m.memType);
    const std::array<uint32_t, 4> pads{m.yPad0, m.yPad1, m.xPad0, m.xPad1};
    const bool padded = std::any_of(pads.begin(), pads.end(), [](uint32_t v) { return v != 0; });
    if (std::any_of(pads.begin(), pads.end(), [](uint32_t v) { return v > kMaxPad; }))
      add(i, insn_rule::kDmaPad,
          what + " pads (" + std::to_string(m.yPad0) + "," + std::to_string(m.yPad1) + "," + std::to_string(m.xPad0) +
              "," + std::to_string(m.xPad1) + ") exceed 15");
    if (padded && !padAllowed(m)) add(i, insn_rule::kDmaPadType, what + " must not pad");
    // A STORE NOP's memory type means nothing (the store module has no other), and TVM's runtime writes UOP there.
    if (m.opcode == Opcode::Store && m.memType != MemType::Out && m.xSize > 0)
      add(i, insn_rule::kDmaType, "STORE must read OUT");
    if (m.opcode == Opcode::Load && m.memType == MemType::Out) add(i, insn_rule::kDmaType, "LOAD into OUT");
    if (m.opcode == Opcode::Load && m.memType == MemType::Acc8 && !isa_.loadAcc8)
      add(i, insn_rule::kDmaType, "LOAD ACC_8BIT on an ISA without it");
    if (m.xSize == 0) return;  // a sync NOP: only its tokens

    // SRAM: LOAD writes a dense (padded) block; STORE reads y × x dense OUT elements.
    const int64_t width = int64_t{m.xPad0} + m.xSize + m.xPad1;
    const int64_t height = int64_t{m.yPad0} + m.ySize + m.yPad1;
    const int64_t sramElems = m.opcode == Opcode::Store ? int64_t{m.ySize} * m.xSize : height * width;
    const int64_t depth = sramDepth(m.memType);
    const bool sramOk = m.sramBase + sramElems <= depth;
    if (!sramOk)
      add(i, insn_rule::kDmaSram,
          what + " SRAM elements [" + std::to_string(m.sramBase) + ", " + std::to_string(m.sramBase + sramElems) +
              ") beyond the depth " + std::to_string(depth));

    // DRAM: the rows lie inside one program buffer addressed in this memory type, and inside the image.
    if (m.ySize > 0) {
      const int64_t e = dramElemBytes(isa_, m.memType);
      const int64_t first = int64_t{m.dramBase} * e;
      const int64_t end = (int64_t{m.dramBase} + int64_t{m.ySize - 1} * m.xStride + m.xSize) * e;
      const bool inBuffer = std::any_of(p_.buffers.begin(), p_.buffers.end(), [&](const DramBuffer& b) {
        return b.memType == m.memType && static_cast<int64_t>(b.offset) <= first &&
               end <= static_cast<int64_t>(b.offset + b.bytes);
      });
      if (!inBuffer || end > static_cast<int64_t>(p_.dramBytes))
        add(i, insn_rule::kDmaDram,
            what + " DRAM bytes [" + std::to_string(first) + ", " + std::to_string(end) + ") outside every " +
                memTypeName(m.memType) + " buffer (DRAM image " + std::to_string(p_.dramBytes) + " bytes)");
    }

    if (!sramOk) return;
    if (m.opcode == Opcode::Load && m.memType == MemType::Uop) loadUops(i, m, width);
    if (m.opcode == Opcode::Load && (m.memType == MemType::Inp || m.memType == MemType::Wgt))
      accesses_.push_back({m.memType == MemType::Inp ? kInp : kWgt, true, m.sramBase, m.sramBase + sramElems});
    if (m.opcode == Opcode::Store && m.memType == MemType::Out)
      accesses_.push_back({kOut, false, m.sramBase, m.sramBase + sramElems});
  }

  /// Records which image micro-op each uop-buffer slot now holds (-2: a zero pad).
  void loadUops(int64_t i, const MemInsn& m, int64_t width) {
    const int64_t height = int64_t{m.yPad0} + m.ySize + m.yPad1;
    for (int64_t s = m.sramBase; s < m.sramBase + height * width; ++s) slotImage_[static_cast<size_t>(s)] = -2;
    for (int64_t r = 0; r < m.ySize; ++r)
      for (int64_t x = 0; x < m.xSize; ++x) {
        const int64_t slot = m.sramBase + (m.yPad0 + r) * width + m.xPad0 + x;
        const int64_t image = int64_t{m.dramBase} + r * m.xStride + x - uopImageBase_;
        if (image < 0 || image >= static_cast<int64_t>(p_.uops.size())) {
          add(i, insn_rule::kDmaDram,
              "LOAD UOP element " + std::to_string(image) + " outside the micro-op image of " +
                  std::to_string(p_.uops.size()));
          return;
        }
        slotImage_[static_cast<size_t>(slot)] = image;
      }
  }

  void loopInsn(int64_t i, const UopLoop& l, const GemmInsn* g, const AluInsn* a) {
    const char* what = g ? "GEMM" : "ALU";
    if (a && a->op == AluOp::Mul && !isa_.aluMul) add(i, insn_rule::kAluOp, "ALU MUL on an ISA without it");
    if (a && a->op == AluOp::Shr && a->useImm && (a->imm < kMinPortableShr || a->imm > kMaxPortableShr))
      add(i, insn_rule::kAluShift,
          "SHR by the immediate " + std::to_string(a->imm) + ", outside " + std::to_string(kMinPortableShr) + ".." +
              std::to_string(kMaxPortableShr) +
              ": VTA's implementations disagree on it (the HLS design shifts by its low 5 bits read as signed, the "
              "Chisel design and the functional simulator by the value)");
    for (auto [name, v] : {std::pair<const char*, uint32_t>{"iter_out", l.iterOut}, {"iter_in", l.iterIn}})
      if (v < 1 || v > kMaxLoopIterations)
        add(i, insn_rule::kLoopIterations,
            std::string(what) + " " + name + " = " + std::to_string(v) + " outside [1, " +
                std::to_string(kMaxLoopIterations) + "]");
    if (!(l.uopBgn < l.uopEnd && l.uopEnd <= isa_.uopDepth())) {
      add(i, insn_rule::kUopRange,
          std::string(what) + " uop range [" + std::to_string(l.uopBgn) + ", " + std::to_string(l.uopEnd) +
              ") not a non-empty range within the micro-op buffer (" + std::to_string(isa_.uopDepth()) + ")");
      return;
    }
    // The micro-ops the range holds now (compute runs LOAD UOP and GEMM/ALU in program order).
    std::vector<Uop> uops;
    uops.reserve(l.uopEnd - l.uopBgn);
    for (uint32_t s = l.uopBgn; s < l.uopEnd; ++s) {
      const int64_t image = slotImage_[s];
      if (image == -1) {
        add(i, insn_rule::kUopLoaded, "micro-op slot " + std::to_string(s) + " was never loaded");
        return;
      }
      uops.push_back(image >= 0 ? p_.uops[static_cast<size_t>(image)] : Uop{});
    }
    const bool reset = g && g->resetReg;
    // Index ranges: the last iteration reaches u + (I-1)·f_out + (J-1)·f_in (factors are unsigned).
    const int64_t I = l.iterOut, J = l.iterIn;
    if (I == 0 || J == 0) return;
    auto reach = [&](int64_t fo, int64_t fi) { return (I - 1) * fo + (J - 1) * fi; };
    const int64_t dReach = reach(l.dstFactorOut, l.dstFactorIn), sReach = reach(l.srcFactorOut, l.srcFactorIn);
    const int64_t wReach = g ? reach(g->wgtFactorOut, g->wgtFactorIn) : 0;
    const bool readsSrc = g ? !reset : !a->useImm;
    const int64_t srcDepth = g ? isa_.inpDepth() : isa_.accDepth();
    std::vector<std::pair<int64_t, int64_t>> out, inp, wgt;
    std::vector<int64_t> dst;
    dst.reserve(uops.size());
    bool indicesOk = true;
    for (size_t k = 0; k < uops.size(); ++k) {
      const Uop& u = uops[k];
      auto check = [&](const char* field, int64_t last, int64_t depth, const char* buffer) {
        if (last < depth || !indicesOk) return;
        indicesOk = false;
        add(i, insn_rule::kUopIndex,
            std::string(what) + " uop " + std::to_string(l.uopBgn + k) + " " + field + " reaches " +
                std::to_string(last) + ", beyond the " + buffer + " depth " + std::to_string(depth));
      };
      check("dst", u.dst + dReach, isa_.accDepth(), "ACC");
      if (readsSrc) check("src", u.src + sReach, srcDepth, g ? "INP" : "ACC");
      if (g && !reset) check("wgt", u.wgt + wReach, isa_.wgtDepth(), "WGT");
      dst.push_back(u.dst);
      out.emplace_back(u.dst, u.dst + dReach + 1);
      if (g && !reset) {
        inp.emplace_back(u.src, u.src + sReach + 1);
        wgt.emplace_back(u.wgt, u.wgt + wReach + 1);
      }
    }
    // Reset GEMMs too: the emission rule bans any two writes of one ACC index within accDepDistance (as TVM's
    // runtime checks every uop it records), though the simulator only faults GEMM/ALU writes that also read.
    if (auto h = findAccHazard(l, dst, isa_.accDepDistance))
      add(i, insn_rule::kAccHazard,
          std::string(what) + " uop " + std::to_string(h->k) + " at (i=" + std::to_string(h->i) +
              ", j=" + std::to_string(h->j) + ") writes ACC " + std::to_string(h->dst) + ", written again " +
              std::to_string(h->delta) + " uop execution(s) later (accDepDistance " +
              std::to_string(isa_.accDepDistance) + ")");
    if (!indicesOk) return;
    auto record = [&](std::vector<std::pair<int64_t, int64_t>>& spans, SharedBuf buf, bool write) {
      mergeSpans(spans);
      for (auto [lo, hi] : spans) accesses_.push_back({buf, write, lo, hi});
    };
    record(out, kOut, true);  // GEMM and ALU write the OUT shadow of every ACC index they write
    record(inp, kInp, false);
    record(wgt, kWgt, false);
  }

  // ---- the pipeline: deadlock, token order, races ----------------------------------------------------------

  using Clock = std::array<int64_t, 3>;  // per module: how many of its instructions happen before (inclusive)

  /// Runs load, compute and store as the hardware does, untimed: fetch in program order into per-module queues of
  /// insnQueueDepth; a module starts its head when the tokens it pops are there, and cannot start the next before its
  /// pushes found room in the token queues (tokenQueueDepth). Each token queue has one producer and one consumer, so
  /// no step disables another and running greedily to a fixpoint decides deadlock for every interleaving. The run
  /// order is a linearisation of happens-before, along which the vector clocks and the per-element accesses are
  /// checked.
  void pipelinePass() {
    const size_t n = p_.insns.size();
    const int64_t insnDepth = std::max<int64_t>(1, isa_.timing.insnQueueDepth);
    const int64_t tokenDepth = std::max<int64_t>(1, isa_.timing.tokenQueueDepth);
    std::vector<int> moduleOfInsn(n);
    std::vector<uint8_t> popMask(n), pushMask(n);
    std::array<std::vector<int64_t>, 3> list;
    for (size_t idx = 0; idx < n; ++idx) {
      const Module m = moduleOf(p_.insns[idx]);
      const DepFlags d = depOf(p_.insns[idx]);
      const bool flags[4] = {d.popPrev, d.popNext, d.pushPrev, d.pushNext};
      for (int f = 0; f < 4; ++f)
        if (const int q = flagQueue(m, f); flags[f] && q >= 0) (f < 2 ? popMask : pushMask)[idx] |= uint8_t(1u << q);
      moduleOfInsn[idx] = static_cast<int>(m);
      list[static_cast<size_t>(m)].push_back(static_cast<int64_t>(idx));
    }
    std::array<ElemRuns, kShared> sram{ElemRuns(isa_.inpDepth()), ElemRuns(isa_.wgtDepth()), ElemRuns(isa_.accDepth())};
    std::array<std::deque<Clock>, kQueues> tokens;
    std::array<int64_t, 3> fetched{}, started{};
    std::array<uint8_t, 3> pending{};
    std::array<Clock, 3> clock{};
    size_t fetch = 0;
    for (bool progress = true; progress;) {
      progress = false;
      while (fetch < n) {
        const auto m = static_cast<size_t>(moduleOfInsn[fetch]);
        if (fetched[m] - started[m] >= insnDepth) break;
        ++fetched[m], ++fetch, progress = true;
      }
      for (size_t m = 0; m < 3; ++m)
        for (;;) {
          for (int q = 0; q < kQueues; ++q)
            if ((pending[m] & (1u << q)) && static_cast<int64_t>(tokens[q].size()) < tokenDepth) {
              tokens[q].push_back(clock[m]);
              pending[m] = static_cast<uint8_t>(pending[m] & ~(1u << q));
              progress = true;
            }
          if (pending[m] || started[m] == fetched[m]) break;
          const int64_t i = list[m][static_cast<size_t>(started[m])];
          const uint8_t pops = popMask[static_cast<size_t>(i)];
          bool ready = true;
          for (int q = 0; q < kQueues; ++q) ready = ready && (!(pops & (1u << q)) || !tokens[q].empty());
          if (!ready) break;
          Clock c = clock[m];
          for (int q = 0; q < kQueues; ++q)
            if (pops & (1u << q)) {
              for (size_t x = 0; x < 3; ++x) c[x] = std::max(c[x], tokens[q].front()[x]);
              tokens[q].pop_front();
            }
          c[m] = ++started[m];
          clock[m] = c;
          onStart(i, static_cast<int>(m), c, sram, list);
          pending[m] = pushMask[static_cast<size_t>(i)];
          progress = true;
        }
    }
    if (fetch < n || started[0] < fetched[0] || started[1] < fetched[1] || started[2] < fetched[2] || pending[0] ||
        pending[1] || pending[2]) {
      std::string why;
      int64_t first = -1;
      for (size_t m = 0; m < 3; ++m) {
        why += moduleName(static_cast<Module>(m)) + ": ";
        if (pending[m])
          why += "waits to push onto a full token queue; ";
        else if (started[m] < static_cast<int64_t>(list[m].size())) {
          const int64_t i = list[m][static_cast<size_t>(started[m])];
          first = first < 0 ? i : std::min(first, i);
          why += started[m] < fetched[m] ? "insn " + std::to_string(i) + " waits for a token; "
                                         : "insn " + std::to_string(i) + " waits to be fetched; ";
        } else
          why += "done; ";
      }
      if (fetch < n) why += "fetch stalls at insn " + std::to_string(fetch) + " (its queue is full)";
      add(first, insn_rule::kDeadlock, "no module can progress: " + why);
    }
    // No check of tokens left over at the end: when every instruction ran, each queue holds its pushes minus its
    // pops, which the static pass compared.
  }

  void onStart(int64_t i, int m, const Clock& c, std::array<ElemRuns, kShared>& sram,
               const std::array<std::vector<int64_t>, 3>& list) {
    const auto insnOf = [&](int module, int64_t ord) { return list[static_cast<size_t>(module)][ord - 1]; };
    if (std::holds_alternative<FinishInsn>(p_.insns[static_cast<size_t>(i)]))
      for (int other : {0, 2})
        if (c[static_cast<size_t>(other)] < static_cast<int64_t>(list[static_cast<size_t>(other)].size()))
          add(i, insn_rule::kFinish,
              "FINISH may start before " + moduleName(static_cast<Module>(other)) + " insn " +
                  std::to_string(insnOf(other, c[static_cast<size_t>(other)] + 1)) +
                  " completes: no chain of tokens orders it after that instruction");
    // At most one race per instruction (the first element found), but every access still updates the elements, so
    // that what later instructions are checked against stays exact.
    bool raced = false;
    for (size_t x = accessBegin_[static_cast<size_t>(i)]; x < accessBegin_[static_cast<size_t>(i) + 1]; ++x) {
      const Access& a = accesses_[x];
      sram[a.buf].update(a.lo, a.hi, [&](int64_t e, ElemState& el) {
        // This access and the access of module `other` by its ord-th instruction, which ran before it here, are not
        // ordered by tokens. The hazard is named in program order, at the later instruction: the one whose pop the
        // missing token would have to satisfy.
        auto race = [&](int other, int64_t ord, bool otherWrote) {
          if (raced) return;
          raced = true;
          const int64_t j = insnOf(other, ord);
          const bool thisFirst = i < j;
          const int firstModule = thisFirst ? m : other, secondModule = thisFirst ? other : m;
          const bool firstWrites = thisFirst ? a.write : otherWrote, secondWrites = thisFirst ? otherWrote : a.write;
          const char* kind = secondWrites ? (firstWrites ? "WAW" : "WAR") : "RAW";
          const int q = orderingQueue(firstModule, secondModule);
          add(thisFirst ? j : i, insn_rule::kRace,
              std::string(secondWrites ? "write after " : "read after ") + (firstWrites ? "write" : "read") + " on " +
                  kSharedNames[a.buf] + "[" + std::to_string(e) + "]: insn " + std::to_string(thisFirst ? i : j) +
                  " (" + moduleName(static_cast<Module>(firstModule)) + ") " + (firstWrites ? "writes" : "reads") +
                  " it first, and no " + (q >= 0 ? std::string(kQueueNames[q]) + " token" : "chain of tokens") +
                  " orders that " + (firstWrites ? "write" : "read") + " before this " +
                  (secondWrites ? "write" : "read") + " (a missing " + kind + " token)");
        };
        if (el.writer >= 0 && el.writer != m && c[static_cast<size_t>(el.writer)] < el.writeOrd)
          race(el.writer, el.writeOrd, true);
        if (a.write) {
          for (int r = 0; r < 3; ++r)
            if (r != m && el.readOrd[static_cast<size_t>(r)] > c[static_cast<size_t>(r)])
              race(r, el.readOrd[static_cast<size_t>(r)], false);
          el.writer = m;
          el.writeOrd = c[static_cast<size_t>(m)];
          el.readOrd = {};
        } else {
          el.readOrd[static_cast<size_t>(m)] = c[static_cast<size_t>(m)];
        }
      });
    }
  }

  const Program& p_;
  const Isa& isa_;
  const size_t cap_;
  ProgramCheck found_;
  int64_t uopImageBase_ = 0;
  std::vector<int64_t> slotImage_;   // per uop-buffer slot: image index, -2 zero pad, -1 never loaded
  std::vector<Access> accesses_;     // every access to the shared SRAM buffers, in program order
  std::vector<size_t> accessBegin_;  // per instruction (and one past the last): its first entry in accesses_
  std::array<int64_t, kQueues> pushes_{}, pops_{};
};

}  // namespace

ProgramCheck checkProgram(const Program& p, size_t cap) { return Checker(p, cap).run(); }

std::vector<InsnViolation> findInsnViolations(const Program& p, size_t cap) { return checkProgram(p, cap).violations; }

}  // namespace inlay

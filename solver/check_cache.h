// A memo of checkEmbedding's verdicts for one run: a verdict depends only on the operator, the ISA's GEMM pattern and
// the embedding's mapping, and a design-space exploration solves each operator on many ISAs of one GEMM shape (they
// differ in buffers and bus width), so it checks each embedding once. Safe to share between threads.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "inlay/ir/operator.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/checker.h"
#include "inlay/solver/embedding.h"

namespace inlay {

class CheckCache {
public:
  /// checkEmbedding(op, isa, embedding), computed once per distinct operator, GEMM pattern and mapping.
  CheckResult check(const Operator& op, const Isa& isa, const Embedding& embedding);

private:
  std::mutex mutex_;
  std::unordered_map<std::string, CheckResult> verdicts_;
};

/// checkEmbedding, through `cache` when there is one (SolveOptions::checkCache).
CheckResult checkEmbeddingWith(CheckCache* cache, const Operator& op, const Isa& isa, const Embedding& embedding);

}  // namespace inlay

// The memo of embedding checks (solver/check_cache.h).
#include "inlay/solver/check_cache.h"

namespace inlay {

namespace {

void appendInts(std::string& key, const auto& values) {
  for (const auto v : values) key += std::to_string(v) + ',';
  key += ';';
}

/// Everything the verdict and its reason depend on: the pattern, the operator's dims and accesses (names included,
/// as reasons name them), the mapping.
std::string keyOf(const Operator& op, const IntrinsicPattern& gemm, const Embedding& e) {
  std::string key = gemm.text + '|';
  for (const IntrinsicPattern::Dim& d : gemm.dims) key += d.name + '=' + std::to_string(d.extent) + ',';
  for (const std::vector<std::string>* index : {&gemm.accIndex, &gemm.inpIndex, &gemm.wgtIndex}) {
    key += '|';
    for (const std::string& name : *index) key += name + ',';
  }
  key += '|';
  for (const Dim& d : op.dims) key += d.name + '=' + std::to_string(d.extent) + (d.reduction ? "r," : ",");
  for (const TensorAccess* a : {&op.out, &op.inputs[0], &op.inputs[1]}) {
    key += '|' + a->tensor + ':';
    appendInts(key, a->shape);
    for (const AffineExpr& index : a->index) {
      key += std::to_string(index.constant) + '+';
      appendInts(key, index.coeffs);
    }
  }
  key += '|' + std::to_string(e.inpInput) + ':';
  for (const std::vector<int>& group : e.lanes) appendInts(key, group);
  return key;
}

}  // namespace

CheckResult CheckCache::check(const Operator& op, const Isa& isa, const Embedding& embedding) {
  const std::string key = keyOf(op, isa.gemm, embedding);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = verdicts_.find(key); it != verdicts_.end()) return it->second;
  }
  CheckResult verdict = checkEmbedding(op, isa, embedding);  // outside the lock: other threads check other keys
  std::lock_guard<std::mutex> lock(mutex_);
  return verdicts_.emplace(key, std::move(verdict)).first->second;
}

CheckResult checkEmbeddingWith(CheckCache* cache, const Operator& op, const Isa& isa, const Embedding& embedding) {
  return cache ? cache->check(op, isa, embedding) : checkEmbedding(op, isa, embedding);
}

}  // namespace inlay

// Small queries on the Operator IR.
#include "inlay/ir/operator.h"

namespace inlay {

int64_t TensorAccess::elements() const {
  int64_t n = 1;
  for (int64_t e : shape) n *= e;
  return n;
}

int64_t Operator::macs() const {
  int64_t n = 1;
  for (const Dim& d : dims) n *= d.extent;
  return n;
}

int Operator::dimIndex(const std::string& dimName) const {
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d].name == dimName) return static_cast<int>(d);
  return -1;
}

std::vector<std::string> Operator::dimNames() const {
  std::vector<std::string> names;
  for (const Dim& d : dims) names.push_back(d.name);
  return names;
}

}  // namespace inlay

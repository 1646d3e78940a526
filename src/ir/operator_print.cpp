// The Operator IR printer (see operator_print.h).
#include "inlay/ir/operator_print.h"

#include <sstream>

namespace inlay {
namespace {

std::string accessText(const TensorAccess& a, const std::vector<std::string>& names) {
  std::string s = a.tensor + "[";
  for (size_t i = 0; i < a.index.size(); ++i) s += (i ? ", " : "") + printAffine(a.index[i], names);
  return s + "]";
}

std::string shapeText(const TensorAccess& a) {
  std::string s = a.tensor + ": [";
  for (size_t i = 0; i < a.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(a.shape[i]);
  return s + "]";
}

}  // namespace

std::string printOperator(const Operator& op) {
  const std::vector<std::string> names = op.dimNames();
  std::ostringstream s;
  s << op.name << " (" << op.kind << "): " << op.macs() << " MACs\n  for ";
  std::string reduce;
  for (size_t d = 0; d < op.dims.size(); ++d) {
    s << (d ? ", " : "") << op.dims[d].name << " < " << op.dims[d].extent;
    if (op.dims[d].reduction) reduce += (reduce.empty() ? "" : ", ") + op.dims[d].name;
  }
  s << " (reduce " << (reduce.empty() ? "nothing" : reduce) << ")\n";
  s << "  " << accessText(op.out, names) << " += " << accessText(op.inputs[0], names) << " * "
    << accessText(op.inputs[1], names) << "\n";
  s << "  shapes " << shapeText(op.out) << "  " << shapeText(op.inputs[0]) << "  " << shapeText(op.inputs[1]) << "\n";
  s << "  out = clamp(acc >> " << op.epilogue.shift << ", -128, 127)\n";
  return s.str();
}

}  // namespace inlay

// The operator builders (inlay/ir/builders.h): each writes the spec it stands for and lowers it with the spec
// reader, so there is one lowering and one set of rules.
#include "inlay/ir/builders.h"

#include <nlohmann/json.hpp>

#include "inlay/ir/spec_reader.h"

namespace inlay {
namespace {

using J = nlohmann::json;  // dims go in an array, so their loop order is kept

Operator lower(const J& spec, const std::string& origin) { return lowerSpec(spec, origin); }

J accessSpec(const LoopnestAccess& a) {
  J j{{"tensor", a.tensor}, {"index", a.index}};
  if (!a.shape.empty()) j["shape"] = a.shape;
  return j;
}

}  // namespace

Operator gemmOperator(int64_t M, int64_t N, int64_t K, int shift, const std::string& name) {
  J spec{{"name", name}, {"op", "gemm"}, {"shape", {{"M", M}, {"N", N}, {"K", K}}}, {"requant", {{"shift", shift}}}};
  return lower(spec, "<gemm>");
}

Operator conv2dOperator(const Conv2dParams& p, const std::string& name) {
  J spec{{"name", name},
         {"op", "conv2d"},
         {"shape", {{"N", p.N}, {"C", p.C}, {"H", p.H}, {"W", p.W}, {"K", p.K}, {"R", p.R}, {"S", p.S}}},
         {"stride", {p.strideH, p.strideW}},
         {"pad", {p.padH, p.padW}},
         {"groups", p.groups},
         {"requant", {{"shift", p.shift}}}};
  return lower(spec, "<conv2d>");
}

Operator loopnestOperator(const std::vector<std::pair<std::string, int64_t>>& dims,
                          const std::vector<std::string>& reduce, const LoopnestAccess& out,
                          const std::array<LoopnestAccess, 2>& inputs, int shift, const std::string& name) {
  J dimList = J::array();
  for (const auto& [dim, extent] : dims) dimList.push_back({{"name", dim}, {"extent", extent}});
  J spec{{"name", name},
         {"op", "loopnest"},
         {"dims", dimList},
         {"reduce", reduce},
         {"out", accessSpec(out)},
         {"inputs", {accessSpec(inputs[0]), accessSpec(inputs[1])}},
         {"requant", {{"shift", shift}}}};
  return lower(spec, "<loopnest>");
}

}  // namespace inlay

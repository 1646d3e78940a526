// Tests of element ids (solver/element_ids.h): equal ids exactly for equal elements, and ids decode to their
// elements, both in the mixed-radix form and when the index ranges are too wide for it.
#include <doctest/doctest.h>

#include <map>

#include "inlay/ir/spec_reader.h"
#include "inlay/solver/dataflow.h"
#include "inlay/solver/element_ids.h"

using namespace inlay;

namespace {

/// Visits every point of the domain: ids and elements must be in one-to-one correspondence, and each id must decode
/// to its element.
void checkOneToOne(const Operator& op, const TensorAccess& access) {
  ElementIds ids(op, access);
  std::map<int64_t, std::vector<int64_t>> elementOf;
  std::map<std::vector<int64_t>, int64_t> idOf;
  std::vector<int64_t> x(op.dims.size(), 0);
  for (;;) {
    const int64_t id = ids.id(x);
    const std::vector<int64_t> element = accessElement(access, x);
    CHECK(elementOf.emplace(id, element).first->second == element);
    CHECK(idOf.emplace(element, id).first->second == id);
    CHECK(ids.element(id) == element);
    size_t d = x.size();
    while (d > 0 && ++x[d - 1] == op.dims[d - 1].extent) x[--d] = 0;
    if (d == 0) break;
  }
}

}  // namespace

TEST_CASE("a padded strided conv's input elements: mixed-radix ids over negative index ranges") {
  const Operator op = parseOperators(R"({"op": "conv2d", "shape": {"N": 1, "C": 3, "H": 7, "W": 7, "K": 2, "R": 3,
      "S": 3}, "stride": [2, 2], "pad": [1, 1]})",
                                     "t.json")
                          .at(0);
  checkOneToOne(op, op.inputs[0]);
  checkOneToOne(op, op.out);
}

TEST_CASE("indices whose ranges multiply past 64 bits are numbered as met") {
  const Operator op = parseOperators(R"({"op": "loopnest", "dims": {"a": 3, "b": 2, "c": 2},
      "reduce": ["c"], "out": {"tensor": "O", "index": ["a", "b"]},
      "inputs": [{"tensor": "X", "index": ["1000000000000*b", "1000000000000*a", "1000000000000*c"], "shape": [1, 1, 1]},
                 {"tensor": "Y", "index": ["c"]}]})",
                                     "t.json")
                          .at(0);
  ElementIds ids(op, op.inputs[0]);
  const std::vector<int64_t> first = {0, 0, 0}, later = {2, 1, 1};
  CHECK(ids.id(first) == 0);
  CHECK(ids.id(later) == 1);
  CHECK(ids.id(first) == 0);
  CHECK(ids.element(1) == std::vector<int64_t>{1000000000000, 2000000000000, 1000000000000});
  checkOneToOne(op, op.inputs[0]);
}

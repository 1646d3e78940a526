// Lowering of the generic "loopnest" spec (docs/formats.md §1.5): named dims with extents (an object in loop order, or
// an array of {"name", "extent"}), the reduction dims, and an output and two input accesses whose indices are affine
// expressions of the dims. Shapes are derived from index ranges (max + 1) unless given.
#include <algorithm>
#include <cctype>

#include "inlay/ir/spec_detail.h"

namespace inlay::spec_detail {
namespace {

std::vector<Dim> readDims(const J& spec, const Where& at) {
  Where dimsAt = at / "dims";
  const J& dims = json_read::member(spec, "dims", at);
  std::vector<Dim> result;
  auto addDim = [&](const std::string& name, const J& extent, const Where& nameAt, const Where& extentAt) {
    if (!isIdentifier(name)) nameAt.fail("'" + name + "' is not a valid dim name");
    for (const Dim& d : result)
      if (d.name == name) nameAt.fail("dim '" + name + "' is declared twice");
    result.push_back({name, json_read::positive(extent, extentAt), false});
  };
  if (dims.is_object()) {
    for (auto it = dims.begin(); it != dims.end(); ++it)
      addDim(it.key(), it.value(), dimsAt / it.key(), dimsAt / it.key());
  } else if (dims.is_array()) {
    for (size_t i = 0; i < dims.size(); ++i) {
      const J& d = json_read::object(dims[i], dimsAt[i]);
      json_read::rejectUnknownFields(d, {"name", "extent"}, dimsAt[i]);
      addDim(json_read::string(json_read::member(d, "name", dimsAt[i]), dimsAt[i] / "name"),
             json_read::member(d, "extent", dimsAt[i]), dimsAt[i] / "name", dimsAt[i] / "extent");
    }
  } else {
    dimsAt.fail("expected an object {name: extent} or an array of {\"name\", \"extent\"}, got " +
                json_read::describe(dims.type()));
  }
  if (result.empty()) dimsAt.fail("an operator needs at least one dim");
  return result;
}

void readReduce(const J& spec, const Where& at, std::vector<Dim>& dims) {
  if (!spec.contains("reduce")) return;
  Where reduceAt = at / "reduce";
  const J& reduce = json_read::array(spec.at("reduce"), reduceAt);
  for (size_t i = 0; i < reduce.size(); ++i) {
    std::string name = json_read::string(reduce[i], reduceAt[i]);
    auto it = std::find_if(dims.begin(), dims.end(), [&](const Dim& d) { return d.name == name; });
    if (it == dims.end()) reduceAt[i].fail("unknown dim '" + name + "'");
    if (it->reduction) reduceAt[i].fail("dim '" + name + "' is listed twice");
    it->reduction = true;
  }
}

// The smallest and largest value of `e` over the box of `dims`, failing when either leaves 64 bits.
std::pair<int64_t, int64_t> valueRange(const AffineExpr& e, const std::vector<Dim>& dims, const Where& at) {
  int64_t lo = e.constant, hi = e.constant;
  for (size_t d = 0; d < dims.size(); ++d) {
    int64_t span = 0;
    bool overflow = __builtin_mul_overflow(e.coeffs[d], dims[d].extent - 1, &span);
    overflow = overflow || __builtin_add_overflow(span < 0 ? lo : hi, span, span < 0 ? &lo : &hi);
    if (overflow) at.fail("index values overflow 64 bits");
  }
  return {lo, hi};
}

// One access {"tensor", "index": [...], "shape"?: [...]}. Shapes are completed by the caller's rules.
struct RawAccess {
  TensorAccess access;
  bool shapeGiven = false;
  std::vector<std::pair<int64_t, int64_t>> ranges;  // per index
};

RawAccess readAccess(const J& v, const Where& at, const std::vector<Dim>& dims) {
  json_read::object(v, at);
  json_read::rejectUnknownFields(v, {"tensor", "index", "shape"}, at);
  RawAccess raw;
  raw.access.tensor = json_read::string(json_read::member(v, "tensor", at), at / "tensor");
  if (!isIdentifier(raw.access.tensor)) (at / "tensor").fail("'" + raw.access.tensor + "' is not a valid tensor name");
  Where indexAt = at / "index";
  const J& index = json_read::array(json_read::member(v, "index", at), indexAt);
  if (index.empty()) indexAt.fail("a tensor needs at least one index");
  std::vector<std::string> names;
  for (const Dim& d : dims) names.push_back(d.name);
  for (size_t i = 0; i < index.size(); ++i) {
    AffineExpr e = index[i].is_number()
                       ? affine(dims.size(), {}, json_read::integer(index[i], indexAt[i]))
                       : parseAffine(json_read::string(index[i], indexAt[i]), names, at.file, indexAt[i].path);
    raw.ranges.push_back(valueRange(e, dims, indexAt[i]));
    raw.access.index.push_back(std::move(e));
  }
  if (v.contains("shape")) {
    raw.shapeGiven = true;
    Where shapeAt = at / "shape";
    const J& shape = json_read::array(v.at("shape"), shapeAt);
    if (shape.size() != index.size())
      shapeAt.fail("has " + std::to_string(shape.size()) + " entries but index has " + std::to_string(index.size()));
    for (size_t i = 0; i < shape.size(); ++i) raw.access.shape.push_back(json_read::positive(shape[i], shapeAt[i]));
  }
  return raw;
}

// Output indices use no reduction dim, stay ≥ 0 and inside the (given or derived) shape.
TensorAccess finishOutput(RawAccess raw, const std::vector<Dim>& dims, const Where& at) {
  for (size_t i = 0; i < raw.access.index.size(); ++i) {
    Where indexAt = (at / "index")[i];
    for (size_t d = 0; d < dims.size(); ++d)
      if (dims[d].reduction && raw.access.index[i].dependsOn(d))
        indexAt.fail("uses reduction dim '" + dims[d].name + "'; a reduction dim may not appear in the output");
    auto [lo, hi] = raw.ranges[i];
    if (lo < 0) indexAt.fail("takes negative values (down to " + std::to_string(lo) + ")");
    if (!raw.shapeGiven) {
      if (hi == INT64_MAX) indexAt.fail("reaches " + std::to_string(hi) + ": the derived shape overflows 64 bits");
      raw.access.shape.push_back(hi + 1);
    } else if (hi >= raw.access.shape[i])
      indexAt.fail("reaches " + std::to_string(hi) + ", outside the output shape " +
                   std::to_string(raw.access.shape[i]));
  }
  return raw.access;
}

// Input shapes default to max + 1 per index; indices outside the shape read zero.
TensorAccess finishInput(RawAccess raw, const Where& at) {
  if (raw.shapeGiven) return raw.access;
  for (size_t i = 0; i < raw.access.index.size(); ++i) {
    int64_t hi = raw.ranges[i].second;
    if (hi < 0) (at / "index")[i].fail("is always negative, so the tensor is never read; give its shape");
    if (hi == INT64_MAX)
      (at / "index")[i].fail("reaches " + std::to_string(hi) + ": the derived shape overflows 64 bits");
    raw.access.shape.push_back(hi + 1);
  }
  return raw.access;
}

// Every non-reduction dim must index the output: otherwise it would silently act as a reduction.
void checkOutputCoversParallelDims(const Operator& op, const Where& at) {
  for (size_t d = 0; d < op.dims.size(); ++d) {
    if (op.dims[d].reduction) continue;
    bool used = false;
    for (const AffineExpr& e : op.out.index) used = used || e.dependsOn(d);
    if (!used) (at / "reduce").fail("dim '" + op.dims[d].name + "' appears in no output index; list it in reduce");
  }
}

}  // namespace

Operator lowerLoopnest(const J& spec, const Where& at) {
  std::vector<std::string> fields{"dims", "reduce", "out", "inputs", "kind"};
  fields.insert(fields.end(), kCommonFields.begin(), kCommonFields.end());
  json_read::rejectUnknownFields(spec, fields, at);
  Operator op;
  op.kind = spec.contains("kind") ? json_read::string(spec.at("kind"), at / "kind") : "loopnest";
  op.dims = readDims(spec, at);
  readReduce(spec, at, op.dims);
  op.out = finishOutput(readAccess(json_read::member(spec, "out", at), at / "out", op.dims), op.dims, at / "out");
  Where inputsAt = at / "inputs";
  const J& inputs = json_read::array(json_read::member(spec, "inputs", at), inputsAt);
  if (inputs.size() != 2) inputsAt.fail("expected exactly two inputs, got " + std::to_string(inputs.size()));
  for (size_t i = 0; i < 2; ++i) {
    op.inputs[i] = finishInput(readAccess(inputs[i], inputsAt[i], op.dims), inputsAt[i]);
    const std::string& name = op.inputs[i].tensor;
    if (name == op.out.tensor || (i == 1 && name == op.inputs[0].tensor))
      (inputsAt[i] / "tensor").fail("tensor name '" + name + "' is used twice");
  }
  checkOutputCoversParallelDims(op, at);
  checkSizes(op, at / "dims");
  return op;
}

}  // namespace inlay::spec_detail

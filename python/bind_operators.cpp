// Operators in Python: the read-only Operator with its dims and accesses, the builders (gemm, conv2d, loopnest),
// the spec reader (parse_operators, read_operator_file) and validate_operator.
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <nlohmann/json.hpp>

#include "bindings.h"
#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/ir/operator_print.h"
#include "inlay/ir/spec_reader.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

/// A tensor access with its index printed over the operator's dim names ("p + 2*r - 1").
struct Access {
  std::string tensor;
  std::vector<std::string> index;
  std::vector<int64_t> shape;
};

Access accessOf(const TensorAccess& a, const Operator& op) {
  Access out{a.tensor, {}, a.shape};
  for (const AffineExpr& e : a.index) out.index.push_back(printAffine(e, op.dimNames()));
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ", ") + p;
  return s;
}

/// A stride or padding: one value for both axes, or (height, width).
using Pair = std::variant<int64_t, std::pair<int64_t, int64_t>>;
std::pair<int64_t, int64_t> bothAxes(const Pair& p) {
  if (const int64_t* v = std::get_if<int64_t>(&p)) return {*v, *v};
  return std::get<std::pair<int64_t, int64_t>>(p);
}

/// A loopnest access as Python writes it: (tensor, index) or (tensor, index, shape).
using AccessTuple = std::variant<std::tuple<std::string, std::vector<std::string>>,
                                 std::tuple<std::string, std::vector<std::string>, std::vector<int64_t>>>;
LoopnestAccess loopnestAccess(const AccessTuple& t) {
  return std::visit(
      [](const auto& a) {
        LoopnestAccess out{std::get<0>(a), std::get<1>(a), {}};
        if constexpr (std::tuple_size_v<std::decay_t<decltype(a)>> == 3) out.shape = std::get<2>(a);
        return out;
      },
      t);
}

Operator loopnest(const std::vector<std::pair<std::string, int64_t>>& dims, const std::vector<std::string>& reduce,
                  const AccessTuple& out, const std::vector<AccessTuple>& inputs, int shift, const std::string& name) {
  if (inputs.size() != 2)
    throw InputError("<loopnest>", "inputs", "expected exactly two inputs, got " + std::to_string(inputs.size()));
  return loopnestOperator(dims, reduce, loopnestAccess(out), {loopnestAccess(inputs[0]), loopnestAccess(inputs[1])},
                          shift, name);
}

Operator conv2d(int64_t N, int64_t C, int64_t H, int64_t W, int64_t K, int64_t R, int64_t S, const Pair& stride,
                const Pair& pad, int64_t groups, int shift, const std::string& name) {
  Conv2dParams p{.N = N, .C = C, .H = H, .W = W, .K = K, .R = R, .S = S, .groups = groups, .shift = shift};
  std::tie(p.strideH, p.strideW) = bothAxes(stride);
  std::tie(p.padH, p.padW) = bothAxes(pad);
  return conv2dOperator(p, name);
}

void bindClasses(py::module_& m) {
  py::class_<Dim>(m, "Dim", "One loop of an operator: its name, extent and whether it is a reduction dim.")
      .def_readonly("name", &Dim::name)
      .def_readonly("extent", &Dim::extent)
      .def_readonly("reduction", &Dim::reduction)
      .def(py::self == py::self)
      .def("__repr__", [](const Dim& d) {
        return "Dim('" + d.name + "', " + std::to_string(d.extent) + (d.reduction ? ", reduction=True)" : ")");
      });

  py::class_<Access>(m, "Access", "A tensor access: the tensor's name, one affine index per tensor dim, its shape.")
      .def_readonly("tensor", &Access::tensor)
      .def_readonly("index", &Access::index, "index expressions over the operator's dims, e.g. 'p + 2*r - 1'")
      .def_readonly("shape", &Access::shape)
      .def("__repr__", [](const Access& a) {
        std::string shape;
        for (int64_t e : a.shape) shape += (shape.empty() ? "" : ", ") + std::to_string(e);
        return "Access(" + a.tensor + "[" + join(a.index) + "], shape=[" + shape + "])";
      });

  py::class_<Operator>(m, "Operator",
                       "An operator: a perfect loop nest O[out] += X[in0] * Y[in1] over a box of dims, followed by "
                       "out = clamp(acc >> shift, -128, 127). Read-only; build one with gemm(), conv2d(), loopnest() "
                       "or parse_operators().")
      .def_readonly("name", &Operator::name)
      .def_readonly("kind", &Operator::kind, "'gemm', 'conv2d' or 'loopnest': how it was written (display only)")
      .def_readonly("dims", &Operator::dims, "the loops, outermost first")
      .def_property_readonly("dim_names", &Operator::dimNames)
      .def_property_readonly("macs", &Operator::macs, "multiply-accumulates: the product of all extents")
      .def_property_readonly("shift", [](const Operator& op) { return op.epilogue.shift; })
      .def_property_readonly(
          "out", [](const Operator& op) { return accessOf(op.out, op); }, "the output access")
      .def_property_readonly(
          "inputs",
          [](const Operator& op) {
            return std::vector<Access>{accessOf(op.inputs[0], op), accessOf(op.inputs[1], op)};
          },
          "the two input accesses")
      .def(
          "to_json", [](const Operator& op, int indent) { return toLoopnestSpec(op).dump(indent); }, "indent"_a = 2,
          "The operator as a loopnest spec (docs/formats.md): parse_operators(op.to_json())[0] == op.")
      .def(py::self == py::self)
      .def("__str__",
           [](const Operator& op) {
             std::string text = printOperator(op);
             if (!text.empty() && text.back() == '\n') text.pop_back();
             return text;
           })
      .def("__repr__", [](const Operator& op) {
        return "<inlay.Operator " + op.name + " (" + op.kind + "): " + std::to_string(op.macs()) + " MACs>";
      });
}

void bindBuilders(py::module_& m) {
  m.def("gemm", &gemmOperator, "M"_a, "N"_a, "K"_a, "shift"_a = 0, "name"_a = "gemm",
        "C[M, N] = clamp((sum_k A[M, K] * B[K, N]) >> shift): dims m, n, k. Raises InputError('<gemm>', "
        "'shape.N', ...) for a bad argument, as the spec reader does for the same spec.");
  m.def("conv2d", &conv2d, py::kw_only(), "N"_a = 1, "C"_a, "H"_a, "W"_a, "K"_a, "R"_a, "S"_a,
        "stride"_a = std::pair<int64_t, int64_t>{1, 1}, "pad"_a = std::pair<int64_t, int64_t>{0, 0}, "groups"_a = 1,
        "shift"_a = 0, "name"_a = "conv2d",
        "A 2-D convolution: NCHW input I, KCRS filter F (C/groups channels per filter), output O[N, K, P, Q]. "
        "stride and pad are (height, width) or one value for both. Keyword arguments only.");
  m.def("loopnest", &loopnest, py::kw_only(), "dims"_a, "reduce"_a = std::vector<std::string>{}, "out"_a, "inputs"_a,
        "shift"_a = 0, "name"_a = "loopnest",
        "The generic form: dims = [(name, extent), ...] in loop order, reduce = the reduction dims' names, "
        "out = (tensor, [index, ...]) and inputs = two such accesses; an access may end with its shape, "
        "(tensor, index, shape), else the shape is derived from the index ranges. Indices are affine expressions "
        "of the dims, e.g. 'p + 2*r - 1'. Keyword arguments only.");
}

void bindReaders(py::module_& m) {
  m.def("parse_operators", &parseOperators, "text"_a, "file"_a = "<string>",
        "The operators of spec text (one spec or {\"operators\": [...]}); `file` names it in errors.");
  m.def("read_operator_file", &readOperatorFile, "path"_a,
        "The operators of a spec file (one spec or {\"operators\": [...]}).");
  m.def("validate_operator", &validateOperator, "op"_a, "origin"_a = "<operator>",
        "Checks the IR's invariants; raises InputError(origin, the field's path, why). Every entry point calls it.");
}

}  // namespace

void bindOperators(py::module_& m) {
  bindClasses(m);
  bindBuilders(m);
  bindReaders(m);
}

}  // namespace inlay::python

// The Python module `inlay` (docs/python.md) is bound in parts, one per pipeline stage, each registering its classes
// and functions on the module; module.cpp calls them in pipeline order, since later parts name earlier classes.
// Everything here is a thin translation layer: all behaviour lives in the C++ stages.
#pragma once

#include <pybind11/pybind11.h>

#include "inlay/ir/operator.h"
#include "inlay/solver/embedding.h"

namespace inlay::python {

namespace py = pybind11;

void bindErrors(py::module_& m);
void bindOperators(py::module_& m);
void bindIsa(py::module_& m);
void bindSolver(py::module_& m);
void bindCodegen(py::module_& m);
void bindSim(py::module_& m);
void bindCompile(py::module_& m);

/// An embedding as Python sees it: with the operator it embeds into, so that it can name its lane groups' dims and
/// operand tensors and be written as JSON (an Embedding alone holds dim and input indices, which mean nothing
/// without its operator).
struct NamedEmbedding {
  Embedding value;
  Operator op;
};
/// Checks that `embedding`'s indices are `op`'s (InternalError otherwise: embeddings come from the solver).
NamedEmbedding nameEmbedding(const Embedding& embedding, const Operator& op);

}  // namespace inlay::python

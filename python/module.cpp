// The entry point of the Python extension `inlay`: the module docstring, its version and the stage bindings.
#include <pybind11/pybind11.h>

#include "bindings.h"
#include "inlay/version.h"

PYBIND11_MODULE(inlay, m) {
  using namespace inlay::python;
  m.doc() =
      "Inlay: embeds VTA GEMM instructions into DNN operators by constraint solving, generates VTA instruction "
      "streams and verifies them in a bundled simulator.\n\n"
      "Pipeline: an Operator (gemm, conv2d, loopnest, parse_operators) and an Isa (default_isa, vta_isa) go to "
      "compile(), the one call to a verified program and its cycles; step by step, solve() finds embeddings, "
      "generate() makes a Program, simulate() and verify() run it. Errors are inlay.Error: InputError (the caller's "
      "input), WorkError (the work failed), "
      "InternalError (a bug in Inlay). See docs/python.md.";
  m.attr("__version__") = INLAY_VERSION_STRING;
  bindErrors(m);
  bindOperators(m);
  bindIsa(m);
  bindSolver(m);
  bindCodegen(m);
  bindSim(m);
  bindCompile(m);
}

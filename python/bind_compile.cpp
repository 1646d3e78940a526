// compile() in Python: the one call from an operator to the program Inlay would run, its simulated cycles and its
// bit-exact check against the CPU reference (bench/compile.h; what `inlay run --verify` does).
#include <optional>
#include <string>

#include <pybind11/stl.h>

#include "bindings.h"
#include "inlay/bench/compile.h"
#include "options.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

/// A Compiled that knows whether verification was asked for, so that Python sees None rather than an empty result.
struct CompiledResult {
  Compiled value;
  bool verifyRan = false;
};

CompiledResult compileOp(const Operator& op, const Isa* isa, const std::string& strategy, bool verify, uint64_t seed,
                         const std::string& solver, int64_t nodeLimit, std::optional<double> timeLimit,
                         int candidates) {
  CompileOptions options{.strategy = strategyFrom(strategy),
                         .gen = {.solve = solveOptions(solver, 1, nodeLimit, timeLimit), .candidates = candidates},
                         .verify = verify,
                         .seed = seed};
  return {compile(op, isaOrDefault(isa), options), verify};
}

}  // namespace

void bindCompile(py::module_& m) {
  py::class_<CompiledResult>(m, "Compiled", "What compile() produced: the program, its cycles and its verification.")
      .def_property_readonly(
          "generated", [](const CompiledResult& c) -> const Generated& { return c.value.generated; },
          py::return_value_policy::reference_internal, "the program and the embedding it implements (Generated)")
      .def_property_readonly(
          "program", [](const CompiledResult& c) -> const Program& { return c.value.generated.program; },
          py::return_value_policy::reference_internal, "generated.program")
      .def_property_readonly(
          "cycles", [](const CompiledResult& c) { return c.value.cycles; }, "simulated cycles (the timing model)")
      .def_property_readonly(
          "stats", [](const CompiledResult& c) { return c.value.stats; }, "the statistics of that run (SimStats)")
      .def_property_readonly(
          "verification",
          [](const CompiledResult& c) {
            return c.verifyRan ? std::optional<VerifyResult>(c.value.verification) : std::nullopt;
          },
          "the functional run's comparison with the CPU reference (VerifyResult), or None with verify=False")
      .def_property_readonly(
          "verified", [](const CompiledResult& c) { return c.value.verified; },
          "verify=True and the output matched bit for bit")
      .def("__repr__", [](const CompiledResult& c) {
        const Program& p = c.value.generated.program;
        return "<inlay.Compiled " + (p.op ? p.op->name : std::string("?")) + ": " + std::to_string(c.value.cycles) +
               " cycles, " + (c.value.verified ? "verified" : "not verified") + ">";
      });

  const CompileOptions defaults;
  m.def("compile", &compileOp, "op"_a, "isa"_a = py::none(), "strategy"_a = "csp", "verify"_a = defaults.verify,
        "seed"_a = defaults.seed, "solver"_a = "gecode", "node_limit"_a = kDefaultNodeLimit,
        "time_limit"_a = py::none(), "candidates"_a = defaults.gen.candidates, py::call_guard<py::gil_scoped_release>(),
        "The one call from an operator to a verified program and its cycles (what `inlay run --verify` does): the "
        "strategy's candidate programs ranked by simulation, the fastest timed and, with verify, run on seeded random "
        "inputs (input k: seed + k) and compared with the CPU reference. isa None: default_isa(). strategy: 'csp' "
        "(the solver's embeddings), 'fixed' (TVM's embedding under Inlay's scheduling) or 'reference' (TVM's plan); "
        "solver, node_limit, time_limit: as for solve(); candidates: how many of the solver's embeddings are "
        "offered (csp). Raises WorkError when no program can be generated or the simulator faults; a mismatch is "
        "not an exception (verified is False, verification says where). Releases the GIL while it runs.");
}

}  // namespace inlay::python

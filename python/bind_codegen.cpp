// Code generation in Python: generate() (the estimate's choice), generate_candidates() (every candidate), the
// read-only Program they produce and the program directory (Program.write, read_program). compile(), which also
// ranks the candidates by simulation, is in bind_compile.cpp.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <nlohmann/json.hpp>

#include "bindings.h"
#include "inlay/codegen/bounds.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/error.h"
#include "inlay/program/program_io.h"
#include "options.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

/// The arguments every generator takes after the operator: the ISA, the strategy and the solver's options.
struct GenArgs {
  Isa isa;
  Strategy strategy;
  GenOptions options;
};

GenArgs genArgs(const Isa* isa, const std::string& strategy, const std::string& solver, int64_t nodeLimit,
                std::optional<double> timeLimit, int candidates) {
  return {isaOrDefault(isa), strategyFrom(strategy),
          GenOptions{.solve = solveOptions(solver, 1, nodeLimit, timeLimit), .candidates = candidates}};
}

Generated generateOne(const Operator& op, const Isa* isa, const std::string& strategy, const std::string& solver,
                      int64_t nodeLimit, std::optional<double> timeLimit, int candidates) {
  const GenArgs a = genArgs(isa, strategy, solver, nodeLimit, timeLimit, candidates);
  return generate(op, a.isa, a.strategy, a.options);
}

std::vector<Generated> generateAll(const Operator& op, const Isa* isa, const std::string& strategy,
                                   const std::string& solver, int64_t nodeLimit, std::optional<double> timeLimit,
                                   int candidates) {
  const GenArgs a = genArgs(isa, strategy, solver, nodeLimit, timeLimit, candidates);
  return generateCandidates(op, a.isa, a.strategy, a.options);
}

void bindProgram(py::module_& m) {
  py::class_<Program>(m, "Program",
                      "A generated VTA program: the instruction stream, the micro-op image and the DRAM buffer map, "
                      "with the ISA and the operator it computes. Read-only.")
      .def_readonly("isa", &Program::isa)
      .def_readonly("op", &Program::op, "the operator it computes, or None")
      .def_readonly("strategy", &Program::strategy, "'csp', 'fixed', 'reference', or '' when hand-written")
      .def_property_readonly("instruction_count", [](const Program& p) { return p.insns.size(); })
      .def_property_readonly("uop_count", [](const Program& p) { return p.uops.size(); })
      .def_readonly("dram_bytes", &Program::dramBytes, "the DRAM footprint, a whole number of 4 KiB pages")
      .def(
          "manifest", [](const Program& p, int indent) { return programManifest(p).dump(indent); }, "indent"_a = 2,
          "The program directory's manifest.json text (docs/formats.md): buffers, layouts, ISA, operator.")
      .def(
          "write", [](const Program& p, const std::string& dir) { writeProgramDir(p, dir); }, "dir"_a,
          "Writes the program directory (manifest.json, insns.bin, uops.bin), creating `dir` if needed; atomic "
          "per file and deterministic. Raises WorkError when a file cannot be written.")
      .def("__repr__", [](const Program& p) {
        return "<inlay.Program " + (p.op ? p.op->name : std::string("(no operator)")) + ": " +
               std::to_string(p.insns.size()) + " instructions, " + std::to_string(p.uops.size()) + " micro-ops, " +
               std::to_string(p.dramBytes) + " DRAM bytes>";
      });
  m.def("read_program", &readProgramDir, "dir"_a,
        "Reads and validates a program directory; raises InputError naming the file and field at fault.");
}

void bindGenerated(py::module_& m) {
  py::class_<Generated>(m, "Generated", "A generated program with the embedding it implements and how it was chosen.")
      .def_readonly("program", &Generated::program)
      .def_property_readonly(
          "embedding",
          [](const Generated& g) {
            INLAY_CHECK(g.program.op.has_value(), "a generated program carries its operator");
            return nameEmbedding(g.embedding, *g.program.op);
          },
          "the embedding the program implements")
      .def_readonly("solve_seconds", &Generated::solveSeconds)
      .def_readonly("gen_seconds", &Generated::genSeconds)
      .def_readonly("solver_stopped", &Generated::solverStopped,
                    "a solver limit (node budget or time) stopped the search: the embedding is the best found so far")
      .def_readonly("refused_by_tvm", &Generated::refusedByTvm,
                    "strategy 'reference': TVM would refuse the layer (input channels padded to whole blocks)")
      .def_property_readonly(
          "schedule", [](const Generated& g) { return scheduleSourceName(g.scheduleSource); },
          "where the schedule came from: 'tiler', 'tvm-plan' or 'tvm-plan-reusing'")
      .def_property_readonly(
          "embedding_rank",
          [](const Generated& g) -> std::optional<int> {
            if (g.program.strategy != strategyName(Strategy::Csp) || g.embeddingRank == kBaselineRank)
              return std::nullopt;
            return g.embeddingRank + 1;
          },
          "strategy 'csp': the embedding's rank in the solver's list, from 1 (1 = the objective's best), as in the "
          "JSON documents; None for TVM's fixed embedding (csp's baseline candidate) and for 'fixed' and "
          "'reference'")
      .def_readonly("candidates_tried", &Generated::candidatesTried,
                    "programs compared by simulation to pick this one (compile())")
      .def("__repr__", [](const Generated& g) {
        return "<inlay.Generated " + g.program.strategy + ", " + std::to_string(g.program.insns.size()) +
               " instructions>";
      });
}

void bindGenerators(py::module_& m) {
  const GenOptions defaults;
  const char* options =
      " isa None: default_isa(). strategy: 'csp' (the solver's embeddings), 'fixed' (TVM's embedding under Inlay's "
      "scheduling) or 'reference' (TVM's plan). solver, node_limit, time_limit: the solver's options as for solve() "
      "(csp); candidates: how many of the solver's embeddings are offered (csp). Raises WorkError when no embedding "
      "exists or no program could be emitted. Releases the GIL while it runs.";
  m.def("generate", &generateOne, "op"_a, "isa"_a = py::none(), "strategy"_a = "csp", "solver"_a = "gecode",
        "node_limit"_a = kDefaultNodeLimit, "time_limit"_a = py::none(), "candidates"_a = defaults.candidates,
        py::call_guard<py::gil_scoped_release>(),
        (std::string("The program the cost estimate ranks first, without simulating (compile() ranks the candidates by "
                     "simulation).") +
         options)
            .c_str());
  m.def("generate_candidates", &generateAll, "op"_a, "isa"_a = py::none(), "strategy"_a = "csp", "solver"_a = "gecode",
        "node_limit"_a = kDefaultNodeLimit, "time_limit"_a = py::none(), "candidates"_a = defaults.candidates,
        py::call_guard<py::gil_scoped_release>(),
        (std::string("Every program the strategy offers, best estimate first.") + options).c_str());
  m.def(
      "bound_cycles", [](const Operator& op, const Isa* isa) { return boundCycles(op, isaOrDefault(isa)); }, "op"_a,
      "isa"_a = py::none(),
      "A lower bound no program beats: max(MACs / (batch x block_in x block_out), every input, weight and output "
      "byte some iteration touches moved once / bus bytes per cycle).");
  m.def(
      "floor_cycles", [](const Operator& op, const Isa* isa) { return floorCycles(op, isaOrDefault(isa)); }, "op"_a,
      "isa"_a = py::none(),
      "The architectural floor: bound_cycles refined by the accumulator resets, the requantising ALU micro-ops, "
      "instruction fills and the DMA row latencies every program of VTA's form pays (docs/design.md 7.1).");
}

}  // namespace

void bindCodegen(py::module_& m) {
  bindProgram(m);
  bindGenerated(m);
  bindGenerators(m);
}

}  // namespace inlay::python

// The solver in Python: solve() with its options by name, the result (status, ranked embeddings, explanation,
// statistics) and Embedding, which names its lane groups' dims and operand tensors.
#include <map>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.h"
#include "inlay/ir/error.h"
#include "inlay/solver/solve.h"
#include "options.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

/// A SolveResult with its embeddings named after the operator's dims.
struct NamedSolveResult {
  SolveResult result;
  std::vector<NamedEmbedding> embeddings;
};

std::string statusName(SolveResult::Status s) {
  switch (s) {
    case SolveResult::Status::Feasible: return "feasible";
    case SolveResult::Status::Infeasible: return "infeasible";
    case SolveResult::Status::Unknown: return "unknown";
  }
  return "?";
}

std::string names(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& n : v) s += (s.empty() ? "" : ", ") + n;
  return "[" + s + "]";
}

NamedSolveResult solveNamed(const Operator& op, const Isa* isa, const std::string& solver, int top, double timeLimit) {
  SolveOptions options{.backend = backendFrom(solver), .topK = top, .timeLimitSeconds = timeLimit};
  NamedSolveResult out{solve(op, isaOrDefault(isa), options), {}};
  for (const Embedding& e : out.result.embeddings) out.embeddings.push_back(nameEmbedding(e, op));
  return out;
}

void bindEmbedding(py::module_& m) {
  py::class_<NamedEmbedding>(m, "Embedding",
                             "An embedding of the GEMM intrinsic acc[b, o] += inp[b, i] * wgt[o, i] into an "
                             "operator: the operator dims fused into each intrinsic dim's lanes (outermost first), "
                             "and which input plays inp. Dims in no lane group are loops over invocations.")
      .def_property_readonly(
          "inp_input", [](const NamedEmbedding& e) { return e.value.inpInput; },
          "index of the operator input that plays inp (the other plays wgt)")
      .def_readonly("inp_tensor", &NamedEmbedding::inpTensor)
      .def_readonly("wgt_tensor", &NamedEmbedding::wgtTensor)
      .def_property_readonly(
          "lanes",
          [](const NamedEmbedding& e) {
            return std::map<std::string, std::vector<std::string>>{
                {"b", e.lanes[kLaneB]}, {"i", e.lanes[kLaneI]}, {"o", e.lanes[kLaneO]}};
          },
          "{'b': [dim names], 'i': [...], 'o': [...]}")
      .def_property_readonly(
          "objective", [](const NamedEmbedding& e) { return e.value.objective; }, "estimated cycles; lower is better")
      .def_property_readonly(
          "utilization", [](const NamedEmbedding& e) { return e.value.utilization; },
          "useful MACs / (intrinsic invocations x batch x block_in x block_out)")
      .def_property_readonly(
          "padding_lanes", [](const NamedEmbedding& e) { return e.value.paddingLanes; },
          "padding lanes summed over the intrinsic dims")
      .def_property_readonly(
          "duplication", [](const NamedEmbedding& e) { return e.value.duplication; },
          "packed operand bytes / tensor bytes, worst operand (1 = none)")
      .def(
          "same_mapping", [](const NamedEmbedding& a, const NamedEmbedding& b) { return a.value.sameMapping(b.value); },
          "other"_a, "Whether both map the same dims to the same lanes with the same operand roles (scores aside).")
      .def("__repr__", [](const NamedEmbedding& e) {
        return "Embedding(inp=" + e.inpTensor + ", wgt=" + e.wgtTensor + ", b=" + names(e.lanes[kLaneB]) +
               ", i=" + names(e.lanes[kLaneI]) + ", o=" + names(e.lanes[kLaneO]) + ")";
      });
}

void bindResult(py::module_& m) {
  py::class_<SolverStats>(m, "SolverStats", "Search statistics; 0 where a backend does not report one.")
      .def_readonly("nodes", &SolverStats::nodes)
      .def_readonly("failures", &SolverStats::failures)
      .def_readonly("propagations", &SolverStats::propagations);

  py::class_<NamedSolveResult>(m, "SolveResult", "What solve() found.")
      .def_property_readonly(
          "status", [](const NamedSolveResult& r) { return statusName(r.result.status); },
          "'feasible', 'infeasible' (see explanation) or 'unknown' (the time limit; embeddings may hold the best "
          "found so far)")
      .def_readonly("embeddings", &NamedSolveResult::embeddings, "best first")
      .def_property_readonly(
          "explanation", [](const NamedSolveResult& r) { return r.result.explanation; },
          "why infeasible, in terms of the model")
      .def_property_readonly("timed_out", [](const NamedSolveResult& r) { return r.result.timedOut; })
      .def_property_readonly(
          "optimal", [](const NamedSolveResult& r) { return r.result.optimal; },
          "the first embedding is proven optimal")
      .def_property_readonly("seconds", [](const NamedSolveResult& r) { return r.result.seconds; })
      .def_property_readonly("stats", [](const NamedSolveResult& r) { return r.result.stats; })
      .def("__repr__", [](const NamedSolveResult& r) {
        return "<inlay.SolveResult " + statusName(r.result.status) + ", " + std::to_string(r.embeddings.size()) +
               " embedding(s)>";
      });
}

}  // namespace

NamedEmbedding nameEmbedding(const Embedding& embedding, const Operator& op) {
  INLAY_CHECK(embedding.inpInput == 0 || embedding.inpInput == 1, "an embedding's inp input is 0 or 1");
  NamedEmbedding out{embedding, op.inputs[embedding.inpInput].tensor, op.inputs[1 - embedding.inpInput].tensor, {}};
  for (int lane = 0; lane < 3; ++lane)
    for (int dim : embedding.lanes[lane]) {
      INLAY_CHECK(dim >= 0 && dim < static_cast<int>(op.dims.size()), "an embedding's lane dims are the operator's");
      out.lanes[lane].push_back(op.dims[dim].name);
    }
  return out;
}

void bindSolver(py::module_& m) {
  bindEmbedding(m);
  bindResult(m);
  m.def("solve", &solveNamed, "op"_a, "isa"_a = py::none(), "solver"_a = "gecode", "top"_a = 1, "time_limit"_a = 10.0,
        py::call_guard<py::gil_scoped_release>(),
        "Finds and ranks embeddings of the ISA's GEMM intrinsic into `op` (isa None: default_isa()). solver: "
        "'gecode' or 'z3'; top: how many distinct embeddings, best first; time_limit: wall-clock seconds. Releases "
        "the GIL while it runs.");
}

}  // namespace inlay::python

// The solver in Python: solve() with its options by name, the result (status, ranked embeddings, explanation,
// statistics) and Embedding, which names its lane groups' dims and operand tensors and has a JSON form.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <nlohmann/json.hpp>

#include "bindings.h"
#include "inlay/ir/error.h"
#include "inlay/ir/json_read.h"
#include "inlay/solver/embedding_io.h"
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

std::vector<std::string> laneNames(const NamedEmbedding& e, int lane) {
  std::vector<std::string> names;
  for (int d : e.value.lanes[lane]) names.push_back(e.op.dims[d].name);
  return names;
}

std::string listed(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& n : v) s += (s.empty() ? "" : ", ") + n;
  return "[" + s + "]";
}

const std::string& inpTensor(const NamedEmbedding& e) { return e.op.inputs[e.value.inpInput].tensor; }
const std::string& wgtTensor(const NamedEmbedding& e) { return e.op.inputs[1 - e.value.inpInput].tensor; }

NamedSolveResult solveNamed(const Operator& op, const Isa* isa, const std::string& solver, int top, int64_t nodeLimit,
                            std::optional<double> timeLimit) {
  NamedSolveResult out{solve(op, isaOrDefault(isa), solveOptions(solver, top, nodeLimit, timeLimit)), {}};
  for (const Embedding& e : out.result.embeddings) out.embeddings.push_back(nameEmbedding(e, op));
  return out;
}

NamedEmbedding parseEmbedding(const std::string& text, const Operator& op, const std::string& file) {
  return nameEmbedding(embeddingFromJson(json_read::parse(text, file), op, file), op);
}

void bindEmbedding(py::module_& m) {
  py::class_<NamedEmbedding>(m, "Embedding",
                             "An embedding of the GEMM intrinsic acc[b, o] += inp[b, i] * wgt[o, i] into an "
                             "operator: the operator dims fused into each intrinsic dim's lanes (outermost first), "
                             "and which input plays inp. Dims in no lane group are loops over invocations.")
      .def_property_readonly(
          "inp_input", [](const NamedEmbedding& e) { return e.value.inpInput; },
          "index of the operator input that plays inp (the other plays wgt)")
      .def_property_readonly("inp_tensor", &inpTensor)
      .def_property_readonly("wgt_tensor", &wgtTensor)
      .def_property_readonly(
          "lanes",
          [](const NamedEmbedding& e) {
            return std::map<std::string, std::vector<std::string>>{
                {"b", laneNames(e, kLaneB)}, {"i", laneNames(e, kLaneI)}, {"o", laneNames(e, kLaneO)}};
          },
          "{'b': [dim names], 'i': [...], 'o': [...]}")
      .def_property_readonly(
          "masked",
          [](const NamedEmbedding& e) -> std::optional<std::string> {
            if (e.value.maskedDim() < 0) return std::nullopt;
            return e.op.dims[static_cast<size_t>(e.value.maskedDim())].name;
          },
          "the masked dim's name (on two lane groups at once, its operand block-diagonal), or None")
      .def_readonly("op", &NamedEmbedding::op, "the operator it embeds into")
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
      .def(
          "to_json", [](const NamedEmbedding& e, int indent) { return embeddingToJson(e.op, e.value).dump(indent); },
          "indent"_a = 2,
          "The embedding as JSON, by dim and tensor names (for caching): parse_embedding(e.to_json(), e.op) == e.")
      .def("__eq__",
           [](const NamedEmbedding& a, const NamedEmbedding& b) { return a.value == b.value && a.op == b.op; })
      .def("__repr__", [](const NamedEmbedding& e) {
        return "Embedding(inp=" + inpTensor(e) + ", wgt=" + wgtTensor(e) + ", b=" + listed(laneNames(e, kLaneB)) +
               ", i=" + listed(laneNames(e, kLaneI)) + ", o=" + listed(laneNames(e, kLaneO)) + ")";
      });
  m.def("parse_embedding", &parseEmbedding, "text"_a, "op"_a, "file"_a = "<string>",
        "Reads what Embedding.to_json() wrote, for the operator `op`; raises InputError(file, the field, why) for "
        "a malformed document, a tensor that is not one of op's inputs, an unknown dim or a dim in two groups.");
}

void bindResult(py::module_& m) {
  py::class_<SolverStats>(m, "SolverStats", "Search statistics; 0 where a backend does not report one.")
      .def_readonly("table_nodes", &SolverStats::tableNodes, "assignments enumerated to build the objective table")
      .def_readonly("nodes", &SolverStats::nodes)
      .def_readonly("failures", &SolverStats::failures)
      .def_readonly("propagations", &SolverStats::propagations);

  py::class_<NamedSolveResult>(m, "SolveResult", "What solve() found.")
      .def_property_readonly(
          "status", [](const NamedSolveResult& r) { return statusName(r.result.status); },
          "'feasible', 'infeasible' (see explanation) or 'unknown' (a limit stopped the search; embeddings may hold "
          "the best found so far)")
      .def_readonly("embeddings", &NamedSolveResult::embeddings, "best first")
      .def_property_readonly(
          "explanation", [](const NamedSolveResult& r) { return r.result.explanation; },
          "why infeasible, in terms of the model")
      .def_property_readonly(
          "timed_out", [](const NamedSolveResult& r) { return r.result.timedOut; },
          "the wall-clock limit stopped the search")
      .def_property_readonly(
          "node_limit_hit", [](const NamedSolveResult& r) { return r.result.nodeLimitHit; },
          "the node budget stopped the search")
      .def_property_readonly(
          "stopped", [](const NamedSolveResult& r) { return r.result.stopped(); },
          "a limit (node budget or time) stopped the search: the embeddings, if any, are the best found so far")
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
  for (const std::vector<int>& lane : embedding.lanes)
    for (int dim : lane)
      INLAY_CHECK(dim >= 0 && dim < static_cast<int>(op.dims.size()), "an embedding's lane dims are the operator's");
  return {embedding, op};
}

void bindSolver(py::module_& m) {
  bindEmbedding(m);
  bindResult(m);
  m.def("solve", &solveNamed, "op"_a, "isa"_a = py::none(), "solver"_a = "gecode", "top"_a = 1,
        "node_limit"_a = kDefaultNodeLimit, "time_limit"_a = py::none(), py::call_guard<py::gil_scoped_release>(),
        "Finds and ranks embeddings of the ISA's GEMM intrinsic into `op` (isa None: default_isa()). solver: "
        "'gecode' or 'z3'; top: how many distinct embeddings, best first; node_limit: the search's deterministic "
        "budget (the same result on any machine); time_limit: a wall-clock bound in seconds, None for none (set, "
        "the result can depend on the machine's speed). An operator without embeddings gives status "
        "'infeasible', not an exception. Releases the GIL while it runs.");
}

}  // namespace inlay::python

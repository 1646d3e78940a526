// The simulator in Python: simulate() (the timing run, or a functional run on seeded inputs), verify() (bit-exact
// comparison with the CPU reference), their statistics and faults.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.h"
#include "inlay/isa/instruction.h"
#include "inlay/sim/insn_text.h"
#include "inlay/sim/simulator.h"
#include "inlay/sim/verify.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

std::string faultKindName(SimFault::Kind k) {
  switch (k) {
    case SimFault::Kind::OutOfBounds: return "out_of_bounds";
    case SimFault::Kind::Hazard: return "hazard";
    case SimFault::Kind::Deadlock: return "deadlock";
    case SimFault::Kind::BadInstruction: return "bad_instruction";
    case SimFault::Kind::Limit: return "limit";
  }
  return "?";
}

/// DMA bytes by memory type, keyed and ordered as in the JSON documents (docs/json.md): UOP, WGT, INP, ACC, OUT,
/// ACC_8BIT.
py::dict dmaBytesByName(const SimStats& s) {
  py::dict out;
  for (MemType t : {MemType::Uop, MemType::Wgt, MemType::Inp, MemType::Acc, MemType::Out, MemType::Acc8})
    out[py::str(memTypeName(t))] = s.dmaBytes[static_cast<size_t>(t)];
  return out;
}

std::map<std::string, int64_t> busyCyclesByName(const SimStats& s) {
  std::map<std::string, int64_t> out;
  for (Module mod : {Module::Load, Module::Compute, Module::Store})
    out[moduleName(mod)] = s.busyCycles[static_cast<size_t>(mod)];
  return out;
}

SimResult simulateProgram(const Program& program, bool functional, uint64_t seed,
                          std::optional<uint64_t> interleaveSeed) {
  SimOptions options{.functional = functional, .interleaveSeed = interleaveSeed};
  Dram dram;
  if (functional) dram = buildDramImage(program, seed).bytes;
  return simulate(program, dram, options);
}

void bindResults(py::module_& m) {
  py::class_<SimStats>(m, "SimStats", "What a simulator run counted.")
      .def_readonly("cycles", &SimStats::cycles, "accelerator clock cycles (0 under interleave_seed)")
      .def_property_readonly("busy_cycles", &busyCyclesByName, "{'load': ..., 'compute': ..., 'store': ...}")
      .def_readonly("gemm_uops", &SimStats::gemmUops, "GEMM micro-op executions, reset GEMMs excluded")
      .def_readonly("reset_uops", &SimStats::resetUops)
      .def_readonly("alu_uops", &SimStats::aluUops)
      .def_readonly("instructions", &SimStats::instructions)
      .def_property_readonly("dma_bytes", &dmaBytesByName,
                             "bytes moved by DMA per memory type (padding not counted): "
                             "{'UOP', 'WGT', 'INP', 'ACC', 'OUT', 'ACC_8BIT'}")
      .def_readonly("hazards", &SimStats::hazards, "accumulator write hazards seen (each also a fault)")
      .def("__repr__", [](const SimStats& s) {
        return "<inlay.SimStats " + std::to_string(s.cycles) + " cycles, " + std::to_string(s.instructions) +
               " instructions>";
      });

  py::class_<SimFault>(m, "SimFault", "Something the program did that the hardware would not do correctly.")
      .def_property_readonly(
          "kind", [](const SimFault& f) { return faultKindName(f.kind); },
          "'out_of_bounds', 'hazard', 'deadlock', 'bad_instruction' or 'limit'")
      .def_readonly("insn_index", &SimFault::insnIndex, "the instruction's position in the stream; -1 if none")
      .def_readonly("cycle", &SimFault::cycle)
      .def_readonly("message", &SimFault::message)
      .def("__str__", [](const SimFault& f) { return f.message; })
      .def("__repr__",
           [](const SimFault& f) { return "<inlay.SimFault " + faultKindName(f.kind) + ": " + f.message + ">"; });

  py::class_<SimResult>(m, "SimResult", "A simulator run: its statistics and the fault that stopped it, if any.")
      .def_readonly("stats", &SimResult::stats)
      .def_readonly("fault", &SimResult::fault, "a SimFault, or None");

  py::class_<VerifyResult>(m, "VerifyResult", "A functional run compared with the CPU reference, bit for bit.")
      .def_readonly("verified", &VerifyResult::verified, "no fault, no error, no mismatch")
      .def_readonly("mismatches", &VerifyResult::mismatches, "output elements that differ from the reference")
      .def_property_readonly(
          "first_mismatch",
          [](const VerifyResult& v) { return v.firstMismatch < 0 ? std::nullopt : std::optional(v.firstMismatch); },
          "flat row-major index into the output tensor of the first mismatch, or None")
      .def_property_readonly(
          "expected",
          [](const VerifyResult& v) { return v.firstMismatch < 0 ? std::nullopt : std::optional(v.expected); },
          "the reference's value at first_mismatch, or None")
      .def_property_readonly(
          "actual", [](const VerifyResult& v) { return v.firstMismatch < 0 ? std::nullopt : std::optional(v.actual); },
          "the program's value at first_mismatch, or None")
      .def_property_readonly(
          "error", [](const VerifyResult& v) { return v.error.empty() ? std::nullopt : std::optional(v.error); },
          "why the output could not be unpacked, or None")
      .def_readonly("stats", &VerifyResult::stats, "the functional run's statistics (cycles as the timing run's)")
      .def_readonly("fault", &VerifyResult::fault, "a SimFault (nothing was compared), or None")
      .def("__repr__", [](const VerifyResult& v) {
        return std::string("<inlay.VerifyResult ") + (v.verified ? "verified" : "NOT verified") + ", " +
               std::to_string(v.stats.cycles) + " cycles>";
      });
}

}  // namespace

void bindSim(py::module_& m) {
  bindResults(m);
  m.def("simulate", &simulateProgram, "program"_a, "functional"_a = false, "seed"_a = 1,
        "interleave_seed"_a = py::none(), py::call_guard<py::gil_scoped_release>(),
        "Runs the program in the bundled simulator. functional=False: the timing run (no data; cheap). "
        "functional=True: also moves data and computes, on the micro-op image and seeded random inputs (see "
        "verify()). interleave_seed: a randomised module interleaving instead of the timed schedule. A faulty "
        "program gives a result with `fault` set, not an exception. Releases the GIL while it runs.");
  m.def(
      "verify", [](const Program& program, uint64_t seed) { return verifyProgram(program, seed); }, "program"_a,
      "seed"_a = 1, py::call_guard<py::gil_scoped_release>(),
      "Simulates on seeded random inputs (input k: seed + k) and compares the output with the CPU reference bit "
      "for bit. Raises WorkError when the program has no operator or its buffers do not fit. Releases the GIL "
      "while it runs.");
}

}  // namespace inlay::python

// ISAs in Python: the read-only Isa (VTA's parameters and the derived buffer depths) and where one comes from:
// default_isa, vta_isa (VTA's own configuration terms), read_isa_file and parse_isa.
#include <string>

#include <pybind11/stl.h>
#include <nlohmann/json.hpp>

#include "bindings.h"
#include "inlay/ir/json_read.h"
#include "inlay/isa/isa.h"
#include "inlay/isa/isa_reader.h"

namespace inlay::python {
namespace {

using namespace pybind11::literals;

Isa vta(int batch, int blockIn, int blockOut, int64_t inp, int64_t wgt, int64_t acc, int64_t uop) {
  return vtaIsa(VtaConfig{.batch = batch,
                          .blockIn = blockIn,
                          .blockOut = blockOut,
                          .inpBufferBytes = inp,
                          .wgtBufferBytes = wgt,
                          .accBufferBytes = acc,
                          .uopBufferBytes = uop});
}

int64_t bytesOf(int logBytes) { return int64_t{1} << logBytes; }

}  // namespace

void bindIsa(py::module_& m) {
  py::class_<Isa>(m, "Isa",
                  "An accelerator description: a VTA-like machine with a batch x block_in x block_out GEMM "
                  "intrinsic, an ALU, 2-D strided DMA and four on-chip buffers. Read-only; see default_isa(), "
                  "vta_isa(), read_isa_file(), parse_isa().")
      .def_readonly("name", &Isa::name)
      .def_property_readonly("batch", &Isa::batch)
      .def_property_readonly("block_in", &Isa::blockIn)
      .def_property_readonly("block_out", &Isa::blockOut)
      .def_property_readonly("macs_per_uop", &Isa::macsPerUop, "batch * block_in * block_out")
      .def_property_readonly("inp_buffer_bytes", [](const Isa& isa) { return bytesOf(isa.logInpBuffSize); })
      .def_property_readonly("wgt_buffer_bytes", [](const Isa& isa) { return bytesOf(isa.logWgtBuffSize); })
      .def_property_readonly("acc_buffer_bytes", [](const Isa& isa) { return bytesOf(isa.logAccBuffSize); })
      .def_property_readonly("uop_buffer_bytes", [](const Isa& isa) { return bytesOf(isa.logUopBuffSize); })
      .def_property_readonly("inp_depth", &Isa::inpDepth, "input buffer entries (one batch x block_in vector each)")
      .def_property_readonly("wgt_depth", &Isa::wgtDepth,
                             "weight buffer entries (one block_out x block_in matrix each)")
      .def_property_readonly("acc_depth", &Isa::accDepth,
                             "accumulator buffer entries (one batch x block_out vector each)")
      .def_property_readonly("uop_depth", &Isa::uopDepth, "micro-op buffer entries")
      .def_readonly("bus_bytes", &Isa::busBytes, "DRAM bus width in bytes per cycle")
      .def_readonly("clock_mhz", &Isa::clockMhz)
      .def(
          "to_json", [](const Isa& isa, int indent) { return isaToJson(isa).dump(indent); }, "indent"_a = 2,
          "The ISA description as JSON (docs/formats.md); parse_isa(isa.to_json()) == isa.")
      .def("__eq__", [](const Isa& a, const Isa& b) { return isaToJson(a) == isaToJson(b); })
      .def("__repr__", [](const Isa& isa) {
        return "<inlay.Isa " + isa.name + ": " + std::to_string(isa.batch()) + "x" + std::to_string(isa.blockIn()) +
               "x" + std::to_string(isa.blockOut()) + ">";
      });

  m.def("default_isa", &defaultIsa,
        "The built-in default: VTA 1x16x16, int8/int8/int32, 32 KiB inp, 256 KiB wgt, 128 KiB acc, 32 KiB uop "
        "buffers, 64-bit bus at 100 MHz (isa/vta-default.json).");
  const VtaConfig defaults;
  m.def("vta_isa", &vta, "batch"_a = defaults.batch, "block_in"_a = defaults.blockIn, "block_out"_a = defaults.blockOut,
        "inp_buffer_bytes"_a = defaults.inpBufferBytes, "wgt_buffer_bytes"_a = defaults.wgtBufferBytes,
        "acc_buffer_bytes"_a = defaults.accBufferBytes, "uop_buffer_bytes"_a = defaults.uopBufferBytes,
        "A VTA configuration in VTA's own terms (its vta_config.json), all powers of two; the rest as in the "
        "default. Named 'vta-BxIxO'. Raises InputError('<vta config>', the field, why).");
  m.def("read_isa_file", &readIsaFile, "path"_a, "Reads and validates an ISA description file.");
  m.def(
      "parse_isa",
      [](const std::string& text, const std::string& file) { return parseIsa(json_read::parse(text, file), file); },
      "text"_a, "file"_a = "<string>", "Parses and validates ISA JSON text; `file` names it in errors.");
}

}  // namespace inlay::python

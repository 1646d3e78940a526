// `inlay gen --emit-data SEED` end to end: the data/ files another tool would use, checked independently of the
// generator — inputs unpacked through their layouts, the CPU reference run on them, the expected output compared,
// and the program simulated on a DRAM image assembled only from the directory's files.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <map>

#include "inlay/ir/file_io.h"
#include "inlay/ir/reference.h"
#include "inlay/isa/encoding.h"
#include "inlay/program/layout.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/simulator.h"
#include "run_inlay.h"

using namespace inlay;
using inlay_test::runInlay;
namespace fs = std::filesystem;

TEST_CASE(
    "inlay gen --emit-data: the packed inputs and expected output agree with the CPU reference and the simulator") {
  const fs::path dir = fs::temp_directory_path() / "inlay_emit_data_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string spec = (dir / "op.json").string();
  writeFileAtomic(spec, R"({"name": "c3", "op": "conv2d", "shape": {"N": 1, "C": 3, "H": 12, "W": 10, "K": 20,
                           "R": 3, "S": 3}, "pad": [1, 1], "requant": {"shift": 3}})");
  const std::string out = (dir / "prog").string();
  auto r = runInlay({"gen", spec, "--strategy", "csp", "-o", out, "--emit-data", "5"});
  REQUIRE(r.exitCode == 0);

  const Program program = readProgramDir(out);
  const ProgramData data = readProgramData(out);
  REQUIRE(program.op);
  const Operator& op = *program.op;
  CHECK(data.seed == 5);
  std::map<std::string, const DramBuffer*> byName;
  for (const DramBuffer& b : program.buffers) byName[b.name] = &b;

  // The inputs as another tool would read them, and the reference output computed from them.
  std::map<std::string, Tensor8> inputs;
  std::vector<uint8_t> dram(program.dramBytes, 0);
  for (const auto& [name, bytes] : data.buffers) {
    const DramBuffer& b = *byName.at(name);
    REQUIRE(b.layout);
    REQUIRE(bytes.size() == b.bytes);
    inputs.emplace(b.layout->tensor, unpack(*b.layout, bytes));
    std::memcpy(dram.data() + b.offset, bytes.data(), bytes.size());
  }
  REQUIRE(inputs.count(op.inputs[0].tensor));
  REQUIRE(inputs.count(op.inputs[1].tensor));
  const Tensor8 expected = referenceRun(op, inputs.at(op.inputs[0].tensor), inputs.at(op.inputs[1].tensor));
  const DramBuffer* output = nullptr;
  for (const DramBuffer& b : program.buffers) {
    if (b.role == BufferRole::Output) output = &b;
    if (b.role == BufferRole::Uop)
      for (size_t k = 0; k < program.uops.size(); ++k) {
        const uint32_t word = encodeUop(program.uops[k], program.isa);
        std::memcpy(dram.data() + b.offset + 4 * k, &word, 4);
      }
  }
  REQUIRE(output);
  CHECK(unpack(*output->layout, data.expectedOutput) == expected);

  // The simulator on that image leaves the expected output.
  const SimResult sim = simulate(program, dram);
  REQUIRE_FALSE(sim.fault);
  const std::vector<uint8_t> produced(dram.begin() + static_cast<std::ptrdiff_t>(output->offset),
                                      dram.begin() + static_cast<std::ptrdiff_t>(output->offset + output->bytes));
  CHECK(unpack(*output->layout, produced) == expected);
  fs::remove_all(dir);
}

TEST_CASE("inlay gen --emit-data refuses a negative seed before doing anything") {
  const fs::path dir = fs::temp_directory_path() / ("inlay_emit_data_negative_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string spec = (dir / "g.json").string();
  writeFileAtomic(spec, R"({"name": "g", "op": "gemm", "shape": {"M": 16, "N": 3, "K": 32}})");
  const std::string out = (dir / "prog").string();
  auto r = runInlay({"gen", spec, "-o", out, "--strategy", "fixed", "--emit-data", "-5"});
  CHECK(r.exitCode == 2);
  CHECK(r.err == "inlay gen: command line: --emit-data: must not be negative, got -5\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  CHECK(runInlay({"gen", spec, "-o", out, "--strategy", "fixed", "--emit-data", "0"}).exitCode == 0);
  CHECK(readProgramData(out).seed == 0);
  fs::remove_all(dir);
}

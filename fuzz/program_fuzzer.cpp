// libFuzzer target for the program directory reader (readProgramDir and readProgramData, docs/formats.md §3) and the
// simulator behind it: the input (framed as in program_framing.h) is written into a fresh directory; a directory
// that is read is then simulated, timing-only, and functionally when its DRAM image is small, each with a bounded
// instruction count. The simulator reports faults and never throws for a program the reader accepted.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "inlay/program/program_io.h"
#include "inlay/sim/simulator.h"
#include "inlay/sim/verify.h"
#include "json_mutator.h"
#include "program_framing.h"

namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxSimulatedInstructions = 100000;
constexpr uint64_t kMaxFunctionalDramBytes = uint64_t{1} << 20;

// The process's scratch directory (libFuzzer runs one input at a time per process); removed at exit.
const fs::path& scratchDir() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "inlay_fuzz_program_XXXXXX").string();
    if (!mkdtemp(pattern.data())) inlay_fuzz::finding("cannot create the scratch directory");
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(scratchDir(), ignored);
    });
    return fs::path(pattern);
  }();
  return dir;
}

fs::path writeProgramInput(const std::string& input) {
  const fs::path dir = scratchDir() / "program";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, bytes] : inlay_fuzz::splitProgramInput(input)) {
    if (!inlay_fuzz::isSafeFileName(name) || fs::exists(dir / name)) continue;
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path dir = writeProgramInput(std::string(reinterpret_cast<const char*>(data), size));
  inlay::Program program;
  if (!inlay_fuzz::acceptsInput([&] { program = inlay::readProgramDir(dir.string()); })) return 0;
  inlay_fuzz::acceptsInput([&] { inlay::readProgramData(dir.string()); });
  inlay_fuzz::mustSucceed([&] {
    std::vector<uint8_t> noDram;
    inlay::simulate(program, noDram, {.functional = false, .maxInstructions = kMaxSimulatedInstructions});
  });
  if (program.dramBytes <= kMaxFunctionalDramBytes) {
    inlay::DramImage image;
    try {
      image = inlay::buildDramImage(program, 1);
    } catch (const inlay::WorkError&) {
      return 0;  // a buffer the image cannot hold: `inlay sim` reports it the same way
    } catch (const std::exception& e) {
      inlay_fuzz::finding(e.what());
    }
    inlay_fuzz::mustSucceed(
        [&] { inlay::simulate(program, image.bytes, {.maxInstructions = kMaxSimulatedInstructions}); });
  }
  return 0;
}

// The manifest gets the structure-aware JSON mutations; the binary files and the framing get libFuzzer's own.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned seed) {
  if (seed % 3 == 0) return LLVMFuzzerMutate(data, size, maxSize);
  auto files = inlay_fuzz::splitProgramInput(std::string(reinterpret_cast<const char*>(data), size));
  auto& [name, bytes] = files[(seed / 3) % files.size()];
  if (name == "manifest.json") {
    std::optional<std::string> mutated = inlay_fuzz::mutateJsonText(bytes, maxSize, seed);
    if (!mutated) return LLVMFuzzerMutate(data, size, maxSize);
    bytes = *mutated;
  } else {
    size_t room = bytes.size() + 64;
    bytes.resize(room);
    auto* raw = reinterpret_cast<uint8_t*>(bytes.data());
    bytes.resize(LLVMFuzzerMutate(raw, room - 64, room));
  }
  std::string joined = inlay_fuzz::joinProgramInput(files);
  if (joined.size() > maxSize) return LLVMFuzzerMutate(data, size, maxSize);
  std::copy(joined.begin(), joined.end(), data);
  return joined.size();
}

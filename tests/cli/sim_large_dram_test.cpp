// `inlay sim` on a program whose DRAM image is 4 GiB but whose buffers span a few kilobytes (the output buffer at the
// image's far end): time and memory follow what the program touches, not dram_bytes. The binary runs as a child
// process whose own CPU time and peak memory the kernel reports (wait4).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "inlay/program/program_io.h"
#include "program/small_gemm_program.h"
#include "run_inlay.h"

namespace fs = std::filesystem;

namespace {

struct MeasuredRun {
  int exitCode = -1;
  std::string out;
  double cpuSeconds = 0;  // user + system time of the child
  long peakKiB = 0;       // its peak resident set
};

MeasuredRun runMeasured(const std::vector<std::string>& args, const fs::path& outFile) {
  std::vector<std::string> all{"timeout", "60", INLAY_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::execvp("timeout", argv.data());
    ::_exit(127);
  }
  MeasuredRun r;
  int status = 0;
  rusage usage{};
  REQUIRE(::wait4(pid, &status, 0, &usage) == pid);  // the usage includes what `timeout` waited for: inlay
  if (WIFEXITED(status)) r.exitCode = WEXITSTATUS(status);
  r.out = inlay_test::slurp(outFile);
  r.cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
  r.peakKiB = usage.ru_maxrss;
  return r;
}

}  // namespace

TEST_CASE("inlay sim --verify on a 4 GiB DRAM image with a few KiB of buffers: well under a second, under 256 MiB") {
  const fs::path root = fs::temp_directory_path() / ("inlay_sim_large_dram_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const uint64_t lastPage = (uint64_t{1} << 32) - inlay::kDramPageBytes;
  const inlay::Program far = inlay::test::withOutputAt(inlay::test::smallGemmProgram(), lastPage);
  REQUIRE(far.dramBytes == uint64_t{1} << 32);
  inlay::writeProgramDir(far, (root / "far").string());

  // --no-check: this test is about memory; the hand-written program lets FINISH overtake its STORE, which the program
  // checks report (tests/sim/program_checks_test.cpp).
  const MeasuredRun r = runMeasured({"sim", (root / "far").string(), "--verify", "--no-check"}, root / "out");
  CHECK(r.exitCode == 0);
  CHECK(r.out.find("verified      yes (seed 1)\n") != std::string::npos);
  CAPTURE(r.cpuSeconds);
  CAPTURE(r.peakKiB);
  CHECK(r.cpuSeconds < 1.0);      // allocating and zeroing the image took 6-20 s
  CHECK(r.peakKiB < 256 * 1024);  // the image itself would be 4 GiB
  fs::remove_all(root);
}

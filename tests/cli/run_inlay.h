// Runs the built `inlay` binary (INLAY_BINARY) as a user would and captures its exit code, stdout and stderr.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace inlay_test {

struct RunResult {
  int exitCode = -1;  // -1: killed by a signal (a crash) or by the timeout
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs `inlay args...` under a 60 s timeout (a hang fails the test instead of stalling the suite), in the working
/// directory `cwd` when given (else the test's own).
inline RunResult runInlay(const std::vector<std::string>& args, const std::string& cwd = "") {
  namespace fs = std::filesystem;
  static int counter = 0;
  fs::path dir =
      fs::temp_directory_path() / ("inlay_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::string cmd = (cwd.empty() ? "" : "cd " + quoted(cwd) + " && ") + "timeout 60 " + quoted(INLAY_BINARY);
  for (const std::string& a : args) cmd += " " + quoted(a);
  cmd += " >" + quoted((dir / "out").string()) + " 2>" + quoted((dir / "err").string());
  int status = std::system(cmd.c_str());
  RunResult r;
  if (WIFEXITED(status) && WEXITSTATUS(status) != 124) r.exitCode = WEXITSTATUS(status);
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

}  // namespace inlay_test

// The two error channels of Inlay (docs/design.md §2.3: two error channels, never mixed).
//  - InputError: the user's input is wrong (a spec, an ISA file, a program directory, an option). It names the
//    file and the JSON path; the CLI turns it into exit code 2.
//  - INLAY_CHECK: a broken internal invariant. It throws InternalError with file and line; never a user's fault.
#pragma once

#include <stdexcept>
#include <string>

namespace inlay {

/// A problem with user input. `file` is the path as given (or "<builtin>"/"<string>"), `path` a JSON path such as
/// "shape.K" or "inputs[1].index[2]" (empty when the whole document is at fault).
class InputError : public std::runtime_error {
public:
  InputError(std::string file, std::string path, const std::string& message)
      : std::runtime_error(format(file, path, message)),
        file_(std::move(file)),
        path_(std::move(path)),
        message_(message) {}
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }  // what() without the file and path

private:
  static std::string format(const std::string& file, const std::string& path, const std::string& message) {
    return file + (path.empty() ? "" : ": " + path) + ": " + message;
  }
  std::string file_, path_, message_;
};

/// The work itself failed (no embedding, a simulator fault, a verification mismatch): exit code 1 in the CLI.
class WorkError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A broken invariant inside Inlay.
class InternalError : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

[[noreturn]] void failInternal(const char* file, int line, const char* condition, const std::string& message);

}  // namespace inlay

#define INLAY_CHECK(cond, msg)                                            \
  do {                                                                    \
    if (!(cond)) ::inlay::failInternal(__FILE__, __LINE__, #cond, (msg)); \
  } while (0)

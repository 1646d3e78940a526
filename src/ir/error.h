// Inlay's one error model. Every exception the library throws derives from inlay::Error, whose kind() says which
// of three things went wrong (see docs/library.md, "Errors"):
//  - InputError: the caller's input is wrong (a spec, an ISA, a program directory, an in-memory operator, an
//    option). It names the origin (a file, or "<operator>" for values built in memory) and the JSON-style path of
//    the field; the CLI turns it into exit code 2.
//  - WorkError: the work itself failed (no embedding, a program the ISA cannot address, a verification mismatch);
//    exit code 1.
//  - InternalError (raised through INLAY_CHECK): a broken invariant inside Inlay, never the caller's fault.
// Hosts built without exceptions use the non-throwing entry points of inlay/ir/expected.h instead.
#pragma once

#include <stdexcept>
#include <string>

namespace inlay {

enum class ErrorKind { Input, Work, Internal };

/// The common base of Inlay's exceptions.
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

private:
  ErrorKind kind_;
};

/// A problem with user input. `file` is the path as given (or "<builtin>", "<string>", "<operator>"), `path` a JSON
/// path such as "shape.K" or "inputs[1].index[2]" (empty when the whole document is at fault).
class InputError : public Error {
public:
  InputError(std::string file, std::string path, const std::string& message)
      : Error(ErrorKind::Input, format(file, path, message)),
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
class WorkError : public Error {
public:
  explicit WorkError(const std::string& what) : Error(ErrorKind::Work, what) {}
};

/// A broken invariant inside Inlay.
class InternalError : public Error {
public:
  explicit InternalError(const std::string& what) : Error(ErrorKind::Internal, what) {}
};

[[noreturn]] void failInternal(const char* file, int line, const char* condition, const std::string& message);

}  // namespace inlay

#define INLAY_CHECK(cond, msg)                                            \
  do {                                                                    \
    if (!(cond)) ::inlay::failInternal(__FILE__, __LINE__, #cond, (msg)); \
  } while (0)

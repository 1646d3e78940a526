// Expected<T>: a value or the error that prevented it, for hosts built without exceptions (as LLVM and MLIR are).
// Each stage's main call has a non-throwing twin returning Expected (tryReadOperatorFile, trySolve, tryGenerate,
// tryVerifyProgram, ...): it runs the throwing call inside the library and turns an inlay::Error into an ErrorInfo.
// This header itself uses no exceptions, so it compiles with -fno-exceptions.
#pragma once

#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

#include "inlay/ir/error.h"

namespace inlay {

/// What an inlay::Error carries, as a value.
struct ErrorInfo {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;  // the full text, as Error::what()
  std::string file;     // InputError only: the origin and the JSON path of the field
  std::string path;
};

template <class T>
class Expected {
public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(ErrorInfo error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// Precondition: ok(). Aborts otherwise (no exception is thrown).
  T& value() { return *checked(std::get_if<T>(&state_)); }
  const T& value() const { return *checked(std::get_if<T>(&state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

  /// Precondition: !ok(). Aborts otherwise.
  const ErrorInfo& error() const { return *checked(std::get_if<ErrorInfo>(&state_)); }

private:
  template <class P>
  static P* checked(P* p) {
    if (!p) std::abort();
    return p;
  }
  std::variant<T, ErrorInfo> state_;
};

/// Expected<void>: success or an error.
struct Status {
  ErrorInfo errorInfo;
  bool succeeded = true;
  bool ok() const { return succeeded; }
  explicit operator bool() const { return ok(); }
  const ErrorInfo& error() const { return errorInfo; }
};

}  // namespace inlay

// Internal-invariant failures (inlay/ir/error.h) and the error-to-value conversion of inlay/ir/capture_errors.h.
#include "inlay/ir/error.h"
#include "inlay/ir/capture_errors.h"

namespace inlay {

void failInternal(const char* file, int line, const char* condition, const std::string& message) {
  throw InternalError(std::string("internal error at ") + file + ":" + std::to_string(line) + ": " + condition +
                      (message.empty() ? "" : " (" + message + ")"));
}

ErrorInfo errorInfoOf(const Error& e) {
  ErrorInfo info{e.kind(), e.what(), "", ""};
  if (const auto* input = dynamic_cast<const InputError*>(&e)) {
    info.file = input->file();
    info.path = input->path();
  }
  return info;
}

}  // namespace inlay

// Internal-invariant failures (see ir/error.h).
#include "inlay/ir/error.h"

namespace inlay {

void failInternal(const char* file, int line, const char* condition, const std::string& message) {
  throw InternalError(std::string("internal error at ") + file + ":" + std::to_string(line) + ": " + condition +
                      (message.empty() ? "" : " (" + message + ")"));
}

}  // namespace inlay

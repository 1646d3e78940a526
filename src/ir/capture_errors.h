// The library side of inlay/ir/expected.h: runs a throwing call and returns its value or its error as an Expected.
// Only the library's own .cpp files use it (it needs exceptions); it is not installed.
#pragma once

#include <exception>
#include <new>
#include <type_traits>

#include "inlay/ir/expected.h"

namespace inlay {

ErrorInfo errorInfoOf(const Error& e);

/// Calls f(); an inlay::Error becomes its ErrorInfo, any other exception (std::bad_alloc, ...) an Internal one.
template <class F>
auto captureErrors(F&& f) -> Expected<std::invoke_result_t<F>> {
  try {
    return f();
  } catch (const Error& e) {
    return errorInfoOf(e);
  } catch (const std::bad_alloc&) {
    return ErrorInfo{ErrorKind::Work, "out of memory", "", ""};
  } catch (const std::exception& e) {
    return ErrorInfo{ErrorKind::Internal, std::string("internal error: ") + e.what(), "", ""};
  }
}

}  // namespace inlay

// What the fuzz targets accept as the readers' correct behaviour: an inlay::InputError for bad input. Anything else
// escaping a reader (a WorkError or InternalError, a std:: exception) aborts, so that libFuzzer reports it as a
// finding with the input; crashes and sanitizer reports are findings by themselves.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "inlay/ir/error.h"

namespace inlay_fuzz {

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "inlay fuzz finding: %s\n", what);
  std::abort();
}

/// Runs `body`; returns false when it threw an InputError (the input was refused), true when it returned.
template <class F>
bool acceptsInput(F&& body) {
  try {
    body();
    return true;
  } catch (const inlay::InputError&) {
    return false;
  } catch (const std::exception& e) {
    finding(e.what());
  }
}

/// Runs `body`, which must not throw at all (e.g. re-reading what Inlay itself wrote).
template <class F>
void mustSucceed(F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    finding(e.what());
  }
}

}  // namespace inlay_fuzz

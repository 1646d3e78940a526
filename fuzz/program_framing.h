// How one fuzz input holds a whole program directory: manifest.json's text, then for every other file a line
// "\n--inlay-file: NAME\n" followed by its bytes (insns.bin, uops.bin, data/...). Text-readable, so a saved finding
// can be read and cut apart by hand; fuzz/make_program_corpus writes seeds in this form.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace inlay_fuzz {

inline const std::string kFileSeparator = "\n--inlay-file: ";

/// (name, bytes) pairs; the first is ("manifest.json", text before the first separator).
std::vector<std::pair<std::string, std::string>> splitProgramInput(const std::string& input);

/// The inverse of splitProgramInput.
std::string joinProgramInput(const std::vector<std::pair<std::string, std::string>>& files);

/// A name the fuzzer may create inside the program directory: one or two components of [A-Za-z0-9._-], neither "."
/// nor "..", at most 64 characters. (Names the manifest uses to point outside are the reader's to refuse; the fuzzer
/// itself writes only inside its directory.)
bool isSafeFileName(const std::string& name);

}  // namespace inlay_fuzz

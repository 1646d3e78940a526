// Splitting and joining the framed program-directory fuzz input (see program_framing.h).
#include "program_framing.h"

namespace inlay_fuzz {

std::vector<std::pair<std::string, std::string>> splitProgramInput(const std::string& input) {
  std::vector<std::pair<std::string, std::string>> files;
  size_t at = input.find(kFileSeparator);
  files.emplace_back("manifest.json", input.substr(0, at));
  while (at != std::string::npos) {
    size_t nameStart = at + kFileSeparator.size();
    size_t nameEnd = input.find('\n', nameStart);
    if (nameEnd == std::string::npos) break;  // a truncated header: no file
    size_t next = input.find(kFileSeparator, nameEnd + 1);
    files.emplace_back(input.substr(nameStart, nameEnd - nameStart),
                       input.substr(nameEnd + 1, next == std::string::npos ? std::string::npos : next - nameEnd - 1));
    at = next;
  }
  return files;
}

std::string joinProgramInput(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out += kFileSeparator + files[i].first + "\n";
    out += files[i].second;
  }
  return out;
}

bool isSafeFileName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  size_t components = 1;
  std::string component;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      if (component.empty() || component == "." || component == "..") return false;
      component.clear();
      if (i < name.size() && ++components > 2) return false;
      continue;
    }
    char c = name[i];
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
    component += c;
  }
  return true;
}

}  // namespace inlay_fuzz

// Text width estimates from DejaVu Sans's advance widths (units of 1/2048 em, rounded to 0.001 em).
#include "inlay/bench/svg_text.h"

#include <cstdint>
#include <sstream>

namespace inlay {
namespace {

/// Decodes one UTF-8 code point at `text[i]`, advancing i; malformed bytes decode as themselves.
uint32_t nextCodePoint(const std::string& text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[k])); };
  uint32_t c = byte(i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (i + static_cast<size_t>(extra) >= text.size()) extra = 0;  // truncated: take the byte as it is
  uint32_t cp = extra == 0 ? c : c & (0x3Fu >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (byte(i + static_cast<size_t>(k)) & 0x3F);
  i += 1 + static_cast<size_t>(extra);
  return cp;
}

/// DejaVu Sans advance in em.
double advance(uint32_t c) {
  static const double lower[26] = {0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278,
                                   0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411,
                                   0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525};
  static const double upper[26] = {0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295,
                                   0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695,
                                   0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685};
  if (c >= 'a' && c <= 'z') return lower[c - 'a'];
  if (c >= 'A' && c <= 'Z') return upper[c - 'A'];
  if (c >= '0' && c <= '9') return 0.636;
  switch (c) {
    case ' ': return 0.318;
    case '.':
    case ',': return 0.318;
    case ':':
    case ';':
    case '/':
    case '|': return 0.337;
    case '(':
    case ')':
    case '[':
    case ']': return 0.390;
    case '-': return 0.361;
    case '\'': return 0.275;
    case '"': return 0.460;
    case '_':
    case '*': return 0.500;
    case '&': return 0.780;
    case '%': return 0.950;
    case '=':
    case '<':
    case '>':
    case '+':
    case '#':
    case 0x00D7:  // ×
    case 0x2264:  // ≤
    case 0x2265:  // ≥
      return 0.838;
    case 0x2013: return 0.500;  // –
    case 0x2019: return 0.318;  // ’
    default: return 1.0;
  }
}

}  // namespace

double estimatedTextWidth(const std::string& text, double fontSize) {
  double em = 0;
  for (size_t i = 0; i < text.size();) em += advance(nextCodePoint(text, i));
  return em * fontSize * 1.05;
}

std::vector<std::string> wrapText(const std::string& text, double fontSize, double maxWidth) {
  std::vector<std::string> lines;
  std::istringstream words(text);
  std::string word, line;
  while (words >> word) {
    const std::string longer = line.empty() ? word : line + " " + word;
    if (line.empty() || estimatedTextWidth(longer, fontSize) <= maxWidth) {
      line = longer;
    } else {
      lines.push_back(line);
      line = word;
    }
  }
  lines.push_back(line);
  return lines;
}

std::string escapeSvg(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

}  // namespace inlay

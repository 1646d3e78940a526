// Text metrics for the benchmark's SVG plots (bench stage): an SVG has no layout engine, so the plots place titles,
// labels and legends from estimated text widths, and the tests check with the same estimate that nothing is clipped
// or overlaps.
#pragma once

#include <string>
#include <vector>

namespace inlay {

/// The estimated advance width in px of UTF-8 `text` at `fontSize` px in the plots' sans-serif font: DejaVu Sans's
/// per-character advances plus 5 %, so that narrower common fonts (Arial, Helvetica, Liberation Sans) fit too.
/// Characters outside the table count as 1 em.
double estimatedTextWidth(const std::string& text, double fontSize);

/// A text's vertical extent around its baseline, as fractions of the font size (DejaVu Sans's ascent and descent).
inline constexpr double kTextAscent = 0.93;
inline constexpr double kTextDescent = 0.24;

/// `text` broken at spaces into lines of at most `maxWidth` px at `fontSize` (a single word wider than that gets a
/// line of its own). Never empty: "" gives one empty line.
std::vector<std::string> wrapText(const std::string& text, double fontSize, double maxWidth);

/// `text` with <, > and & escaped for SVG character data.
std::string escapeSvg(const std::string& text);

}  // namespace inlay

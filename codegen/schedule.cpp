// Printing schedules (codegen/schedule.h).
#include "inlay/codegen/schedule.h"

namespace inlay {

std::string describeSchedule(const Schedule& s, const std::vector<std::string>& dimNames) {
  auto name = [&](int d) {
    return d >= 0 && d < static_cast<int>(dimNames.size()) ? dimNames[static_cast<size_t>(d)] : "-";
  };
  std::string text = "tile";
  for (size_t d = 0; d < s.tile.size(); ++d) text += " " + name(static_cast<int>(d)) + std::to_string(s.tile[d]);
  text += "; order";
  for (int d : s.loopOrder) text += " " + name(d);
  text += s.autoFold ? "; fold auto" : "; fold " + name(s.foldOuter) + "," + name(s.foldInner);
  text +=
      "; copies " + std::to_string(s.inpCopies) + "/" + std::to_string(s.wgtCopies) + "/" + std::to_string(s.accCopies);
  return text;
}

}  // namespace inlay

// Reading a targets file: the one piece of file I/O of the report.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "luodi/targets.h"

namespace luodi {

Result<std::optional<Targets>> load_targets(const std::string& file, const std::string& dir,
                                            int year) {
  std::string path = file;
  if (path.empty()) {
    if (dir.empty()) return std::optional<Targets>();  // no directory of targets
    path = dir + "/" + std::to_string(year) + ".yaml";
    if (!std::filesystem::exists(path)) return std::optional<Targets>();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path))
    return Status::BadInput("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  LUODI_ASSIGN_OR_RETURN(Targets t, parse_targets(text.str(), path));
  if (t.year != year)
    return Status::BadInput(path + ": targets for " + std::to_string(t.year) +
                            ", the report is for " + std::to_string(year));
  return std::optional<Targets>(std::move(t));
}

}  // namespace luodi

#include "cli/output.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalogue/catalogue.h"
#include "common/number_text.h"

namespace luodi::cli {

Result<std::string> read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path))
    return Status::BadInput("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Status::BadInput("cannot read " + path);
  return bytes.str();
}

Status write_output_file(const std::string& path,
                         const std::function<Status(const TextSink&)>& write) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    Status s = write([&](std::string_view piece) {
      return static_cast<bool>(out.write(piece.data(), piece.size()));
    });
    out.flush();
    if (s.ok() && !out) s = Status::BadInput("cannot write " + path);
    if (!s.ok()) {
      out.close();
      std::filesystem::remove(tmp);
      return s;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return Status::BadInput("cannot write " + path + ": " + ec.message());
  }
  return Status::Ok();
}

Status write_output_file(const std::string& path, const std::string& bytes) {
  return write_output_file(path, [&](const TextSink& out) {
    return out(bytes) ? Status::Ok() : Status::BadInput("cannot write " + path);
  });
}

std::string workflows_dir() {
  if (const char* d = std::getenv("LUODI_WORKFLOWS"); d && *d) return d;
  // Installed (a .deb, cmake --install): beside the binary, ../share/luodi/workflows.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/luodi/workflows";
    if (std::filesystem::is_directory(installed / "calendars", ec)) return installed.string();
  }
  return LUODI_WORKFLOWS_DIR;
}

std::string amount_text(const std::optional<double>& v) { return v ? number_text(*v) : ""; }

void hint_unnamed_cities(std::ostream& err, const std::vector<CityRecord>& cities, Lang lang) {
  std::string zh, en, first;  // the ids, listed as each language lists
  for (const auto& c : cities) {
    if (!c.name.empty()) continue;
    if (first.empty()) {
      first = c.id;
    } else {
      zh += "、";
      en += ", ";
    }
    zh += c.id;
    en += c.id;
  }
  if (first.empty()) return;
  err << catalogue::text("hint_city_unnamed", lang,
                         {arg("cities", zh, en), arg("command", "luodi city rename " + first)})
      << "\n";
}

Status write_workbook(const Report& report, const std::string& path) {
  const std::string tmp = path + ".tmp";
  Status s = write_xlsx(report, tmp);
  std::error_code ec;
  if (s.ok()) std::filesystem::rename(tmp, path, ec);
  if (!s.ok() || ec) {
    std::filesystem::remove(tmp, ec);
    return s.ok() ? Status::BadInput("cannot write " + path) : s;
  }
  return Status::Ok();
}

}  // namespace luodi::cli

#include "cli/output.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace luodi::cli {

Result<std::string> read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) return Status::BadInput("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Status::BadInput("cannot read " + path);
  return bytes.str();
}

std::string amount_text(const std::optional<double>& v) {
  if (!v) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
  return ec == std::errc() ? std::string(buf, end) : "";
}

}  // namespace luodi::cli

#include "cli/output.h"

#include <charconv>

namespace luodi::cli {

std::string amount_text(const std::optional<double>& v) {
  if (!v) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
  return ec == std::errc() ? std::string(buf, end) : "";
}

}  // namespace luodi::cli

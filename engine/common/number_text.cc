#include "common/number_text.h"

#include <charconv>

namespace luodi {

std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "";
}

}  // namespace luodi

#include "luodi/light.h"

namespace luodi {

std::string_view to_string(LightColor c) {
  switch (c) {
    case LightColor::kNone:
      return "none";
    case LightColor::kGreen:
      return "green";
    case LightColor::kYellow:
      return "yellow";
    case LightColor::kRed:
      return "red";
  }
  return "none";
}

std::optional<LightColor> parse_light(std::string_view s) {
  for (auto c : {LightColor::kNone, LightColor::kGreen, LightColor::kYellow, LightColor::kRed})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

}  // namespace luodi

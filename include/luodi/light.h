// A traffic light (亮灯) and why it shows: the colour every view takes from
// the standing function (luodi/deadline.h: deadline rules; luodi/investment.h:
// investment against the schedule).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "luodi/message.h"

namespace luodi {

enum class LightColor { kNone, kGreen, kYellow, kRed };
std::string_view to_string(LightColor c);
std::optional<LightColor> parse_light(std::string_view s);

struct Light {
  LightColor color = LightColor::kGreen;
  Messages reason;  // in words by the catalogue, in the reader's language
  // The yellow rules hold today (whatever the final colour): the caller keeps
  // the day this began as `yellow_since` for the "yellow N days → red" rule.
  bool yellow_rules_hold = false;
};

}  // namespace luodi

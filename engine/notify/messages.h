// The words of a notification, in Chinese: the units, supervisors and leaders
// who read them work in it.
#pragma once

#include <optional>
#include <string>

#include "luodi/deadline.h"
#include "luodi/notify.h"

namespace luodi {

std::string reminder_message(const Workflow& wf, const ProjectState& p, const Reminder& r,
                             const std::optional<Deadline>& d, bool catch_up, Date today);

}  // namespace luodi

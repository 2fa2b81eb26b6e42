// An outbox row as JSON: the body of a plain webhook, a line of a file
// channel, and the row of luodi outbox --json and tick --json.
#pragma once

#include <boost/json/value.hpp>

#include "luodi/notify.h"

namespace luodi {

boost::json::value notification_json(const Notification& n);

}  // namespace luodi

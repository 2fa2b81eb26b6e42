#include "notify/local_delivery.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/json_text.h"
#include "views/json_views.h"

namespace luodi {

bool LocalDelivery::handles(const std::string& channel) const {
  return channel == "stdout" || channel.rfind("file:", 0) == 0;
}

Status LocalDelivery::deliver(const Notification& n) {
  if (n.channel == "stdout") {
    if (print_stdout_) out_ << "[" << n.recipient << "] " << n.message << "\n";
    return Status::Ok();
  }
  if (n.channel.rfind("file:", 0) == 0) {
    const std::string path = n.channel.substr(5);
    std::ofstream f(path, std::ios::app | std::ios::binary);
    if (!f) return Status::Internal("cannot open " + path + ": " + std::strerror(errno));
    f << to_json_text(views::notification_json(n), false) << "\n";
    f.flush();
    if (!f) return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
    return Status::Ok();
  }
  return Status::BadInput("channel '" + n.channel + "' cannot be delivered from the command line");
}

}  // namespace luodi

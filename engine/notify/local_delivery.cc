#include "notify/local_delivery.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <syncstream>

#include "common/json_text.h"
#include "luodi/digest.h"
#include "notify/notification_json.h"

namespace luodi {

bool LocalDelivery::handles(const std::string& channel) const {
  return channel == "stdout" || channel.rfind("file:", 0) == 0;
}

Status LocalDelivery::deliver(const Notification& n) {
  if (n.channel == "stdout") {
    if (print_stdout_) std::osyncstream(out_) << "[" << n.recipient << "] " << n.message << "\n";
    return Status::Ok();
  }
  if (n.channel.rfind("file:", 0) == 0) {
    const std::string path = n.channel.substr(5);
    // A digest leaves its report beside the file, written whole (renamed into place).
    if (report_html_ && n.key.rfind("digest:", 0) == 0) {
      LUODI_ASSIGN_OR_RETURN(std::string html, report_html_(n.due));
      const std::string attachment = digest_attachment_path(path, n.key);
      const std::string tmp = attachment + ".tmp";
      std::ofstream a(tmp, std::ios::trunc | std::ios::binary);
      a << html;
      a.close();
      if (!a || std::rename(tmp.c_str(), attachment.c_str()) != 0)
        return Status::Internal("cannot write " + attachment + ": " + std::strerror(errno));
    }
    std::ofstream f(path, std::ios::app | std::ios::binary);
    if (!f) return Status::Internal("cannot open " + path + ": " + std::strerror(errno));
    f << to_json_text(notification_json(n), false) << "\n";
    f.flush();
    if (!f) return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
    return Status::Ok();
  }
  return Status::BadInput("channel '" + n.channel + "' cannot be delivered from the command line");
}

}  // namespace luodi

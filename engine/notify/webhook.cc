#include <boost/json.hpp>

#include "common/json_text.h"
#include "luodi/notify.h"
#include "views/json_views.h"

namespace luodi {

std::string webhook_body(const Notification& n) {
  if (n.format == "dingtalk" || n.format == "wecom") {
    // Both robots take a text message of this shape.
    return to_json_text(boost::json::object{{"msgtype", "text"}, {"text", {{"content", n.message}}}}, false);
  }
  return to_json_text(views::notification_json(n), false);
}

std::optional<WebhookUrl> parse_webhook_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = url.substr(scheme.size());
  WebhookUrl out;
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest.substr(slash);
  auto colon = authority.rfind(':');
  if (colon != std::string::npos) {
    out.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
    if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos ||
        out.port.size() > 5)
      return std::nullopt;
  }
  if (authority.empty()) return std::nullopt;
  out.host = authority;
  return out;
}

}  // namespace luodi

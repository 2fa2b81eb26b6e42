#include <boost/json.hpp>
#include <charconv>

#include "common/json_text.h"
#include "luodi/notify.h"
#include "notify/notification_json.h"

namespace luodi {

boost::json::value notification_json(const Notification& n) {
  return boost::json::object{
      {"key", n.key},
      {"project", n.project},
      {"recipient", n.recipient},
      {"role", to_string(n.role)},
      {"rule", n.rule},
      {"due", n.due.str()},
      {"message", n.message},
      {"catch_up", n.catch_up},
      {"channel", n.channel},
      {"state", n.state},
      {"attempts", n.attempts},
      {"last_error", n.last_error},
      {"permanent", n.permanent},
      {"created_at", format_local(n.created_at)},
  };
}

std::string webhook_body(const Notification& n) {
  return to_json_text(notification_json(n), false);
}

std::optional<WebhookUrl> parse_webhook_url(const std::string& url) {
  WebhookUrl out;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    out.tls = true;
    out.port = "443";
  } else {
    return std::nullopt;
  }
  const auto end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, end);
  if (end != std::string::npos) {
    out.target = rest.substr(end);
    if (out.target[0] == '?') out.target.insert(0, "/");
    if (const auto hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
  }
  if (authority.find('@') != std::string::npos) return std::nullopt;  // no credentials in the URL
  std::string host = authority;
  const auto colon = authority.rfind(':');
  const auto bracket = authority.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    out.port = authority.substr(colon + 1);
    host = authority.substr(0, colon);
    unsigned port = 0;
    const auto [end_of_port, ec] =
        std::from_chars(out.port.data(), out.port.data() + out.port.size(), port);
    if (ec != std::errc() || end_of_port != out.port.data() + out.port.size() || port == 0 ||
        port > 65535)
      return std::nullopt;
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);  // an IPv6 address
  else if (host.find(':') != std::string::npos)
    return std::nullopt;
  if (host.empty() || host.find_first_of(" []/\\") != std::string::npos) return std::nullopt;
  for (unsigned char c : out.target)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;  // a target goes on the request line as it is
  out.host = host;
  return out;
}

}  // namespace luodi

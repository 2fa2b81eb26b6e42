// The one way luodi calls a webhook: an HTTP POST, over TLS for https URLs.
// TLS verifies the receiver's certificate chain against the system's CA store
// (plus a private CA file when given) and its name against the URL's host,
// and sends that name (SNI). There is no switch that turns verification off.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "luodi/status.h"

namespace luodi::server {

// Whom https receivers are trusted by: the system's CA store, and the CAs in
// `ca_file` when given (a private CA, a test's).
Result<std::shared_ptr<boost::asio::ssl::context>> tls_client_context(
    const std::optional<std::string>& ca_file);

// The private CA file of LUODI_CA_FILE, if set.
std::optional<std::string> ca_file_from_environment();

// A header value as HTTP allows it: printable ASCII and spaces; every other
// byte (UTF-8 of a Chinese name, a control character) and '%' itself
// percent-encoded, so the value reads back exactly by percent-decoding.
std::string ascii_header_value(std::string_view value);

struct WebhookPost {
  std::string url;  // http[s]://HOST[:PORT]/PATH[?QUERY]
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // values sent as ascii_header_value
};

// What the receiver answered.
struct WebhookAnswer {
  unsigned status = 0;
  std::string body;
};

// The POST and its answer, whatever the status; an error when there was no
// answer (name not found, refused, a certificate not trusted, timed out),
// saying which. `timeout` bounds connecting, the handshake and the exchange.
boost::asio::awaitable<Result<WebhookAnswer>> post_webhook(const WebhookPost& post,
                                                           boost::asio::ssl::context& tls,
                                                           std::chrono::milliseconds timeout);

// The same, from a thread that has no loop of its own (the CLI).
Result<WebhookAnswer> post_webhook_now(const WebhookPost& post, boost::asio::ssl::context& tls,
                                       std::chrono::milliseconds timeout);

}  // namespace luodi::server

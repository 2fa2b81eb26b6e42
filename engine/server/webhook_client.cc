#include "server/webhook_client.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>

#include "luodi/notify.h"

namespace luodi::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kLongestAnswer = 1 << 20;  // a receiver's answer beyond this is cut off

// Writes the request and reads the answer on a connected (and, for https,
// handshaken) stream.
template <typename Stream>
asio::awaitable<Result<WebhookAnswer>> exchange(Stream& stream,
                                                http::request<http::string_body>& req) {
  auto [wec, wn] = co_await http::async_write(stream, req, as_tuple);
  (void)wn;
  if (wec) co_return Status::Internal("send: " + wec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kLongestAnswer);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, as_tuple);
  (void)rn;
  if (rec) co_return Status::Internal("read: " + rec.message());
  auto res = parser.release();
  co_return WebhookAnswer{res.result_int(), std::move(res.body())};
}

// Why a handshake failed, in words: the certificate's problem when it was one.
std::string handshake_error(SSL* ssl, const beast::error_code& ec, const std::string& host) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK)
    return "TLS certificate of " + host + " not trusted: " + X509_verify_cert_error_string(verify);
  return "TLS handshake with " + host + ": " + ec.message();
}

}  // namespace

std::string ascii_header_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c < 0x7F && c != '%')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

Result<std::shared_ptr<ssl::context>> tls_client_context(
    const std::optional<std::string>& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  ctx->set_default_verify_paths(ec);
  if (ec) return Status::Internal("the system's CA store: " + ec.message());
  if (ca_file) {
    ctx->load_verify_file(*ca_file, ec);
    if (ec) return Status::BadInput("CA file " + *ca_file + ": " + ec.message());
  }
  ctx->set_verify_mode(ssl::verify_peer);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  return ctx;
}

std::optional<std::string> ca_file_from_environment() {
  const char* file = std::getenv("LUODI_CA_FILE");
  if (!file || !*file) return std::nullopt;
  return std::string(file);
}

asio::awaitable<Result<WebhookAnswer>> post_webhook(const WebhookPost& post, ssl::context& tls,
                                                    std::chrono::milliseconds timeout) {
  auto url = parse_webhook_url(post.url);
  if (!url) co_return Status::BadInput("not a webhook URL: " + post.url);
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(url->host, url->port, as_tuple);
  if (rec) co_return Status::Internal("resolve " + url->host + ": " + rec.message());

  http::request<http::string_body> req{http::verb::post, url->target, 11};
  const bool default_port = url->port == (url->tls ? "443" : "80");
  req.set(http::field::host, default_port ? url->host : url->host + ":" + url->port);
  req.set(http::field::content_type, post.content_type);
  req.set(http::field::user_agent, "luodi");
  for (const auto& [name, value] : post.headers) req.set(name, ascii_header_value(value));
  req.body() = post.body;
  req.prepare_payload();

  if (!url->tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    auto [cec, ep] = co_await stream.async_connect(endpoints, as_tuple);
    (void)ep;
    if (cec) co_return Status::Internal("connect to " + url->host + ": " + cec.message());
    auto answer = co_await exchange(stream, req);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return answer;
  }

  beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
  // The name the receiver is asked for (SNI), and the one its certificate must carry.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str()))
    co_return Status::Internal("TLS: cannot ask for the name " + url->host);
  stream.set_verify_callback(ssl::host_name_verification(url->host));
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(timeout);
  auto [cec, ep] = co_await tcp_layer.async_connect(endpoints, as_tuple);
  (void)ep;
  if (cec) co_return Status::Internal("connect to " + url->host + ": " + cec.message());
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, as_tuple);
  if (hec) co_return Status::Internal(handshake_error(stream.native_handle(), hec, url->host));
  auto answer = co_await exchange(stream, req);
  // The answer is complete: the connection is closed without waiting for the
  // receiver's close_notify.
  beast::error_code ignored;
  tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return answer;
}

Result<WebhookAnswer> post_webhook_now(const WebhookPost& post, ssl::context& tls,
                                       std::chrono::milliseconds timeout) {
  asio::io_context io;
  std::optional<Result<WebhookAnswer>> out;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { out = co_await post_webhook(post, tls, timeout); },
      asio::detached);
  io.run();
  if (!out) return Status::Internal("the webhook call did not finish");
  return std::move(*out);
}

}  // namespace luodi::server

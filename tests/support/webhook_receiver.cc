#include "support/webhook_receiver.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/asio/ssl.hpp>

#include <optional>

namespace luodi::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct WebhookReceiver::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::thread thread;
  mutable std::mutex mu;
  std::vector<Call> calls;
  int fail_first = 0;
  std::optional<asio::ssl::context> tls;
  int failed_handshakes = 0;

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(std::move(socket));
      accept();
    });
  }

  void serve(tcp::socket socket) {
    if (!tls) {
      exchange(socket);
      beast::error_code ignored;
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls);
    beast::error_code ec;
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) {
      std::lock_guard lock(mu);
      ++failed_handshakes;
      return;
    }
    exchange(stream);  // then closed without a TLS close_notify, as the client does
  }

  template <typename Stream>
  void exchange(Stream& stream) {
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    Call call{std::string(req["Idempotency-Key"]), req.body(), 200};
    {
      std::lock_guard lock(mu);
      if (static_cast<int>(calls.size()) < fail_first) call.status = 500;
      calls.push_back(call);
    }
    http::response<http::string_body> res{static_cast<http::status>(call.status), 11};
    res.body() = call.status == 200 ? "{\"errcode\":0}" : "down";
    res.prepare_payload();
    http::write(stream, res, ec);
  }
};

WebhookReceiver::WebhookReceiver(int fail_first) : impl_(std::make_unique<Impl>()) {
  impl_->fail_first = fail_first;
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

WebhookReceiver::WebhookReceiver(int fail_first, const TestCa& ca) : impl_(std::make_unique<Impl>()) {
  impl_->fail_first = fail_first;
  impl_->tls.emplace(asio::ssl::context::tls_server);
  impl_->tls->use_certificate_chain_file(ca.server_cert);
  impl_->tls->use_private_key_file(ca.server_key, asio::ssl::context::pem);
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

int WebhookReceiver::failed_handshakes() const {
  std::lock_guard lock(impl_->mu);
  return impl_->failed_handshakes;
}

WebhookReceiver::~WebhookReceiver() {
  asio::post(impl_->io, [this] { impl_->acceptor.close(); });
  impl_->io.stop();
  impl_->thread.join();
}

std::vector<WebhookReceiver::Call> WebhookReceiver::calls() const {
  std::lock_guard lock(impl_->mu);
  return impl_->calls;
}

int WebhookReceiver::successes() const {
  int n = 0;
  for (const auto& c : calls()) n += c.status == 200 ? 1 : 0;
  return n;
}

}  // namespace luodi::testing

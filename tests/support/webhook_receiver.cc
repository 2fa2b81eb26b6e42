#include "support/webhook_receiver.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <map>
#include <optional>

#include "common/url.h"
#include "notify/robots.h"

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
  std::optional<RobotRules> robot;
  int robot_calls = 0;
  std::map<std::string, std::chrono::steady_clock::time_point> throttled_until;  // per URL
  std::size_t hold_index = 0;
  std::chrono::milliseconds hold_for{0};

  // A robot's answer to a call: {code, words}; code 0 takes the message.
  std::pair<std::int64_t, std::string> robot_answer(const http::request<http::string_body>& req) {
    const RobotRules& r = *robot;
    if (robot_calls++ < r.refuse_first) return {r.refuse_code, r.refuse_words};
    const std::string url = url_of(std::string(req.target()));
    const auto now = std::chrono::steady_clock::now();
    if (auto t = throttled_until.find(url); t != throttled_until.end() && t->second > now)
      return too_many(" (throttled)");
    if (r.per_window > 0) {
      int recent = 0;
      for (const auto& c : calls)
        recent += c.accepted && url_of(c.target) == url && c.at + r.window > now ? 1 : 0;
      if (recent >= r.per_window) {
        if (r.throttle_for.count() > 0) throttled_until[url] = now + r.throttle_for;
        return too_many("");
      }
    }
    if (r.max_content > 0) {
      boost::system::error_code ec;
      auto body = boost::json::parse(req.body(), ec);
      if (!ec && body.is_object()) {
        const auto& o = body.as_object();
        for (const char* type : {"markdown", "text"})
          if (o.contains(type) && o.at(type).is_object() &&
              o.at(type).as_object().contains("content") &&
              o.at(type).at("content").as_string().size() > r.max_content)
            return {40058, std::string(type) + ".content exceed max length " +
                               std::to_string(r.max_content)};
      }
    }
    if (r.secret.empty()) return {0, "ok"};
    std::int64_t at = 0;
    std::string sign;
    if (r.format == "dingtalk") {  // ?…&timestamp=<ms>&sign=<urlencoded base64>
      const std::string target(req.target());
      const auto query = target.find('?');
      const auto q = query == std::string::npos ? std::map<std::string, std::string>()
                                                : query_of(target.substr(query + 1));
      if (!q.count("timestamp") || !q.count("sign"))
        return {310000, "sign not match (no signature)"};
      at = std::stoll(q.at("timestamp"));
      sign = q.at("sign");
      if (sign != dingtalk_signature(r.secret, at)) return {310000, "sign not match"};
      at /= 1000;
    } else {  // feishu: in the body
      boost::system::error_code ec;
      auto body = boost::json::parse(req.body(), ec);
      if (ec || !body.is_object() || !body.as_object().contains("sign"))
        return {19021, "sign match fail"};
      at = std::stoll(std::string(body.at("timestamp").as_string()));
      if (body.at("sign").as_string() != feishu_signature(r.secret, at))
        return {19021, "sign match fail"};
    }
    const std::int64_t robot_now = r.now_seconds
                                       ? r.now_seconds
                                       : std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
    if (at < robot_now - 3600 || at > robot_now + 3600)
      return {r.format == "dingtalk" ? 310000 : 19021, "timestamp is not within one hour"};
    return {0, "ok"};
  }

  // "Too many", in the robot's own code and words.
  std::pair<std::int64_t, std::string> too_many(const std::string& more) const {
    if (robot->format == "wecom") return {45009, "api freq out of limit" + more};
    if (robot->format == "feishu") return {11232, "frequency limited" + more};
    return {130101, "send too fast, exceed 20 times per minute" + more};
  }

  // The robot a call is for: its path and token, without a signature.
  static std::string url_of(const std::string& target) {
    return target.substr(0, std::min(target.find("&timestamp="), target.size()));
  }

  static std::map<std::string, std::string> query_of(const std::string& query) {
    std::map<std::string, std::string> out;
    std::size_t from = 0;
    while (from <= query.size()) {
      const auto amp = std::min(query.find('&', from), query.size());
      const std::string kv = query.substr(from, amp - from);
      const auto eq = kv.find('=');
      if (eq != std::string::npos) out[kv.substr(0, eq)] = url_decode(kv.substr(eq + 1));
      from = amp + 1;
    }
    return out;
  }

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
    Call call{std::string(req["Idempotency-Key"]), req.body(), 200,
              std::string(req.target()),           true,       std::chrono::steady_clock::now()};
    std::string answer = "{\"errcode\":0}";
    std::chrono::milliseconds hold{0};
    {
      std::lock_guard lock(mu);
      if (static_cast<int>(calls.size()) < fail_first) {
        call.status = 500;
        call.accepted = false;
        answer = "down";
      } else if (robot) {
        const auto [code, words] = robot_answer(req);
        call.accepted = code == 0;
        const char* code_name = robot->format == "feishu" ? "code" : "errcode";
        const char* words_name = robot->format == "feishu" ? "msg" : "errmsg";
        answer =
            boost::json::serialize(boost::json::object{{code_name, code}, {words_name, words}});
      }
      if (calls.size() == hold_index) hold = hold_for;
      calls.push_back(call);
    }
    if (hold.count()) std::this_thread::sleep_for(hold);
    http::response<http::string_body> res{static_cast<http::status>(call.status), 11};
    res.body() = answer;
    res.prepare_payload();
    http::write(stream, res, ec);
  }
};

void WebhookReceiver::hold_call(std::size_t index, std::chrono::milliseconds hold) {
  std::lock_guard lock(impl_->mu);
  impl_->hold_index = index;
  impl_->hold_for = hold;
}

WebhookReceiver::WebhookReceiver(int fail_first) : impl_(std::make_unique<Impl>()) {
  impl_->fail_first = fail_first;
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

WebhookReceiver::WebhookReceiver(const TestCa& ca, RobotRules robot) : WebhookReceiver(0, ca) {
  std::lock_guard lock(impl_->mu);
  impl_->robot = std::move(robot);
}

WebhookReceiver::WebhookReceiver(int fail_first, const TestCa& ca)
    : impl_(std::make_unique<Impl>()) {
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
  for (const auto& c : calls()) n += c.accepted ? 1 : 0;
  return n;
}

}  // namespace luodi::testing

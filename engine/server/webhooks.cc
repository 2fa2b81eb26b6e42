#include "server/webhooks.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <syncstream>

namespace luodi::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

// One POST; Ok on a 2xx answer.
asio::awaitable<Status> post(const Notification& n, std::chrono::seconds timeout) {
  auto url = parse_webhook_url(n.channel.substr(std::string("webhook:").size()));
  if (!url) co_return Status::BadInput("not a webhook URL: " + n.channel);
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(url->host, url->port, as_tuple);
  if (rec) co_return Status::Internal("resolve " + url->host + ": " + rec.message());
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  auto [cec, ep] = co_await stream.async_connect(endpoints, as_tuple);
  (void)ep;
  if (cec) co_return Status::Internal("connect: " + cec.message());
  http::request<http::string_body> req{http::verb::post, url->target, 11};
  req.set(http::field::host, url->host);
  req.set(http::field::content_type, "application/json; charset=utf-8");
  req.set("Idempotency-Key", n.key);
  req.set(http::field::user_agent, "luodi");
  req.body() = webhook_body(n);
  req.prepare_payload();
  auto [wec, wn] = co_await http::async_write(stream, req, as_tuple);
  (void)wn;
  if (wec) co_return Status::Internal("send: " + wec.message());
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rdec, rn] = co_await http::async_read(stream, buffer, res, as_tuple);
  (void)rn;
  if (rdec) co_return Status::Internal("read: " + rdec.message());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (res.result_int() < 200 || res.result_int() >= 300)
    co_return Status::Internal("HTTP " + std::to_string(res.result_int()) + " " +
                               res.body().substr(0, 200));
  co_return Status::Ok();
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(asio::io_context& io, Engine& engine, const Clock& clock,
                                     RetryPolicy policy, std::ostream& log,
                                     std::function<void(bool)> on_attempt)
    : io_(io),
      timer_(io),
      engine_(engine),
      clock_(clock),
      policy_(policy),
      log_(log),
      on_attempt_(std::move(on_attempt)) {}

std::chrono::milliseconds WebhookDispatcher::backoff(int attempts) {
  auto wait = policy_.first;
  for (int i = 1; i < attempts && wait < policy_.longest; ++i) wait *= 2;
  wait = std::min(wait, policy_.longest);
  // ±20% jitter, so receivers coming back are not hit by everyone at once.
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<long>(wait.count() * jitter(rng_)));
}

void WebhookDispatcher::stop() {
  stopped_ = true;
  timer_.cancel();
}

void WebhookDispatcher::kick() {
  if (stopped_) return;
  auto pending = engine_.outbox(std::string("pending"));
  if (!pending.ok()) {
    std::osyncstream(log_) << "webhooks: " << pending.status().message() << std::endl;
    return;
  }
  const Timestamp now = clock_.now();
  std::optional<Timestamp> next;
  for (auto& n : *pending) {
    if (n.channel.rfind("webhook:", 0) != 0 || in_flight_.count({n.key, n.recipient})) continue;
    if (n.next_attempt_at && *n.next_attempt_at > now) {
      if (!next || *n.next_attempt_at < *next) next = n.next_attempt_at;
      continue;
    }
    send(std::move(n));
  }
  // One timer: the earliest retry, or a minute (rows a CLI tick left pending).
  timer_.expires_after(next ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(*next - now)
                            : std::chrono::steady_clock::duration(std::chrono::seconds(60)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) kick();
  });
}

void WebhookDispatcher::send(Notification n) {
  in_flight_.insert({n.key, n.recipient});
  asio::co_spawn(
      io_,
      [this, n]() -> asio::awaitable<void> {
        Status result = co_await post(n, policy_.timeout);
        const int attempt = n.attempts + 1;
        std::optional<Timestamp> retry_at;
        if (!result.ok() && attempt < policy_.max_attempts)
          retry_at = clock_.now() + std::chrono::ceil<std::chrono::seconds>(backoff(attempt));
        std::osyncstream(log_) << "webhook " << n.key << " → " << n.recipient << " attempt " << attempt << ": "
             << (result.ok() ? "ok" : result.message()) << std::endl;
        Status saved = engine_.record_attempt(n, result, retry_at);
        if (!saved.ok()) std::osyncstream(log_) << "webhooks: cannot record the attempt: " << saved.message() << std::endl;
        if (on_attempt_) on_attempt_(result.ok());
        in_flight_.erase({n.key, n.recipient});
        kick();  // re-arms the one timer for the earliest retry
      },
      asio::detached);
}

}  // namespace luodi::server

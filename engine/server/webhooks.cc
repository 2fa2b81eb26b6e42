#include "server/webhooks.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>

#include <syncstream>

#include "server/webhook_client.h"

namespace luodi::server {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

namespace {

// One POST; Ok on a 2xx answer.
asio::awaitable<Status> post(const Notification& n, ssl::context& tls, std::chrono::seconds timeout) {
  WebhookPost call;
  call.url = n.channel.substr(std::string("webhook:").size());
  call.body = webhook_body(n);
  call.headers.emplace_back("Idempotency-Key", n.key);
  auto answer = co_await post_webhook(call, tls, timeout);
  if (!answer.ok()) co_return answer.status();
  if (answer->status < 200 || answer->status >= 300)
    co_return Status::Internal("HTTP " + std::to_string(answer->status) + " " + answer->body.substr(0, 200));
  co_return Status::Ok();
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(asio::io_context& io, Engine& engine, const Clock& clock,
                                     RetryPolicy policy, ssl::context& tls, std::ostream& log,
                                     std::function<void(bool)> on_attempt)
    : io_(io),
      timer_(io),
      engine_(engine),
      clock_(clock),
      policy_(policy),
      tls_(tls),
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
        Status result = co_await post(n, tls_, policy_.timeout);
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

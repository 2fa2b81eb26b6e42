#include "server/webhooks.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>

#include <syncstream>

#include "common/url.h"
#include "server/robot_sender.h"
#include "server/webhook_client.h"

namespace luodi::server {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

namespace {

}  // namespace

WebhookDispatcher::WebhookDispatcher(asio::io_context& io, Engine& engine, const Clock& clock,
                                     RetryPolicy policy, ssl::context& tls, std::string public_url,
                                     std::ostream& log, std::function<void(bool)> on_attempt)
    : io_(io),
      timer_(io),
      engine_(engine),
      clock_(clock),
      policy_(policy),
      tls_(tls),
      public_url_(std::move(public_url)),
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

Contact WebhookDispatcher::recipient_of(const Notification& n) {
  Contact to;
  to.name = n.recipient;
  if (auto directory = engine_.contacts(); directory.ok())
    for (auto& c : *directory)
      if (c.name == n.recipient) to = std::move(c);
  to.format = n.format;  // as the notification was made for
  return to;
}

WebhookMessage WebhookDispatcher::message_of(const Notification& n) {
  WebhookMessage m;
  m.url = n.channel.substr(std::string("webhook:").size());
  m.idempotency_key = n.key;
  if (!is_robot_format(n.format)) {
    m.plain_body = webhook_body(n);
    return m;
  }
  m.robot.title = robot_title(n.message);
  m.robot.texts = {n.message};
  if (n.project.empty()) return m;  // a digest
  // The project as it stands now, from the standing function.
  auto t = engine_.tracked_project(n.project, std::nullopt);
  if (!t.ok()) return m;
  const Workflow& wf = engine_.workflow();
  const ProjectState& p = t->project;
  const Standing& s = t->standing;
  RobotLine line;
  line.code = p.code;
  line.name = p.attributes.name;
  line.unit = p.attributes.unit;
  line.stage = wf.stages[p.stage].label.zh;
  line.light = s.light.color == LightColor::kRed      ? "红灯"
               : s.light.color == LightColor::kYellow ? "黄灯"
               : s.light.color == LightColor::kGreen  ? "绿灯"
                                                      : "";
  if (s.deadline) line.due = s.deadline->due;
  line.days_overdue = s.days_overdue;
  if (!public_url_.empty()) line.link = public_url_ + "/#/project/" + url_encode(p.code);
  m.robot.lines.push_back(std::move(line));
  return m;
}

void WebhookDispatcher::send(Notification n) {
  in_flight_.insert({n.key, n.recipient});
  asio::co_spawn(
      io_,
      [this, n]() -> asio::awaitable<void> {
        const SendOutcome outcome = co_await send_to(recipient_of(n), message_of(n), clock_, tls_, policy_.timeout);
        const Status result = outcome.accepted ? Status::Ok() : Status::Internal(outcome.error);
        const int attempt = n.attempts + 1;
        std::optional<Timestamp> retry_at;
        if (!result.ok() && !outcome.permanent && attempt < policy_.max_attempts)
          retry_at = clock_.now() + std::chrono::ceil<std::chrono::seconds>(backoff(attempt));
        std::osyncstream(log_) << "webhook " << n.key << " → " << n.recipient << " attempt " << attempt << ": "
             << (result.ok() ? "ok" : result.message()) << (outcome.permanent ? " (not retried)" : "") << std::endl;
        Status saved = engine_.record_attempt(n, result, retry_at, outcome.permanent);
        if (!saved.ok()) std::osyncstream(log_) << "webhooks: cannot record the attempt: " << saved.message() << std::endl;
        if (on_attempt_) on_attempt_(result.ok());
        in_flight_.erase({n.key, n.recipient});
        kick();  // re-arms the one timer for the earliest retry
      },
      asio::detached);
}

}  // namespace luodi::server

#include "server/webhooks.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>

#include <map>
#include <syncstream>
#include <tuple>

#include "common/url.h"
#include "report/labels.h"
#include "server/robot_sender.h"
#include "server/webhook_client.h"

namespace luodi::server {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

WebhookDispatcher::WebhookDispatcher(asio::io_context& io, Engine& engine, const Clock& clock,
                                     RetryPolicy policy, ssl::context& tls, std::string public_url,
                                     std::ostream& log, std::function<void(bool)> on_attempt)
    : window_(policy.rate_window),
      io_(io),
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

namespace {

// Reminders to one robot and recipient, of one rule and made the same day,
// go as one message (a list of projects); up to this many in one.
constexpr std::size_t kLargestBundle = 50;

}  // namespace

void WebhookDispatcher::kick() {
  if (stopped_) return;
  // Deliveries are scheduled work: the lease's holder does them (the lease
  // keeper kicks again once this instance takes it).
  if (!engine_.lease()) return;
  auto pending = engine_.outbox(std::string("pending"));
  if (!pending.ok()) {
    std::osyncstream(log_) << "webhooks: " << pending.status().message() << std::endl;
    return;
  }
  auto directory = engine_.contacts();
  if (!directory.ok()) {
    std::osyncstream(log_) << "webhooks: " << directory.status().message() << std::endl;
    return;
  }
  const Timestamp now = clock_.now();
  const auto steady_now = SendWindow::Clock::now();
  // What was sent within the last window, before a restart, counts (a
  // message of several notifications counts as several: waiting longer is safe).
  if (!window_seeded_) {
    const auto since = now - std::chrono::ceil<std::chrono::seconds>(policy_.rate_window);
    if (auto sent = engine_.sent_since(since); sent.ok()) {
      for (const auto& [channel, at] : *sent) window_.count(channel, steady_now - (now - at));
      window_seeded_ = true;
    }
  }
  std::optional<Timestamp> next;  // the earliest retry
  std::optional<SendWindow::Clock::time_point> next_turn;  // the earliest turn of a robot at its rate
  // The rows due now, in bundles: a robot's by recipient, rule and day; a
  // plain webhook's one by one (each its own Idempotency-Key).
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, std::vector<Bundle>> due;
  for (auto& n : *pending) {
    if (n.channel.rfind("webhook:", 0) != 0 || in_flight_.count({n.key, n.recipient})) continue;
    if (n.next_attempt_at && *n.next_attempt_at > now) {
      if (!next || *n.next_attempt_at < *next) next = n.next_attempt_at;
      continue;
    }
    auto key = is_robot_format(n.format)
                   ? std::make_tuple(n.channel, n.recipient, n.rule, format_local(n.created_at).substr(0, 10), n.format)
                   : std::make_tuple(n.channel, n.recipient, n.key, std::string(), n.format);
    auto& bundles = due[key];
    if (bundles.empty() || bundles.back().size() == kLargestBundle) bundles.emplace_back();
    bundles.back().push_back(std::move(n));
  }
  bool held_elsewhere = false;  // rows another delivery has claimed
  for (auto& [key, bundles] : due)
    for (auto& bundle : bundles) {
      Contact to = recipient_of(bundle.front(), *directory);
      const int rate = to.rate_per_min ? to.rate_per_min : default_robot_rate(to.format);
      SendWindow::Clock::time_point turn;
      if (!window_.take(bundle.front().channel, rate, steady_now, turn)) {  // waits its turn
        if (!next_turn || turn < *next_turn) next_turn = turn;
        continue;
      }
      if (!claim(bundle)) {  // claimed on its turn, so a claim is never held while waiting
        held_elsewhere = true;
        continue;
      }
      send(std::move(to), std::move(bundle));
    }
  // One timer: the earliest retry or turn, or a minute (rows a CLI tick left pending).
  auto wait = next ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(*next - now)
                   : std::chrono::steady_clock::duration(std::chrono::seconds(60));
  if (next_turn) wait = std::min(wait, std::chrono::duration_cast<std::chrono::steady_clock::duration>(*next_turn - steady_now));
  if (held_elsewhere) wait = std::min<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(2));
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) kick();
  });
}

Contact WebhookDispatcher::recipient_of(const Notification& n, const std::vector<Contact>& directory) {
  Contact to;
  to.name = n.recipient;
  for (const auto& c : directory)
    if (c.name == n.recipient) to = c;
  to.format = n.format;  // as the notification was made for
  return to;
}

WebhookMessage WebhookDispatcher::message_of(const Bundle& bundle) {
  const Notification& first = bundle.front();
  WebhookMessage m;
  m.url = first.channel.substr(std::string("webhook:").size());
  if (bundle.size() == 1) m.idempotency_key = first.key;  // a list of several has no one key
  if (!is_robot_format(first.format)) {
    m.plain_body = webhook_body(first);
    return m;
  }
  m.robot.title = robot_title(first.message);
  if (bundle.size() > 1) m.robot.title += " · " + std::to_string(bundle.size()) + " 个项目";
  const Workflow& wf = engine_.workflow();
  for (const Notification& n : bundle) {
    m.robot.texts.push_back(n.message);
    if (n.project.empty()) continue;  // a digest
    // The project as it stands now, from the standing function.
    auto t = engine_.tracked_project(n.project, std::nullopt);
    if (!t.ok()) continue;
    const ProjectState& p = t->project;
    const Standing& s = t->standing;
    RobotLine line;
    line.code = p.code;
    line.name = p.attributes.name;
    line.unit = p.attributes.unit;
    line.stage = wf.stages[p.stage].label.zh;
    if (s.light.color != LightColor::kNone)
      line.light = report_labels::text("light_" + std::string(to_string(s.light.color)), Lang::kZh);
    if (s.deadline) line.due = s.deadline->due;
    line.days_overdue = s.days_overdue;
    if (!public_url_.empty()) line.link = public_url_ + "/#/project/" + url_encode(p.code);
    m.robot.lines.push_back(std::move(line));
  }
  return m;
}

bool WebhookDispatcher::claim(Bundle& bundle) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& n : bundle) rows.emplace_back(n.key, n.recipient);
  claim_token_ = engine_.lease()->owner + "/" + std::to_string(++claims_);
  // Held for two attempts' time: long enough for this one to finish, short
  // enough for another instance to send it soon if this one dies.
  auto claimed = engine_.claim_deliveries(rows, claim_token_, 2 * policy_.timeout + std::chrono::seconds(5));
  if (!claimed.ok()) {
    std::osyncstream(log_) << "webhooks: cannot claim a delivery: " << claimed.status().message() << std::endl;
    return false;
  }
  const std::set<std::pair<std::string, std::string>> mine(claimed->begin(), claimed->end());
  std::erase_if(bundle, [&](const Notification& n) { return !mine.count({n.key, n.recipient}); });
  return !bundle.empty();
}

void WebhookDispatcher::send(Contact to, Bundle bundle) {
  const std::string token = claim_token_;
  for (const auto& n : bundle) in_flight_.insert({n.key, n.recipient});
  asio::co_spawn(
      io_,
      [this, to = std::move(to), bundle = std::move(bundle), token]() -> asio::awaitable<void> {
        const SendOutcome outcome = co_await send_to(to, message_of(bundle), clock_, tls_, policy_.timeout);
        const Status result = outcome.accepted ? Status::Ok() : Status::Internal(outcome.error);
        std::vector<Engine::Attempt> attempts;  // each row keeps its own attempts and state
        for (const Notification& n : bundle) {
          const int attempt = n.attempts + 1;
          std::optional<Timestamp> retry_at;
          if (!result.ok() && !outcome.permanent && attempt < policy_.max_attempts)
            retry_at = clock_.now() + std::chrono::ceil<std::chrono::seconds>(backoff(attempt));
          std::osyncstream(log_) << "webhook " << n.key << " → " << n.recipient << " attempt " << attempt
                                 << (bundle.size() > 1 ? " (one message of " + std::to_string(bundle.size()) + ")" : "")
                                 << ": " << (result.ok() ? "ok" : result.message())
                                 << (outcome.permanent ? " (not retried)" : "") << std::endl;
          attempts.push_back({&n, retry_at});
        }
        Status saved = engine_.record_attempts(attempts, result, outcome.permanent, token);
        if (!saved.ok()) std::osyncstream(log_) << "webhooks: cannot record the attempt: " << saved.message() << std::endl;
        if (on_attempt_) on_attempt_(result.ok());
        for (const Notification& n : bundle) in_flight_.erase({n.key, n.recipient});
        kick();  // re-arms the one timer for the earliest retry or turn
      },
      asio::detached);
}

}  // namespace luodi::server

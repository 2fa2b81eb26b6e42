#include "server/webhooks.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>
#include <map>
#include <syncstream>
#include <tuple>

#include "catalogue/catalogue.h"
#include "common/url.h"
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

void WebhookDispatcher::work_while(std::function<bool()> holds, LogLimiter& log) {
  holds_ = std::move(holds);
  limited_ = &log;
}

void WebhookDispatcher::say(const std::string& cause, const std::string& line) {
  say_limited(limited_, log_, "webhooks:" + engine_.city() + ":" + cause, line);
}

namespace {

// Reminders to one robot and recipient, of one rule and made the same day,
// go as one message (a list of projects); up to this many in one.
constexpr std::size_t kLargestBundle = 50;
// Messages on their way at once, over all receivers: a burst of thousands
// goes out as a steady stream, each finished one making room for the next.
constexpr std::size_t kMostInFlight = 64;

// How a row waiting out a robot's throttle pause begins its last error: the
// outbox keeps the pause (across a restart, or for the next lease holder).
constexpr std::string_view kThrottled = "throttled, not counted as an attempt: ";

// A Feishu robot's turns within its second.
std::string second_key(const std::string& channel) { return channel + " (a second)"; }

// The host of a webhook URL, for logs (its path and query hold the robot's token).
std::string host_of(const std::string& channel) {
  const auto url = parse_webhook_url(channel.substr(std::string("webhook:").size()));
  return url ? url->host : "?";
}

}  // namespace

void WebhookDispatcher::kick() {
  if (stopped_) return;
  // Deliveries are scheduled work: the lease's holder does them while its
  // lease is unexpired (the lease keeper kicks again once this instance
  // takes it).
  if (!engine_.lease() || (holds_ && !holds_())) return;
  claim_failed_ = false;
  auto pending = engine_.outbox(std::string("pending"));
  if (!pending.ok()) {
    say("outbox", "webhooks: " + pending.status().message());
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) kick();
    });
    return;
  }
  auto directory = engine_.contacts();
  if (!directory.ok()) {
    say("contacts", "webhooks: " + directory.status().message());
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) kick();
    });
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
  // The earliest turn of a robot at its rate.
  std::optional<SendWindow::Clock::time_point> next_turn;
  // The rows due now, in bundles: a robot's by recipient, rule and day; a
  // plain webhook's one by one (each its own Idempotency-Key).
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>,
           std::vector<Bundle>>
      due;
  std::erase_if(held_elsewhere_, [&](const auto& h) { return h.second <= steady_now; });
  for (auto& n : *pending) {
    if (n.channel.rfind("webhook:", 0) != 0 || in_flight_.count({n.key, n.recipient})) continue;
    // Claimed by another delivery (an instance that died with it on its
    // way, say): looked at again once that claim lapses.
    if (auto held = held_elsewhere_.find({n.key, n.recipient}); held != held_elsewhere_.end()) {
      if (!next_turn || held->second < *next_turn) next_turn = held->second;
      continue;
    }
    if (n.next_attempt_at && *n.next_attempt_at > now) {
      if (!next || *n.next_attempt_at < *next) next = n.next_attempt_at;
      if (std::string_view(n.last_error).starts_with(kThrottled) &&
          window_.pause(n.channel, steady_now, steady_now + (*n.next_attempt_at - now)))
        std::osyncstream(log_) << "webhooks: the robot at " << host_of(n.channel)
                               << " is paused until " << format_local(*n.next_attempt_at)
                               << " (a throttle the outbox keeps)" << std::endl;
      continue;
    }
    auto key = is_robot_format(n.format)
                   ? std::make_tuple(n.channel, n.recipient, n.rule,
                                     format_local(n.created_at).substr(0, 10), n.format)
                   : std::make_tuple(n.channel, n.recipient, n.key, std::string(), n.format);
    auto& bundles = due[key];
    if (bundles.empty() || bundles.back().size() == kLargestBundle) bundles.emplace_back();
    bundles.back().push_back(std::move(n));
  }
  // The messages whose turn it is, up to the room left, claimed together
  // (one transaction), then sent.
  std::vector<std::pair<Contact, Bundle>> ready;
  // Each ready bundle's messages, by its first row and its size when built.
  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, std::vector<WebhookMessage>>>
      built;
  for (auto& [key, bundles] : due)
    for (auto& bundle : bundles) {
      // As many on their way as may be, or the lease lost: the rest waits
      // (for room, or for the lease's return).
      if (messages_in_flight_ + ready.size() >= kMostInFlight || (holds_ && !holds_())) break;
      Contact to = recipient_of(bundle.front(), *directory);
      const int rate = to.rate_per_min ? to.rate_per_min : default_robot_rate(to.format);
      const auto window =
          to.rate_window_ms ? std::chrono::milliseconds(to.rate_window_ms) : policy_.rate_window;
      const std::string& url_key = bundle.front().channel;
      SendWindow::Clock::time_point turn;
      // Waits its turn (or the end of the robot's pause): the message is built
      // only once a turn is there, and then each part takes one (a Feishu
      // robot's: in its second too).
      const bool per_second = to.format == "feishu";
      auto has_turns = [&](int n) {
        return window_.has_turns(url_key, rate, steady_now, turn, n, window) &&
               (!per_second || window_.has_turns(second_key(url_key), kFeishuPerSecond, steady_now,
                                                 turn, n, kFeishuSecond));
      };
      std::vector<WebhookMessage> messages;
      if (!has_turns(1) ||
          !has_turns(static_cast<int>((messages = messages_of(to, bundle)).size()))) {
        if (!next_turn || turn < *next_turn) next_turn = turn;
        continue;
      }
      const int parts = static_cast<int>(messages.size());
      window_.take(url_key, rate, steady_now, turn, parts, window);
      if (per_second)
        window_.take(second_key(url_key), kFeishuPerSecond, steady_now, turn, parts, kFeishuSecond);
      built[{bundle.front().key, bundle.front().recipient}] = {bundle.size(), std::move(messages)};
      ready.emplace_back(std::move(to), std::move(bundle));
    }
  // Claimed on their turn, so a claim is never held while waiting. Rows
  // another delivery holds are passed over, and the room they leave is
  // filled at once.
  const bool some_held = !ready.empty() && !claim(ready, steady_now);
  for (auto& [to, bundle] : ready) {
    // A bundle the claim left whole keeps its messages; one it cut is built again.
    auto it = built.find({bundle.front().key, bundle.front().recipient});
    std::vector<WebhookMessage> messages = it != built.end() && it->second.first == bundle.size()
                                               ? std::move(it->second.second)
                                               : messages_of(to, bundle);
    send(std::move(to), std::move(bundle), std::move(messages), steady_now);
  }
  // One timer: the earliest retry or turn, or a minute (rows a CLI tick left pending).
  auto wait = next ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(*next - now)
                   : std::chrono::steady_clock::duration(std::chrono::seconds(60));
  if (next_turn)
    wait = std::min(wait, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              *next_turn - steady_now));
  // A claim that failed (the lease lost, the database unreachable): looked
  // at again in a second (the lease keeper kicks at once when it takes the
  // lease again).
  if (claim_failed_) {
    wait = std::min<std::chrono::steady_clock::duration>(wait, std::chrono::seconds(1));
  } else if (some_held) {
    wait = std::chrono::steady_clock::duration::zero();
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) kick();
  });
  if (on_round_) on_round_();
}

Contact WebhookDispatcher::recipient_of(const Notification& n,
                                        const std::vector<Contact>& directory) {
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
  if (bundle.size() == 1) {
    m.idempotency_key = first.key;
  } else {  // a list of several: its rows' keys hashed (stable for the same rows)
    std::vector<std::string> keys;
    for (const Notification& n : bundle) keys.push_back(n.key + "\n" + n.recipient);
    m.idempotency_key = bundle_key(std::move(keys));
  }
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
      line.light = catalogue::text("light_" + std::string(to_string(s.light.color)), Lang::kZh);
    if (s.deadline) line.due = s.deadline->due;
    line.days_overdue = s.days_overdue;
    if (!public_url_.empty()) line.link = public_url_ + "/#/project/" + url_encode(p.code);
    m.robot.lines.push_back(std::move(line));
  }
  return m;
}

std::vector<WebhookMessage> WebhookDispatcher::messages_of(const Contact& to,
                                                           const Bundle& bundle) {
  WebhookMessage whole = message_of(bundle);
  if (!is_robot_format(to.format)) return {std::move(whole)};
  std::vector<RobotMessage> parts = robot_parts(to, whole.robot);
  std::vector<WebhookMessage> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    WebhookMessage m = whole;
    m.robot = std::move(parts[i]);
    if (m.robot.parts > 1) m.idempotency_key += "/" + std::to_string(i + 1);
    out.push_back(std::move(m));
  }
  return out;
}

void WebhookDispatcher::pause_for(const Contact& to, const Bundle& bundle,
                                  const SendOutcome& outcome, const std::string& token) {
  const auto pause = to.throttle_pause_ms ? std::chrono::milliseconds(to.throttle_pause_ms)
                                          : robot_throttle_pause(to.format);
  const std::string& url_key = bundle.front().channel;
  const auto steady_now = SendWindow::Clock::now();
  const Timestamp until = clock_.now() + std::chrono::ceil<std::chrono::seconds>(pause);
  if (window_.pause(url_key, steady_now, steady_now + pause))  // once a pause, not once a row
    std::osyncstream(log_) << "webhooks: the " << to.format << " robot at " << host_of(url_key)
                           << " refused a message as too many (" << outcome.error
                           << "); paused for "
                           << std::chrono::ceil<std::chrono::seconds>(pause).count() << " s, until "
                           << format_local(until) << ": nothing else goes to it meanwhile"
                           << std::endl;
  std::vector<const Notification*> rows;
  for (const Notification& n : bundle) rows.push_back(&n);
  const Status saved =
      engine_.defer_deliveries(rows, until, std::string(kThrottled) + outcome.error, token);
  if (!saved.ok()) say("record-pause", "webhooks: cannot record the pause: " + saved.message());
}

std::chrono::milliseconds WebhookDispatcher::claim_hold() const {
  // Two posts' time (a robot asked again with a fresh signature) and a
  // second: long enough for this attempt to finish, short enough for
  // another instance to send the rows soon if this one dies with them.
  return 2 * policy_.timeout + std::chrono::seconds(1);
}

bool WebhookDispatcher::claim(std::vector<std::pair<Contact, Bundle>>& ready,
                              SendWindow::Clock::time_point now) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [to, bundle] : ready)
    for (const auto& n : bundle) rows.emplace_back(n.key, n.recipient);
  claim_token_ = engine_.lease()->owner + "/" + std::to_string(++claims_);
  const auto hold = claim_hold();
  auto claimed = engine_.claim_deliveries(rows, claim_token_, hold);
  if (!claimed.ok()) {
    // Refused: the lease is no longer held at this epoch. Nothing more is
    // claimed until it is held again; said once, not once per row.
    claim_failed_ = true;
    say(claimed.status().code() == ErrorCode::kRefused ? "claim-refused" : "claim",
        "webhooks: cannot claim a delivery: " + claimed.status().message());
    ready.clear();
    return false;
  }
  const std::set<std::pair<std::string, std::string>> mine(claimed->begin(), claimed->end());
  const bool all = mine.size() == rows.size();
  for (const auto& row : rows)
    if (!mine.count(row)) held_elsewhere_[row] = now + hold;
  for (auto& [to, bundle] : ready)
    std::erase_if(bundle, [&](const Notification& n) { return !mine.count({n.key, n.recipient}); });
  std::erase_if(ready, [](const auto& r) { return r.second.empty(); });
  return all;
}

void WebhookDispatcher::send(Contact to, Bundle bundle, std::vector<WebhookMessage> messages,
                             SendWindow::Clock::time_point taken_at) {
  const std::string token = claim_token_;
  for (const auto& n : bundle) in_flight_.insert({n.key, n.recipient});
  ++messages_in_flight_;
  asio::co_spawn(
      io_,
      [this, to = std::move(to), bundle = std::move(bundle), messages = std::move(messages), token,
       taken_at]() mutable -> asio::awaitable<void> {
        // The last part's outcome: a part refused stops the rest (all go again on retry).
        SendOutcome outcome;
        for (const WebhookMessage& message : messages) {
          outcome = co_await send_to(to, message, tls_, policy_.timeout);
          const auto answered = SendWindow::Clock::now();
          window_.restamp(bundle.front().channel, taken_at, answered);
          if (to.format == "feishu")
            window_.restamp(second_key(bundle.front().channel), taken_at, answered);
          if (!outcome.accepted) break;
        }
        if (outcome.throttled) {  // no attempt: the robot pauses, the rows wait for its end
          pause_for(to, bundle, outcome, token);
          for (const Notification& n : bundle) in_flight_.erase({n.key, n.recipient});
          --messages_in_flight_;
          if (!stopped_) kick();
          co_return;
        }
        Finished done{std::move(bundle),
                      {},
                      outcome.accepted ? Status::Ok() : Status::Internal(outcome.error),
                      outcome.permanent,
                      token};
        for (const Notification& n : done.bundle) {  // each row keeps its own attempts and state
          const int attempt = n.attempts + 1;
          std::optional<Timestamp> retry_at;
          if (!done.result.ok() && !outcome.permanent && attempt < policy_.max_attempts)
            retry_at = clock_.now() + std::chrono::ceil<std::chrono::seconds>(backoff(attempt));
          const std::string line =
              "webhook " + n.key + " → " + n.recipient + " attempt " + std::to_string(attempt) +
              (done.bundle.size() > 1
                   ? " (one message of " + std::to_string(done.bundle.size()) + ")"
                   : "") +
              ": " + (done.result.ok() ? "ok" : done.result.message()) +
              (outcome.permanent ? " (not retried)" : "");
          // A receiver that is down fails every row: said once a second, not per row.
          if (done.result.ok()) {
            std::osyncstream(log_) << line << std::endl;
          } else {
            say("failed:" + n.channel, line);
          }
          done.retry_at.push_back(retry_at);
        }
        finished_.push_back(std::move(done));
        record_soon();
      },
      asio::detached);
}

void WebhookDispatcher::record_soon() {
  if (record_posted_) return;
  record_posted_ = true;
  asio::post(io_, [this] {
    record_posted_ = false;
    record_finished();
  });
}

void WebhookDispatcher::record_finished() {
  std::vector<Finished> done;
  done.swap(finished_);
  // Outcomes alike (one claim, one result) are recorded in one transaction.
  // Recorded under the claim, not the lease: the claim says no one else
  // sends these rows. What cannot be recorded stays pending and goes again
  // once its claim lapses, under the same Idempotency-Key; it is counted
  // once, when recorded.
  std::map<std::tuple<std::string, bool, std::string, bool>, std::vector<const Finished*>> alike;
  for (const Finished& f : done)
    alike[{f.token, f.result.ok(), f.result.ok() ? "" : f.result.message(), f.permanent}].push_back(
        &f);
  for (const auto& [key, group] : alike) {
    std::vector<Engine::Attempt> attempts;
    for (const Finished* f : group)
      for (std::size_t i = 0; i < f->bundle.size(); ++i)
        attempts.push_back({&f->bundle[i], f->retry_at[i]});
    const Finished& first = *group.front();
    const Status saved =
        engine_.record_attempts(attempts, first.result, first.permanent, first.token);
    if (!saved.ok()) say("record", "webhooks: cannot record the attempt: " + saved.message());
    if (on_attempt_ && saved.ok())
      for (std::size_t i = 0; i < group.size(); ++i) on_attempt_(first.result.ok());
  }
  for (const Finished& f : done) {
    for (const Notification& n : f.bundle) in_flight_.erase({n.key, n.recipient});
    --messages_in_flight_;
  }
  // Looked at again (which reads every pending row) once half the room is
  // free, not after every message: a burst goes out at the receivers' pace.
  if (!stopped_ && messages_in_flight_ <= kMostInFlight / 2) kick();  // re-arms the one timer
}

}  // namespace luodi::server

// Webhook delivery on the server's loop (http, or https verified against the
// trust it is given): at least once, with an
// Idempotency-Key equal to the notification key (a bundle's: a hash of its
// rows' keys; a split message's parts: that key and "/1", "/2", …),
// exponential back-off with jitter, attempts and the last error kept per
// notification, given up after a limit (then listed by `luodi outbox
// --failed`). A robot gets at most its rate in any window (each part of a
// split message counts), and after refusing a message as too many nothing
// for its throttle pause: that refusal is no attempt, its rows wait for the
// pause's end. Never blocks the loop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <ostream>
#include <random>
#include <set>
#include <vector>

#include "luodi/engine.h"
#include "server/log_limiter.h"
#include "server/robot_sender.h"
#include "server/send_window.h"

namespace luodi::server {

struct RetryPolicy {
  std::chrono::milliseconds first{1000};         // Default: 1 s, then doubling …
  std::chrono::milliseconds longest{600000};     // … up to 10 minutes between attempts
  int max_attempts = 20;                         // about two hours of trying
  std::chrono::milliseconds timeout{10000};      // per attempt (serve --webhook-timeout-ms)
  std::chrono::milliseconds rate_window{61000};  // a robot's rate counts messages in this window
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(boost::asio::io_context& io, Engine& engine, const Clock& clock,
                    RetryPolicy policy, boost::asio::ssl::context& tls, std::string public_url,
                    std::ostream& log, std::function<void(bool)> on_attempt);
  // Sends what is due now and arms itself for the next retry.
  void kick();
  void stop();
  // Delivers only while `holds()` (the lease, unexpired); errors go to
  // `log` once per cause.
  void work_while(std::function<bool()> holds, LogLimiter& log);
  // Told after each round (a look at the outbox, what was due claimed and sent).
  void on_round(std::function<void()> done) { on_round_ = std::move(done); }
  // No delivery is in flight (after stop(): the dispatcher may be destroyed).
  bool idle() const { return in_flight_.empty(); }

 private:
  // Notifications that go as one message (a robot's list of projects).
  using Bundle = std::vector<Notification>;
  // A message sent, waiting to be recorded.
  struct Finished {
    Bundle bundle;
    std::vector<std::optional<Timestamp>> retry_at;  // per row
    Status result;
    bool permanent = false;
    std::string token;  // the claim it went under
  };
  // Claims the rows of the messages `ready` for this delivery (one
  // transaction, under claim_token_), leaving in each those claimed and
  // dropping messages left empty; false when some row was not claimed
  // (another delivery holds it, or the lease is lost).
  bool claim(std::vector<std::pair<Contact, Bundle>>& ready, SendWindow::Clock::time_point now);
  std::chrono::milliseconds claim_hold() const;
  // Records what finished, soon: every outcome finished by then at once.
  void record_soon();
  void record_finished();
  // Says `line` once a second at most for `cause` (or always, without a limiter).
  void say(const std::string& cause, const std::string& line);
  // Sends a claimed bundle (its messages: the parts of a split one, in
  // order); its outcome is recorded under its claim. `taken_at`: when their
  // turns were taken (each counted again from its answer).
  void send(Contact to, Bundle bundle, std::vector<WebhookMessage> messages,
            SendWindow::Clock::time_point taken_at);
  // A robot refused a message as too many: its URL pauses, the bundle's rows
  // wait for the pause's end, their attempts not counted.
  void pause_for(const Contact& to, const Bundle& bundle, const SendOutcome& outcome,
                 const std::string& token);
  // The directory entry a notification goes to (its secret, mentions, rate),
  // in the format the notification was made for.
  static Contact recipient_of(const Notification& n, const std::vector<Contact>& directory);
  // What a bundle says: a robot's markdown with each project as it stands
  // now, or the one notification as JSON.
  WebhookMessage message_of(const Bundle& bundle);
  // … as the robot takes it: split to its content limit, each part its own message.
  std::vector<WebhookMessage> messages_of(const Contact& to, const Bundle& bundle);
  std::chrono::milliseconds backoff(int attempts);

  SendWindow window_;           // each robot's turns at its rate
  bool window_seeded_ = false;  // with what the outbox says went out within the last window
  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  Engine& engine_;
  const Clock& clock_;
  RetryPolicy policy_;
  boost::asio::ssl::context& tls_;  // whom https receivers are trusted by
  std::string public_url_;          // the dashboard's address, for links (serve --public-url)
  std::ostream& log_;
  std::function<void(bool)> on_attempt_;
  std::set<std::pair<std::string, std::string>> in_flight_;
  std::string claim_token_;  // the last claim's
  long claims_ = 0;
  std::mt19937 rng_{std::random_device{}()};
  bool stopped_ = false;
  bool record_posted_ = false;
  std::vector<Finished> finished_;
  std::size_t messages_in_flight_ = 0;
  // Rows another delivery had claimed, and when that claim lapses.
  std::map<std::pair<std::string, std::string>, SendWindow::Clock::time_point> held_elsewhere_;
  bool claim_failed_ = false;  // this kick's claim failed (the lease lost, or the database)
  std::function<bool()> holds_;
  std::function<void()> on_round_;
  LogLimiter* limited_ = nullptr;
};

}  // namespace luodi::server

#include "server/scheduler.h"

#include <syncstream>

namespace luodi::server {

namespace {
constexpr auto kLongestSleep = std::chrono::seconds(60);
constexpr auto kTickSlice = std::chrono::milliseconds(200);
}  // namespace

Scheduler::Scheduler(boost::asio::io_context& io, Engine& engine, Delivery& delivery,
                     const Clock& clock, std::chrono::minutes send_at, std::ostream& log,
                     std::function<void()> after_tick)
    : timer_(io),
      engine_(engine),
      delivery_(delivery),
      clock_(clock),
      send_at_(send_at),
      log_(log),
      after_tick_(std::move(after_tick)) {}

void Scheduler::start() { run(); }

void Scheduler::poke() {
  if (!stopped_) arm(std::chrono::steady_clock::duration::zero());
}

void Scheduler::stop() {
  stopped_ = true;
  timer_.cancel();
}

void Scheduler::work_while(std::function<bool()> holds, LogLimiter& log) {
  holds_ = std::move(holds);
  limited_ = &log;
}

void Scheduler::say(const std::string& cause, const std::string& line) {
  say_limited(limited_, log_, "scheduler:" + engine_.city() + ":" + cause, line);
}

void Scheduler::arm(std::chrono::steady_clock::duration in) {
  timer_.expires_after(in);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopped_) run();
  });
}

void Scheduler::run() {
  // Scheduled work is the lease holder's (the lease keeper pokes once this
  // instance takes it).
  if (!engine_.lease() || (holds_ && !holds_())) return;
  // A holiday table loaded through another instance or the CLI since the last round.
  if (Status s = engine_.refresh_rules(); !s.ok())
    say("rules", "scheduler: reading the city's rules failed: " + s.message());
  const Timestamp now = clock_.now();
  const auto since_midnight = (now + kShanghaiOffset).time_since_epoch() % std::chrono::days(1);
  std::chrono::steady_clock::duration sleep = kLongestSleep;
  if (since_midnight < send_at_ && kept_day_ != engine_.today()) {
    // Before the send time, today's standings are kept once (nothing is
    // sent), so that questions asked before then read them.
    auto kept = engine_.keep_standings({1000, kTickSlice}, keep_after_);
    if (!kept.ok()) {
      say("keep", "scheduler: keeping today's standings failed: " + kept.status().message());
    } else if (kept->next) {
      keep_after_ = kept->next;
      arm(std::chrono::steady_clock::duration::zero());
      return;
    } else {
      kept_day_ = engine_.today();
      keep_after_.reset();
    }
  }
  if (since_midnight >= send_at_) {
    // A long tick goes in slices, so that writes waiting on this thread get
    // their turn in between.
    auto report = engine_.tick(&delivery_, false, {1000, kTickSlice});
    if (!report.ok()) {
      say("tick", "scheduler: tick failed: " + report.status().message());
    } else {
      if (report->emitted_count > 0 || report->light_changes > 0)
        std::osyncstream(log_) << "scheduler: " << report->emitted_count << " notifications, "
                               << report->light_changes << " light changes, "
                               << report->projects_checked << " projects checked" << std::endl;
      for (const auto& w : report->warnings)
        std::osyncstream(log_) << "scheduler: warning: " << w << std::endl;
      // Webhook rows go out once the whole tick is done (each kick reads
      // the pending rows), not after every slice.
      emitted_ |= report->emitted_count > 0;
      if (report->more) {
        arm(std::chrono::steady_clock::duration::zero());
        return;
      }
      if (emitted_ && after_tick_) after_tick_();
      emitted_ = false;
    }
  }
  // The earliest next check: at its send time, or within a minute anyway.
  if (auto next = engine_.next_check(); next.ok() && *next) {
    const Timestamp due = Timestamp{std::chrono::sys_days{std::chrono::days{(*next)->days()}}} -
                          kShanghaiOffset + send_at_;
    if (due > now) sleep = std::min<std::chrono::steady_clock::duration>(sleep, due - now);
  }
  arm(sleep);
  if (on_round_) on_round_();
}

}  // namespace luodi::server

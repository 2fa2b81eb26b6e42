// Who is told what: the directory of contacts, the reminders the rules call
// for, and the outbox that makes each notification happen exactly once.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/deadline.h"
#include "luodi/status.h"
#include "luodi/user.h"

namespace luodi {

// An entry of the directory. A unit's contact is found by `unit`, a leader by
// `name` (the project's leader field), supervisors all get supervisor alerts.
struct Contact {
  std::string name;
  Role role = Role::kUnit;
  std::string unit;     // for role unit
  std::string channel;  // "stdout", "file:PATH", "webhook:http[s]://HOST[:PORT]/PATH"; empty: none
  std::string format = "json";  // webhook bodies: json | dingtalk | wecom | feishu
  std::string secret = {};      // a robot's signing secret (DingTalk, Feishu): stored, never shown
  std::vector<std::string> mentions = {};  // mobiles a robot's message @-mentions (DingTalk, WeCom)
  int rate_per_min = 0;       // messages a window its robot takes; 0: the default for its format
  int rate_window_ms = 0;     // that window; 0: the server's (61 s, serve --rate-window-ms)
  int throttle_pause_ms = 0;  // silence after a "too many" refusal; 0: its robot's documented time
};

// A notification the rules call for on a project.
struct Reminder {
  std::string rule;  // before-7, due, overdue-6, escalate-supervisor, escalate-leader, stale
  Role role = Role::kUnit;
  Date fire;             // the day it should go out
  Date due;              // the deadline it is about (for stale: the last activity)
  std::string assignee;  // an instruction's assignee: the recipient by name
};

// The reminders about one deadline for one recipient, in firing order: a
// deadline's countdown, due day and overdue repeats at its unit; one
// escalation; an instruction's series at its assignee; staleness. A catch-up
// after missed days collapses the backlog of one series, never another's.
struct ReminderSeries {
  std::string id;  // deadline | escalate-supervisor | escalate-leader | instruction-N | stale
  std::vector<Reminder> fixed;  // in firing order
  // Then, when set, "overdue-K" every `every` days after the due date, for ever.
  std::optional<int> every;
  Reminder overdue;  // the template of those repeats (its rule is the prefix, e.g. "overdue-")

  // The day the reminder named `rule` fires, if it belongs to this series.
  std::optional<Date> fire_of(const std::string& rule) const;
  // The reminders firing in (after, today], in order: the count, and the
  // first and last of them (the repeats are not listed one by one).
  struct Backlog {
    int count = 0;
    std::optional<Reminder> first, last;
  };
  Backlog backlog(std::optional<Date> after, Date today) const;
  // The first day after `today` on which a reminder fires.
  std::optional<Date> next_after(Date today) const;
};

// The series the rules call for on `p` with binding deadline `d` and
// instruction deadlines `instructions` (unmet ones, from the standing). A
// paused deadline calls for none (its clock stands still); staleness still counts.
std::vector<ReminderSeries> reminder_series(const Workflow& wf, const WorkCalendar& cal,
                                            const ProjectState& p, const std::optional<Deadline>& d,
                                            const std::vector<Deadline>& instructions);
// (project, stage, due date, rule): the identity that makes a reminder happen once.
std::string reminder_key(const Workflow& wf, const ProjectState& p, const Reminder& r);

// One row of the outbox: a reminder for one recipient.
struct Notification {
  std::string key;
  std::string project;
  std::string recipient;
  Role role = Role::kUnit;
  std::string rule;
  Date due;
  std::string message;
  bool catch_up = false;
  std::string channel;  // empty: no directory entry
  std::string format = "json";
  std::string state;  // pending | sent | failed | no_channel | skipped | obsolete
  int attempts = 0;
  std::string last_error;
  bool permanent = false;  // failed for a reason retrying cannot mend (the receiver said so)
  Timestamp created_at{};
  std::optional<Timestamp> next_attempt_at;  // pending webhooks: not before then
};

// The body a plain webhook (format json) receives: the notification as JSON.
// Group robots get markdown (notify/robots.h).
std::string webhook_body(const Notification& n);

struct WebhookUrl {
  bool tls = false;  // https: the receiver's certificate and name are verified
  std::string host;
  std::string port = "80";
  std::string target = "/";  // the path and query
};
// http[s]://HOST[:PORT][/PATH][?QUERY] (HOST a name, an IPv4 address or
// [an IPv6 address]); none for anything else.
std::optional<WebhookUrl> parse_webhook_url(const std::string& url);

// Where notifications leave the engine: stdout and files for the CLI,
// webhooks for the server. Called after the outbox row is committed.
class Delivery {
 public:
  virtual ~Delivery() = default;
  // Whether this delivery carries `channel`; rows it does not carry stay pending.
  virtual bool handles(const std::string& channel) const = 0;
  // Ok when delivered; the error is kept as the row's last error otherwise.
  virtual Status deliver(const Notification& n) = 0;
};

// Where a tick hands each notification it made, once, in its state after
// delivery; an error stops the tick.
using NotificationSink = std::function<Status(const Notification&)>;

struct TickReport {
  std::size_t emitted_count = 0;      // the notifications this tick produced
  std::vector<std::string> warnings;  // e.g. recipients without a directory entry
  int projects_checked = 0;
  int light_changes = 0;
  bool more = false;  // the time budget ran out: projects are still due (call tick again)
};

// How a tick goes about its work: chunks of projects, each its own
// transaction, and an optional time budget after which it stops between
// chunks (the server's writer thread then serves writes before going on).
// Alone (the CLI), the largest chunk is quickest: fewer commits, each page of
// an index written once per chunk; the server asks for smaller ones.
struct TickLimits {
  std::size_t chunk = 10000;  // projects per transaction (1 to 10,000)
  std::optional<std::chrono::steady_clock::duration> budget;
};

}  // namespace luodi

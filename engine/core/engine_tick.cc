// The tick: what is due up to now, worked out once per project and day, and
// the digests whose time has come.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common/yaml_reader.h"
#include "core/engine_internals.h"
#include "luodi/digest.h"
#include "luodi/engine.h"
#include "notify/messages.h"
#include "notify/robots.h"
#include "store/store.h"

namespace luodi {

namespace {

// A recipient with no directory entry: no channel.
Contact unlisted(std::string name, Role role) {
  Contact c;
  c.name = std::move(name);
  c.role = role;
  return c;
}

// The recipients of a reminder for `p`: the matching directory entries, or
// the unit's / leader's name (or "supervisors") with no channel, so nothing
// is lost silently.
std::vector<Contact> recipients(const std::vector<Contact>& directory, const ProjectState& p,
                                Role role, const std::string& assignee) {
  std::vector<Contact> out;
  if (!assignee.empty()) {  // an instruction's assignee, by name
    for (const auto& c : directory)
      if (c.name == assignee) out.push_back(c);
    if (out.empty()) out.push_back(unlisted(assignee, role));
    return out;
  }
  for (const auto& c : directory) {
    if (c.role != role) continue;
    if (role == Role::kUnit && c.unit != p.attributes.unit) continue;
    if (role == Role::kLeader && c.name != p.attributes.leader) continue;
    out.push_back(c);
  }
  if (out.empty()) {
    std::string name = role == Role::kUnit     ? p.attributes.unit
                       : role == Role::kLeader ? p.attributes.leader
                                               : std::string("supervisors");
    out.push_back(
        unlisted(name.empty() ? "(no " + std::string(to_string(role)) + ")" : name, role));
  }
  return out;
}

// A chunk's projects are read with one query each for their events and
// outbox keys, a parameter per project: well under SQLite's limit.
constexpr std::size_t kLargestChunk = 10000;

}  // namespace

// The standing kept on an earlier day (one kept earlier today is walked
// again whole, and so is one kept under rules no longer in force: the walk
// is the new rules' own).
std::optional<WalkCheckpoint> Engine::Internals::checkpoint_of(const Engine& e,
                                                               const Schedule& kept, Date day) {
  if (!kept.checked_on || *kept.checked_on >= day) return std::nullopt;
  if (&e.rules_.on(*kept.checked_on) != &e.rules_.on(day)) return std::nullopt;
  return WalkCheckpoint{*kept.checked_on, kept.light, kept.light_since, kept.yellow_since};
}

Status Engine::Internals::check_project(Engine& e, const DueProject& due,
                                        const std::vector<Contact>& directory, TickReport& report,
                                        std::vector<Notification>& created) {
  const Date day = e.today();
  const std::string& code = due.code;
  const Schedule& before = due.kept;
  ++report.projects_checked;
  const std::vector<Event>& events = due.events;
  std::vector<LightChange> lights;
  // The walk over the days resumes where the kept standing left it.
  const std::optional<WalkCheckpoint> from = checkpoint_of(e, before, day);
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, standing_of(e.rules_on(day), events, day, &lights,
                                                       from ? &*from : nullptr));
  // Changes since the last look (one kept earlier today sent nothing: today's count).
  std::optional<Date> seen = before.checked_on;
  if (seen && *seen >= day) seen = day - 1;
  for (size_t i = 0; i < lights.size(); ++i) {
    if (i == 0 && !before.checked_on)
      continue;  // a whole walk's first entry: the project's first day
    report.light_changes += !seen || lights[i].on > *seen;
  }
  const ProjectState& p = t.project;
  const Standing& st = t.standing;

  const auto series = reminder_series(e.workflow(), e.calendar(), p, st.deadline, st.deadlines);
  const std::vector<std::string>& known = due.notification_keys;
  for (const auto& s : series) {
    // Nothing at or before the series' last row in the outbox (whatever its
    // state) goes out again; what fired since is its backlog.
    const Date due = s.fixed.empty() ? s.overdue.due : s.fixed.front().due;
    const std::string prefix =
        reminder_key(e.workflow(), p, Reminder{"", Role::kUnit, due, due, ""});
    std::optional<Date> high;
    for (const auto& key : known) {
      if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) continue;
      if (auto fire = s.fire_of(key.substr(prefix.size())); fire && (!high || *fire > *high))
        high = fire;
    }
    const auto backlog = s.backlog(high, day);
    if (backlog.count == 0) continue;
    const Reminder& r = *backlog.last;  // the latest is the most pressing
    // Missed days (downtime, or a due date moved into the past) collapse
    // into one catch-up: one row records what it stands for.
    const bool catch_up = r.fire < day;
    if (backlog.count > 1) {
      const Reminder& first = *backlog.first;
      Notification skipped;
      skipped.key = reminder_key(e.workflow(), p, first) + "…" + r.rule;
      skipped.project = code;
      skipped.role = r.role;
      skipped.rule = first.rule + "…";
      skipped.due = r.due;
      skipped.message = "superseded by a catch-up: " + std::to_string(backlog.count - 1) +
                        " reminder(s) of series " + s.id + " from " + first.rule + " (" +
                        first.fire.str() + ") on, before " + r.rule;
      skipped.state = "skipped";
      skipped.created_at = e.clock_.now();
      LUODI_RETURN_IF_ERROR(e.store_->outbox().add_notification(skipped).status());
    }
    for (const auto& to : recipients(directory, p, r.role, r.assignee)) {
      Notification n;
      n.key = reminder_key(e.workflow(), p, r);
      n.project = code;
      n.recipient = to.name;
      n.role = r.role;
      n.rule = r.rule;
      n.due = r.due;
      n.message = reminder_message(e.workflow(), p, r, st.deadline, catch_up, day);
      n.catch_up = catch_up;
      n.channel = to.channel;
      n.format = to.format;
      n.state = to.channel.empty() ? "no_channel" : "pending";
      n.created_at = e.clock_.now();
      LUODI_ASSIGN_OR_RETURN(bool added, e.store_->outbox().add_notification(n));
      if (added) created.push_back(std::move(n));
    }
  }

  std::optional<Date> next;
  auto consider = [&](std::optional<Date> d) {
    if (d && *d > day && (!next || *d < *next)) next = d;
  };
  for (const auto& s : series) consider(s.next_after(day));
  consider(next_light_check(e.workflow(), p, st.deadline, day, st.yellow_since));
  for (const auto& c : e.campaigns()) consider(c.start);   // a campaign's start adds milestones
  for (const auto& v : e.rules_.all()) consider(v->from);  // a revision or a table takes effect
  if (st.paused) consider(day + 1);                        // a paused clock moves its due dates
  return keep_standing(e, code, t, next, &before);
}

Result<Engine::KeepReport> Engine::keep_standings(const TickLimits& limits,
                                                  std::optional<std::string> after) {
  KeepReport report;
  const Date day = today();
  const auto started = std::chrono::steady_clock::now();
  const std::size_t chunk = std::clamp<std::size_t>(limits.chunk, 1, kLargestChunk);
  for (bool full = true; full;) {
    LUODI_RETURN_IF_ERROR(scheduled([&]() -> Status {
      // A chunk read in a few queries (its rows, their events), as the tick's.
      LUODI_ASSIGN_OR_RETURN(auto due, store_->schedule().projects_to_keep(day, after, chunk));
      full = due.size() == chunk;
      for (const auto& p : due) {
        const Schedule& before = p.kept;
        const std::optional<WalkCheckpoint> from = Internals::checkpoint_of(*this, before, day);
        auto t = standing_of(rules_on(day), p.events, day, nullptr, from ? &*from : nullptr);
        if (!t.ok() && t.status().code() == ErrorCode::kNotFound)
          continue;  // recorded from a later day on
        if (!t.ok()) return t.status();
        LUODI_RETURN_IF_ERROR(Internals::keep_standing(*this, p.code, *t, before.next_check,
                                                       &before));  // still due for the tick
        ++report.kept;
      }
      if (!due.empty()) after = due.back().code;
      return Status::Ok();
    }));
    if (full && limits.budget && std::chrono::steady_clock::now() - started >= *limits.budget) {
      report.next = after;
      break;
    }
  }
  return report;
}

Result<TickReport> Engine::tick(Delivery* delivery, bool dry_run, const TickLimits& limits,
                                const NotificationSink& sink) {
  TickReport report;
  // The rows of one chunk (or of the digests), until they are handed out:
  // a tick holds one chunk's rows, never all it made.
  std::vector<Notification> created;
  std::map<std::pair<Role, std::string>, int> unreachable;
  const auto started = std::chrono::steady_clock::now();
  const std::size_t chunk = std::clamp<std::size_t>(limits.chunk, 1, kLargestChunk);
  LUODI_ASSIGN_OR_RETURN(auto directory, store_->directory().contacts());
  // One chunk of due projects, looked at; `full` when there may be more.
  auto one_chunk = [&](bool& full) -> Status {
    LUODI_ASSIGN_OR_RETURN(auto due, store_->schedule().due_projects(today(), chunk));
    full = due.size() == chunk;
    for (const auto& p : due)
      LUODI_RETURN_IF_ERROR(Internals::check_project(*this, p, directory, report, created));
    return Status::Ok();
  };
  // The rows just made (committed, unless a dry run): delivered after the
  // commit (a crash between the two leaves them pending, and the next tick
  // delivers them: at least once, never lost), in the outbox's order, then
  // handed to the sink in creation order, and dropped.
  auto hand_out = [&]() -> Status {
    if (delivery && !dry_run) {
      std::vector<Notification*> order;
      for (auto& n : created)
        if (n.state == "pending" && delivery->handles(n.channel)) order.push_back(&n);
      std::sort(order.begin(), order.end(), [](const Notification* a, const Notification* b) {
        return std::tie(a->created_at, a->project, a->key, a->recipient) <
               std::tie(b->created_at, b->project, b->key, b->recipient);
      });
      for (Notification* n : order) {
        Status s = delivery->deliver(*n);
        LUODI_RETURN_IF_ERROR(record_attempt(*n, s, std::nullopt));
        ++n->attempts;
        n->state = s.ok() ? "sent" : "failed";
        n->last_error = s.ok() ? "" : s.message();
      }
    }
    report.emitted_count += created.size();
    for (const auto& n : created) {
      if (n.state == "no_channel") ++unreachable[{n.role, n.recipient}];
      if (sink) LUODI_RETURN_IF_ERROR(sink(n));
    }
    created.clear();
    return Status::Ok();
  };
  Status s = Status::Ok();
  if (dry_run) {  // everything in one transaction, rolled back
    s = batch(
        [&]() -> Status {
          for (bool full = true; full;) {
            LUODI_RETURN_IF_ERROR(one_chunk(full));
            LUODI_RETURN_IF_ERROR(hand_out());
          }
          LUODI_RETURN_IF_ERROR(emit_digests(directory, created));
          return hand_out();
        },
        false);
  } else {
    for (bool full = true; full && s.ok();) {
      s = scheduled([&] { return one_chunk(full); });
      if (s.ok()) s = hand_out();
      if (full && limits.budget && std::chrono::steady_clock::now() - started >= *limits.budget) {
        report.more = true;
        break;
      }
    }
    if (s.ok() && !report.more) s = scheduled([&] { return emit_digests(directory, created); });
    if (s.ok() && !report.more) s = hand_out();
    if (s.ok() && !report.more) s = scheduled([&] { return store_->standing().compact_gauges(); });
  }
  if (!s.ok()) return s;
  for (const auto& [who, count] : unreachable)
    report.warnings.push_back(std::string(to_string(who.first)) + " '" + who.second +
                              "' has no directory entry: " + std::to_string(count) +
                              " notification(s) wait in the outbox (luodi contact add)");
  // Rows left pending by earlier ticks (a crash, a channel this delivery
  // did not carry then) go once the tick is done, a page at a time.
  if (delivery && !dry_run && !report.more)
    LUODI_RETURN_IF_ERROR(deliver_pending(*delivery).status());
  return report;
}

Status Engine::emit_digests(const std::vector<Contact>& directory,
                            std::vector<Notification>& created) {
  if (workflow().digests.schedule.empty() || directory.empty()) return Status::Ok();
  const Timestamp now = clock_.now();
  const Date day = today();
  const auto minutes =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(
                           (now + kShanghaiOffset).time_since_epoch() % std::chrono::days(1))
                           .count());
  // The digests due now, each once a period.
  struct Due {
    const DigestRule* rule;
    DigestPeriod period;
    std::string key;
  };
  std::vector<Due> due;
  LUODI_ASSIGN_OR_RETURN(auto done, store_->outbox().notification_keys(""));
  for (const auto& rule : workflow().digests.schedule) {
    const auto period = digest_period(rule, calendar(), day);
    if (!period || !digest_due(rule, *period, day, minutes)) continue;
    std::string key = digest_key(rule, *period);
    if (std::find(done.begin(), done.end(), key) != done.end()) continue;  // this period went out
    due.push_back({&rule, *period, std::move(key)});
  }
  if (due.empty()) return Status::Ok();
  // Each reader's digest is written as the city's projects go by, once for
  // every digest due: the projects are not held.
  const std::string more_link =
      public_url_.empty() ? std::string() : public_url_ + "/#/report?as_of=" + day.str();
  std::vector<DigestWriter> writers;
  writers.reserve(directory.size());
  for (const auto& reader : directory) writers.emplace_back(workflow(), reader, day, more_link);
  LUODI_RETURN_IF_ERROR(each_tracked({}, std::nullopt, {}, [&](TrackedProject&& t) {
                          for (auto& w : writers) w.add(t);
                          return Status::Ok();
                        }).status());
  std::optional<CampaignReport> campaign;
  for (const auto& c : campaigns())
    if (c.running(day)) {
      LUODI_ASSIGN_OR_RETURN(campaign, this->campaign(c.id));
      break;
    }
  for (const auto& [rule, period, key] : due) {
    for (std::size_t r = 0; r < directory.size(); ++r) {
      const Contact& reader = directory[r];
      Notification n;
      n.key = key;
      n.recipient = reader.name;
      n.role = reader.role;
      n.rule = rule->id;
      n.due = period.send_on;
      n.catch_up = period.send_on < day;
      n.channel = reader.channel;
      n.format = reader.format;
      n.state = reader.channel.empty() ? "no_channel" : "pending";
      n.created_at = now;
      n.message = writers[r].text(*rule, period, campaign) +
                  rule_change_notices(rules_.changes(), *rule, period, calendar(), day);
      if (reader.channel.rfind("file:", 0) == 0) {
        n.message +=
            "报告（HTML）：" + digest_attachment_path(reader.channel.substr(5), key) + "\n";
      } else if (!workflow().digests.report_link.empty()) {
        n.message += "报告：" + workflow().digests.report_link + "\n";
      } else if (!public_url_.empty()) {
        n.message += "报告：" + public_url_ + "/#/report?as_of=" + day.str() + "\n";
      } else {
        n.message += "报告：luodi report --as-of " + day.str() + " --format html\n";
      }
      LUODI_ASSIGN_OR_RETURN(bool added, store_->outbox().add_notification(n));
      if (added) created.push_back(std::move(n));
    }
  }
  return Status::Ok();
}

Result<std::optional<Date>> Engine::next_check() { return store_->schedule().earliest_check(); }

}  // namespace luodi

// The tick: what is due up to now, worked out once per project and day, and
// the directory and outbox that carry it.
#include <algorithm>
#include <map>
#include <set>

#include "common/yaml_reader.h"
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

// Where the walk over the days may resume for `day`: the standing kept on
// an earlier day (one kept earlier today is walked again whole, and so is
// one kept under rules no longer in force: the walk is the new rules' own).
std::optional<WalkCheckpoint> checkpoint_of(const Schedule& kept, Date day,
                                            const RuleVersions& rules) {
  if (!kept.checked_on || *kept.checked_on >= day) return std::nullopt;
  if (&rules.on(*kept.checked_on) != &rules.on(day)) return std::nullopt;
  return WalkCheckpoint{*kept.checked_on, kept.light, kept.light_since, kept.yellow_since};
}

}  // namespace

Status Engine::check_project(const DueProject& due, const std::vector<Contact>& directory,
                             TickReport& report, std::vector<Notification>& created) {
  const Date day = today();
  const std::string& code = due.code;
  const Schedule& before = due.kept;
  ++report.projects_checked;
  const std::vector<Event>& events = due.events;
  std::vector<LightChange> lights;
  // The walk over the days resumes where the kept standing left it.
  const std::optional<WalkCheckpoint> from = checkpoint_of(before, day, rules_);
  LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                         standing_of(rules_on(day), events, day, &lights, from ? &*from : nullptr));
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

  const auto series = reminder_series(workflow(), calendar(), p, st.deadline, st.deadlines);
  const std::vector<std::string>& known = due.notification_keys;
  for (const auto& s : series) {
    // Nothing at or before the series' last row in the outbox (whatever its
    // state) goes out again; what fired since is its backlog.
    const Date due = s.fixed.empty() ? s.overdue.due : s.fixed.front().due;
    const std::string prefix = reminder_key(workflow(), p, Reminder{"", Role::kUnit, due, due, ""});
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
      skipped.key = reminder_key(workflow(), p, first) + "…" + r.rule;
      skipped.project = code;
      skipped.role = r.role;
      skipped.rule = first.rule + "…";
      skipped.due = r.due;
      skipped.message = "superseded by a catch-up: " + std::to_string(backlog.count - 1) +
                        " reminder(s) of series " + s.id + " from " + first.rule + " (" +
                        first.fire.str() + ") on, before " + r.rule;
      skipped.state = "skipped";
      skipped.created_at = clock_.now();
      LUODI_RETURN_IF_ERROR(store_->outbox().add_notification(skipped).status());
    }
    for (const auto& to : recipients(directory, p, r.role, r.assignee)) {
      Notification n;
      n.key = reminder_key(workflow(), p, r);
      n.project = code;
      n.recipient = to.name;
      n.role = r.role;
      n.rule = r.rule;
      n.due = r.due;
      n.message = reminder_message(workflow(), p, r, st.deadline, catch_up, day);
      n.catch_up = catch_up;
      n.channel = to.channel;
      n.format = to.format;
      n.state = to.channel.empty() ? "no_channel" : "pending";
      n.created_at = clock_.now();
      LUODI_ASSIGN_OR_RETURN(bool added, store_->outbox().add_notification(n));
      if (added) created.push_back(std::move(n));
    }
  }

  std::optional<Date> next;
  auto consider = [&](std::optional<Date> d) {
    if (d && *d > day && (!next || *d < *next)) next = d;
  };
  for (const auto& s : series) consider(s.next_after(day));
  consider(next_light_check(workflow(), p, st.deadline, day, st.yellow_since));
  for (const auto& c : campaigns()) consider(c.start);   // a campaign's start adds milestones
  for (const auto& v : rules_.all()) consider(v->from);  // a revision or a table takes effect
  if (st.paused) consider(day + 1);                      // a paused clock moves its due dates
  return keep_standing(code, t, next, &before);
}

Result<Engine::KeepReport> Engine::keep_standings(const TickLimits& limits,
                                                  std::optional<std::string> after) {
  KeepReport report;
  const Date day = today();
  const auto started = std::chrono::steady_clock::now();
  const std::size_t chunk = std::clamp<std::size_t>(limits.chunk, 1, kLargestChunk);
  for (bool full = true; full;) {
    LUODI_RETURN_IF_ERROR(scheduled([&]() -> Status {
      LUODI_ASSIGN_OR_RETURN(auto codes, store_->schedule().projects_to_keep(day, after, chunk));
      full = codes.size() == chunk;
      for (const auto& code : codes) {
        LUODI_ASSIGN_OR_RETURN(Schedule before, store_->schedule().load_schedule(code));
        LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
        const std::optional<WalkCheckpoint> from = checkpoint_of(before, day, rules_);
        auto t = standing_of(rules_on(day), events, day, nullptr, from ? &*from : nullptr);
        if (!t.ok() && t.status().code() == ErrorCode::kNotFound)
          continue;  // recorded from a later day on
        if (!t.ok()) return t.status();
        LUODI_RETURN_IF_ERROR(
            keep_standing(code, *t, before.next_check, &before));  // still due for the tick
        ++report.kept;
      }
      if (!codes.empty()) after = codes.back();
      return Status::Ok();
    }));
    if (full && limits.budget && std::chrono::steady_clock::now() - started >= *limits.budget) {
      report.next = after;
      break;
    }
  }
  return report;
}

Result<TickReport> Engine::tick(Delivery* delivery, bool dry_run, const TickLimits& limits) {
  TickReport report;
  std::vector<Notification> created;
  const auto started = std::chrono::steady_clock::now();
  const std::size_t chunk = std::clamp<std::size_t>(limits.chunk, 1, kLargestChunk);
  LUODI_ASSIGN_OR_RETURN(auto directory, store_->directory().contacts());
  // One chunk of due projects, looked at; `full` when there may be more.
  auto one_chunk = [&](bool& full) -> Status {
    LUODI_ASSIGN_OR_RETURN(auto due, store_->schedule().due_projects(today(), chunk));
    full = due.size() == chunk;
    for (const auto& p : due) LUODI_RETURN_IF_ERROR(check_project(p, directory, report, created));
    return Status::Ok();
  };
  Status s = Status::Ok();
  if (dry_run) {  // everything in one transaction, rolled back
    s = batch(
        [&]() -> Status {
          for (bool full = true; full;) LUODI_RETURN_IF_ERROR(one_chunk(full));
          return emit_digests(directory, created);
        },
        false);
  } else {
    for (bool full = true; full && s.ok();) {
      s = scheduled([&] { return one_chunk(full); });
      if (full && limits.budget && std::chrono::steady_clock::now() - started >= *limits.budget) {
        report.more = true;
        break;
      }
    }
    if (s.ok() && !report.more) s = scheduled([&] { return emit_digests(directory, created); });
    if (s.ok() && !report.more) s = scheduled([&] { return store_->standing().compact_gauges(); });
  }
  if (!s.ok()) return s;
  std::map<std::pair<Role, std::string>, int> unreachable;
  for (const auto& n : created)
    if (n.state == "no_channel") ++unreachable[{n.role, n.recipient}];
  for (const auto& [who, count] : unreachable)
    report.warnings.push_back(std::string(to_string(who.first)) + " '" + who.second +
                              "' has no directory entry: " + std::to_string(count) +
                              " notification(s) wait in the outbox (luodi contact add)");
  // Delivered after the commit: a crash between the two leaves rows pending,
  // and the next tick delivers them (at least once, never lost). A tick cut
  // short by its budget delivers after its last slice, not the outbox read
  // again at every slice.
  if (delivery && !dry_run && !report.more) {
    LUODI_ASSIGN_OR_RETURN(auto delivered, deliver_pending(*delivery));
    std::map<std::pair<std::string, std::string>, Notification*> by_row;
    for (auto& d : delivered) by_row[{d.key, d.recipient}] = &d;
    for (auto& n : created)
      if (auto it = by_row.find({n.key, n.recipient}); it != by_row.end()) n = *it->second;
  }
  report.emitted = std::move(created);
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
  std::optional<std::vector<TrackedProject>> projects;  // worked out once, when a digest is due
  std::optional<CampaignReport> campaign;
  for (const auto& rule : workflow().digests.schedule) {
    const auto period = digest_period(rule, calendar(), day);
    if (!period || !digest_due(rule, *period, day, minutes)) continue;
    const std::string key = digest_key(rule, *period);
    LUODI_ASSIGN_OR_RETURN(auto done, store_->outbox().notification_keys(""));
    if (std::find(done.begin(), done.end(), key) != done.end()) continue;  // this period went out
    if (!projects) {
      LUODI_ASSIGN_OR_RETURN(projects, tracked({}));
      for (const auto& c : campaigns())
        if (c.running(day)) {
          LUODI_ASSIGN_OR_RETURN(campaign, this->campaign(c.id));
          break;
        }
    }
    for (const auto& reader : directory) {
      Notification n;
      n.key = key;
      n.recipient = reader.name;
      n.role = reader.role;
      n.rule = rule.id;
      n.due = period->send_on;
      n.catch_up = period->send_on < day;
      n.channel = reader.channel;
      n.format = reader.format;
      n.state = reader.channel.empty() ? "no_channel" : "pending";
      n.created_at = now;
      n.message = digest_message(workflow(), rule, *period, reader, *projects, campaign, day) +
                  rule_change_notices(rules_.changes(), rule, *period, calendar(), day);
      if (reader.channel.rfind("file:", 0) == 0) {
        n.message +=
            "报告（HTML）：" + digest_attachment_path(reader.channel.substr(5), key) + "\n";
      } else if (!workflow().digests.report_link.empty()) {
        n.message += "报告：" + workflow().digests.report_link + "\n";
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

Result<std::vector<Notification>> Engine::deliver_pending(Delivery& delivery) {
  LUODI_ASSIGN_OR_RETURN(auto pending, store_->outbox().rows(std::string("pending")));
  std::vector<Notification> out;
  const Timestamp now = clock_.now();
  for (auto& n : pending) {
    if (!delivery.handles(n.channel) || (n.next_attempt_at && *n.next_attempt_at > now)) continue;
    Status s = delivery.deliver(n);
    LUODI_RETURN_IF_ERROR(record_attempt(n, s, std::nullopt));
    ++n.attempts;
    n.state = s.ok() ? "sent" : "failed";
    n.last_error = s.ok() ? "" : s.message();
    out.push_back(std::move(n));
  }
  return out;
}

Status Engine::record_attempt(const Notification& n, const Status& result,
                              std::optional<Timestamp> retry_at, bool permanent) {
  return record_attempts({{&n, retry_at}}, result, permanent);
}

Status Engine::record_attempts(const std::vector<Attempt>& rows, const Status& result,
                               bool permanent, const std::string& claim_token) {
  const std::optional<Timestamp> sent_at =
      result.ok() ? std::optional<Timestamp>(clock_.now()) : std::nullopt;
  // A claimed delivery's outcome is fenced by its claim, not by the lease:
  // what went out is recorded even when the lease lapsed meanwhile, unless
  // another delivery has claimed the rows since (then it is theirs to say).
  const auto fenced = [&](const std::function<Status()>& body) {
    return claim_token.empty() ? scheduled(body) : transaction(body, true, false);
  };
  return fenced([&]() -> Status {
    for (const auto& [n, asked_retry] : rows) {
      const std::optional<Timestamp> retry_at =
          result.ok() || permanent ? std::nullopt : asked_retry;
      const std::string state = result.ok() ? "sent" : retry_at ? "pending" : "failed";
      LUODI_RETURN_IF_ERROR(store_->outbox().set_notification_state(
          n->key, n->recipient, state, n->attempts + 1, result.ok() ? "" : result.message(),
          retry_at, !result.ok() && permanent, sent_at, claim_token));
    }
    return Status::Ok();
  });
}

Result<std::vector<std::pair<std::string, std::string>>> Engine::claim_deliveries(
    const std::vector<std::pair<std::string, std::string>>& rows, const std::string& token,
    std::chrono::milliseconds hold) {
  std::vector<std::pair<std::string, std::string>> claimed;
  LUODI_RETURN_IF_ERROR(scheduled([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(claimed, store_->outbox().claim(rows, token, hold));
    return Status::Ok();
  }));
  return claimed;
}

Status Engine::defer_deliveries(const std::vector<const Notification*>& rows, Timestamp until,
                                const std::string& note, const std::string& claim_token) {
  // Fenced by the claim, as record_attempts is.
  const auto fenced = [&](const std::function<Status()>& body) {
    return claim_token.empty() ? scheduled(body) : transaction(body, true, false);
  };
  return fenced([&]() -> Status {
    for (const Notification* n : rows)
      LUODI_RETURN_IF_ERROR(store_->outbox().set_notification_state(n->key, n->recipient, "pending",
                                                                    n->attempts, note, until, false,
                                                                    std::nullopt, claim_token));
    return Status::Ok();
  });
}

// Scheduled work gives no hint: the lease holder does it, and would only
// wake itself.
Status Engine::scheduled(const std::function<Status()>& body) {
  return transaction(
      [&]() -> Status {
        if (lease_) LUODI_RETURN_IF_ERROR(store_->leases().check(*lease_));
        return body();
      },
      true, false);
}

Result<bool> Engine::acquire_lease(const std::string& owner, std::chrono::milliseconds ttl) {
  std::optional<std::int64_t> epoch;
  LUODI_RETURN_IF_ERROR(transaction(
      [&]() -> Status {
        LUODI_ASSIGN_OR_RETURN(epoch, store_->leases().acquire(owner, ttl));
        return Status::Ok();
      },
      true, false));
  if (epoch) {
    lease_ = LeaseFence{owner, *epoch};
  } else {
    lease_.reset();
  }
  return epoch.has_value();
}

Status Engine::release_lease() {
  if (!lease_) return Status::Ok();
  const std::string owner = lease_->owner;
  lease_.reset();
  return transaction([&] { return store_->leases().release(owner); }, true, false);
}

Status Engine::add_contact(const Contact& c) {
  if (c.name.empty()) return Status::BadInput("a contact needs a name");
  if (c.role == Role::kUnit && c.unit.empty())
    return Status::BadInput("a unit contact needs --unit (the unit it speaks for)");
  if (!c.channel.empty() && c.channel != "stdout" && c.channel.rfind("file:", 0) != 0 &&
      c.channel.rfind("webhook:", 0) != 0)
    return Status::BadInput("unknown channel '" + c.channel +
                            "' (stdout, file:PATH or webhook:http[s]://HOST[:PORT]/PATH)");
  if (c.channel.rfind("file:", 0) == 0 && c.channel.size() == 5)
    return Status::BadInput("channel file: needs a path");
  if (c.channel.rfind("webhook:", 0) == 0 && !parse_webhook_url(c.channel.substr(8)))
    return Status::BadInput("webhook '" + c.channel.substr(8) +
                            "' is not http[s]://HOST[:PORT]/PATH");
  if (const std::string problem = robot_settings_problem(c); !problem.empty())
    return Status::BadInput("contact " + c.name + ": " + problem);
  return in_transaction([&] { return store_->directory().put_contact(c); });
}

Result<bool> Engine::remove_contact(const std::string& name) {
  bool removed = false;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(removed, store_->directory().remove_contact(name));
    return Status::Ok();
  }));
  return removed;
}

Result<std::vector<Contact>> Engine::contacts() { return store_->directory().contacts(); }

Result<std::vector<std::pair<std::string, Timestamp>>> Engine::sent_since(Timestamp since) {
  return store_->outbox().sent_since(since);
}

Status Engine::import_contacts(const Source& yaml) {
  yaml::Reader r(yaml.name);
  auto root = r.parse(yaml.text);
  if (!root) return r.status();
  std::vector<std::pair<YAML::Node, Contact>> entries;
  if (r.check_map(*root, {"contacts"}, "directory") && r.require(*root, "contacts", "directory")) {
    const auto& list = (*root)["contacts"];
    if (!list.IsSequence()) r.error(list, "contacts must be a list");
    for (size_t i = 0; list.IsSequence() && i < list.size(); ++i) {
      const auto& n = list[i];
      if (!r.check_map(n,
                       {"name", "role", "unit", "channel", "format", "secret", "at", "rate",
                        "window", "pause"},
                       "contact"))
        continue;
      if (!r.require(n, "name", "contact") || !r.require(n, "role", "contact")) continue;
      Contact c;
      c.name = r.string(n["name"], "contact name").value_or("");
      auto role = r.string(n["role"], "contact role");
      if (role && (!parse_role(*role) || *parse_role(*role) == Role::kProvince))
        r.error(n["role"], "role must be unit, supervisor or leader");
      c.role = role ? parse_role(*role).value_or(Role::kUnit) : Role::kUnit;
      if (n["unit"]) c.unit = r.string(n["unit"], "contact unit").value_or("");
      if (n["channel"]) c.channel = r.string(n["channel"], "contact channel").value_or("");
      if (n["format"]) c.format = r.string(n["format"], "contact format").value_or("json");
      if (n["secret"]) c.secret = r.string(n["secret"], "contact secret").value_or("");
      if (const auto& at = n["at"]; at) {
        if (!at.IsSequence()) r.error(at, "at must be a list of mobile numbers");
        for (std::size_t j = 0; at.IsSequence() && j < at.size(); ++j)
          if (auto mobile = r.string(at[j], "mobile")) c.mentions.push_back(*mobile);
      }
      if (const auto& rate = n["rate"]; rate) {
        auto text = r.string(rate, "contact rate");
        auto per_min = text ? parse_robot_rate(*text) : std::nullopt;
        if (text && !per_min) r.error(rate, "rate must be N/min, 1 to 600");
        c.rate_per_min = per_min.value_or(0);
      }
      if (const auto& window = n["window"]; window) {
        auto text = r.string(window, "contact window");
        auto ms = text ? parse_robot_duration(*text) : std::nullopt;
        if (text && !ms) r.error(window, "window must be a duration from 1s to 24h, e.g. 61s");
        c.rate_window_ms = ms ? static_cast<int>(ms->count()) : 0;
      }
      if (const auto& pause = n["pause"]; pause) {
        auto text = r.string(pause, "contact pause");
        auto ms = text ? parse_robot_duration(*text) : std::nullopt;
        if (text && !ms) r.error(pause, "pause must be a duration from 1s to 24h, e.g. 10m");
        c.throttle_pause_ms = ms ? static_cast<int>(ms->count()) : 0;
      }
      entries.emplace_back(n, c);
    }
  }
  if (!r.ok()) return r.status();
  return in_transaction([&]() -> Status {
    for (const auto& [node, c] : entries) {
      Status s = add_contact(c);
      if (!s.ok()) r.error(node, s.message());
    }
    return r.status();
  });
}

Result<std::vector<Notification>> Engine::outbox(const std::optional<std::string>& state) {
  return store_->outbox().rows(state);
}

Result<std::map<std::string, long>> Engine::outbox_counts() {
  return store_->outbox().outbox_counts();
}

Result<Page<Notification>> Engine::outbox(const std::optional<std::string>& state,
                                          const PageRequest& page) {
  LUODI_RETURN_IF_ERROR(check_page(page));
  LUODI_ASSIGN_OR_RETURN(auto rows, store_->outbox().rows(state));
  return page_of<Notification>(std::move(rows), page, [](const Notification& n) {
    std::string made = std::to_string(n.created_at.time_since_epoch().count());
    made.insert(0, 20 - std::min<size_t>(20, made.size()), '0');  // fixed width: sorts as text
    return made + '\x1f' + n.project + '\x1f' + n.key + '\x1f' + n.recipient;
  });
}

}  // namespace luodi

// The tick: what is due up to now, worked out once per project and day, and
// the directory and outbox that carry it.
#include <algorithm>
#include <map>
#include <set>

#include "common/yaml_reader.h"
#include "luodi/digest.h"
#include "luodi/engine.h"
#include "notify/messages.h"
#include "store/store.h"

namespace luodi {

namespace {

// The recipients of a reminder for `p`: the matching directory entries, or
// the unit's / leader's name (or "supervisors") with no channel, so nothing
// is lost silently.
std::vector<Contact> recipients(const std::vector<Contact>& directory, const ProjectState& p,
                                Role role, const std::string& assignee) {
  std::vector<Contact> out;
  if (!assignee.empty()) {  // an instruction's assignee, by name
    for (const auto& c : directory)
      if (c.name == assignee) out.push_back(c);
    if (out.empty()) out.push_back({assignee, role, "", "", "json"});
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
    out.push_back({name.empty() ? "(no " + std::string(to_string(role)) + ")" : name, role, "", "", "json"});
  }
  return out;
}

}  // namespace

Status Engine::check_project(const std::string& code, const std::vector<Contact>& directory,
                             TickReport& report, std::vector<Notification>& created) {
  const Date day = today();
  LUODI_ASSIGN_OR_RETURN(ProjectState p, project(code));
  LUODI_ASSIGN_OR_RETURN(Schedule sched, store_->load_schedule(code));
  ++report.projects_checked;

  LUODI_ASSIGN_OR_RETURN(const auto all_milestones, campaign_milestones(code));
  auto running_on = [&](Date d) {
    std::vector<Milestone> out;
    for (const auto& m : all_milestones)
      for (const auto& c : campaigns_)
        if (c.id == m.campaign && c.running(d)) out.push_back(m);
    return out;
  };
  // Lights, day by day since the last look, so each change keeps its own date
  // even after the engine was down. A year back at most.
  Date from = sched.checked_on ? std::max(*sched.checked_on + 1, day - 366) : day;
  for (Date d = from; d <= day; d = d + 1) {
    const auto deadline = deadline_of(workflow_, calendar_, p, running_on(d), d);
    const Light light = light_of(workflow_, p, deadline, d, sched.yellow_since);
    sched.yellow_since = light.yellow_rules_hold ? sched.yellow_since.value_or(d) : std::optional<Date>();
    if (light.color != sched.light || !sched.light_since) {
      if (sched.light_since || light.color != LightColor::kGreen) {
        LUODI_RETURN_IF_ERROR(store_->append_light_change(code, {d, light.color, light.reason}));
        ++report.light_changes;
      }
      sched.light = light.color;
      sched.light_since = d;
    }
  }
  sched.checked_on = day;

  const auto deadline = deadline_of(workflow_, calendar_, p, running_on(day), day);
  std::vector<Reminder> fresh;
  auto due_now = reminders_up_to(workflow_, calendar_, p, deadline, day);
  if (!due_now.empty()) {
    LUODI_ASSIGN_OR_RETURN(auto keys, store_->notification_keys(code));
    const std::set<std::string> known(keys.begin(), keys.end());
    for (auto& r : due_now)
      if (!known.count(reminder_key(workflow_, p, r))) fresh.push_back(std::move(r));
  }
  // Missed days (downtime, or a due date moved into the past): one catch-up,
  // the most severe; the rest are kept as skipped so they never fire.
  const bool missed = std::any_of(fresh.begin(), fresh.end(), [&](const Reminder& r) { return r.fire < day; });
  if (missed) {
    auto worst = std::max_element(fresh.begin(), fresh.end(), [](const Reminder& a, const Reminder& b) {
      return a.severity < b.severity;
    });
    std::swap(*worst, fresh.back());
    for (size_t i = 0; i + 1 < fresh.size(); ++i) {
      Notification skipped;
      skipped.key = reminder_key(workflow_, p, fresh[i]);
      skipped.project = code;
      skipped.role = fresh[i].role;
      skipped.rule = fresh[i].rule;
      skipped.due = fresh[i].due;
      skipped.message = "superseded by a catch-up";
      skipped.state = "skipped";
      skipped.created_at = clock_.now();
      LUODI_RETURN_IF_ERROR(store_->add_notification(skipped).status());
    }
    fresh.erase(fresh.begin(), fresh.end() - 1);
  }
  // A catch-up is a reminder that should have gone out on an earlier day.
  const bool catch_up = missed && fresh.back().fire < day;
  for (const auto& r : fresh) {
    for (const auto& to : recipients(directory, p, r.role, r.assignee)) {
      const std::string& name = to.name;
      const std::string& channel = to.channel;
      Notification n;
      n.key = reminder_key(workflow_, p, r);
      n.project = code;
      n.recipient = name;
      n.role = r.role;
      n.rule = r.rule;
      n.due = r.due;
      n.message = reminder_message(workflow_, p, r, deadline, catch_up, day);
      n.catch_up = catch_up;
      n.channel = channel;
      n.format = to.format;
      n.state = channel.empty() ? "no_channel" : "pending";
      n.created_at = clock_.now();
      LUODI_ASSIGN_OR_RETURN(bool added, store_->add_notification(n));
      if (added) created.push_back(std::move(n));
    }
  }

  sched.due = deadline ? std::optional<Date>(deadline->due) : std::nullopt;
  std::optional<Date> next = next_reminder_after(workflow_, calendar_, p, deadline, day);
  auto light_next = next_light_check(workflow_, p, deadline, day, sched.yellow_since);
  if (light_next && (!next || *light_next < *next)) next = light_next;
  for (const auto& c : campaigns_) {  // a campaign's start or end moves due dates
    for (Date edge : {c.start, c.end() + 1})
      if (edge > day && (!next || edge < *next)) next = edge;
  }
  if (deadline && deadline->paused && (!next || day + 1 < *next)) next = day + 1;
  sched.next_check = next;
  return store_->save_schedule(code, sched);
}

Result<TickReport> Engine::tick(Delivery* delivery, bool dry_run) {
  TickReport report;
  std::vector<Notification> created;
  Status s = batch(
      [&]() -> Status {
        LUODI_ASSIGN_OR_RETURN(auto directory, store_->contacts());
        LUODI_ASSIGN_OR_RETURN(auto codes, store_->projects_to_check(today()));
        for (const auto& code : codes)
          LUODI_RETURN_IF_ERROR(check_project(code, directory, report, created));
        return emit_digests(directory, created);
      },
      !dry_run);
  if (!s.ok()) return s;
  std::map<std::pair<Role, std::string>, int> unreachable;
  for (const auto& n : created)
    if (n.state == "no_channel") ++unreachable[{n.role, n.recipient}];
  for (const auto& [who, count] : unreachable)
    report.warnings.push_back(std::string(to_string(who.first)) + " '" + who.second +
                              "' has no directory entry: " + std::to_string(count) +
                              " notification(s) wait in the outbox (luodi contact add)");
  // Delivered after the commit: a crash between the two leaves rows pending,
  // and the next tick delivers them (at least once, never lost).
  if (delivery && !dry_run) {
    LUODI_ASSIGN_OR_RETURN(auto delivered, deliver_pending(*delivery));
    std::map<std::pair<std::string, std::string>, Notification*> by_row;
    for (auto& d : delivered) by_row[{d.key, d.recipient}] = &d;
    for (auto& n : created)
      if (auto it = by_row.find({n.key, n.recipient}); it != by_row.end()) n = *it->second;
  }
  report.emitted = std::move(created);
  return report;
}

Status Engine::emit_digests(const std::vector<Contact>& directory, std::vector<Notification>& created) {
  if (workflow_.digests.schedule.empty() || directory.empty()) return Status::Ok();
  const Timestamp now = clock_.now();
  const Date day = today();
  const auto minutes = static_cast<int>(
      std::chrono::duration_cast<std::chrono::minutes>((now + kShanghaiOffset).time_since_epoch() %
                                                       std::chrono::days(1))
          .count());
  std::optional<std::vector<TrackedProject>> projects;  // worked out once, when a digest is due
  std::optional<CampaignReport> campaign;
  for (const auto& rule : workflow_.digests.schedule) {
    const auto period = digest_period(rule, calendar_, day);
    if (!period || !digest_due(rule, *period, day, minutes)) continue;
    const std::string key = digest_key(rule, *period);
    LUODI_ASSIGN_OR_RETURN(auto done, store_->notification_keys(""));
    if (std::find(done.begin(), done.end(), key) != done.end()) continue;  // this period went out
    if (!projects) {
      LUODI_ASSIGN_OR_RETURN(projects, tracked({}));
      for (const auto& c : campaigns_)
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
      n.message = digest_message(workflow_, rule, *period, reader, *projects, campaign, day);
      if (reader.channel.rfind("file:", 0) == 0) {
        n.message += "报告（HTML）：" + digest_attachment_path(reader.channel.substr(5), key) + "\n";
      } else if (!workflow_.digests.report_link.empty()) {
        n.message += "报告：" + workflow_.digests.report_link + "\n";
      } else {
        n.message += "报告：luodi report --as-of " + day.str() + " --format html\n";
      }
      LUODI_ASSIGN_OR_RETURN(bool added, store_->add_notification(n));
      if (added) created.push_back(std::move(n));
    }
  }
  return Status::Ok();
}

Result<std::optional<Date>> Engine::next_check() { return store_->earliest_check(); }

Result<std::vector<Notification>> Engine::deliver_pending(Delivery& delivery) {
  LUODI_ASSIGN_OR_RETURN(auto pending, store_->outbox(std::string("pending")));
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
                              std::optional<Timestamp> retry_at) {
  const std::string state = result.ok() ? "sent" : retry_at ? "pending" : "failed";
  return in_transaction([&] {
    return store_->set_notification_state(n.key, n.recipient, state, n.attempts + 1,
                                          result.ok() ? "" : result.message(),
                                          result.ok() ? std::nullopt : retry_at);
  });
}

Status Engine::add_contact(const Contact& c) {
  if (c.name.empty()) return Status::BadInput("a contact needs a name");
  if (c.role == Role::kUnit && c.unit.empty())
    return Status::BadInput("a unit contact needs --unit (the unit it speaks for)");
  if (!c.channel.empty() && c.channel != "stdout" && c.channel.rfind("file:", 0) != 0 &&
      c.channel.rfind("webhook:", 0) != 0)
    return Status::BadInput("unknown channel '" + c.channel +
                            "' (stdout, file:PATH or webhook:http://HOST[:PORT]/PATH)");
  if (c.channel.rfind("file:", 0) == 0 && c.channel.size() == 5)
    return Status::BadInput("channel file: needs a path");
  if (c.channel.rfind("webhook:", 0) == 0 && !parse_webhook_url(c.channel.substr(8)))
    return Status::BadInput("webhook '" + c.channel.substr(8) + "' is not http://HOST[:PORT]/PATH");
  if (c.format != "json" && c.format != "dingtalk" && c.format != "wecom")
    return Status::BadInput("format '" + c.format + "' is not json, dingtalk or wecom");
  return in_transaction([&] { return store_->put_contact(c); });
}

Result<bool> Engine::remove_contact(const std::string& name) {
  bool removed = false;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(removed, store_->remove_contact(name));
    return Status::Ok();
  }));
  return removed;
}

Result<std::vector<Contact>> Engine::contacts() { return store_->contacts(); }

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
      if (!r.check_map(n, {"name", "role", "unit", "channel", "format"}, "contact")) continue;
      if (!r.require(n, "name", "contact") || !r.require(n, "role", "contact")) continue;
      Contact c;
      c.name = r.string(n["name"], "contact name").value_or("");
      auto role = r.string(n["role"], "contact role");
      if (role && !parse_role(*role)) r.error(n["role"], "role must be unit, supervisor or leader");
      c.role = role ? parse_role(*role).value_or(Role::kUnit) : Role::kUnit;
      if (n["unit"]) c.unit = r.string(n["unit"], "contact unit").value_or("");
      if (n["channel"]) c.channel = r.string(n["channel"], "contact channel").value_or("");
      if (n["format"]) c.format = r.string(n["format"], "contact format").value_or("json");
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
  return store_->outbox(state);
}

}  // namespace luodi

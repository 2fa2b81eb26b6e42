// YAML → Workflow, with every problem reported at its position.
#include <algorithm>
#include <charconv>
#include <set>

#include "common/yaml_reader.h"
#include "luodi/workflow.h"

namespace luodi {

namespace {

std::optional<Label> read_label(yaml::Reader& r, const YAML::Node& n, const std::string& what) {
  if (!r.check_map(n, {"zh", "en"}, what)) return std::nullopt;
  bool ok = r.require(n, "zh", what);
  ok = r.require(n, "en", what) && ok;
  if (!ok) return std::nullopt;
  auto zh = r.string(n["zh"], what + ".zh");
  auto en = r.string(n["en"], what + ".en");
  if (!zh || !en) return std::nullopt;
  return Label{*zh, *en};
}

std::optional<Label> read_labelled(yaml::Reader& r, const YAML::Node& parent,
                                   const std::string& what) {
  if (!r.require(parent, "label", what)) return std::nullopt;
  return read_label(r, parent["label"], what + ".label");
}

std::optional<Duration> read_limit(yaml::Reader& r, const YAML::Node& n, const std::string& what) {
  if (!r.check_map(n, {"days", "workdays"}, what)) return std::nullopt;
  if (n.size() != 1) {
    r.error(n, what + " needs exactly one of 'days' or 'workdays'");
    return std::nullopt;
  }
  const auto& kv = *n.begin();
  Duration d;
  d.unit = kv.first.Scalar() == "days" ? Duration::Unit::kDays : Duration::Unit::kWorkdays;
  auto count = r.integer(kv.second, what + "." + kv.first.Scalar());
  if (!count) return std::nullopt;
  if (*count <= 0 || *count > 3650) {
    r.error(kv.second, what + " must be between 1 and 3650");
    return std::nullopt;
  }
  d.count = static_cast<int>(*count);
  return d;
}

void read_stages(yaml::Reader& r, const YAML::Node& list, Workflow& wf) {
  if (!list.IsSequence() || list.size() < 2) {
    r.error(list, "stages must be a list of at least two stages");
    return;
  }
  std::set<std::string> ids;
  YAML::Node last_limit;  // the limit node of the last stage parsed, for the final-stage check
  for (const auto& n : list) {
    StageDef s;
    if (!r.check_map(n, {"id", "label", "limit", "evidence"}, "stage")) continue;
    if (!r.require(n, "id", "stage")) continue;
    auto id = r.string(n["id"], "stage id");
    if (!id) continue;
    s.id = *id;
    if (!ids.insert(s.id).second) r.error(n["id"], "duplicate stage id '" + s.id + "'");
    const std::string what = "stage '" + s.id + "'";
    if (auto l = read_labelled(r, n, what)) s.label = *l;
    last_limit.reset();
    if (n["limit"]) {
      last_limit.reset(n["limit"]);
      s.limit = read_limit(r, n["limit"], what + ".limit");
    }
    if (const auto& ev = n["evidence"]) {
      if (!ev.IsSequence()) {
        r.error(ev, what + ".evidence must be a list");
      } else {
        std::set<std::string> ev_ids;
        for (const auto& e : ev) {
          if (!r.check_map(e, {"id", "label"}, what + " evidence")) continue;
          if (!r.require(e, "id", what + " evidence")) continue;
          auto eid = r.string(e["id"], "evidence id");
          if (!eid) continue;
          if (!ev_ids.insert(*eid).second) r.error(e["id"], "duplicate evidence id '" + *eid + "'");
          auto l = read_labelled(r, e, "evidence '" + *eid + "'");
          s.evidence.push_back({*eid, l.value_or(Label{})});
        }
      }
    }
    wf.stages.push_back(std::move(s));
  }
  if (!wf.stages.empty() && wf.stages.back().limit) {
    r.error(last_limit, "final stage '" + wf.stages.back().id +
                            "' cannot have a limit: there is no next stage");
  }
}

void read_transitions(yaml::Reader& r, const YAML::Node& list, Workflow& wf) {
  if (!list.IsSequence()) {
    r.error(list, "transitions must be a list of {from, to}");
    return;
  }
  for (const auto& n : list) {
    if (!r.check_map(n, {"from", "to"}, "transition")) continue;
    bool ok = r.require(n, "from", "transition");
    ok = r.require(n, "to", "transition") && ok;
    if (!ok) continue;
    auto from_id = r.string(n["from"], "transition.from");
    auto to_id = r.string(n["to"], "transition.to");
    if (!from_id || !to_id) continue;
    auto from = wf.find_stage(*from_id);
    auto to = wf.find_stage(*to_id);
    if (!from) r.error(n["from"], "transition from unknown stage '" + *from_id + "'");
    if (!to) r.error(n["to"], "transition to unknown stage '" + *to_id + "'");
    if (!from || !to) continue;
    if (*to <= *from) {
      r.error(n, "transition " + *from_id + " -> " + *to_id +
                     " goes backwards; stages only move forward");
      continue;
    }
    wf.extra_transitions.emplace_back(*from, *to);
  }
}

void read_side_states(yaml::Reader& r, const YAML::Node& n, Workflow& wf) {
  if (!r.check_map(n, {"cancelled", "dropped"}, "side_states")) return;
  bool ok = r.require(n, "cancelled", "side_states");
  ok = r.require(n, "dropped", "side_states") && ok;
  if (!ok) return;
  for (const char* key : {"cancelled", "dropped"}) {
    const auto& s = n[key];
    if (!r.check_map(s, {"label"}, key)) continue;
    auto l = read_labelled(r, s, key);
    if (l) (std::string_view(key) == "cancelled" ? wf.cancelled_label : wf.dropped_label) = *l;
  }
}

void read_categories(yaml::Reader& r, const YAML::Node& list, Workflow& wf) {
  if (!list.IsSequence() || list.size() == 0) {
    r.error(list, "blocker_categories must be a non-empty list");
    return;
  }
  std::set<std::string> ids;
  for (const auto& n : list) {
    if (!r.check_map(n, {"id", "label", "pause_while_blocked"}, "blocker category")) continue;
    BlockerCategory c;
    if (!r.require(n, "id", "blocker category")) continue;
    auto id = r.string(n["id"], "blocker category id");
    if (!id) continue;
    if (!ids.insert(*id).second) r.error(n["id"], "duplicate blocker category '" + *id + "'");
    c.id = *id;
    c.label = read_labelled(r, n, "blocker category '" + *id + "'").value_or(Label{});
    if (const auto& p = n["pause_while_blocked"]; p && p.IsSequence()) {
      for (const auto& kind : p) {
        auto k = r.string(kind, "pause_while_blocked");
        if (!k) continue;
        if (*k == "stage")
          c.pauses.stage = true;
        else if (*k == "plan")
          c.pauses.plan = true;
        else if (*k == "campaign")
          c.pauses.campaign = true;
        else
          r.error(kind,
                  "pause_while_blocked lists deadlines: stage, plan or campaign, not '" + *k + "'");
      }
    } else if (p) {
      c.pauses.stage = r.boolean(p, "pause_while_blocked").value_or(false);
    }
    wf.blocker_categories.push_back(std::move(c));
  }
}

void read_measures(yaml::Reader& r, const YAML::Node& n, Workflow& wf) {
  if (!r.check_map(n, {"start_stage"}, "measures")) return;
  if (!n["start_stage"]) return;
  auto id = r.string(n["start_stage"], "measures.start_stage");
  if (!id) return;
  if (auto i = wf.find_stage(*id)) {
    wf.start_stage = *i;
  } else {
    r.error(n["start_stage"], "measures.start_stage names unknown stage '" + *id + "'");
  }
}

// A count of days: a whole number from `min` to 3650.
std::optional<int> read_days(yaml::Reader& r, const YAML::Node& n, const std::string& what,
                             int min = 1) {
  auto v = r.integer(n, what);
  if (!v) return std::nullopt;
  if (*v < min || *v > 3650) {
    r.error(n, what + " must be between " + std::to_string(min) + " and 3650");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

// lights.<color>.investment_behind_points (0–100) and
// investment_share_of_schedule (0–1), as rules of that colour.
void read_investment_rules(yaml::Reader& r, const YAML::Node& n, LightColor color,
                           const std::string& where, LightRules& l) {
  using Measure = InvestmentLightRule::Measure;
  for (auto [key, measure, most] :
       {std::tuple{"investment_behind_points", Measure::kBehindPoints, 100.0},
        std::tuple{"investment_share_of_schedule", Measure::kShareOfSchedule, 1.0}}) {
    if (!n[key]) continue;
    const std::string what = where + "." + key;
    auto v = r.amount(n[key], what);
    if (!v) continue;
    if (*v > most) {
      r.error(n[key],
              what + " must be at most " + (most == 1.0 ? std::string("1") : std::string("100")));
      continue;
    }
    l.investment.push_back({color, measure, *v});
  }
}

void read_lights(yaml::Reader& r, const YAML::Node& n, Workflow& wf) {
  if (!r.check_map(n, {"yellow", "red"}, "lights")) return;
  auto& l = wf.lights;
  if (const auto& y = n["yellow"];
      y && r.check_map(y,
                       {"days_left_at_most", "blocked_days_at_least", "investment_behind_points",
                        "investment_share_of_schedule"},
                       "lights.yellow")) {
    read_investment_rules(r, y, LightColor::kYellow, "lights.yellow", l);
    if (y["days_left_at_most"])
      l.yellow_days_left =
          read_days(r, y["days_left_at_most"], "lights.yellow.days_left_at_most", 0);
    if (y["blocked_days_at_least"])
      l.yellow_blocked_days =
          read_days(r, y["blocked_days_at_least"], "lights.yellow.blocked_days_at_least");
  }
  if (const auto& red = n["red"];
      red && r.check_map(red,
                         {"days_overdue_at_least", "blocked_days_at_least", "yellow_for_days",
                          "investment_behind_points", "investment_share_of_schedule"},
                         "lights.red")) {
    read_investment_rules(r, red, LightColor::kRed, "lights.red", l);
    if (red["days_overdue_at_least"])
      l.red_days_overdue =
          read_days(r, red["days_overdue_at_least"], "lights.red.days_overdue_at_least");
    if (red["blocked_days_at_least"])
      l.red_blocked_days =
          read_days(r, red["blocked_days_at_least"], "lights.red.blocked_days_at_least");
    if (red["yellow_for_days"])
      l.red_yellow_days = read_days(r, red["yellow_for_days"], "lights.red.yellow_for_days");
  }
  if (l.yellow_blocked_days && l.red_blocked_days && *l.red_blocked_days <= *l.yellow_blocked_days)
    r.error(n["red"]["blocked_days_at_least"],
            "lights.red.blocked_days_at_least must exceed the yellow threshold");
}

void read_reminders(yaml::Reader& r, const YAML::Node& n, Workflow& wf) {
  if (!r.check_map(
          n,
          {"before_due_days", "on_due", "overdue_every_days", "escalate_to_supervisors_after_days",
           "escalate_to_leader_after_days", "stale_after_workdays"},
          "reminders"))
    return;
  auto& rem = wf.reminders;
  if (const auto& b = n["before_due_days"]) {
    if (!b.IsSequence()) r.error(b, "reminders.before_due_days must be a list of days");
    for (size_t i = 0; b.IsSequence() && i < b.size(); ++i) {
      auto d = read_days(r, b[i], "reminders.before_due_days");
      if (!d) continue;
      if (std::find(rem.before_due.begin(), rem.before_due.end(), *d) != rem.before_due.end())
        r.error(b[i], "reminders.before_due_days lists " + std::to_string(*d) + " twice");
      rem.before_due.push_back(*d);
    }
    std::sort(rem.before_due.rbegin(), rem.before_due.rend());
  }
  if (n["on_due"]) rem.on_due = r.boolean(n["on_due"], "reminders.on_due").value_or(false);
  if (n["overdue_every_days"])
    rem.overdue_every = read_days(r, n["overdue_every_days"], "reminders.overdue_every_days");
  if (n["escalate_to_supervisors_after_days"])
    rem.supervisor_after = read_days(r, n["escalate_to_supervisors_after_days"],
                                     "reminders.escalate_to_supervisors_after_days");
  if (n["escalate_to_leader_after_days"])
    rem.leader_after =
        read_days(r, n["escalate_to_leader_after_days"], "reminders.escalate_to_leader_after_days");
  if (rem.supervisor_after && rem.leader_after && *rem.leader_after < *rem.supervisor_after)
    r.error(n["escalate_to_leader_after_days"],
            "the leader comes after the supervisors: escalate_to_leader_after_days must not be "
            "below escalate_to_supervisors_after_days");
  if (n["stale_after_workdays"])
    rem.stale_workdays = read_days(r, n["stale_after_workdays"], "reminders.stale_after_workdays");
}

std::optional<unsigned> weekday_of(std::string_view s) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  for (unsigned i = 0; i < 7; ++i)
    if (s == kDays[i]) return i + 1;
  return std::nullopt;
}

void read_digests(yaml::Reader& r, const YAML::Node& n, Workflow& wf) {
  if (!r.check_map(n, {"schedule", "report_link"}, "digests")) return;
  if (n["report_link"])
    wf.digests.report_link = r.string(n["report_link"], "digests.report_link").value_or("");
  const auto& list = n["schedule"];
  if (!list) return;
  if (!list.IsSequence()) {
    r.error(list, "digests.schedule must be a list of digests");
    return;
  }
  for (const auto& d : list) {
    if (!r.check_map(d, {"id", "label", "every", "weekday", "at"}, "digest")) continue;
    if (!r.require(d, "id", "digest") || !r.require(d, "every", "digest")) continue;
    DigestRule rule;
    rule.id = r.string(d["id"], "digest id").value_or("");
    const std::string what = "digest '" + rule.id + "'";
    for (const auto& other : wf.digests.schedule)
      if (other.id == rule.id) r.error(d["id"], what + " is defined twice");
    if (d["label"])
      rule.label = read_label(r, d["label"], what + " label").value_or(Label{rule.id, rule.id});
    const std::string every = r.string(d["every"], what + " every").value_or("");
    if (every == "week") {
      rule.every = DigestRule::Every::kWeek;
      const std::string day =
          d["weekday"] ? r.string(d["weekday"], what + " weekday").value_or("") : "monday";
      if (auto w = weekday_of(day)) {
        rule.weekday = *w;
      } else {
        r.error(d["weekday"], what + " weekday must be monday … sunday");
      }
    } else if (every == "month") {
      rule.every = DigestRule::Every::kMonth;
      if (d["weekday"])
        r.error(
            d["weekday"],
            what +
                ": a monthly digest goes out on the month's first working day, without a weekday");
    } else {
      r.error(d["every"], what + " every must be week or month");
    }
    if (d["at"]) {
      const std::string at = r.string(d["at"], what + " at").value_or("");
      unsigned h = 0, m = 0;
      if (at.size() == 5 && at[2] == ':' &&
          std::from_chars(at.data(), at.data() + 2, h).ec == std::errc() &&
          std::from_chars(at.data() + 3, at.data() + 5, m).ec == std::errc() && h < 24 && m < 60) {
        rule.at_minutes = static_cast<int>(h * 60 + m);
      } else {
        r.error(d["at"], what + " at must be HH:MM");
      }
    }
    wf.digests.schedule.push_back(std::move(rule));
  }
}

}  // namespace

Result<Workflow> parse_workflow(std::string_view text, const std::string& file_name) {
  yaml::Reader r(file_name);
  auto root = r.parse(text);
  if (!root) return r.status();
  Workflow wf;
  if (!r.check_map(*root,
                   {"id", "version", "label", "stages", "transitions", "side_states",
                    "blocker_categories", "measures", "lights", "reminders", "digests"},
                   "workflow"))
    return r.status();
  for (auto key : {"id", "version", "label", "stages", "side_states", "blocker_categories"})
    r.require(*root, key, "workflow");
  if (const auto& n = (*root)["id"]) wf.id = r.string(n, "workflow id").value_or("");
  if (const auto& n = (*root)["version"]) {
    auto v = r.integer(n, "workflow version");
    if (v && *v < 1) r.error(n, "workflow version must be 1 or more");
    wf.version = static_cast<int>(v.value_or(0));
  }
  if ((*root)["label"])
    wf.label = read_label(r, (*root)["label"], "workflow label").value_or(Label{});
  if (const auto& n = (*root)["stages"]) read_stages(r, n, wf);
  if (const auto& n = (*root)["transitions"]) read_transitions(r, n, wf);
  if (const auto& n = (*root)["side_states"]) read_side_states(r, n, wf);
  if (const auto& n = (*root)["blocker_categories"]) read_categories(r, n, wf);
  if (const auto& n = (*root)["measures"]) read_measures(r, n, wf);
  if (const auto& n = (*root)["lights"]) read_lights(r, n, wf);
  if (const auto& n = (*root)["reminders"]) read_reminders(r, n, wf);
  if (const auto& n = (*root)["digests"]) read_digests(r, n, wf);
  if (!r.ok()) return r.status();
  return wf;
}

}  // namespace luodi

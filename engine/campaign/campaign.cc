#include "luodi/campaign.h"

#include <algorithm>

#include "common/yaml_reader.h"

namespace luodi {

int Campaign::day(Date today) const {
  if (today < start) return 0;
  return std::min(days, today - start + 1);
}

bool Campaign::in_scope(const ProjectState& p) const {
  if (p.status != ProjectStatus::kActive && p.status != ProjectStatus::kBlocked) return false;
  if (key_only && !p.key) return false;
  return units.empty() || std::find(units.begin(), units.end(), p.attributes.unit) != units.end();
}

namespace {

std::optional<int> stage_of(yaml::Reader& r, const YAML::Node& n, const Workflow& wf,
                            const std::string& what) {
  auto id = r.string(n, what);
  if (!id) return std::nullopt;
  auto stage = wf.find_stage(*id);
  if (!stage) r.error(n, what + " names unknown stage '" + *id + "'");
  return stage;
}

}  // namespace

Result<Campaign> parse_campaign(std::string_view text, const std::string& file,
                                const Workflow& wf) {
  yaml::Reader r(file);
  auto root = r.parse(text);
  if (!root) return r.status();
  Campaign c;
  if (!r.check_map(*root, {"id", "label", "start", "days", "end", "scope", "targets", "durations"},
                   "campaign"))
    return r.status();
  for (auto key : {"id", "label", "start", "targets"}) r.require(*root, key, "campaign");
  const auto& n = *root;
  if (n["id"]) c.id = r.string(n["id"], "campaign id").value_or("");
  if (const auto& l = n["label"]; l && r.check_map(l, {"zh", "en"}, "campaign label")) {
    c.label.zh = l["zh"] ? r.string(l["zh"], "label.zh").value_or("") : "";
    c.label.en = l["en"] ? r.string(l["en"], "label.en").value_or("") : "";
    if (!l["zh"] || !l["en"]) r.error(l, "campaign label needs 'zh' and 'en'");
  }
  if (n["start"]) c.start = r.date(n["start"], "start").value_or(Date{});
  if (n["days"] && n["end"]) r.error(n["end"], "give either 'days' or 'end', not both");
  if (n["days"]) {
    auto d = r.integer(n["days"], "days");
    if (d && (*d < 1 || *d > 3650)) r.error(n["days"], "days must be between 1 and 3650");
    c.days = static_cast<int>(d.value_or(100));
  } else if (n["end"]) {
    auto end = r.date(n["end"], "end");
    if (end && *end < c.start) r.error(n["end"], "the campaign ends before it starts");
    if (end) c.days = *end - c.start + 1;
  }
  if (const auto& s = n["scope"]; s && r.check_map(s, {"key", "units"}, "scope")) {
    if (s["key"]) c.key_only = r.boolean(s["key"], "scope.key").value_or(true);
    if (const auto& u = s["units"]) {
      if (!u.IsSequence()) r.error(u, "scope.units must be a list");
      for (size_t i = 0; u.IsSequence() && i < u.size(); ++i)
        if (auto unit = r.string(u[i], "unit")) c.units.push_back(*unit);
    }
  }
  if (const auto& t = n["targets"]) {
    if (!t.IsSequence() || t.size() == 0)
      r.error(t, "targets must be a non-empty list of {from, to}");
    for (size_t i = 0; t.IsSequence() && i < t.size(); ++i) {
      const auto& e = t[i];
      if (!r.check_map(e, {"from", "to"}, "target")) continue;
      if (!r.require(e, "from", "target") || !r.require(e, "to", "target")) continue;
      auto from = stage_of(r, e["from"], wf, "target.from");
      auto to = stage_of(r, e["to"], wf, "target.to");
      if (!from || !to) continue;
      if (*to <= *from) r.error(e, "a target must be a later stage than where it starts");
      if (!c.targets.emplace(*from, *to).second)
        r.error(e["from"], "two targets from the same stage");
    }
  }
  if (const auto& d = n["durations"]; d && d.IsMap()) {
    std::vector<std::string> seen;
    for (const auto& kv : d) {
      auto stage = stage_of(r, kv.first, wf, "durations key");
      const auto& v = kv.second;
      if (!stage || !r.check_map(v, {"days", "workdays"}, "duration")) continue;
      if (v.size() != 1) {
        r.error(v, "a duration needs exactly one of 'days' or 'workdays'");
        continue;
      }
      const auto& unit = *v.begin();
      const std::string unit_name = unit.first.Scalar();
      if (unit_name != "days" && unit_name != "workdays") continue;  // reported by check_map
      auto count = r.integer(unit.second, "duration");
      if (!count || *count < 1 || *count > 3650) {
        if (count) r.error(unit.second, "a duration must be between 1 and 3650");
        continue;
      }
      c.durations[*stage] = {static_cast<int>(*count), unit_name == "days"
                                                           ? Duration::Unit::kDays
                                                           : Duration::Unit::kWorkdays};
    }
  } else if (d) {
    r.error(d, "durations must map stages to {days: N} or {workdays: N}");
  }
  // Every stage between a start and its target needs a standard duration, but
  // the target itself (it falls on the end date).
  for (const auto& [from, to] : c.targets)
    for (int s = from + 1; s < to; ++s)
      if (!c.durations.count(s + 1))
        r.error(n["targets"], "scheduling " + wf.stages[from].id + " → " + wf.stages[to].id +
                                  " backwards needs a duration for " + wf.stages[s + 1].id);
  if (!r.ok()) return r.status();
  return c;
}

std::optional<std::vector<Milestone>> schedule_backwards(const Campaign& c, const WorkCalendar& cal,
                                                         int start_stage) {
  auto t = c.targets.find(start_stage);
  if (t == c.targets.end()) return std::nullopt;
  std::vector<Milestone> out;
  Date due = c.end();
  for (int stage = t->second; stage > start_stage; --stage) {
    out.push_back({c.id, stage, std::max(due, c.start)});
    if (stage - 1 == start_stage) break;
    const Duration& d = c.durations.at(stage);
    due = d.unit == Duration::Unit::kDays ? due - d.count : cal.add_workdays(due, -d.count);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<std::vector<Milestone>> schedule_forwards(const Campaign& c, const WorkCalendar& cal,
                                                        int start_stage) {
  auto t = c.targets.find(start_stage);
  if (t == c.targets.end()) return std::nullopt;
  std::vector<Milestone> out;
  Date due = c.start;
  for (int stage = start_stage + 1; stage <= t->second; ++stage) {
    auto d = c.durations.find(stage);
    if (d == c.durations.end()) {
      due = c.end();
    } else {
      due = d->second.unit == Duration::Unit::kDays ? due + d->second.count
                                                    : cal.add_workdays(due, d->second.count);
    }
    out.push_back({c.id, stage, std::min(due, c.end())});
  }
  return out;
}

std::optional<Date> reached_on(const Workflow& wf, const std::vector<Event>& history, int stage) {
  for (const auto& e : history) {
    if (e.kind != EventKind::kCreated && e.kind != EventKind::kAdvanced) continue;
    const auto at = wf.find_stage(e.to);
    if (at && *at >= stage) return e.on;
  }
  return std::nullopt;
}

std::string_view to_string(Flag f) {
  switch (f) {
    case Flag::kRed:
      return "red";
    case Flag::kBlack:
      return "black";
    case Flag::kPending:
      break;
  }
  return "pending";
}

Flag milestone_flag(Date due, std::optional<Date> reached, Date today) {
  if (reached && *reached <= due) return Flag::kRed;
  if (due < today || (reached && *reached > due)) return Flag::kBlack;
  return Flag::kPending;
}

const Campaign* campaign_in_view(const std::vector<Campaign>& campaigns, Date day) {
  const Campaign* best = nullptr;
  for (const auto& c : campaigns)
    if (c.running(day)) return &c;
  for (const auto& c : campaigns)
    if (c.start <= day && (!best || c.start > best->start)) best = &c;
  if (best) return best;
  for (const auto& c : campaigns)
    if (!best || c.start < best->start) best = &c;
  return best;
}

}  // namespace luodi

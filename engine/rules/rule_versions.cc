// The city's rules over time (luodi/rule_versions.h): the versions a list of
// dated changes makes, the merge of a new holiday table, and how the changes
// are kept.
#include "luodi/rule_versions.h"

#include <algorithm>
#include <boost/json.hpp>

namespace luodi {

namespace json = boost::json;

Result<RuleVersions> RuleVersions::build(Workflow workflow, WorkCalendar calendar,
                                         std::vector<RuleChange> changes,
                                         std::vector<CampaignText> campaigns) {
  RuleVersions out;
  out.base_workflow_ = std::move(workflow);
  out.base_calendar_ = std::move(calendar);
  out.changes_ = std::move(changes);
  std::stable_sort(out.changes_.begin(), out.changes_.end(),
                   [](const RuleChange& a, const RuleChange& b) { return a.on < b.on; });
  out.campaigns_ = std::move(campaigns);
  LUODI_RETURN_IF_ERROR(out.rebuild());
  return out;
}

Status RuleVersions::rebuild() {
  std::vector<std::unique_ptr<RuleVersion>> versions;
  versions.push_back(
      std::make_unique<RuleVersion>(RuleVersion{kBeginning, base_workflow_, base_calendar_, {}}));
  for (const auto& change : changes_) {
    const RuleVersion& last = *versions.back();
    RuleVersion v{change.on, last.workflow, last.calendar, {}};
    switch (change.kind) {
      case RuleChange::Kind::kCalendar: {
        LUODI_ASSIGN_OR_RETURN(WorkCalendar loaded, parse_calendar(change.text, change.name));
        LUODI_ASSIGN_OR_RETURN(v.calendar, merge_calendar(last.calendar, loaded, change.name));
        break;
      }
      case RuleChange::Kind::kWorkflow: {
        LUODI_ASSIGN_OR_RETURN(v.workflow, parse_workflow(change.text, change.name));
        break;
      }
    }
    if (v.from == last.from) {
      *versions.back() = std::move(v);  // two changes the same day: the day's rules are the last
    } else {
      versions.push_back(std::make_unique<RuleVersion>(std::move(v)));
    }
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    RuleVersion& v = *versions[i];
    const bool latest = i + 1 == versions.size();
    for (const auto& c : campaigns_) {
      auto parsed = parse_campaign(c.text, c.source, v.workflow);
      if (parsed.ok()) {
        v.campaigns.push_back(std::move(parsed).value());
      } else if (latest) {
        return parsed.status();
      }
    }
  }
  versions_ = std::move(versions);
  return Status::Ok();
}

const RuleVersion& RuleVersions::on(Date day) const {
  auto it =
      std::upper_bound(versions_.begin(), versions_.end(), day,
                       [](Date d, const std::unique_ptr<RuleVersion>& v) { return d < v->from; });
  return it == versions_.begin() ? *versions_.front() : **std::prev(it);
}

Result<RuleVersions> RuleVersions::with(const RuleChange& change) const {
  std::vector<RuleChange> changes = changes_;
  changes.push_back(change);
  return build(base_workflow_, base_calendar_, std::move(changes), campaigns_);
}

Status RuleVersions::add(const RuleChange& change) {
  LUODI_ASSIGN_OR_RETURN(RuleVersions next, with(change));
  *this = std::move(next);
  return Status::Ok();
}

Status RuleVersions::set_campaigns(std::vector<CampaignText> campaigns) {
  std::vector<CampaignText> before = std::move(campaigns_);
  campaigns_ = std::move(campaigns);
  if (Status s = rebuild(); !s.ok()) {
    campaigns_ = std::move(before);
    return s;
  }
  return Status::Ok();
}

std::vector<int> stage_renumbering(const Workflow& from, const Workflow& to) {
  std::vector<int> out;
  for (const auto& st : from.stages) {
    auto it = std::find_if(to.stages.begin(), to.stages.end(),
                           [&](const StageDef& s) { return s.id == st.id; });
    out.push_back(it == to.stages.end() ? -1 : static_cast<int>(it - to.stages.begin()));
  }
  return out;
}

std::string stage_layout(const Workflow& wf) {
  std::string out;
  for (const auto& st : wf.stages) out += (out.empty() ? "" : ",") + st.id;
  return out;
}

std::string_view to_string(RuleChange::Kind k) {
  switch (k) {
    case RuleChange::Kind::kCalendar:
      return "calendar";
    case RuleChange::Kind::kWorkflow:
      return "workflow";
  }
  return "calendar";
}

Result<WorkCalendar> merge_calendar(const WorkCalendar& base, const WorkCalendar& loaded,
                                    const std::string& file) {
  if (loaded.weekend != base.weekend)
    return Status::BadInput(file + ":1:1: the weekend differs from the city's calendar (" +
                            base.id + "); a new table may only add or replace years");
  WorkCalendar out = base;
  for (const auto& [year, table] : loaded.years) out.years[year] = table;
  return out;
}

std::optional<Date> first_difference(const WorkCalendar& a, const WorkCalendar& b, Date before) {
  std::set<int> years;
  for (const auto& [y, _] : a.years) years.insert(y);
  for (const auto& [y, _] : b.years) years.insert(y);
  for (int y : years) {
    for (Date d = Date::from_ymd(y, 1, 1); d < before && d.year() == y; d = d + 1) {
      const Holiday* ha = a.holiday_on(d);
      const Holiday* hb = b.holiday_on(d);
      const bool same_holiday = (!ha && !hb) || (ha && hb && ha->name.zh == hb->name.zh);
      if (a.is_workday(d) != b.is_workday(d) || !same_holiday) return d;
    }
  }
  return std::nullopt;
}

namespace {

std::string text_of(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

}  // namespace

std::string encode_rule_changes(const std::vector<RuleChange>& changes) {
  json::array a;
  for (const auto& c : changes) {
    json::array years;
    for (int y : c.years) years.push_back(y);
    a.push_back(json::object{{"kind", to_string(c.kind)},
                             {"on", c.on.str()},
                             {"name", c.name},
                             {"loaded_at", c.loaded_at},
                             {"years", std::move(years)},
                             {"moved", c.moved},
                             {"text", c.text}});
  }
  return json::serialize(a);
}

Result<std::vector<RuleChange>> decode_rule_changes(std::string_view text) {
  std::vector<RuleChange> out;
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array())
    return Status::Internal("the city's rule changes are not readable: " + ec.message());
  for (const auto& item : v.as_array()) {
    if (!item.is_object()) return Status::Internal("the city's rule changes are not readable");
    const auto& o = item.as_object();
    RuleChange c;
    const std::string kind = text_of(o, "kind");
    if (kind == "calendar") {
      c.kind = RuleChange::Kind::kCalendar;
    } else if (kind == "workflow") {
      c.kind = RuleChange::Kind::kWorkflow;
    } else {
      return Status::Internal("unknown rule change " + kind);
    }
    auto on = Date::parse(text_of(o, "on"));
    if (!on) return Status::Internal("a rule change without its day");
    c.on = *on;
    c.name = text_of(o, "name");
    c.loaded_at = text_of(o, "loaded_at");
    c.text = text_of(o, "text");
    if (auto it = o.find("years"); it != o.end() && it->value().is_array())
      for (const auto& y : it->value().as_array())
        if (y.is_int64()) c.years.push_back(static_cast<int>(y.as_int64()));
    if (auto it = o.find("moved"); it != o.end() && it->value().is_int64())
      c.moved = static_cast<int>(it->value().as_int64());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace luodi

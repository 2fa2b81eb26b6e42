// The city's built rules as it keeps them (luodi/rule_versions.h): every
// version's workflow, calendar and campaigns as parsed, so that opening a
// city reads them without YAML. A JSON document of arrays (Boost.JSON, as the
// rule changes are kept): each workflow and calendar once, the versions by
// index. Decoding checks the whole shape and answers nothing rather than
// rules a field short: the caller then parses the YAML as before.
#include <boost/json.hpp>
#include <stdexcept>

#include "luodi/rule_versions.h"

namespace luodi {

namespace json = boost::json;

namespace {

// Any shape other than the one written: the kept form is not used.
struct Unreadable : std::runtime_error {
  Unreadable() : std::runtime_error("unreadable") {}
};

const json::array& arr(const json::value& v) {
  if (!v.is_array()) throw Unreadable();
  return v.get_array();
}

const json::array& arr(const json::value& v, size_t n) {
  const json::array& a = arr(v);
  if (a.size() != n) throw Unreadable();
  return a;
}

int64_t num(const json::value& v) {
  if (!v.is_int64()) throw Unreadable();
  return v.get_int64();
}

int integer(const json::value& v) { return static_cast<int>(num(v)); }

bool flag(const json::value& v) {
  if (!v.is_bool()) throw Unreadable();
  return v.get_bool();
}

std::string text(const json::value& v) {
  if (!v.is_string()) throw Unreadable();
  return std::string(v.get_string());
}

json::value opt(const std::optional<int>& o) { return o ? json::value(*o) : json::value(nullptr); }

std::optional<int> opt_int(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return integer(v);
}

template <typename T, typename F>
json::array list(const std::vector<T>& items, F f) {
  json::array a;
  a.reserve(items.size());
  for (const auto& item : items) a.push_back(f(item));
  return a;
}

template <typename T, typename F>
std::vector<T> list_of(const json::value& v, F f) {
  std::vector<T> out;
  const json::array& a = arr(v);
  out.reserve(a.size());
  for (const auto& item : a) out.push_back(f(item));
  return out;
}

json::value date(Date d) { return d.days(); }
Date date_of(const json::value& v) { return Date::from_days(integer(v)); }

json::value label(const Label& l) { return json::array{l.zh, l.en}; }
Label label_of(const json::value& v) {
  const auto& a = arr(v, 2);
  return {text(a[0]), text(a[1])};
}

json::value duration(const Duration& d) {
  return json::array{d.count, d.unit == Duration::Unit::kWorkdays};
}
Duration duration_of(const json::value& v) {
  const auto& a = arr(v, 2);
  return {integer(a[0]), flag(a[1]) ? Duration::Unit::kWorkdays : Duration::Unit::kDays};
}

json::value stage(const StageDef& s) {
  return json::array{s.id, label(s.label), s.limit ? duration(*s.limit) : json::value(nullptr),
                     list(s.evidence, [](const EvidenceDef& e) {
                       return json::array{e.id, label(e.label)};
                     })};
}
StageDef stage_of(const json::value& v) {
  const auto& a = arr(v, 4);
  StageDef s;
  s.id = text(a[0]);
  s.label = label_of(a[1]);
  if (!a[2].is_null()) s.limit = duration_of(a[2]);
  s.evidence = list_of<EvidenceDef>(a[3], [](const json::value& e) {
    const auto& p = arr(e, 2);
    return EvidenceDef{text(p[0]), label_of(p[1])};
  });
  return s;
}

json::value category(const BlockerCategory& c) {
  return json::array{c.id, label(c.label), c.pauses.stage, c.pauses.plan, c.pauses.campaign};
}
BlockerCategory category_of(const json::value& v) {
  const auto& a = arr(v, 5);
  BlockerCategory c;
  c.id = text(a[0]);
  c.label = label_of(a[1]);
  c.pauses.stage = flag(a[2]);
  c.pauses.plan = flag(a[3]);
  c.pauses.campaign = flag(a[4]);
  return c;
}

json::value lights(const LightRules& l) {
  return json::array{
      opt(l.yellow_days_left),
      opt(l.yellow_blocked_days),
      opt(l.red_days_overdue),
      opt(l.red_blocked_days),
      opt(l.red_yellow_days),
      list(l.investment, [](const InvestmentLightRule& r) {
        return json::array{static_cast<int>(r.light), static_cast<int>(r.measure), r.threshold};
      })};
}
LightRules lights_of(const json::value& v) {
  const auto& a = arr(v, 6);
  LightRules l;
  l.yellow_days_left = opt_int(a[0]);
  l.yellow_blocked_days = opt_int(a[1]);
  l.red_days_overdue = opt_int(a[2]);
  l.red_blocked_days = opt_int(a[3]);
  l.red_yellow_days = opt_int(a[4]);
  l.investment = list_of<InvestmentLightRule>(a[5], [](const json::value& r) {
    const auto& p = arr(r, 3);
    const int light = integer(p[0]), measure = integer(p[1]);
    if (light < 0 || light > static_cast<int>(LightColor::kRed) || measure < 0 ||
        measure > static_cast<int>(InvestmentLightRule::Measure::kShareOfSchedule) ||
        !p[2].is_number())
      throw Unreadable();
    return InvestmentLightRule{static_cast<LightColor>(light),
                               static_cast<InvestmentLightRule::Measure>(measure),
                               p[2].to_number<double>()};
  });
  return l;
}

json::value reminders(const ReminderRules& r) {
  return json::array{list(r.before_due, [](int d) { return json::value(d); }),
                     r.on_due,
                     opt(r.overdue_every),
                     opt(r.supervisor_after),
                     opt(r.leader_after),
                     opt(r.stale_workdays)};
}
ReminderRules reminders_of(const json::value& v) {
  const auto& a = arr(v, 6);
  ReminderRules r;
  r.before_due = list_of<int>(a[0], integer);
  r.on_due = flag(a[1]);
  r.overdue_every = opt_int(a[2]);
  r.supervisor_after = opt_int(a[3]);
  r.leader_after = opt_int(a[4]);
  r.stale_workdays = opt_int(a[5]);
  return r;
}

json::value digests(const DigestRules& d) {
  return json::array{list(d.schedule,
                          [](const DigestRule& r) {
                            return json::array{r.id, label(r.label),
                                               r.every == DigestRule::Every::kMonth, r.weekday,
                                               r.at_minutes};
                          }),
                     d.report_link};
}
DigestRules digests_of(const json::value& v) {
  const auto& a = arr(v, 2);
  DigestRules d;
  d.schedule = list_of<DigestRule>(a[0], [](const json::value& r) {
    const auto& p = arr(r, 5);
    DigestRule rule;
    rule.id = text(p[0]);
    rule.label = label_of(p[1]);
    rule.every = flag(p[2]) ? DigestRule::Every::kMonth : DigestRule::Every::kWeek;
    rule.weekday = static_cast<unsigned>(num(p[3]));
    rule.at_minutes = integer(p[4]);
    return rule;
  });
  d.report_link = text(a[1]);
  return d;
}

json::value workflow(const Workflow& w) {
  return json::array{w.id,
                     w.version,
                     label(w.label),
                     list(w.stages, stage),
                     list(w.extra_transitions,
                          [](const std::pair<int, int>& t) {
                            return json::array{t.first, t.second};
                          }),
                     label(w.cancelled_label),
                     label(w.dropped_label),
                     list(w.blocker_categories, category),
                     w.start_stage,
                     lights(w.lights),
                     reminders(w.reminders),
                     digests(w.digests)};
}
Workflow workflow_of(const json::value& v) {
  const auto& a = arr(v, 12);
  Workflow w;
  w.id = text(a[0]);
  w.version = integer(a[1]);
  w.label = label_of(a[2]);
  w.stages = list_of<StageDef>(a[3], stage_of);
  w.extra_transitions = list_of<std::pair<int, int>>(a[4], [](const json::value& t) {
    const auto& p = arr(t, 2);
    return std::pair{integer(p[0]), integer(p[1])};
  });
  w.cancelled_label = label_of(a[5]);
  w.dropped_label = label_of(a[6]);
  w.blocker_categories = list_of<BlockerCategory>(a[7], category_of);
  w.start_stage = integer(a[8]);
  w.lights = lights_of(a[9]);
  w.reminders = reminders_of(a[10]);
  w.digests = digests_of(a[11]);
  return w;
}

json::value calendar(const WorkCalendar& c) {
  json::array years;
  for (const auto& [y, year] : c.years) {
    json::array makeup;
    for (Date d : year.makeup_workdays) makeup.push_back(date(d));
    years.push_back(json::array{y, year.year,
                                list(year.holidays,
                                     [](const Holiday& h) {
                                       return json::array{label(h.name), date(h.from), date(h.to)};
                                     }),
                                std::move(makeup)});
  }
  json::array weekend;
  for (unsigned d : c.weekend) weekend.push_back(d);
  return json::array{c.id, std::move(weekend), std::move(years)};
}
WorkCalendar calendar_of(const json::value& v) {
  const auto& a = arr(v, 3);
  WorkCalendar c;
  c.id = text(a[0]);
  c.weekend.clear();
  for (const auto& d : arr(a[1])) c.weekend.insert(static_cast<unsigned>(num(d)));
  for (const auto& y : arr(a[2])) {
    const auto& p = arr(y, 4);
    CalendarYear year;
    year.year = integer(p[1]);
    year.holidays = list_of<Holiday>(p[2], [](const json::value& h) {
      const auto& q = arr(h, 3);
      return Holiday{label_of(q[0]), date_of(q[1]), date_of(q[2])};
    });
    for (const auto& d : arr(p[3])) year.makeup_workdays.insert(date_of(d));
    c.years.emplace(integer(p[0]), std::move(year));
  }
  return c;
}

json::value campaign(const Campaign& c) {
  json::array targets, durations;
  for (const auto& [from, to] : c.targets) targets.push_back(json::array{from, to});
  for (const auto& [s, d] : c.durations) durations.push_back(json::array{s, duration(d)});
  return json::array{c.id,
                     label(c.label),
                     date(c.start),
                     c.days,
                     c.key_only,
                     list(c.units, [](const std::string& u) { return json::value(u); }),
                     std::move(targets),
                     std::move(durations)};
}
Campaign campaign_of(const json::value& v) {
  const auto& a = arr(v, 8);
  Campaign c;
  c.id = text(a[0]);
  c.label = label_of(a[1]);
  c.start = date_of(a[2]);
  c.days = integer(a[3]);
  c.key_only = flag(a[4]);
  c.units = list_of<std::string>(a[5], text);
  for (const auto& t : arr(a[6])) {
    const auto& p = arr(t, 2);
    c.targets.emplace(integer(p[0]), integer(p[1]));
  }
  for (const auto& t : arr(a[7])) {
    const auto& p = arr(t, 2);
    c.durations.emplace(integer(p[0]), duration_of(p[1]));
  }
  return c;
}

// The index of `x` in `items`, added when not there (versions share their
// workflow or calendar with the one before unless a change replaced it).
template <typename T>
int index_in(std::vector<const T*>& items, const T& x) {
  for (size_t i = 0; i < items.size(); ++i)
    if (*items[i] == x) return static_cast<int>(i);
  items.push_back(&x);
  return static_cast<int>(items.size()) - 1;
}

}  // namespace

std::string RuleVersions::encode(const std::string& key) const {
  std::vector<const Workflow*> workflows;
  std::vector<const WorkCalendar*> calendars;
  const int base_workflow = index_in(workflows, base_workflow_);
  const int base_calendar = index_in(calendars, base_calendar_);
  json::array versions;
  for (const auto& v : versions_)
    versions.push_back(json::array{date(v->from), index_in(workflows, v->workflow),
                                   index_in(calendars, v->calendar), list(v->campaigns, campaign)});
  json::array w, c;
  for (const Workflow* x : workflows) w.push_back(workflow(*x));
  for (const WorkCalendar* x : calendars) c.push_back(calendar(*x));
  return json::serialize(json::array{kRulesCodecFormat, key, base_workflow, base_calendar,
                                     std::move(w), std::move(c), std::move(versions)});
}

std::optional<RuleVersions> RuleVersions::decode(std::string_view kept, const std::string& key,
                                                 std::vector<RuleChange> changes,
                                                 std::vector<CampaignText> campaigns) {
  json::error_code ec;
  json::value v = json::parse(kept, ec);
  if (ec) return std::nullopt;
  try {
    const auto& a = arr(v, 7);
    if (num(a[0]) != kRulesCodecFormat || text(a[1]) != key) return std::nullopt;
    const std::vector<Workflow> workflows = list_of<Workflow>(a[4], workflow_of);
    const std::vector<WorkCalendar> calendars = list_of<WorkCalendar>(a[5], calendar_of);
    auto pick = [](const auto& items, const json::value& i) -> const auto& {
      const int64_t n = num(i);
      if (n < 0 || n >= static_cast<int64_t>(items.size())) throw Unreadable();
      return items[static_cast<size_t>(n)];
    };
    RuleVersions out;
    out.base_workflow_ = pick(workflows, a[2]);
    out.base_calendar_ = pick(calendars, a[3]);
    out.changes_ = std::move(changes);
    std::stable_sort(out.changes_.begin(), out.changes_.end(),
                     [](const RuleChange& x, const RuleChange& y) { return x.on < y.on; });
    out.campaigns_ = std::move(campaigns);
    for (const auto& item : arr(a[6])) {
      const auto& p = arr(item, 4);
      out.versions_.push_back(std::make_unique<RuleVersion>(
          RuleVersion{date_of(p[0]), pick(workflows, p[1]), pick(calendars, p[2]),
                      list_of<Campaign>(p[3], campaign_of)}));
    }
    if (out.versions_.empty()) return std::nullopt;
    return out;
  } catch (const Unreadable&) {
    return std::nullopt;
  }
}

std::string kept_rules_key(const std::string& revision, const std::vector<std::string>& sources,
                           const std::vector<CampaignText>& campaigns,
                           const std::vector<std::string>& campaign_ids) {
  // FNV-1a over every text the rules are parsed from: a kept form never
  // outlives an edit of one (the revision and the ids name the usual changes).
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text holds
  };
  for (const auto& s : sources) mix(s);
  for (const auto& c : campaigns) {
    mix(c.text);
    mix(c.source);
  }
  std::string ids;
  for (const auto& id : campaign_ids) ids += (ids.empty() ? "" : ",") + id;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return "revision " + revision + "; campaigns " + ids + "; texts " + hex;
}

}  // namespace luodi

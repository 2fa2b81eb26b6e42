// Builds the report's tables from a snapshot. Populations: the key list on
// the report date (dropped projects are off it, pipeline projects never on
// it); "active" leaves out the cancelled. Investment completed counts every
// project that reported progress, whatever its list, as the year's target does.
#include "luodi/report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "luodi/stats.h"
#include "report/labels.h"
#include "views/json_views.h"

namespace luodi {

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "zh") return Lang::kZh;
  if (s == "en") return Lang::kEn;
  return std::nullopt;
}

int Table::column(std::string_view id) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].id == id) return static_cast<int>(i);
  return -1;
}

const Table* Report::section(std::string_view id) const {
  for (const auto& t : sections)
    if (t.id == id) return &t;
  return nullptr;
}

std::optional<double> Report::headline(std::string_view metric) const {
  const Table* t = section("headline");
  if (!t) return std::nullopt;
  for (size_t i = 0; i < t->row_ids.size(); ++i)
    if (t->row_ids[i] == metric && std::holds_alternative<double>(t->rows[i][1]))
      return std::get<double>(t->rows[i][1]);
  return std::nullopt;
}

namespace {

using report_labels::text;

// Amounts to 1e-6 of their unit: sums of decimals carry binary noise.
double amount(double v) { return std::round(v * 1e6) / 1e6; }
Cell number(double v) { return amount(v); }
Cell count(long n) { return static_cast<double>(n); }
Cell optional_number(const std::optional<double>& v) { return v ? number(*v) : Cell{}; }
Cell percent_of(double part, const std::optional<double>& whole) {
  if (!whole || *whole <= 0) return {};
  return views::percent(part / *whole);
}

const std::string& label(const Label& l, Lang lang) { return lang == Lang::kEn ? l.en : l.zh; }

bool listed(const ProjectState& p) { return p.key && p.status != ProjectStatus::kDropped; }
bool active(const ProjectState& p) { return listed(p) && p.status != ProjectStatus::kCancelled; }

struct Money {
  double fixed_asset_wan = 0;
  double foreign_usd_wan = 0;
};

std::map<std::string, Money> cumulative(const std::vector<ProjectState>& states) {
  std::map<std::string, Money> out;
  for (const auto& s : states)
    if (s.progress)
      out[s.code] = {s.progress->fixed_asset_wan, s.progress->foreign_arrived_usd_wan.value_or(0)};
  return out;
}

// What each project completed between two cumulative readings.
std::map<std::string, Money> completed(const std::vector<ProjectState>& to,
                                       const std::vector<ProjectState>& from) {
  auto end = cumulative(to);
  const auto start = cumulative(from);
  for (auto& [code, m] : end) {
    auto it = start.find(code);
    if (it == start.end()) continue;
    m.fixed_asset_wan -= it->second.fixed_asset_wan;
    m.foreign_usd_wan -= it->second.foreign_usd_wan;
  }
  return end;
}

Money total(const std::map<std::string, Money>& by_project) {
  Money t;
  for (const auto& [code, m] : by_project) {
    t.fixed_asset_wan += m.fixed_asset_wan;
    t.foreign_usd_wan += m.foreign_usd_wan;
  }
  return t;
}

// Months of the year completed on `d`: June 30 → 6, June 29 → 5.
int months_completed(Date d) { return static_cast<int>(d.month()) - ((d + 1).month() == d.month()); }

class Builder {
 public:
  Builder(const Workflow& wf, const Snapshot& snap, const std::optional<Targets>& targets, Lang lang)
      : wf_(wf), snap_(snap), targets_(targets), lang_(lang) {
    ytd_ = completed(states(snap.projects), snap.year_start);
    last_ytd_ = completed(snap.last_year, snap.last_year_start);
    has_last_year_ = !cumulative(snap.last_year).empty();
  }

  Report build() {
    Report r;
    r.as_of = snap_.as_of;
    r.lang = lang_;
    r.title = text("title", lang_) + " " + snap_.as_of.str();
    r.sections.push_back(headline());
    r.sections.push_back(funnel());
    r.sections.push_back(lights());
    r.sections.push_back(units());
    r.sections.push_back(leaders());
    r.sections.push_back(blocked());
    r.sections.push_back(land());
    if (const CampaignReport* c = latest_campaign()) {
      r.sections.push_back(campaign(*c));
      r.sections.push_back(burndown(*c));
    }
    r.sections.push_back(projects());
    for (const char* note : {"note_population", "note_start_ratio", "note_investment", "note_lights"})
      r.notes.push_back(text(note, lang_));
    return r;
  }

 private:
  static std::vector<ProjectState> states(const std::vector<TrackedProject>& ps) {
    std::vector<ProjectState> out;
    out.reserve(ps.size());
    for (const auto& p : ps) out.push_back(p.project);
    return out;
  }

  Table table(const std::string& id, std::initializer_list<const char*> columns) const {
    Table t;
    t.id = id;
    t.title = text("section_" + id, lang_);
    for (const char* c : columns) t.columns.push_back({c, text(c, lang_)});
    return t;
  }

  std::vector<const TrackedProject*> active_projects() const {
    std::vector<const TrackedProject*> out;
    for (const auto& p : snap_.projects)
      if (active(p.project)) out.push_back(&p);
    return out;
  }

  Table headline() const {
    const Stats st = compute_stats(wf_, snap_.as_of, snap_.projects);
    Table t = table("headline", {"metric", "value", "measure"});
    auto add = [&](const char* id, Cell value, const char* unit) {
      t.row_ids.push_back(id);
      t.rows.push_back({text(id, lang_), std::move(value), text(unit, lang_)});
    };
    int tier_mid = 0, tier_top = 0, blocked_n = 0, overdue_n = 0, red = 0;
    for (const auto* p : active_projects()) {
      const double inv = p->project.attributes.investment_wan.value_or(0);
      tier_mid += inv >= 5000 && inv < 10000;
      tier_top += inv >= 10000;
      blocked_n += p->project.status == ProjectStatus::kBlocked;
      overdue_n += p->standing.overdue();
      red += p->standing.light.color == LightColor::kRed;
    }
    const Money ytd = total(ytd_);
    const Money last = total(last_ytd_);
    const Target city = targets_ ? targets_->city : Target{};
    const double pro_rata = months_completed(snap_.as_of) / 12.0;
    add("key_projects", count(st.key_projects), "unit_projects");
    add("cancelled", count(st.cancelled), "unit_projects");
    add("active", count(st.active), "unit_projects");
    add("tier_50m_100m", count(tier_mid), "unit_projects");
    add("tier_100m_plus", count(tier_top), "unit_projects");
    add("total_investment_wan", number(st.active_investment_wan), "unit_wan");
    add("total_investment_yi", number(st.active_investment_wan / 10000), "unit_yi");
    add("started", count(st.site_entry_or_later), "unit_projects");
    add("start_ratio_percent", views::percent(st.start_ratio), "unit_percent");
    add("fixed_asset_ytd_wan", number(ytd.fixed_asset_wan), "unit_wan");
    // The same period last year, and the growth on it, where the database holds it.
    auto year_on_year = [&](const char* last_id, const char* yoy_id, double now, double then,
                            const char* unit) {
      add(last_id, has_last_year_ ? number(then) : Cell{}, unit);
      add(yoy_id, has_last_year_ && then > 0 ? Cell(views::percent(now / then - 1)) : Cell{},
          "unit_percent");
    };
    year_on_year("fixed_asset_last_year_wan", "fixed_asset_yoy_percent", ytd.fixed_asset_wan,
                 last.fixed_asset_wan, "unit_wan");
    add("domestic_target_wan", optional_number(city.domestic_capital_wan), "unit_wan");
    const Cell completion = percent_of(ytd.fixed_asset_wan, city.domestic_capital_wan);
    add("domestic_completion_percent", completion, "unit_percent");
    add("pro_rata_percent", views::percent(pro_rata), "unit_percent");
    add("domestic_vs_pro_rata_points",
        std::holds_alternative<double>(completion)
            ? Cell(amount(std::get<double>(completion) - views::percent(pro_rata)))
            : Cell{},
        "unit_points");
    add("foreign_arrived_ytd_usd_wan", number(ytd.foreign_usd_wan), "unit_usd_wan");
    year_on_year("foreign_arrived_last_year_usd_wan", "foreign_yoy_percent", ytd.foreign_usd_wan,
                 last.foreign_usd_wan, "unit_usd_wan");
    add("foreign_target_usd_wan", optional_number(city.foreign_capital_usd_wan), "unit_usd_wan");
    add("foreign_completion_percent", percent_of(ytd.foreign_usd_wan, city.foreign_capital_usd_wan),
        "unit_percent");
    add("blocked", count(blocked_n), "unit_projects");
    add("overdue", count(overdue_n), "unit_projects");
    add("red", count(red), "unit_projects");
    add("land_need_mu", number(st.land_need_mu), "unit_mu");
    add("land_shortfall_mu", number(st.land_shortfall_mu), "unit_mu");
    add("pipeline", count(st.pipeline), "unit_projects");
    return t;
  }

  Table funnel() const {
    Table t = table("funnel", {"stage", "at_stage", "reached", "reached_percent"});
    const auto active_ps = active_projects();
    for (size_t i = 0; i < wf_.stages.size(); ++i) {
      int at = 0, reached = 0;
      for (const auto* p : active_ps) {
        at += p->project.stage == static_cast<int>(i);
        reached += p->project.stage >= static_cast<int>(i);
      }
      t.row_ids.push_back(wf_.stages[i].id);
      t.rows.push_back({label(wf_.stages[i].label, lang_), count(at), count(reached),
                        percent_of(reached, static_cast<double>(active_ps.size()))});
    }
    return t;
  }

  Table lights() const {
    Table t = table("lights", {"light", "projects"});
    for (LightColor c : {LightColor::kRed, LightColor::kYellow, LightColor::kGreen}) {
      int n = 0;
      for (const auto* p : active_projects()) n += p->standing.light.color == c;
      t.row_ids.push_back(std::string(to_string(c)));
      t.rows.push_back({text("light_" + std::string(to_string(c)), lang_), count(n)});
    }
    return t;
  }

  Table units() const {
    Table t = table("units", {"unit", "projects"});
    for (const auto& s : wf_.stages) t.columns.push_back({"stage_" + s.id, label(s.label, lang_)});
    for (const char* c : {"blocked", "overdue", "red", "fixed_asset_ytd_wan", "domestic_target_wan",
                          "domestic_completion_percent"})
      t.columns.push_back({c, text(c, lang_)});
    std::map<std::string, std::vector<const TrackedProject*>> by_unit;
    for (const auto* p : active_projects()) by_unit[p->project.attributes.unit].push_back(p);
    for (const auto& [unit, ps] : by_unit) {
      std::vector<Cell> row{unit, count(static_cast<long>(ps.size()))};
      for (size_t i = 0; i < wf_.stages.size(); ++i)
        row.push_back(count(std::count_if(ps.begin(), ps.end(), [&](auto* p) {
          return p->project.stage == static_cast<int>(i);
        })));
      int blocked_n = 0, overdue_n = 0, red = 0;
      for (const auto* p : ps) {
        blocked_n += p->project.status == ProjectStatus::kBlocked;
        overdue_n += p->standing.overdue();
        red += p->standing.light.color == LightColor::kRed;
      }
      double fixed = 0;
      for (const auto& p : snap_.projects)
        if (p.project.attributes.unit == unit)
          if (auto it = ytd_.find(p.project.code); it != ytd_.end()) fixed += it->second.fixed_asset_wan;
      std::optional<double> target;
      if (targets_)
        if (auto it = targets_->units.find(unit); it != targets_->units.end())
          target = it->second.domestic_capital_wan;
      for (Cell c : {count(blocked_n), count(overdue_n), count(red), number(fixed), optional_number(target),
                     percent_of(fixed, target)})
        row.push_back(std::move(c));
      t.row_ids.push_back(unit);
      t.rows.push_back(std::move(row));
    }
    return t;
  }

  Table leaders() const {
    Table t = table("leaders", {"leader", "projects", "blocked", "red", "yellow", "open_instructions"});
    std::map<std::string, std::vector<const TrackedProject*>> by_leader;
    for (const auto* p : active_projects()) by_leader[p->project.attributes.leader].push_back(p);
    for (const auto& [leader, ps] : by_leader) {
      int blocked_n = 0, red = 0, yellow = 0, instructions = 0;
      for (const auto* p : ps) {
        blocked_n += p->project.status == ProjectStatus::kBlocked;
        red += p->standing.light.color == LightColor::kRed;
        yellow += p->standing.light.color == LightColor::kYellow;
        for (const auto& b : p->project.blockers)
          for (const auto& in : b.instructions) instructions += !in.done_on;
      }
      t.row_ids.push_back(leader);
      t.rows.push_back({leader, count(static_cast<long>(ps.size())), count(blocked_n), count(red),
                        count(yellow), count(instructions)});
    }
    return t;
  }

  Table blocked() const {
    Table t = table("blocked", {"code", "name", "unit", "leader", "category", "reason", "owner",
                                "since", "days_blocked", "latest_instruction", "instruction_by",
                                "instruction_on"});
    for (const auto* p : active_projects()) {
      for (const auto& b : p->project.blockers) {
        const BlockerCategory* cat = wf_.find_category(b.category);
        const Instruction* last = b.instructions.empty() ? nullptr : &b.instructions.back();
        const auto& a = p->project.attributes;
        t.row_ids.push_back(p->project.code + "#" + std::to_string(b.id));
        t.rows.push_back({p->project.code, a.name, a.unit, a.leader,
                          cat ? label(cat->label, lang_) : b.category, b.reason, b.owner,
                          b.since.str(), count(snap_.as_of - b.since),
                          last ? Cell(last->text) : Cell{}, last ? Cell(last->by) : Cell{},
                          last ? Cell(last->on.str()) : Cell{}});
      }
    }
    return t;
  }

  Table land() const {
    Table t = table("land", {"unit", "projects", "land_need_mu", "land_secured_mu", "land_shortfall_mu",
                             "land_secured_this_year_mu"});
    struct Sum { int n = 0; double need = 0, secured = 0, short_ = 0, this_year = 0; };
    // Quota secured over the year: from the dated changes, the secured area on
    // the report date less that on 31 December.
    std::map<std::string, double> secured_at_year_start;
    for (const auto& s : snap_.year_start) secured_at_year_start[s.code] = land_of(s.attributes).secured;
    std::map<std::string, Sum> by_unit;
    Sum all;
    for (const auto* p : active_projects()) {
      const auto& a = p->project.attributes;
      const Land land = land_of(a);
      const auto before = secured_at_year_start.find(p->project.code);
      for (Sum* s : {&by_unit[a.unit], &all}) {
        ++s->n;
        s->need += land.need;
        s->secured += land.secured;
        s->short_ += land.shortfall;
        s->this_year += land.secured - (before == secured_at_year_start.end() ? 0 : before->second);
      }
    }
    auto row = [&](const std::string& id, const std::string& name, const Sum& s) {
      t.row_ids.push_back(id);
      t.rows.push_back({name, count(s.n), number(s.need), number(s.secured), number(s.short_), number(s.this_year)});
    };
    for (const auto& [unit, s] : by_unit) row(unit, unit, s);
    row("total", text("total", lang_), all);
    return t;
  }

  const CampaignReport* latest_campaign() const {
    const CampaignReport* best = nullptr;
    for (const auto& c : snap_.campaigns)
      if (!best || c.campaign.start > best->campaign.start) best = &c;
    return best;
  }

  Table campaign(const CampaignReport& c) const {
    Table t = table("campaign", {"campaign", "start", "end", "day", "days", "days_left", "projects",
                                 "met", "on_track", "behind", "blocked", "left"});
    const int days_left = std::max(0, c.campaign.end() - snap_.as_of);
    t.row_ids.push_back(c.campaign.id);
    t.rows.push_back({label(c.campaign.label, lang_), c.campaign.start.str(), c.campaign.end().str(),
                      count(c.day), count(c.campaign.days), count(days_left),
                      count(c.counts.projects), count(c.counts.met), count(c.counts.on_track),
                      count(c.counts.behind), count(c.counts.blocked), count(c.counts.left)});
    return t;
  }

  Table burndown(const CampaignReport& c) const {
    Table t = table("burndown", {"week_ending", "planned", "met"});
    for (const auto& b : c.burndown) {
      t.row_ids.push_back(b.date.str());
      t.rows.push_back({b.date.str(), count(b.planned),
                        b.date <= snap_.as_of ? count(b.met) : Cell{}});
    }
    return t;
  }

  Table projects() const {
    Table t = table("projects", {"code", "name", "unit", "leader", "stage", "status",
                                 "investment_wan", "fixed_asset_ytd_wan", "due", "provisional", "days_left",
                                 "light"});
    for (const auto& p : snap_.projects) {
      if (!listed(p.project)) continue;
      const auto& a = p.project.attributes;
      auto it = ytd_.find(p.project.code);
      const auto& d = p.standing.deadline;
      t.row_ids.push_back(p.project.code);
      t.rows.push_back({p.project.code, a.name, a.unit, a.leader,
                        label(wf_.stages[p.project.stage].label, lang_),
                        text("status_" + std::string(to_string(p.project.status)), lang_),
                        optional_number(a.investment_wan),
                        it == ytd_.end() ? Cell{} : number(it->second.fixed_asset_wan),
                        d ? Cell(d->due.str()) : Cell{},
                        p.standing.provisional ? text("provisional_mark", lang_) : Cell{},
                        d ? count(p.standing.days_left) : Cell{},
                        text("light_" + std::string(to_string(p.standing.light.color)), lang_)});
    }
    return t;
  }

  const Workflow& wf_;
  const Snapshot& snap_;
  const std::optional<Targets>& targets_;
  Lang lang_;
  std::map<std::string, Money> ytd_, last_ytd_;
  bool has_last_year_ = false;
};

}  // namespace

Report build_report(const Workflow& wf, const Snapshot& snapshot,
                    const std::optional<Targets>& targets, Lang lang) {
  return Builder(wf, snapshot, targets, lang).build();
}

}  // namespace luodi

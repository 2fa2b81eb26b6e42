// Builds the report's tables from a snapshot. Populations: the key list on
// the report date (dropped projects are off it, pipeline projects never on
// it); "active" leaves out the cancelled. Investment completed counts every
// project that reported progress, whatever its list, as the year's target does.
#include "luodi/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <tuple>

#include "catalogue/catalogue.h"
#include "luodi/engine.h"
#include "luodi/investment.h"
#include "luodi/stats.h"
#include "views/json_views.h"

namespace luodi {

int Table::column(std::string_view id) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].id == id) return static_cast<int>(i);
  return -1;
}

Status Table::each_row(const RowVisitor& visit) const {
  if (stream) return stream(visit);
  for (size_t i = 0; i < rows.size(); ++i) LUODI_RETURN_IF_ERROR(visit(row_ids[i], rows[i]));
  return Status::Ok();
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

using catalogue::text;

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

struct Money {
  double fixed_asset_wan = 0;
  double foreign_usd_wan = 0;
};

// What a project completed between two cumulative readings (none without
// a reading at the end; all of it without one at the start).
std::optional<Money> completed(const ProjectState* to, const ProjectState* from) {
  if (!to || !to->progress) return std::nullopt;
  Money m{to->progress->fixed_asset_wan, to->progress->foreign_arrived_usd_wan.value_or(0)};
  if (from && from->progress) {
    m.fixed_asset_wan -= from->progress->fixed_asset_wan;
    m.foreign_usd_wan -= from->progress->foreign_arrived_usd_wan.value_or(0);
  }
  return m;
}

void add_to(Money& total, const std::optional<Money>& m) {
  if (!m) return;
  total.fixed_asset_wan += m->fixed_asset_wan;
  total.foreign_usd_wan += m->foreign_usd_wan;
}

// The report's sections as sums over the projects, handed over one at a
// time in code order; only the blocked table keeps a row per blocker.
class Builder {
 public:
  Builder(const Workflow& wf, Date as_of, std::optional<Targets> targets, Lang lang)
      : wf_(wf),
        as_of_(as_of),
        targets_(std::move(targets)),
        lang_(lang),
        per_stage_(wf.stages.size()) {
    blocked_table_ = table(
        "blocked", {"code", "name", "unit", "leader", "category", "reason", "owner", "since",
                    "days_blocked", "latest_instruction", "instruction_by", "instruction_on",
                    "kind", "instruction_assignee", "instruction_due", "instruction_days_overdue"});
  }

  void add(const ReportedProject& rp) {
    const TrackedProject& p = rp.now;
    const ProjectState& s = p.project;
    const auto& a = s.attributes;
    const std::optional<Money> ytd = completed(&s, rp.year_start);
    add_to(ytd_, ytd);
    add_to(last_ytd_, completed(rp.last_year, rp.last_year_start));
    has_last_year_ |= rp.last_year && rp.last_year->progress;
    add_to(unit_fixed_[a.unit], ytd);
    add_group(group_of(p));
    if (!is_active_key(s)) return;
    ++active_;
    const double inv = a.investment_wan.value_or(0);
    tier_mid_ += inv >= 5000 && inv < 10000;
    tier_top_ += inv >= 10000;
    const bool blocked = s.status == ProjectStatus::kBlocked, overdue = p.standing.overdue();
    const LightColor light = p.standing.light.color;
    blocked_n_ += blocked;
    overdue_ += overdue;
    red_ += light == LightColor::kRed;
    if (s.stage >= 0 && static_cast<size_t>(s.stage) < per_stage_.size()) ++per_stage_[s.stage];
    ++lights_[light];
    UnitSum& u = units_[a.unit];
    ++u.n;
    u.per_stage.resize(wf_.stages.size());
    if (s.stage >= 0 && static_cast<size_t>(s.stage) < u.per_stage.size()) ++u.per_stage[s.stage];
    u.started += s.stage >= wf_.start_stage;
    u.blocked += blocked;
    u.overdue += overdue;
    u.red += light == LightColor::kRed;
    LeaderSum& l = leaders_[a.leader];
    ++l.n;
    l.blocked += blocked;
    l.red += light == LightColor::kRed;
    l.yellow += light == LightColor::kYellow;
    for (const auto& b : s.blockers)
      for (const auto& in : b.instructions) l.instructions += !in.done_on;
    l.overdue_instructions += static_cast<long>(overdue_instructions(p).size());
    for (const auto& b : s.blockers) blocked_rows(p, b);
    const Land land = land_of(a);
    const double before = rp.year_start ? land_of(rp.year_start->attributes).secured : 0;
    for (LandSum* sum : {&land_[a.unit], &land_all_}) {
      ++sum->n;
      sum->need += land.need;
      sum->secured += land.secured;
      sum->short_ += land.shortfall;
      sum->need_unknown += land.need_unknown;
      sum->this_year += land.secured - before;
    }
  }

  // The projects table's row of `rp`, if it is on the list.
  std::optional<std::vector<Cell>> project_row(const ReportedProject& rp) const {
    const TrackedProject& p = rp.now;
    if (!listed(p.project)) return std::nullopt;
    const auto& a = p.project.attributes;
    const std::optional<Money> ytd = completed(&p.project, rp.year_start);
    const auto& d = p.standing.deadline;
    return std::vector<Cell>{
        p.project.code,
        a.name,
        a.unit,
        a.leader,
        label(wf_.stages[p.project.stage].label, lang_),
        text("status_" + std::string(to_string(p.project.status)), lang_),
        optional_number(a.investment_wan),
        ytd ? number(ytd->fixed_asset_wan) : Cell{},
        d ? Cell(d->due.str()) : Cell{},
        p.standing.provisional ? text("provisional_mark", lang_) : Cell{},
        d ? count(p.standing.days_left) : Cell{},
        text("light_" + std::string(to_string(p.standing.light.color)), lang_)};
  }

  // The report: `projects` is the projects table, its rows held or streamed.
  Report build(const std::vector<CampaignReport>& campaigns, Table projects) {
    Report r;
    r.as_of = as_of_;
    r.lang = lang_;
    r.title = text("title", lang_) + " " + as_of_.str();
    r.sections.push_back(headline());
    r.sections.push_back(funnel());
    r.sections.push_back(lights());
    r.sections.push_back(units());
    r.sections.push_back(units_ranking());
    r.sections.push_back(leaders());
    r.sections.push_back(std::move(blocked_table_));
    r.sections.push_back(land());
    if (const CampaignReport* c = latest_campaign(campaigns)) {
      r.sections.push_back(campaign(*c));
      r.sections.push_back(burndown(*c));
      r.sections.push_back(forecast(*c));
    }
    r.sections.push_back(std::move(projects));
    for (const char* note :
         {"note_population", "note_start_ratio", "note_investment", "note_lights"})
      r.notes.push_back(text(note, lang_));
    return r;
  }

  Table projects_table() const {
    return table("projects", {"code", "name", "unit", "leader", "stage", "status", "investment_wan",
                              "fixed_asset_ytd_wan", "due", "provisional", "days_left", "light"});
  }

 private:
  // A unit's fixed-asset investment this year, and its domestic target.
  double unit_fixed(const std::string& unit) const {
    const auto it = unit_fixed_.find(unit);
    return it == unit_fixed_.end() ? 0 : it->second.fixed_asset_wan;
  }
  std::optional<double> unit_target(const std::string& unit) const {
    if (!targets_) return std::nullopt;
    const auto it = targets_->units.find(unit);
    return it == targets_->units.end() ? std::nullopt : it->second.domestic_capital_wan;
  }

  // The targets' monthly schedule, if they give one (else months ÷ 12).
  std::optional<MonthlyCurve> schedule() const {
    return targets_ ? targets_->schedule : std::nullopt;
  }

  struct UnitSum {
    long n = 0, started = 0, blocked = 0, overdue = 0, red = 0;
    std::vector<long> per_stage;
  };
  struct LeaderSum {
    long n = 0, blocked = 0, red = 0, yellow = 0, instructions = 0, overdue_instructions = 0;
  };
  struct LandSum {
    long n = 0;
    double need = 0, secured = 0, short_ = 0, this_year = 0;
    long need_unknown = 0;  // projects with quota secured and no need recorded
  };

  Table table(const std::string& id, std::initializer_list<const char*> columns) const {
    Table t;
    t.id = id;
    t.title = text("section_" + id, lang_);
    for (const char* c : columns) t.columns.push_back({c, text(c, lang_)});
    return t;
  }

  void add_group(const StandingGroup& g) {
    const auto key = std::make_tuple(g.stage, static_cast<int>(g.status), g.key,
                                     static_cast<int>(g.light), g.overdue);
    auto [it, fresh] = groups_.try_emplace(key, g);
    if (fresh) return;
    StandingGroup& h = it->second;
    h.count += g.count;
    h.investment_wan += g.investment_wan;
    h.land.need += g.land.need;
    h.land.secured += g.land.secured;
    h.land.shortfall += g.land.shortfall;
    h.land.need_unknown += g.land.need_unknown;
  }

  // The open instructions past their due date on the report's day, as the
  // standing function lists them (late, unmet instruction deadlines of an
  // open project): never worked out here.
  static std::vector<const Deadline*> overdue_instructions(const TrackedProject& p) {
    std::vector<const Deadline*> out;
    if (!is_open(p.project)) return out;
    for (const auto& dl : p.standing.deadlines)
      if (dl.source == Deadline::Source::kInstruction && !dl.met && dl.late) out.push_back(&dl);
    return out;
  }

  // A blocker's row, then a row for each of its instructions past its due
  // date (kind 批示逾期: that instruction's text, author and day, its
  // assignee, due date and days overdue).
  void blocked_rows(const TrackedProject& p, const Blocker& b) {
    const ProjectState& s = p.project;
    const BlockerCategory* cat = wf_.find_category(b.category);
    const Instruction* last = b.instructions.empty() ? nullptr : &b.instructions.back();
    const auto& a = s.attributes;
    auto row = [&](std::string id, const Instruction* in, Cell kind, const Deadline* late) {
      blocked_table_.row_ids.push_back(std::move(id));
      blocked_table_.rows.push_back(
          {s.code, a.name, a.unit, a.leader, cat ? label(cat->label, lang_) : b.category, b.reason,
           b.owner, b.since.str(), count(as_of_ - b.since), in ? Cell(in->text) : Cell{},
           in ? Cell(in->by) : Cell{}, in ? Cell(in->on.str()) : Cell{}, std::move(kind),
           late ? Cell(late->assignee) : Cell{}, late ? Cell(late->due.str()) : Cell{},
           late ? count(late->days_late) : Cell{}});
    };
    row(s.code + "#" + std::to_string(b.id), last, text("kind_blocker", lang_), nullptr);
    for (const Deadline* dl : overdue_instructions(p))
      for (const auto& in : b.instructions)
        if (in.id == dl->instruction)
          row(s.code + "#" + std::to_string(b.id) + "/instruction/" + std::to_string(in.id), &in,
              text("kind_instruction_overdue", lang_), dl);
  }

  Table headline() const {
    std::vector<StandingGroup> groups;
    for (const auto& [key, g] : groups_) groups.push_back(g);
    const Stats st = compute_stats(wf_, as_of_, groups);
    Table t = table("headline", {"metric", "value", "measure"});
    auto add = [&](const char* id, Cell value, const char* unit) {
      t.row_ids.push_back(id);
      t.rows.push_back({text(id, lang_), std::move(value), text(unit, lang_)});
    };
    const Target city = targets_ ? targets_->city : Target{};
    const double pro_rata = pro_rata_share(as_of_, schedule());
    add("key_projects", count(st.key_projects), "unit_projects");
    add("cancelled", count(st.cancelled), "unit_projects");
    add("active", count(st.active), "unit_projects");
    add("tier_50m_100m", count(tier_mid_), "unit_projects");
    add("tier_100m_plus", count(tier_top_), "unit_projects");
    add("total_investment_wan", number(st.active_investment_wan), "unit_wan");
    add("total_investment_yi", number(st.active_investment_wan / 10000), "unit_yi");
    add("started", count(st.site_entry_or_later), "unit_projects");
    add("start_ratio_percent", views::percent(st.start_ratio), "unit_percent");
    add("fixed_asset_ytd_wan", number(ytd_.fixed_asset_wan), "unit_wan");
    // The same period last year, and the growth on it, where the database holds it.
    auto year_on_year = [&](const char* last_id, const char* yoy_id, double now, double then,
                            const char* unit) {
      add(last_id, has_last_year_ ? number(then) : Cell{}, unit);
      add(yoy_id, has_last_year_ && then > 0 ? Cell(views::percent(now / then - 1)) : Cell{},
          "unit_percent");
    };
    year_on_year("fixed_asset_last_year_wan", "fixed_asset_yoy_percent", ytd_.fixed_asset_wan,
                 last_ytd_.fixed_asset_wan, "unit_wan");
    add("domestic_target_wan", optional_number(city.domestic_capital_wan), "unit_wan");
    const Cell completion = percent_of(ytd_.fixed_asset_wan, city.domestic_capital_wan);
    add("domestic_completion_percent", completion, "unit_percent");
    add("pro_rata_percent", views::percent(pro_rata), "unit_percent");
    add("domestic_vs_pro_rata_points",
        std::holds_alternative<double>(completion)
            ? Cell(amount(std::get<double>(completion) - views::percent(pro_rata)))
            : Cell{},
        "unit_points");
    add("foreign_arrived_ytd_usd_wan", number(ytd_.foreign_usd_wan), "unit_usd_wan");
    year_on_year("foreign_arrived_last_year_usd_wan", "foreign_yoy_percent", ytd_.foreign_usd_wan,
                 last_ytd_.foreign_usd_wan, "unit_usd_wan");
    add("foreign_target_usd_wan", optional_number(city.foreign_capital_usd_wan), "unit_usd_wan");
    add("foreign_completion_percent",
        percent_of(ytd_.foreign_usd_wan, city.foreign_capital_usd_wan), "unit_percent");
    add("blocked", count(blocked_n_), "unit_projects");
    add("overdue", count(overdue_), "unit_projects");
    add("red", count(red_), "unit_projects");
    add("land_need_mu", number(st.land_need_mu), "unit_mu");
    add("land_shortfall_mu", number(st.land_shortfall_mu), "unit_mu");
    add("land_need_unknown", count(st.land_need_unknown), "unit_projects");
    add("pipeline", count(st.pipeline), "unit_projects");
    return t;
  }

  Table funnel() const {
    Table t = table("funnel", {"stage", "at_stage", "reached", "reached_percent"});
    long reached = active_;
    for (size_t i = 0; i < wf_.stages.size(); ++i) {
      t.row_ids.push_back(wf_.stages[i].id);
      t.rows.push_back({label(wf_.stages[i].label, lang_), count(per_stage_[i]), count(reached),
                        percent_of(static_cast<double>(reached), static_cast<double>(active_))});
      reached -= per_stage_[i];
    }
    return t;
  }

  Table lights() const {
    Table t = table("lights", {"light", "projects"});
    for (LightColor c : {LightColor::kRed, LightColor::kYellow, LightColor::kGreen}) {
      const auto it = lights_.find(c);
      t.row_ids.push_back(std::string(to_string(c)));
      t.rows.push_back({text("light_" + std::string(to_string(c)), lang_),
                        count(it == lights_.end() ? 0 : it->second)});
    }
    return t;
  }

  Table units() const {
    Table t = table("units", {"unit", "projects"});
    for (const auto& s : wf_.stages) t.columns.push_back({"stage_" + s.id, label(s.label, lang_)});
    for (const char* c : {"blocked", "overdue", "red", "fixed_asset_ytd_wan", "domestic_target_wan",
                          "domestic_completion_percent"})
      t.columns.push_back({c, text(c, lang_)});
    for (const auto& [unit, u] : units_) {
      std::vector<Cell> row{unit, count(u.n)};
      for (size_t i = 0; i < wf_.stages.size(); ++i) row.push_back(count(u.per_stage[i]));
      const double fixed = unit_fixed(unit);
      const std::optional<double> target = unit_target(unit);
      for (Cell c : {count(u.blocked), count(u.overdue), count(u.red), number(fixed),
                     optional_number(target), percent_of(fixed, target)})
        row.push_back(std::move(c));
      t.row_ids.push_back(unit);
      t.rows.push_back(std::move(row));
    }
    return t;
  }

  // The 红黑榜: units ranked by start ratio, then by investment against the
  // pro-rata schedule of their target, then by fewest red projects. A unit's
  // light is its investment light by the workflow's rules (none without a
  // target).
  Table units_ranking() const {
    Table t =
        table("units_ranking",
              {"rank", "unit", "projects", "started", "start_ratio_percent", "fixed_asset_ytd_wan",
               "domestic_target_wan", "domestic_completion_percent", "pro_rata_percent",
               "domestic_vs_pro_rata_points", "red", "light", "light_reason"});
    struct Ranked {
      std::string unit;
      const UnitSum* sum;
      double start_ratio;
      double fixed;
      std::optional<double> target;
      std::optional<InvestmentProgress> progress;
    };
    std::vector<Ranked> ranked;
    for (const auto& [unit, u] : units_) {
      const double fixed = unit_fixed(unit);
      const std::optional<double> target = unit_target(unit);
      ranked.push_back({unit, &u, u.n ? static_cast<double>(u.started) / u.n : 0.0, fixed, target,
                        investment_progress(fixed, target, as_of_, schedule())});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      if (a.start_ratio != b.start_ratio) return a.start_ratio > b.start_ratio;
      const double pa = a.progress ? a.progress->points_ahead : -1e9,
                   pb = b.progress ? b.progress->points_ahead : -1e9;
      if (pa != pb) return pa > pb;
      return a.sum->red < b.sum->red;
    });
    long rank = 0;
    for (const Ranked& r : ranked) {
      const Light light = investment_light(r.progress, wf_.lights.investment);
      t.row_ids.push_back(r.unit);
      t.rows.push_back(
          {count(++rank), r.unit, count(r.sum->n), count(r.sum->started),
           percent_of(static_cast<double>(r.sum->started), static_cast<double>(r.sum->n)),
           number(r.fixed), optional_number(r.target), percent_of(r.fixed, r.target),
           r.progress ? Cell(views::percent(r.progress->schedule_share)) : Cell{},
           r.progress ? Cell(std::round(r.progress->points_ahead * 100) / 100) : Cell{},
           count(r.sum->red),
           light.color == LightColor::kNone
               ? Cell{}
               : Cell(text("light_" + std::string(to_string(light.color)), lang_)),
           light.reason.empty() ? Cell{} : Cell(catalogue::render(light.reason, lang_))});
    }
    return t;
  }

  Table leaders() const {
    Table t = table("leaders", {"leader", "projects", "blocked", "red", "yellow",
                                "open_instructions", "overdue_instructions"});
    for (const auto& [leader, l] : leaders_) {
      t.row_ids.push_back(leader);
      t.rows.push_back({leader, count(l.n), count(l.blocked), count(l.red), count(l.yellow),
                        count(l.instructions), count(l.overdue_instructions)});
    }
    return t;
  }

  Table land() const {
    Table t =
        table("land", {"unit", "projects", "land_need_mu", "land_secured_mu", "land_shortfall_mu",
                       "land_need_unknown", "land_secured_this_year_mu"});
    auto row = [&](const std::string& id, const std::string& name, const LandSum& s) {
      t.row_ids.push_back(id);
      t.rows.push_back({name, count(s.n), number(s.need), number(s.secured), number(s.short_),
                        count(s.need_unknown), number(s.this_year)});
    };
    for (const auto& [unit, s] : land_) row(unit, unit, s);
    row("total", text("total", lang_), land_all_);
    return t;
  }

  static const CampaignReport* latest_campaign(const std::vector<CampaignReport>& campaigns) {
    const CampaignReport* best = nullptr;
    for (const auto& c : campaigns)
      if (!best || c.campaign.start > best->campaign.start) best = &c;
    return best;
  }

  Table campaign(const CampaignReport& c) const {
    // The campaign's partition (CampaignCounts), then the same by unit and by leader.
    // After the end, "ended on DATE" with the final partition.
    Table t = table("campaign",
                    {"campaign", "start", "end", "day", "days", "days_left", "ended_on", "projects",
                     "met", "met_late", "on_track", "recovered", "behind", "blocked", "left"});
    const int days_left = std::max(0, c.campaign.end() - as_of_);
    const bool ended = as_of_ > c.campaign.end();
    auto row = [&](std::string id, std::string name, const CampaignCounts& n, bool whole) {
      t.row_ids.push_back(std::move(id));
      auto only = [&](Cell v) { return whole ? std::move(v) : Cell{}; };
      t.rows.push_back({std::move(name), only(c.campaign.start.str()), only(c.campaign.end().str()),
                        only(count(c.day)), only(count(c.campaign.days)), only(count(days_left)),
                        only(ended ? Cell(c.campaign.end().str()) : Cell{}), count(n.projects),
                        count(n.met), count(n.met_late), count(n.on_track), count(n.recovered),
                        count(n.behind), count(n.blocked), count(n.left)});
    };
    row(c.campaign.id, label(c.campaign.label, lang_), c.counts, true);
    for (const auto& [unit, n] : c.by_unit)
      row(c.campaign.id + "/unit/" + unit, "  " + unit, n, false);
    for (const auto& [leader, n] : c.by_leader)
      row(c.campaign.id + "/leader/" + leader, "  " + leader, n, false);
    return t;
  }

  // Where the campaign is heading (luodi/forecast.h): the totals by outlook
  // and the year's expected start ratio first, then each project not yet at
  // its target, the likeliest to miss first.
  Table forecast(const CampaignReport& c) const {
    Table t = table("forecast",
                    {"code", "name", "unit", "stage", "target", "expected_on", "outlook", "basis"});
    const CampaignForecast& f = c.forecast;
    auto total = [&](const char* id, Cell value) {
      t.row_ids.push_back(id);
      t.rows.push_back(
          {Cell{}, text(id, lang_), Cell{}, Cell{}, Cell{}, Cell{}, std::move(value), Cell{}});
    };
    total("forecast_met", count(f.met));
    total("forecast_at_risk", count(f.at_risk));
    total("forecast_will_miss", count(f.will_miss));
    total("expected_start_ratio_percent",
          percent_of(static_cast<double>(f.expected_started), static_cast<double>(f.active)));
    std::vector<size_t> order;
    for (size_t i = 0; i < c.projects.size() && i < f.projects.size(); ++i)
      if (c.projects[i].project.stage < c.projects[i].target_stage) order.push_back(i);
    auto when = [&](size_t i) {
      return f.projects[i].reaches(c.projects[i].target_stage, c.projects[i].project);
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (f.outlooks[a].outlook != f.outlooks[b].outlook)
        return f.outlooks[a].outlook > f.outlooks[b].outlook;
      return when(a).value_or(Date::from_days(1 << 30)) >
             when(b).value_or(Date::from_days(1 << 30));
    });
    for (size_t i : order) {
      const CampaignProject& cp = c.projects[i];
      const auto& a = cp.project.attributes;
      const auto on = when(i);
      t.row_ids.push_back(cp.project.code);
      t.rows.push_back(
          {cp.project.code, a.name, a.unit, label(wf_.stages[cp.project.stage].label, lang_),
           label(wf_.stages[cp.target_stage].label, lang_), on ? Cell(on->str()) : Cell{},
           text("outlook_" + std::string(to_string(f.outlooks[i].outlook)), lang_),
           catalogue::render_list(f.projects[i].basis_up_to(cp.target_stage), lang_)});
    }
    return t;
  }

  Table burndown(const CampaignReport& c) const {
    Table t = table("burndown", {"week_ending", "planned", "expected", "met"});
    for (const auto& b : c.burndown) {
      t.row_ids.push_back(b.date.str());
      t.rows.push_back({b.date.str(), count(b.planned), count(b.expected),
                        b.date <= as_of_ ? count(b.met) : Cell{}});
    }
    return t;
  }

  const Workflow& wf_;
  Date as_of_;
  const std::optional<Targets> targets_;
  Lang lang_;
  Money ytd_, last_ytd_;
  bool has_last_year_ = false;
  std::map<std::tuple<int, int, bool, int, bool>, StandingGroup> groups_;
  long active_ = 0, tier_mid_ = 0, tier_top_ = 0, blocked_n_ = 0, overdue_ = 0, red_ = 0;
  std::vector<long> per_stage_;
  std::map<LightColor, long> lights_;
  std::map<std::string, UnitSum> units_;
  std::map<std::string, Money> unit_fixed_;  // every project of the unit, whatever its list
  std::map<std::string, LeaderSum> leaders_;
  std::map<std::string, LandSum> land_;
  LandSum land_all_;
  Table blocked_table_;
};

}  // namespace

Report build_report(const Workflow& wf, const Snapshot& snapshot,
                    const std::optional<Targets>& targets, Lang lang) {
  Builder b(wf, snapshot.as_of, targets, lang);
  auto by_code = [](const std::vector<ProjectState>& states) {
    std::map<std::string, const ProjectState*> out;
    for (const auto& s : states) out[s.code] = &s;
    return out;
  };
  const auto year_start = by_code(snapshot.year_start), last_year = by_code(snapshot.last_year),
             last_year_start = by_code(snapshot.last_year_start);
  auto find = [](const std::map<std::string, const ProjectState*>& m, const std::string& code) {
    const auto it = m.find(code);
    return it == m.end() ? nullptr : it->second;
  };
  Table projects = b.projects_table();
  for (const auto& p : snapshot.projects) {
    const std::string& code = p.project.code;
    const ReportedProject rp{p, find(year_start, code), find(last_year, code),
                             find(last_year_start, code)};
    b.add(rp);
    if (auto row = b.project_row(rp)) {
      projects.row_ids.push_back(code);
      projects.rows.push_back(std::move(*row));
    }
  }
  return b.build(snapshot.campaigns, std::move(projects));
}

Result<Report> report_of(Engine& engine, Date as_of, const std::string& targets_file,
                         const std::string& targets_dir, Lang lang) {
  // A file named for this report, else the year's targets loaded into the city, else the
  // directory's.
  std::optional<Targets> targets;
  if (targets_file.empty()) {
    LUODI_ASSIGN_OR_RETURN(targets, engine.targets(as_of.year()));
  }
  if (!targets) {
    LUODI_ASSIGN_OR_RETURN(targets, load_targets(targets_file, targets_dir, as_of.year()));
  }
  auto b = std::make_shared<Builder>(engine.workflow_on(as_of), as_of, targets, lang);
  LUODI_RETURN_IF_ERROR(engine.each_reported(as_of, [&](const ReportedProject& rp) {
    b->add(rp);
    return Status::Ok();
  }));
  LUODI_ASSIGN_OR_RETURN(auto campaigns, engine.campaigns_on(as_of));
  Table projects = b->projects_table();
  // The rows are worked out again each time they are rendered.
  projects.stream = [b, &engine, as_of](const RowVisitor& visit) {
    return engine.each_reported(as_of, [&](const ReportedProject& rp) -> Status {
      auto row = b->project_row(rp);
      return row ? visit(rp.now.project.code, *row) : Status::Ok();
    });
  };
  return b->build(campaigns, std::move(projects));
}

}  // namespace luodi

// One answer to "who is late": random histories (moves, blocks of every
// category, unblocks, plans, the hundred-day campaign, instructions, late
// entries, a holiday table loaded and the workflow revised mid-year — a
// 供地 stage added, limits changed) over 2025-12-01 … 2026-12-31, and for
// every day every view —
// show (today and --as-of), list --light/--overdue, overdue, stats, the
// report, GET /api/projects/{code}, GET /api/overdue and /metrics — must give
// the standing function's overdue set, lights and counts, under the rules in
// force that day; as-of answers about days before a change are the same
// after it. The stored copy is checked too (verify).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "catalogue/catalogue.h"
#include "common/json_text.h"
#include "deadlines/standing_seeded.h"
#include "exporter/project_export.h"
#include "luodi/engine.h"
#include "luodi/report.h"
#include "server/api.h"
#include "server/metrics.h"
#include "support/requests.h"
#include "support/test_support.h"
#include "views/json_views.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::read_file;
using testing::source_path;
using testing::TempDir;

Date d(const char* s) { return *Date::parse(s); }

// What one view says on one day.
struct Answer {
  std::set<std::string> overdue;
  std::map<std::string, std::string> lights;  // code → light, every project the view lists
  int red = 0, yellow = 0, overdue_n = 0;

  bool operator==(const Answer&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Answer& a) {
  os << "overdue {";
  for (const auto& c : a.overdue) os << c << " ";
  os << "} lights {";
  for (const auto& [c, l] : a.lights) os << c << ":" << l << " ";
  return os << "} red " << a.red << " yellow " << a.yellow << " overdue " << a.overdue_n;
}

Answer from_tracked(const std::vector<TrackedProject>& ts) {
  Answer a;
  for (const auto& t : ts) {
    a.lights[t.project.code] = std::string(to_string(t.standing.light.color));
    if (t.standing.overdue()) a.overdue.insert(t.project.code);
    a.red += t.standing.light.color == LightColor::kRed;
    a.yellow += t.standing.light.color == LightColor::kYellow;
  }
  a.overdue_n = static_cast<int>(a.overdue.size());
  return a;
}

class Agreement : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override {
    set_day(d("2025-12-01"));
    auto e = Engine::create(
        dir_.file("city.db"), {testing::workflow_without_digests(), "key-project.yaml"},
        {read_file(source_path("workflows/calendars/cn.yaml")), "cn.yaml"}, clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
    const std::string campaign = "workflows/campaigns/hundred-day-2026.yaml";
    ASSERT_TRUE(engine_->add_campaign({read_file(source_path(campaign)), campaign}).ok());
    auto token = engine_->add_user({"督查科", Role::kSupervisor, "", {}});
    ASSERT_TRUE(token.ok());
    token_ = *token;
  }

  void set_day(Date day) { clock_.set(*parse_local(day.str() + "T10:00")); }

  // A random history: projects recorded over the winter, then on each day a
  // chance of a move, often recorded late.
  // `each_day`, when given, runs at the end of every day.
  void make_history(std::mt19937& rng, const std::function<void(Date)>& each_day = {}) {
    for (Date day = d("2025-12-01"); day <= d("2026-12-31"); day = day + 1) {
      set_day(day);
      change_rules(day);
      if (HasFatalFailure()) return;
      write_day(day, rng);
      if (HasFatalFailure()) return;
      if (each_day) each_day(day);
    }
  }

  // The rules change mid-history, as a city's do: next year's holiday table
  // in November, and on 1 May a revised workflow (applied in April) with a
  // 供地 stage between signing and pre-review and shorter limits. Every
  // as-of answer about a day before a change is the same after it.
  void change_rules(Date day) {
    const bool table = day == d("2026-11-16"), revision = day == d("2026-04-20");
    if (!table && !revision) return;
    std::map<std::string, json::value> before = as_of_answers(day);
    if (table) {
      auto loaded = engine_->load_calendar({k2027, "cn-2027.yaml"}, false);
      ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    } else {
      auto applied =
          engine_->apply_workflow({revised_workflow(), "revised.yaml"}, d("2026-05-01"), false);
      ASSERT_TRUE(applied.ok()) << applied.status().message();
    }
    ++rule_changes_;
    EXPECT_EQ(as_of_answers(day), before)
        << "as-of answers about days before the change on " << day.str();
  }

  // Every project's show --json on days before `day` (a week apart, and the day before).
  std::map<std::string, json::value> as_of_answers(Date day) {
    std::map<std::string, json::value> out;
    for (Date on = day - 1; on >= day - 60 && on >= d("2025-12-01"); on = on - 7)
      for (const auto& code : codes_) {
        auto t = engine_->tracked_project(code, on);
        if (t.ok())
          out[code + "@" + on.str()] = views::tracked_json(engine_->workflow_on(on), *t, Lang::kZh);
      }
    return out;
  }

  static constexpr const char* k2027 =
      "id: cn\nyears:\n  - year: 2027\n    holidays:\n"
      "      - {name: {zh: 元旦, en: New Year}, from: 2027-01-01, to: 2027-01-03}\n"
      "      - {name: {zh: 春节, en: Spring Festival}, from: 2027-02-06, to: 2027-02-14}\n"
      "    workdays: [2027-01-30, 2027-02-20]\n";

  static std::string revised_workflow() {
    std::string t = testing::workflow_without_digests();
    auto put = [&](const std::string& from, const std::string& to) {
      const auto at = t.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) t.replace(at, from.size(), to);
    };
    put("    limit: {days: 60}\n  - id: pre_review\n    label: {zh: 预审, en: Pre-review passed}\n "
        "   limit: {workdays: 40}\n",
        "    limit: {days: 45}\n  - id: land_supply\n    label: {zh: 供地, en: Land supply}\n    "
        "limit: {days: 20}\n"
        "    evidence:\n      - id: land_contract\n        label: {zh: 土地出让合同号, en: Land "
        "contract}\n"
        "  - id: pre_review\n    label: {zh: 预审, en: Pre-review passed}\n    limit: {workdays: "
        "30}\n");
    return t;
  }

  // What happens on `day`: perhaps a new project, perhaps a write, a weekly tick.
  void write_day(Date day, std::mt19937& rng) {
    const auto& wf = engine_->workflow();
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](int n) { return std::uniform_int_distribution<>(0, n - 1)(rng); };
    const char* units[] = {"游埠镇", "女埠街道"};
    {
      if (next_code_ < 6 && (day == d("2025-12-01") || (day < d("2026-08-01") && chance(0.03)))) {
        NewProject p;
        p.code = "P" + std::to_string(next_code_++);
        p.attributes.name = "项目" + p.code;
        p.attributes.unit = units[pick(2)];
        p.attributes.leader = chance(0.5) ? "王建国" : "李卫东";
        p.stage = wf.stages[pick(4)].id;
        p.on = day - pick(40);
        p.key = !chance(0.15);
        // Half of them plan the year's investment: their lights weigh it.
        if (chance(0.5)) p.attributes.plan_wan = 1000 + pick(5000);
        // Amounts the stats sum: investment, land needed and secured (or
        // secured with the need unknown), in cents and tenths as cities type them.
        if (chance(0.8)) p.attributes.investment_wan = pick(2000000) / 100.0;
        if (chance(0.6)) p.attributes.land_need_mu = pick(5000) / 10.0;
        if (chance(0.6))
          p.attributes.land_secured_mu =
              p.attributes.land_need_mu ? *p.attributes.land_need_mu / 2 : pick(300) / 10.0;
        if (p.code == "P1") {  // on the key list with land secured and its need unknown
          p.key = true;
          p.attributes.land_need_mu.reset();
          p.attributes.land_secured_mu = 12.5;
        }
        p.evidence["permit"] = "330781";  // kept only where the stage asks for it
        if (wf.find_stage("land_supply")) p.evidence["land_contract"] = "TD";
        ASSERT_TRUE(engine_->execute(added(p, "t")).ok());
        codes_.push_back(p.code);
      }
      // A project signed after the revision goes through its new 供地 stage.
      if (day == d("2026-05-10")) {
        NewProject p;
        p.code = "PL";
        p.attributes.name = "供地项目";
        p.attributes.unit = units[0];
        p.on = d("2026-05-04");
        ASSERT_TRUE(engine_->execute(added(p, "t")).ok());
        codes_.push_back(p.code);
        AdvanceRequest a;
        a.by = "t";
        a.to = "land_supply";
        a.evidence["land_contract"] = "TD-1";
        ASSERT_TRUE(engine_->execute(at("PL", a)).ok());
      }
      if (codes_.empty() || !chance(0.25)) return;
    }
    write_move(day, rng);
  }

  // A move of a project picked at random, often recorded late; or, some
  // days, a tick.
  void write_move(Date day, std::mt19937& rng) {
    const auto& wf = engine_->workflow();
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](int n) { return std::uniform_int_distribution<>(0, n - 1)(rng); };
    {
      const std::string code = codes_[pick(static_cast<int>(codes_.size()))];
      auto now = engine_->project(code);
      ASSERT_TRUE(now.ok());
      Recorded r;
      r.by = "t";
      r.note = "n";
      if (chance(0.25)) r.on = std::max(now->created_on, day - pick(12));  // a late entry
      switch (pick(11)) {
        case 0:
        case 1: {
          AdvanceRequest a;
          static_cast<Recorded&>(a) = r;
          a.to = wf.stages[std::min(now->stage + 1, wf.final_stage())].id;
          a.evidence["permit"] = "p";
          if (wf.find_stage("land_supply")) a.evidence["land_contract"] = "TD";
          (void)engine_->execute(at(code, a));
          break;
        }
        case 2:
        case 3: {
          BlockRequest b;
          static_cast<Recorded&>(b) = r;
          b.category =
              wf.blocker_categories[pick(static_cast<int>(wf.blocker_categories.size()))].id;
          b.reason = "r";
          // Often a leader's instruction on it at once, due within weeks:
          // some are reported done late, some never.
          if (engine_->execute(at(code, b)).ok() && chance(0.6)) {
            auto blocked = engine_->project(code);
            ASSERT_TRUE(blocked.ok());
            InstructRequest in;
            static_cast<Recorded&>(in) = r;
            in.blocker = blocked->blockers.back().id;
            in.text = "限期解决";
            in.assignee = "自然资源局";
            in.due = r.on.value_or(day) + pick(20);
            (void)engine_->execute(at(code, in));
          }
          break;
        }
        case 4:
        case 5: {
          UnblockRequest u;
          static_cast<Recorded&>(u) = r;
          if (!now->blockers.empty())
            u.blocker = now->blockers[pick(static_cast<int>(now->blockers.size()))].id;
          (void)engine_->execute(at(code, u));
          break;
        }
        case 6: {
          PlanRequest p;
          static_cast<Recorded&>(p) = r;
          p.due = r.on.value_or(day) + pick(90);  // never before the day it is given
          if (chance(0.3)) {
            (void)engine_->execute(at(code, cleared_plan(r)));
          } else {
            (void)engine_->execute(at(code, p));
          }
          break;
        }
        case 7: {
          if (now->blockers.empty()) break;
          const auto& b = now->blockers[pick(static_cast<int>(now->blockers.size()))];
          const auto open = std::find_if(b.instructions.begin(), b.instructions.end(),
                                         [](const Instruction& in) { return !in.done_on; });
          if (open != b.instructions.end() && chance(0.6)) {  // reported done, on time or late
            (void)engine_->execute(at(code, instruction_done(open->id, r)));
          } else {
            InstructRequest in;
            static_cast<Recorded&>(in) = r;
            in.blocker = b.id;
            in.text = "落实";
            in.assignee = "自然资源局";
            in.due = r.on.value_or(day) + pick(30);
            (void)engine_->execute(at(code, in));
          }
          break;
        }
        case 8: {
          if (chance(0.3)) {
            (void)engine_->execute(at(code, as<DropRequest>(r)));
          } else if (chance(0.1)) {
            (void)engine_->execute(at(code, as<CancelRequest>(r)));
          } else {
            (void)engine_->execute(at(code, as<ReinstateRequest>(r)));
          }
          break;
        }
        case 9: {
          if (chance(0.4)) {  // the amounts the stats sum, changed (the gauges follow)
            UpdateRequest up;
            static_cast<Recorded&>(up) = r;
            const double need = pick(5000) / 10.0;
            up.fields = {"investment_wan", "land_need_mu", "land_secured_mu"};
            up.values.investment_wan = pick(2000000) / 100.0;
            if (chance(0.7)) up.values.land_need_mu = need;
            up.values.land_secured_mu = need * pick(11) / 10;
            (void)engine_->execute(at(code, up));
            break;
          }
          // Investment reported: the cumulative figure grows (or, rarely, is corrected down).
          InvestRequest in;
          static_cast<Recorded&>(in) = r;
          const double was = now->progress ? now->progress->fixed_asset_wan : 0;
          const bool down = chance(0.1);  // lowered only as a correction, else refused
          in.fixed_asset_wan = std::max(0.0, was + pick(1500) - (down ? 400 : 0));
          in.correction = down;
          (void)engine_->execute(at(code, in));
          break;
        }
        default:
          if (day.days() % 7 == 0) {
            ASSERT_TRUE(engine_->tick(nullptr, false).ok());
          }
      }
    }
  }

  // The reference: the standing function over each project's events.
  Answer reference(Date day) {
    std::vector<TrackedProject> ts;
    for (const auto& code : codes_) {
      auto events = engine_->history(code);
      EXPECT_TRUE(events.ok());
      auto t = standing_of(engine_->rules_on(day), *events, day);
      if (t.ok()) ts.push_back(*std::move(t));
    }
    // The overdue list's rows, as the function gives them, by due date and code.
    std::vector<OverdueRow> late;
    for (const auto& t : ts)
      if (t.standing.overdue()) late.push_back(overdue_row(t));
    std::sort(late.begin(), late.end(), [](const OverdueRow& a, const OverdueRow& b) {
      return std::tie(a.binding.due, a.code) < std::tie(b.binding.due, b.code);
    });
    want_standings_ = ts;
    want_overdue_rows_.clear();
    for (const auto& o : late)
      want_overdue_rows_.push_back(views::overdue_json(engine_->workflow_on(day), o));
    // Instructions in play: open ones past due, listed as such.
    seen_instruction_overdue_ += std::any_of(
        late.begin(), late.end(), [](const OverdueRow& o) { return o.kind == "instruction"; });
    return from_tracked(ts);
  }

  json::value get(const std::string& target) {
    server::Request req{server::http::verb::get, target, 11};
    req.set(server::http::field::authorization, "Bearer " + token_);
    std::string route, user;
    auto res = api_->handle(req, route, user);
    EXPECT_EQ(res.result_int(), 200u) << target << ": " << res.body();
    return json::parse(res.body());
  }

  static Answer from_json_projects(const json::value& v) {
    Answer a;
    for (const auto& p : v.as_array()) {
      const std::string code(p.at("code").as_string());
      a.lights[code] = std::string(p.at("light").as_string());
      if (p.at("overdue").as_bool()) a.overdue.insert(code);
      a.red += a.lights[code] == "red";
      a.yellow += a.lights[code] == "yellow";
    }
    a.overdue_n = static_cast<int>(a.overdue.size());
    return a;
  }

  // Counts only: what the aggregate views give.
  static Answer counts(const Answer& a) { return {{}, {}, a.red, a.yellow, a.overdue_n}; }

  // The views on `day`: with the clock on `today` (`day`, or a later day and --as-of).
  void check_day(Date day, Date today) {
    const Answer want = reference(day);
    seen_overdue_ += want.overdue_n > 0;
    seen_yellow_ += want.yellow > 0;
    SCOPED_TRACE(day.str() + ": the standing function says " + ::testing::PrintToString(want));
    std::optional<Date> as_of;
    if (day < today) as_of = day;

    // show (today) and show --as-of: the same JSON view either way.
    Answer shown;
    std::vector<TrackedProject> each;
    for (const auto& code : codes_) {
      auto t = engine_->tracked_project(code, as_of);
      if (!t.ok()) continue;
      each.push_back(*t);
      const json::value api = get("/api/projects/" + code + (as_of ? "?as_of=" + day.str() : ""));
      // As the API writes it: an amount of 3869.0 is the number 3869.
      EXPECT_EQ(api, json::parse(to_json_text(
                         views::tracked_json(engine_->workflow_on(day), *t, Lang::kZh), false)))
          << code;
    }
    EXPECT_EQ(from_tracked(each), want) << "show";

    auto all = engine_->tracked({}, as_of);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(from_tracked(*all), want) << "list";
    for (const char* light : {"red", "yellow", "green", "none"}) {
      ListQuery q;
      q.light = light;
      auto some = engine_->tracked(q, as_of);
      ASSERT_TRUE(some.ok());
      std::set<std::string> got, expected;
      for (const auto& t : *some) got.insert(t.project.code);
      for (const auto& [code, l] : want.lights)
        if (l == light) expected.insert(code);
      EXPECT_EQ(got, expected) << "list --light " << light;
    }
    ListQuery late;
    late.overdue = true;
    auto listed = engine_->tracked(late, as_of);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(from_tracked(*listed).overdue, want.overdue) << "list --overdue";
    // The overdue list: today its rows are the kept ones, each equal to the
    // function's row, whole and in order; a page at a time too.
    auto overdue = engine_->overdue({}, as_of);
    ASSERT_TRUE(overdue.ok());
    json::array rows, paged;
    for (const auto& o : *overdue)
      rows.push_back(views::overdue_json(engine_->workflow_on(day), o));
    EXPECT_EQ(rows, want_overdue_rows_) << "overdue";
    PageRequest page;
    page.limit = 2;
    for (int pages = 0; pages < 1000; ++pages) {
      auto some = engine_->overdue({}, as_of, page);
      ASSERT_TRUE(some.ok());
      for (const auto& o : some->items)
        paged.push_back(views::overdue_json(engine_->workflow_on(day), o));
      if (!some->next) break;
      page.cursor = some->next;
    }
    EXPECT_EQ(paged, want_overdue_rows_) << "overdue, two rows a page";
    // The list a page at a time (as of a past day: the histories streamed,
    // stopped when the page is full, resumed after the cursor).
    std::vector<TrackedProject> listed_pages;
    page = {};
    page.limit = 3;
    for (int pages = 0; pages < 1000; ++pages) {
      auto some = engine_->tracked({}, as_of, page);
      ASSERT_TRUE(some.ok());
      for (auto& t : some->items) listed_pages.push_back(std::move(t));
      if (!some->next) break;
      page.cursor = some->next;
    }
    EXPECT_EQ(from_tracked(listed_pages), want) << "list, three rows a page";
    const std::string q = as_of ? "?as_of=" + day.str() : "";
    EXPECT_EQ(get("/api/overdue" + q), want_overdue_rows_) << "GET /api/overdue";
    EXPECT_EQ(from_json_projects(get("/api/projects" + q)), want) << "GET /api/projects";

    // stats: every figure, amounts included, is the function's (today from
    // the gauges the database keeps, on a past day from the histories).
    auto stats = engine_->stats(as_of);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ((Answer{{}, {}, stats->red, stats->yellow, stats->overdue}), counts(want)) << "stats";
    const Stats want_stats = compute_stats(engine_->workflow_on(day), day, want_standings_);
    EXPECT_EQ(*stats, want_stats) << "stats: investment " << stats->active_investment_wan << " / "
                                  << want_stats.active_investment_wan << ", land "
                                  << stats->land_need_mu << " " << stats->land_secured_mu << " "
                                  << stats->land_shortfall_mu << " " << stats->land_need_unknown
                                  << " / " << want_stats.land_need_mu << " "
                                  << want_stats.land_secured_mu << " "
                                  << want_stats.land_shortfall_mu << " "
                                  << want_stats.land_need_unknown;
    seen_amounts_ += want_stats.active_investment_wan > 0 && want_stats.land_shortfall_mu > 0;
    seen_need_unknown_ += want_stats.land_need_unknown > 0;
    auto report = report_of(*engine_, day, "", "", Lang::kEn);
    ASSERT_TRUE(report.ok()) << report.status().message();
    const json::value rj = json::parse(render_json(*report));
    const auto& head = rj.at("headline");
    EXPECT_EQ(head.at("overdue").to_number<int>(), want.overdue_n) << "report";
    EXPECT_EQ(head.at("red").to_number<int>(), want.red) << "report";
    if (!as_of) {
      const std::string m = metrics_.metrics_text(*engine_);
      EXPECT_NE(m.find("luodi_overdue_projects{city=\"default\"} " +
                       std::to_string(want.overdue_n) + "\n"),
                std::string::npos)
          << "/metrics\n"
          << m;
      int red = 0;
      std::istringstream lines(m);
      for (std::string line; std::getline(lines, line);)
        if (line.rfind("luodi_projects{", 0) == 0 &&
            line.find("light=\"red\"") != std::string::npos)
          red += std::stoi(line.substr(line.rfind(' ') + 1));
      EXPECT_EQ(red, want.red) << "/metrics";
    }
  }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
  std::vector<std::string> codes_;
  int next_code_ = 0;
  std::string token_;
  server::Metrics metrics_;
  std::unique_ptr<server::Api> api_;
  json::array want_overdue_rows_;               // the reference's overdue list
  std::vector<TrackedProject> want_standings_;  // … and every project's standing
  int seen_amounts_ = 0;                        // days with investment and a land shortfall
  int seen_need_unknown_ = 0;                   // … and with land secured whose need is unknown
  int seen_overdue_ = 0, seen_yellow_ = 0;      // days on which someone was late, or yellow
  int seen_instruction_overdue_ = 0;  // … days an open instruction was past its due date
  int rule_changes_ = 0;              // rule changes made mid-history
};

TEST_P(Agreement, EveryViewGivesTheSameAnswerEveryDay) {
  std::mt19937 rng(GetParam());
  make_history(rng);
  if (HasFatalFailure()) return;
  api_ = std::make_unique<server::Api>(*engine_, nullptr, [] {});
  const Date last = d("2026-12-31");
  auto verified = engine_->verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->differences.empty()) << verified->differences.front();
  // Looking back from the last day (--as-of) …
  for (Date day = d("2025-12-01"); day < last; day = day + 1) check_day(day, last);
  // … and on each day itself (--now), after every write was made.
  for (Date day = d("2025-12-01"); day <= last; day = day + 1) {
    set_day(day);
    check_day(day, day);
  }
  EXPECT_GT(seen_overdue_, 30) << "a history worth checking has late projects";
  EXPECT_GT(seen_yellow_, 10) << "… and yellow ones";
  EXPECT_GT(seen_instruction_overdue_, 0) << "… and open instructions past their due dates";
  EXPECT_GT(seen_amounts_, 30) << "… and amounts the stats sum";
  EXPECT_GT(seen_need_unknown_, 30) << "… and land secured whose need is unknown";
  EXPECT_EQ(rule_changes_, 2) << "… and the rules changed twice";
  int through_land_supply = 0;  // the revision's new stage is in the histories
  for (const auto& code : codes_) {
    auto events = engine_->history(code);
    ASSERT_TRUE(events.ok());
    through_land_supply += std::any_of(events->begin(), events->end(),
                                       [](const Event& e) { return e.to == "land_supply"; });
  }
  EXPECT_GT(through_land_supply, 0) << "… and projects went through the stage the revision added";
  // export: a row per project the list has, in its order, with the
  // function's state (stage, unit) and the evidence last given by the day.
  for (Date day = d("2025-12-15"); day <= last; day = day + 45) {
    SCOPED_TRACE("export as of " + day.str());
    ExportOptions o;
    o.as_of = day;
    o.lang = Lang::kEn;
    auto sheet = export_projects(*engine_, o);
    ASSERT_TRUE(sheet.ok());
    auto listed = engine_->tracked({}, day);
    ASSERT_TRUE(listed.ok());
    const Table& t = sheet->sections.at(0);
    std::vector<std::string> want, got;
    for (const auto& tp : *listed) {
      std::string evidence;
      auto events = engine_->history(tp.project.code);
      ASSERT_TRUE(events.ok());
      std::map<std::string, std::string> given;
      for (const auto& e : *events)
        if (e.on <= day)
          for (const auto& [k, v] : e.evidence) given[k] = v;
      for (const auto& [k, v] : given)
        if (t.column(k) >= 0) evidence += k + "=" + v + ";";
      want.push_back(tp.project.code + " " + engine_->workflow_on(day).stages[tp.project.stage].id +
                     " " + tp.project.attributes.unit + " " + evidence);
    }
    ASSERT_TRUE(t.each_row([&](const std::string& code, const std::vector<Cell>& row) {
                   std::string evidence;
                   std::map<std::string, std::string> given;
                   for (std::size_t c = 0; c < t.columns.size(); ++c)
                     if (auto* v = std::get_if<std::string>(&row[c]);
                         v && (t.columns[c].id == "permit" || t.columns[c].id == "land_contract"))
                       given[t.columns[c].id] = *v;
                   for (const auto& [k, v] : given) evidence += k + "=" + v + ";";
                   got.push_back(code + " " + std::get<std::string>(row[t.column("stage")]) + " " +
                                 std::get<std::string>(row[t.column("unit")]) + " " + evidence);
                   return Status::Ok();
                 }).ok());
    EXPECT_EQ(got, want);
  }
  // The tick keeps today's standing; verify proves the copy equal to the function.
  ASSERT_TRUE(engine_->tick(nullptr, false).ok());
  verified = engine_->verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->differences.empty()) << verified->differences.front();
}

// Today's answers come from the standing the projection keeps, worked out by
// writes, ticks and keep_standings on their own days: with the clock moving
// forward, a tick on some days, the standings kept before the send time on
// others, nothing on the rest, every view still equals the function every day.
TEST_P(Agreement, TheKeptStandingAnswersLikeTheFunctionAsDaysGoBy) {
  std::mt19937 rng(GetParam() + 100);
  api_ = std::make_unique<server::Api>(*engine_, nullptr, [] {});
  make_history(rng, [&](Date day) {
    const int look = std::uniform_int_distribution<>(0, 5)(rng);
    if (look < 2) {  // a tick
      ASSERT_TRUE(engine_->tick(nullptr, false).ok());
    } else if (look == 2) {  // the day's standings kept before the send time, nothing sent
      ASSERT_TRUE(engine_->keep_standings().ok());
    }
    check_day(day, day);
  });
  EXPECT_GT(seen_overdue_, 30) << "a history worth checking has late projects";
  EXPECT_GT(seen_yellow_, 10) << "… and yellow ones";
  EXPECT_GT(seen_amounts_, 30) << "… and amounts the stats sum";
}

// A write works the project's standing out from the row it loads, the
// standing kept and the new event where the rules allow it, instead of from
// its whole history: every written answer is the whole walk's (record()
// compares the two after each seeded write), every kept row is the standing
// function's (verify, every day), and most writes take the seeded way.
TEST_P(Agreement, AWriteReworksTheStandingAsTheWholeWalkDoes) {
  std::mt19937 rng(GetParam() + 600);
  SeededWrites& writes = seeded_writes();
  writes.seeded = 0;
  writes.whole = 0;
  writes.differed = 0;
  writes.first_difference.clear();
  writes.cross_check = true;
  // The hundred-day campaign starts on 1 July: from then on a project in its
  // life is worked out from its history (its milestones come from its state
  // on the start), so the share of seeded writes is counted before it.
  const Date campaign = d("2026-07-01");
  long seeded_before = 0, whole_before = 0;
  make_history(rng, [&](Date day) {
    // Busier days than the other histories': several writes to a project on
    // one day (the kept standing is then today's, worked out before the event).
    for (int more = 0; more < 3; ++more) {
      if (!codes_.empty()) write_move(day, rng);
      if (HasFatalFailure()) return;
    }
    const int look = std::uniform_int_distribution<>(0, 5)(rng);
    if (look < 2) {  // a tick: the kept standing is today's before the day's next writes
      ASSERT_TRUE(engine_->tick(nullptr, false).ok());
    } else if (look == 2) {
      ASSERT_TRUE(engine_->keep_standings().ok());
    }
    auto verified = engine_->verify();
    ASSERT_TRUE(verified.ok()) << verified.status().message();
    ASSERT_TRUE(verified->differences.empty()) << verified->differences.front();
    if (day == campaign - 1) {
      seeded_before = writes.seeded;
      whole_before = writes.whole;
    }
  });
  writes.cross_check = false;
  const long seeded = writes.seeded, whole = writes.whole;
  EXPECT_EQ(writes.differed, 0) << writes.first_difference;
  EXPECT_GT(seeded_before + whole_before, 100) << "a history worth checking has writes";
  EXPECT_GE(2 * seeded_before, seeded_before + whole_before)
      << "seeded " << seeded_before << " of " << seeded_before + whole_before
      << " writes before the campaign";
  std::cout << "seeded " << seeded_before << " of " << seeded_before + whole_before
            << " writes before the campaign, " << seeded << " of " << seeded + whole << " in all\n";
}

// The tick resumes the walk over the days where the kept standing left it:
// from any earlier day, the answer is the whole walk's.
TEST_P(Agreement, AWalkResumedFromAnEarlierDayGivesTheSameStanding) {
  std::mt19937 rng(GetParam() + 200);
  make_history(rng);
  if (HasFatalFailure()) return;
  int resumed = 0;
  for (const auto& code : codes_) {
    auto events = engine_->history(code);
    ASSERT_TRUE(events.ok());
    for (Date day = d("2025-12-01"); day <= d("2026-12-31"); day = day + 1) {
      auto whole = standing_of(engine_->rules_on(day), *events, day);
      if (!whole.ok()) continue;
      for (int back : {1, 2, 9, 40}) {
        auto earlier = standing_of(engine_->rules_on(day - back), *events, day - back);
        if (!earlier.ok()) continue;
        // As the tick does: never across a change of the rules (the walk is the new rules' own).
        if (&engine_->rule_versions().on(day - back) != &engine_->rule_versions().on(day)) continue;
        const Standing& e = earlier->standing;
        const WalkCheckpoint from{day - back, e.light.color, e.light_since, e.yellow_since};
        std::vector<LightChange> changes;
        auto resumed_t = standing_of(engine_->rules_on(day), *events, day, &changes, &from);
        ASSERT_TRUE(resumed_t.ok());
        ++resumed;
        SCOPED_TRACE(code + " on " + day.str() + " from " + from.on.str());
        EXPECT_EQ(views::tracked_json(engine_->workflow_on(day), *resumed_t, Lang::kZh),
                  views::tracked_json(engine_->workflow_on(day), *whole, Lang::kZh));
        EXPECT_EQ(resumed_t->standing.light_since, whole->standing.light_since);
        EXPECT_EQ(resumed_t->standing.yellow_since, whole->standing.yellow_since);
        std::vector<LightChange> all;
        ASSERT_TRUE(standing_of(engine_->rules_on(day), *events, day, &all).ok());
        std::vector<Date> after, got;
        for (const auto& c : all)
          if (c.on > from.on) after.push_back(c.on);
        for (const auto& c : changes) got.push_back(c.on);
        EXPECT_EQ(got, after) << "the changes after the checkpoint";
      }
    }
  }
  EXPECT_GT(resumed, 1000);
}

// The walk skips the days on which nothing can change: on every day of three
// random histories its answer and its light changes are a walk over every
// day's.
TEST_P(Agreement, TheWalkThatSkipsDaysAgreesWithOneOverEveryDay) {
  std::mt19937 rng(GetParam() + 300);
  make_history(rng);
  if (HasFatalFailure()) return;
  int compared = 0, investment_changes = 0;
  for (const auto& code : codes_) {
    auto events = engine_->history(code);
    ASSERT_TRUE(events.ok());
    std::vector<LightChange> year;
    (void)standing_of(engine_->rules_on(d("2026-12-31")), *events, d("2026-12-31"),
                      &year);  // none for a project made later
    for (const auto& c : year)
      investment_changes +=
          catalogue::render(c.reason, Lang::kEn).find("investment") != std::string::npos;
    for (Date day = d("2025-12-01"); day <= d("2026-12-31"); day = day + 1) {
      std::vector<LightChange> skipping, daily;
      auto fast = standing_of(engine_->rules_on(day), *events, day, &skipping);
      auto slow = standing_of(engine_->rules_on(day), *events, day, &daily, nullptr, true);
      ASSERT_EQ(fast.ok(), slow.ok());
      if (!fast.ok()) continue;
      ++compared;
      SCOPED_TRACE(code + " on " + day.str());
      EXPECT_EQ(views::tracked_json(engine_->workflow_on(day), *fast, Lang::kZh),
                views::tracked_json(engine_->workflow_on(day), *slow, Lang::kZh));
      EXPECT_EQ(fast->standing.light_since, slow->standing.light_since);
      EXPECT_EQ(fast->standing.yellow_since, slow->standing.yellow_since);
      ASSERT_EQ(skipping.size(), daily.size());
      for (size_t i = 0; i < daily.size(); ++i) {
        EXPECT_EQ(skipping[i].on, daily[i].on);
        EXPECT_EQ(skipping[i].light, daily[i].light);
        EXPECT_EQ(skipping[i].reason, daily[i].reason);
      }
    }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_GT(investment_changes, 0) << "the histories put lights on investment too";
}

// The report is built in bounded memory (sums, and a projects table whose
// rows stream from a second pass over the events): in every format it reads
// byte for byte as the report built from a whole snapshot.
TEST_P(Agreement, TheStreamedReportIsTheReportOfTheWholeSnapshot) {
  std::mt19937 rng(GetParam() + 400);
  make_history(rng);
  if (HasFatalFailure()) return;
  for (const char* day : {"2026-03-31", "2026-06-30", "2026-12-31"}) {
    SCOPED_TRACE(day);
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      auto streamed = report_of(*engine_, d(day), "", "", lang);
      ASSERT_TRUE(streamed.ok()) << streamed.status().message();
      auto snapshot = engine_->snapshot(d(day));
      ASSERT_TRUE(snapshot.ok());
      const Report whole =
          build_report(engine_->workflow_on(d(day)), *snapshot, std::nullopt, lang);
      ASSERT_TRUE(streamed->section("projects")->stream) << "the projects table streams";
      ASSERT_GT(whole.section("projects")->rows.size(), 0u);
      for (const char* format : {"md", "html", "csv", "json"}) {
        std::string text;
        ASSERT_TRUE(render_report(*streamed, format, [&](std::string_view piece) {
                      text += piece;
                      return true;
                    }).ok());
        std::string held;
        ASSERT_TRUE(render_report(whole, format, [&](std::string_view piece) {
                      held += piece;
                      return true;
                    }).ok());
        EXPECT_EQ(text, held) << format;
      }
      // A reader that goes away stops the rendering with an error.
      int pieces = 0;
      EXPECT_FALSE(
          render_report(*streamed, "csv", [&](std::string_view) { return ++pieces < 1; }).ok());
    }
  }
}

// Three histories in the optimised build; one under the sanitizers' -O0, where
// each takes minutes.
#ifdef NDEBUG
INSTANTIATE_TEST_SUITE_P(RandomHistories, Agreement, ::testing::Values(1u, 2u, 3u));
#else
INSTANTIATE_TEST_SUITE_P(RandomHistories, Agreement, ::testing::Values(1u));
#endif

}  // namespace
}  // namespace luodi

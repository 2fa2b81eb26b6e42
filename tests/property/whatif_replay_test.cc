// What-if in linear time gives the answer it gave before (issue 25): each
// scenario write checked and appended on the copy, each moved project
// replayed once after the last (Engine::what_if), against every write
// committed on its own with its project's standing worked out again after
// each (Engine::what_if_reference, the old path). Random cities with
// histories, random scenarios of every kind — advances with evidence,
// blocks, unblocks, plans, investment, updates, cancels, a campaign's end
// moved, several events a project, some refused — and both must give the
// same answer, or the same error, word for word.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "commands/scenario.h"
#include "common/json_text.h"
#include "luodi/engine.h"
#include "support/test_support.h"
#include "views/json_views.h"

namespace luodi {
namespace {

// The scenario's writes decoded by their commands, as the CLI and the API do.
luodi::DecodedScenario decoded(const luodi::Scenario& s) {
  auto d = luodi::commands::decode_scenario(s);
  if (!d.ok()) throw std::runtime_error(d.status().message());
  return std::move(d).value();
}

namespace json = boost::json;
using testing::read_file;
using testing::source_path;
using testing::TempDir;

Date d(const char* s) { return *Date::parse(s); }

class WhatIfReplay : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override {
    set_day(d("2026-01-05"));
    auto e = Engine::create(
        dir_.file("city.db"), {testing::workflow_without_digests(), "key-project.yaml"},
        {read_file(source_path("workflows/calendars/cn.yaml")), "cn.yaml"}, clock_);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
    const std::string campaign = "workflows/campaigns/hundred-day-2026.yaml";
    ASSERT_TRUE(engine_->add_campaign({read_file(source_path(campaign)), campaign}).ok());
  }

  void set_day(Date day) { clock_.set(*parse_local(day.str() + "T10:00")); }

  // `n` projects recorded in January, then moves, blocks and plans to July.
  void make_city(std::mt19937& rng, int n) {
    static const char* units[] = {"游埠镇", "女埠街道", "兰江街道"};
    for (int i = 0; i < n; ++i) {
      NewProject p;
      p.by = "test";
      p.code = "W" + std::to_string(i);
      p.attributes.name = "项目" + std::to_string(i);
      p.attributes.unit = units[i % 3];
      p.attributes.investment_wan = 5000 + i;
      p.on = d("2026-01-05") - static_cast<int>(rng() % 60);
      ASSERT_TRUE(engine_->execute(p).ok());
    }
    for (Date day = d("2026-01-06"); day <= d("2026-07-31"); day = day + 3) {
      set_day(day);
      for (int k = 0; k < n / 4; ++k) {
        auto r = random_write(rng, "W" + std::to_string(rng() % n), day);
        (void)engine_->execute(r);  // a refused move is simply not recorded
      }
    }
  }

  WriteRequest random_write(std::mt19937& rng, const std::string& code, Date on) {
    static const char* stages[] = {"pre_review", "site_entry", "construction", "completion",
                                   "production"};
    switch (rng() % 6) {
      case 0:
      case 1: {
        AdvanceRequest a;
        a.to = stages[rng() % 5];
        a.evidence["permit"] = "P-" + code;
        return fill(a, code, on);
      }
      case 2: {
        BlockRequest b;
        b.category = rng() % 2 ? "land" : "funding";
        b.reason = "待落实";
        return fill(b, code, on);
      }
      case 3:
        return fill(UnblockRequest{}, code, on);
      case 4: {
        PlanRequest p;
        p.due = on + static_cast<int>(10 + rng() % 90);
        return fill(p, code, on);
      }
      default: {
        InvestRequest i;
        i.fixed_asset_wan = 100 + rng() % 5000;
        i.correction = true;  // random figures, so some are lower than the last
        return fill(i, code, on);
      }
    }
  }
  template <typename R>
  static WriteRequest fill(R r, const std::string& code, Date on) {
    r.code = code;
    r.on = on;
    r.by = "test";
    return r;
  }

  // A scenario of `n` events on the first `spread` projects, from today on,
  // a day apart every few events: moves the lifecycle allows, tracked as
  // they are made (the next stage, an unblock after a block), and, when
  // `refused`, one it refuses somewhere.
  Scenario random_scenario(std::mt19937& rng, int n, int spread, bool refused) {
    struct Tracked {
      int stage;
      bool blocked, open;
    };
    std::map<std::string, Tracked> at;
    for (int i = 0; i < spread; ++i) {
      const std::string code = "W" + std::to_string(i);
      auto p = engine_->project(code);
      if (!p.ok()) continue;
      at[code] = {p->stage, p->status == ProjectStatus::kBlocked,
                  p->status == ProjectStatus::kActive || p->status == ProjectStatus::kBlocked};
    }
    const Workflow& wf = engine_->workflow();
    Scenario s;
    const int bad = refused ? static_cast<int>(rng() % n) : -1;
    for (int i = 0; i < n; ++i) {
      auto it = std::next(at.begin(), static_cast<long>(rng() % at.size()));
      Tracked& t = it->second;
      const Date on = engine_->today() + i / 3;
      json::object f{{"code", it->first}, {"on", on.str()}};
      std::string kind;
      const unsigned dice = rng() % 10;
      if (i == bad) {
        kind = "advance";
        f["to"] = wf.stages[wf.final_stage()].id;  // skipping stages, or from the end
        f["evidence"] = json::object{{"permit", "P"}};
        f["on"] = engine_->today().str();
      } else if (!t.open || dice == 0) {
        kind = "invest";
        f["fixed_asset_wan"] = std::to_string(6000 + i);
      } else if (t.blocked) {
        kind = "unblock";
        t.blocked = false;
      } else if (dice <= 3 && t.stage < wf.final_stage()) {
        kind = "advance";
        f["to"] = wf.stages[++t.stage].id;
        f["evidence"] = json::object{{"permit", "P-" + std::to_string(i)}};
        t.open = t.stage < wf.final_stage();
      } else if (dice == 4) {
        kind = "block";
        f["category"] = rng() % 2 ? "land" : "funding";
        f["reason"] = "待落实";
        t.blocked = true;
      } else if (dice <= 6 && t.stage < wf.final_stage()) {
        kind = "plan";
        f["due"] = (on + static_cast<int>(30 + rng() % 120)).str();
      } else if (dice == 7) {
        kind = "update";
        f["land_secured_mu"] = std::to_string(rng() % 50);
      } else {
        kind = "invest";
        f["fixed_asset_wan"] = std::to_string(6000 + i);
      }
      s.writes.push_back({kind, std::move(f), "events[" + std::to_string(i) + "]"});
    }
    if (rng() % 3 == 0)
      s.campaign_ends.push_back(
          {"hundred-day-2026", d("2026-11-30"), "events[" + std::to_string(n) + "]"});
    return s;
  }

  // The answer as text, or the error with its code.
  std::string text_of(const Result<WhatIf>& r) {
    if (!r.ok())
      return "error " + std::to_string(static_cast<int>(r.status().code())) + ": " +
             r.status().message();
    return to_json_text(views::what_if_json(engine_->workflow(), *r), true);
  }

  TempDir dir_;
  ManualClock clock_{*parse_local("2026-01-05T10:00")};
  std::unique_ptr<Engine> engine_;
};

TEST_P(WhatIfReplay, TheLinearReplayGivesTheOldAnswer) {
  std::mt19937 rng(GetParam());
  make_city(rng, 40);
  if (HasFatalFailure()) return;
  int weighed = 0, refused = 0, changed = 0;
  std::string refusals;
  for (int round = 0; round < 12; ++round) {
    // Few events over many projects, and many events on a few; a few refused.
    const bool inject = round % 4 == 3;
    const Scenario s = round % 2 ? random_scenario(rng, 3 + rng() % 10, 40, inject)
                                 : random_scenario(rng, 20 + rng() % 40, 4, inject);
    const auto linear = engine_->what_if(decoded(s));
    const auto reference = engine_->what_if_reference(decoded(s));
    ASSERT_EQ(text_of(linear), text_of(reference)) << "seed " << GetParam() << " round " << round;
    if (linear.ok()) {
      ++weighed;
      changed += !linear->projects.empty();
    } else {
      ++refused;
      refusals += linear.status().message() + "\n";
    }
  }
  // The scenarios tried both sides: answers that list changes, and refusals.
  EXPECT_GE(weighed, 6) << refusals;
  EXPECT_GE(changed, 6);
  EXPECT_GE(refused, 1);
}

// A scenario whose events all move one project: the same answer as event by event.
TEST_P(WhatIfReplay, ManyEventsOnOneProject) {
  std::mt19937 rng(GetParam());
  make_city(rng, 8);
  if (HasFatalFailure()) return;
  Scenario s;
  const std::string code = "W3";
  for (int i = 0; i < 200; ++i) {
    const Date on = engine_->today() + i / 4;
    json::object f{{"code", code}, {"on", on.str()}};
    if (i % 2) {
      f["due"] = (on + 90).str();
      s.writes.push_back({"plan", std::move(f), "events[" + std::to_string(i) + "]"});
    } else {
      f["fixed_asset_wan"] = std::to_string(7000 + i);
      s.writes.push_back({"invest", std::move(f), "events[" + std::to_string(i) + "]"});
    }
  }
  const auto linear = engine_->what_if(decoded(s));
  ASSERT_TRUE(linear.ok()) << linear.status().message();
  EXPECT_FALSE(linear->projects.empty());
  ASSERT_EQ(text_of(linear), text_of(engine_->what_if_reference(decoded(s))));
}

// The copy holds only the touched projects, yet numbers new blockers and
// instructions as the whole city does: a scenario that blocks a project,
// instructs on that new blocker, closes the instruction and lifts the
// blocker by their ids (the city's highest blocker id + 1, its instruction
// count + 1, both held by projects the scenario does not touch) is answered,
// and as the whole copy answers it.
TEST_P(WhatIfReplay, NewIdsAreNumberedAsInTheWholeCity) {
  std::mt19937 rng(GetParam());
  make_city(rng, 20);
  if (HasFatalFailure()) return;
  // Instructions on the open blockers of the last ten projects.
  for (int i = 10; i < 20; ++i) {
    auto p = engine_->project("W" + std::to_string(i));
    ASSERT_TRUE(p.ok());
    for (const auto& b : p->blockers) {
      InstructRequest r;
      r.blocker = b.id;
      r.text = "尽快解决";
      r.assignee = "自然资源局";
      ASSERT_TRUE(engine_->execute(fill(r, p->code, engine_->today())).ok());
    }
  }
  // The code to move: open, among the first ten.
  std::string code;
  for (int i = 0; i < 10 && code.empty(); ++i) {
    auto p = engine_->project("W" + std::to_string(i));
    if (p.ok() && p->status == ProjectStatus::kActive &&
        p->stage < engine_->workflow().final_stage())
      code = p->code;
  }
  ASSERT_FALSE(code.empty());
  std::int64_t max_blocker = 0, instructions = 0;
  std::string max_holder;
  for (int i = 0; i < 20; ++i) {
    auto events = engine_->history("W" + std::to_string(i));
    ASSERT_TRUE(events.ok());
    for (const auto& e : *events) {
      if (e.blocker && e.blocker->id > max_blocker) {
        max_blocker = e.blocker->id;
        max_holder = e.project;
      }
      instructions += e.kind == EventKind::kInstructed;
    }
  }
  ASSERT_NE(max_holder, code);
  ASSERT_GT(instructions, 0);
  const std::string today = engine_->today().str();
  Scenario s;
  auto add = [&](const char* kind, json::object f) {
    f["code"] = code;
    f["on"] = today;
    s.writes.push_back({kind, std::move(f), "events[" + std::to_string(s.writes.size()) + "]"});
  };
  add("block", {{"category", "land"}, {"reason", "待落实"}});
  add("instruct",
      {{"blocker", std::to_string(max_blocker + 1)}, {"text", "限期解决"}, {"assignee", "国土所"}});
  add("instruction_done", {{"instruction", std::to_string(instructions + 1)}, {"note", "已解决"}});
  add("unblock", {{"blocker", std::to_string(max_blocker + 1)}});
  const auto linear = engine_->what_if(decoded(s));
  ASSERT_TRUE(linear.ok()) << linear.status().message();
  EXPECT_EQ(text_of(linear), text_of(engine_->what_if_reference(decoded(s))));
  // One id past them is refused alike (the copy knows no such blocker).
  Scenario wrong;
  wrong.writes.push_back(
      {"unblock",
       json::object{{"code", code}, {"on", today}, {"blocker", std::to_string(max_blocker + 1)}},
       "events[0]"});
  const auto refused = engine_->what_if(decoded(wrong));
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(text_of(refused), text_of(engine_->what_if_reference(decoded(wrong))));
}

// A moved campaign end can change projects the scenario does not touch:
// they are weighed too, and the answer is the whole copy's.
TEST_P(WhatIfReplay, AMovedCampaignEndWeighsEveryProject) {
  std::mt19937 rng(GetParam());
  make_city(rng, 30);
  if (HasFatalFailure()) return;
  Scenario s = random_scenario(rng, 4, 2, false);
  s.campaign_ends.clear();
  s.campaign_ends.push_back({"hundred-day-2026", d("2026-09-15"), "campaign_ends[0]"});
  const auto linear = engine_->what_if(decoded(s));
  ASSERT_TRUE(linear.ok()) << linear.status().message();
  EXPECT_EQ(text_of(linear), text_of(engine_->what_if_reference(decoded(s))));
  std::set<std::string> touched;
  for (const auto& w : s.writes) touched.insert(w.fields.at("code").as_string().c_str());
  int untouched = 0;
  for (const auto& p : linear->projects) untouched += !touched.count(p.code);
  EXPECT_GT(untouched, 0);
}

// The city's side is kept between what-ifs for the state it was worked out
// at: a second what-if gives the first's answer; after a write (by another
// connection) it gives the answer a freshly opened engine and the whole copy
// give, which counts that write.
TEST_P(WhatIfReplay, AKeptAnswerFollowsTheCitysWrites) {
  std::mt19937 rng(GetParam());
  make_city(rng, 30);
  if (HasFatalFailure()) return;
  Scenario s = random_scenario(rng, 12, 6, false);
  s.campaign_ends.clear();
  const auto first = engine_->what_if(decoded(s));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(text_of(engine_->what_if(decoded(s))), text_of(first));
  // An active key project the scenario does not touch is cancelled.
  std::set<std::string> touched;
  for (const auto& w : s.writes) touched.insert(w.fields.at("code").as_string().c_str());
  auto other = Engine::open(dir_.file("city.db"), clock_);
  ASSERT_TRUE(other.ok()) << other.status().message();
  std::string cancelled;
  for (int i = 29; i >= 0 && cancelled.empty(); --i) {
    auto p = engine_->project("W" + std::to_string(i));
    if (!p.ok() || touched.count(p->code) || !is_active_key(*p)) continue;
    CancelRequest c;
    c.note = "不再建设";
    ASSERT_TRUE((*other)->execute(fill(c, p->code, engine_->today())).ok());
    cancelled = p->code;
  }
  ASSERT_FALSE(cancelled.empty());
  const auto after_write = engine_->what_if(decoded(s));
  ASSERT_TRUE(after_write.ok()) << after_write.status().message();
  EXPECT_EQ(after_write->before.active, first->before.active - 1);
  EXPECT_EQ(text_of(after_write), text_of((*other)->what_if(decoded(s))));
  EXPECT_EQ(text_of(after_write), text_of(engine_->what_if_reference(decoded(s))));
}

INSTANTIATE_TEST_SUITE_P(Seeds, WhatIfReplay, ::testing::Values(1u, 2u, 3u, 20260731u));

}  // namespace
}  // namespace luodi

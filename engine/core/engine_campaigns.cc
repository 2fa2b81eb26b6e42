// Campaigns as the engine keeps them: registered YAML, the scope and
// milestones fixed on the start date, and the day-by-day report.
#include <algorithm>
#include <filesystem>

#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

Status Engine::load_campaigns() {
  LUODI_ASSIGN_OR_RETURN(auto records, store_->campaigns());
  campaigns_.clear();
  for (const auto& rec : records) {
    LUODI_ASSIGN_OR_RETURN(Campaign c, parse_campaign(rec.text, rec.source, workflow_));
    campaigns_.push_back(std::move(c));
  }
  return Status::Ok();
}

Status Engine::add_campaign(const Source& yaml) {
  LUODI_ASSIGN_OR_RETURN(Campaign c, parse_campaign(yaml.text, yaml.name, workflow_));
  const std::string stem = std::filesystem::path(yaml.name).stem().string();
  if (stem != c.id)
    return Status::BadInput(yaml.name + ":1:1: a campaign file is named after its id: expected " +
                            c.id + ".yaml");
  if (std::any_of(campaigns_.begin(), campaigns_.end(), [&](const Campaign& k) { return k.id == c.id; }))
    return Status::Conflict("campaign " + c.id + " is registered already");
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_RETURN_IF_ERROR(store_->put_campaign({c.id, yaml.text, yaml.name}));
    campaigns_.push_back(c);
    Status s = start_campaigns();
    if (!s.ok()) campaigns_.pop_back();
    return s;
  }));
  return Status::Ok();
}

Status Engine::start_campaigns() {
  const Date day = today();
  for (const auto& c : campaigns_) {
    if (day < c.start) continue;
    LUODI_ASSIGN_OR_RETURN(bool started, store_->campaign_started(c.id));
    if (started) continue;
    // The scope is what stood on the start date, however late it is entered.
    LUODI_ASSIGN_OR_RETURN(auto states, states_as_of(c.start));
    std::vector<CampaignEntry> entries;
    for (const auto& p : states) {
      if (!c.in_scope(p)) continue;
      auto milestones = schedule_backwards(c, workflow_, calendar_, p.stage);
      if (!milestones) continue;
      entries.push_back({p.code, p.stage, c.targets.at(p.stage), std::move(*milestones)});
    }
    LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
      LUODI_RETURN_IF_ERROR(store_->put_campaign_entries(c.id, entries));
      // Their due dates change: let the tick look at each again.
      for (const auto& e : entries) {
        LUODI_ASSIGN_OR_RETURN(Schedule s, store_->load_schedule(e.project));
        s.next_check = day;
        LUODI_ASSIGN_OR_RETURN(ProjectState p, project(e.project));
        LUODI_ASSIGN_OR_RETURN(s.due, due_after_move(p));
        LUODI_RETURN_IF_ERROR(store_->save_schedule(e.project, s));
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

namespace {

void count(CampaignCounts& c, const CampaignProject& p) {
  ++c.projects;
  if (p.met) {
    ++c.met;
  } else if (p.behind) {
    ++c.behind;
  } else {
    ++c.on_track;
  }
  if (p.project.status == ProjectStatus::kBlocked) ++c.blocked;
}

}  // namespace

Result<CampaignReport> Engine::campaign(const std::string& id) {
  auto it = std::find_if(campaigns_.begin(), campaigns_.end(), [&](const Campaign& c) { return c.id == id; });
  if (it == campaigns_.end()) return Status::NotFound("unknown campaign " + id);
  const Date day = today();
  CampaignReport report;
  report.campaign = *it;
  report.day = it->day(day);
  LUODI_ASSIGN_OR_RETURN(report.started, store_->campaign_started(id));
  std::vector<CampaignEntry> entries;
  if (report.started) {
    LUODI_ASSIGN_OR_RETURN(entries, store_->campaign_entries(id));
  } else {
    // Before the start: a preview from where the projects stand today.
    LUODI_ASSIGN_OR_RETURN(auto states, list({}));
    for (const auto& p : states) {
      if (!it->in_scope(p)) continue;
      if (auto m = schedule_backwards(*it, workflow_, calendar_, p.stage))
        entries.push_back({p.code, p.stage, it->targets.at(p.stage), std::move(*m)});
    }
  }
  for (auto& e : entries) {
    LUODI_ASSIGN_OR_RETURN(ProjectState p, project(e.project));
    CampaignProject cp{p, e.start_stage, e.target_stage, std::move(e.milestones), false, false};
    cp.met = p.stage >= cp.target_stage;
    cp.behind = !cp.met && std::any_of(cp.milestones.begin(), cp.milestones.end(), [&](const Milestone& m) {
      return m.due < day && p.stage < m.stage;
    });
    count(report.counts, cp);
    count(report.by_unit[p.attributes.unit], cp);
    count(report.by_leader[p.attributes.leader], cp);
    report.projects.push_back(std::move(cp));
  }
  // Weekly burn-down over milestones: due by each week's end, and reached by
  // then (as of that date, from the events).
  for (Date week = it->start + 6;; week = week + 7) {
    const Date point = std::min(week, it->end());
    BurndownPoint b{point, 0, 0};
    std::map<std::string, int> stage_then;
    if (point <= day) {
      LUODI_ASSIGN_OR_RETURN(auto states, states_as_of(point));
      for (const auto& s : states) stage_then[s.code] = s.stage;
    }
    for (const auto& cp : report.projects) {
      for (const auto& m : cp.milestones) {
        if (m.due <= point) ++b.planned;
        auto s = stage_then.find(cp.project.code);
        if (s != stage_then.end() && s->second >= m.stage) ++b.met;
      }
    }
    report.burndown.push_back(b);
    if (point >= it->end()) break;
  }
  return report;
}

}  // namespace luodi

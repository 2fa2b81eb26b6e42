#include "luodi/stats.h"

#include <algorithm>
#include <cmath>

namespace luodi {

Land land_of(const ProjectAttributes& a) {
  const double secured = a.land_secured_mu.value_or(0);
  if (!a.land_need_mu) return {0, secured, 0, secured > 0 ? 1 : 0};
  const double need = *a.land_need_mu;
  return {need, secured, need - secured, 0};
}

StandingGroup group_of(const TrackedProject& t) {
  const ProjectState& p = t.project;
  return {p.stage,
          p.status,
          p.key,
          t.standing.light.color,
          t.standing.overdue(),
          1,
          p.attributes.investment_wan.value_or(0),
          land_of(p.attributes)};
}

Stats compute_stats(const Workflow& wf, Date as_of, const std::vector<TrackedProject>& projects) {
  std::vector<StandingGroup> groups;
  groups.reserve(projects.size());
  for (const auto& t : projects) groups.push_back(group_of(t));
  return compute_stats(wf, as_of, groups);
}

Stats compute_stats(const Workflow& wf, Date as_of, const std::vector<StandingGroup>& groups) {
  Stats st;
  st.as_of = as_of;
  std::vector<int> per_stage(wf.stages.size(), 0);
  for (const auto& g : groups) {
    const int n = static_cast<int>(g.count);
    st.overdue += g.overdue ? n : 0;
    st.red += g.light == LightColor::kRed ? n : 0;
    st.yellow += g.light == LightColor::kYellow ? n : 0;
    st.green += g.light == LightColor::kGreen ? n : 0;
    if (g.status == ProjectStatus::kDropped) {
      st.dropped += n;
      continue;
    }
    if (!g.key) {
      st.pipeline += n;
      continue;
    }
    st.key_projects += n;
    if (g.status == ProjectStatus::kCancelled) {
      st.cancelled += n;
      continue;
    }
    st.active += n;
    if (g.stage >= 0 && static_cast<size_t>(g.stage) < per_stage.size()) per_stage[g.stage] += n;
    st.active_investment_wan += g.investment_wan;
    if (g.stage >= wf.start_stage) st.site_entry_or_later += n;
    st.land_need_mu += g.land.need;
    st.land_secured_mu += g.land.secured;
    st.land_shortfall_mu += g.land.shortfall;
    st.land_need_unknown += static_cast<int>(g.land.need_unknown);
  }
  for (size_t i = 0; i < wf.stages.size(); ++i)
    st.by_stage.emplace_back(wf.stages[i].id, per_stage[i]);
  // Sums of decimal amounts carry binary noise (1369.2800000000002); amounts
  // are kept to 1e-6 of their unit, far below what any report shows.
  for (double* sum :
       {&st.active_investment_wan, &st.land_need_mu, &st.land_secured_mu, &st.land_shortfall_mu})
    *sum = std::round(*sum * 1e6) / 1e6;
  st.start_ratio = st.active ? static_cast<double>(st.site_entry_or_later) / st.active : 0.0;
  return st;
}

Stats compute_stats(const Workflow& wf, Date as_of, const std::vector<StandingGroup>& groups,
                    long overdue) {
  Stats st = compute_stats(wf, as_of, groups);
  st.overdue = static_cast<int>(overdue);
  return st;
}

}  // namespace luodi

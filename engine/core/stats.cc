#include "luodi/stats.h"

#include <algorithm>
#include <cmath>

namespace luodi {

Land land_of(const ProjectAttributes& a) {
  if (!a.land_need_mu) return {};
  const double need = *a.land_need_mu, secured = a.land_secured_mu.value_or(0);
  return {need, secured, need - secured};
}

Stats compute_stats(const Workflow& wf, Date as_of, const std::vector<TrackedProject>& projects) {
  Stats st;
  st.as_of = as_of;
  std::vector<int> per_stage(wf.stages.size(), 0);
  for (const auto& t : projects) {
    const ProjectState& p = t.project;
    st.overdue += t.standing.overdue();
    st.red += t.standing.light.color == LightColor::kRed;
    st.yellow += t.standing.light.color == LightColor::kYellow;
    st.green += t.standing.light.color == LightColor::kGreen;
    if (p.status == ProjectStatus::kDropped) {
      ++st.dropped;
      continue;
    }
    if (!p.key) {
      ++st.pipeline;
      continue;
    }
    ++st.key_projects;
    if (p.status == ProjectStatus::kCancelled) {
      ++st.cancelled;
      continue;
    }
    ++st.active;
    ++per_stage[p.stage];
    const auto& a = p.attributes;
    st.active_investment_wan += a.investment_wan.value_or(0);
    if (p.stage >= wf.start_stage) ++st.site_entry_or_later;
    const Land land = land_of(a);
    st.land_need_mu += land.need;
    st.land_secured_mu += land.secured;
    st.land_shortfall_mu += land.shortfall;
  }
  for (size_t i = 0; i < wf.stages.size(); ++i) st.by_stage.emplace_back(wf.stages[i].id, per_stage[i]);
  // Sums of decimal amounts carry binary noise (1369.2800000000002); amounts
  // are kept to 1e-6 of their unit, far below what any report shows.
  for (double* sum : {&st.active_investment_wan, &st.land_need_mu, &st.land_secured_mu, &st.land_shortfall_mu})
    *sum = std::round(*sum * 1e6) / 1e6;
  st.start_ratio = st.active ? static_cast<double>(st.site_entry_or_later) / st.active : 0.0;
  return st;
}

}  // namespace luodi

#include "views/json_views.h"

#include <boost/json.hpp>

#include <cmath>

namespace luodi::views {

namespace json = boost::json;

namespace {

json::value amount(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object label_json(const Label& l) { return {{"zh", l.zh}, {"en", l.en}}; }

}  // namespace

double percent(double ratio, int decimals) {
  const double scale = std::pow(10.0, decimals);
  // Half-up on the decimal value; the 1e-9 absorbs binary noise (0.125 → 12.5).
  return std::floor(ratio * 100.0 * scale + 0.5 + 1e-9) / scale;
}

json::value project_json(const Workflow& wf, const ProjectState& p) {
  const auto& a = p.attributes;
  json::array blockers;
  for (const auto& b : p.blockers)
    blockers.push_back(json::object{{"id", b.id},
                                    {"category", b.category},
                                    {"reason", b.reason},
                                    {"owner", b.owner},
                                    {"since", b.since.str()}});
  return json::object{
      {"code", p.code},
      {"name", a.name},
      {"unit", a.unit},
      {"leader", a.leader},
      {"industry", a.industry},
      {"origin", a.origin},
      {"stage", wf.stages[p.stage].id},
      {"stage_label", label_json(wf.stages[p.stage].label)},
      {"stage_since", p.stage_since.str()},
      {"status", to_string(p.status)},
      {"key", p.key},
      {"blockers", std::move(blockers)},
      {"investment_wan", amount(a.investment_wan)},
      {"fixed_asset_wan", amount(a.fixed_asset_wan)},
      {"foreign_usd_wan", amount(a.foreign_usd_wan)},
      {"land_need_mu", amount(a.land_need_mu)},
      {"land_secured_mu", amount(a.land_secured_mu)},
      {"created_on", p.created_on.str()},
  };
}

json::value event_json(const Event& e) {
  json::object o{
      {"seq", e.seq},
      {"on", e.on.str()},
      {"recorded_at", format_local(e.recorded_at)},
      {"kind", to_string(e.kind)},
      {"from", e.from},
      {"to", e.to},
      {"by", e.actor},
      {"note", e.note},
  };
  if (!e.evidence.empty()) {
    json::object ev;
    for (const auto& [k, v] : e.evidence) ev[k] = v;
    o["evidence"] = std::move(ev);
  }
  if (e.blocker) {
    json::object b{{"id", e.blocker->id}};
    if (e.kind == EventKind::kBlocked) {
      b["category"] = e.blocker->category;
      b["reason"] = e.blocker->reason;
      b["owner"] = e.blocker->owner;
    }
    o["blocker"] = std::move(b);
  }
  return o;
}

json::value history_json(const std::vector<Event>& events) {
  json::array a;
  for (const auto& e : events) a.push_back(event_json(e));
  return a;
}

json::value stats_json(const Workflow& wf, const Stats& s) {
  json::object by_stage;
  for (const auto& [id, n] : s.by_stage) by_stage[id] = n;
  return json::object{
      {"as_of", s.as_of.str()},
      {"key_projects", s.key_projects},
      {"cancelled", s.cancelled},
      {"dropped", s.dropped},
      {"pipeline", s.pipeline},
      {"by_stage", std::move(by_stage)},
      {"active", s.active},
      {"active_investment_wan", s.active_investment_wan},
      {"site_entry_or_later", s.site_entry_or_later},
      {"start_stage", wf.stages[wf.start_stage].id},
      {"start_ratio", s.start_ratio},
      {"start_ratio_percent", percent(s.start_ratio)},
      {"start_ratio_rounding", "percent, half-up to 2 decimals"},
      {"land_need_mu", s.land_need_mu},
      {"land_shortfall_mu", s.land_shortfall_mu},
  };
}

}  // namespace luodi::views

#include "cli/command.h"
#include "cli/output.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> as_of, inv.date("as-of"));
  LUODI_ASSIGN_OR_RETURN(auto p, engine->project(inv.args[0], as_of));
  const auto& wf = engine->workflow();
  // Deadlines and lights are about today; a past state has neither.
  std::optional<Standing> standing;
  if (!as_of) {
    LUODI_ASSIGN_OR_RETURN(standing, engine->standing(p));
  }
  if (inv.has("json")) {
    print_json(inv.out, standing ? views::tracked_json(wf, p, *standing) : views::project_json(wf, p));
    return Status::Ok();
  }
  const auto& a = p.attributes;
  const auto& stage = wf.stages[p.stage];
  auto line = [&](const char* label, const std::string& value) {
    if (!value.empty()) inv.out << label << value << "\n";
  };
  inv.out << p.code << "  " << a.name << "\n";
  line("  stage:        ", stage.id + " (" + stage.label.zh + ") since " + p.stage_since.str());
  line("  status:       ", std::string(to_string(p.status)) + (p.key ? "" : ", not on the key list"));
  line("  unit:         ", a.unit);
  line("  leader:       ", a.leader);
  line("  industry:     ", a.industry);
  line("  origin:       ", a.origin);
  line("  investment:   ", a.investment_wan ? amount_text(a.investment_wan) + " 万元" : "");
  line("  fixed assets: ", a.fixed_asset_wan ? amount_text(a.fixed_asset_wan) + " 万元" : "");
  line("  foreign:      ", a.foreign_usd_wan ? amount_text(a.foreign_usd_wan) + " 万美元" : "");
  line("  land need:    ", a.land_need_mu ? amount_text(a.land_need_mu) + " 亩" : "");
  line("  land secured: ", a.land_secured_mu ? amount_text(a.land_secured_mu) + " 亩" : "");
  if (standing && standing->deadline) {
    const auto& d = *standing->deadline;
    line("  due:          ", d.due.str() + " to reach " + wf.stages[d.stage].id + " (" +
                               std::string(to_string(d.source)) + "), " +
                               std::to_string(standing->days_left) + " days left" +
                               (d.provisional ? ", provisional" : "") + (d.paused ? ", paused" : ""));
  }
  if (standing)
    line("  light:        ", std::string(to_string(standing->light.color)) + " — " + standing->light.reason);
  for (const auto& b : p.blockers) {
    inv.out << "  blocker " << b.id << ": " << b.category << " since " << b.since.str() << " — "
            << b.reason << (b.owner.empty() ? "" : " (owner: " + b.owner + ")") << "\n";
  }
  return Status::Ok();
}

}  // namespace

Command show_command() {
  return {"show", "show CODE [--as-of DATE] [--json]", "where one project stands",
          {{"json", false}, {"as-of"}}, 1, 1, run};
}

}  // namespace luodi::cli

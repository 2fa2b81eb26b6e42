#include <iomanip>

#include "cli/command.h"
#include "cli/output.h"
#include "views/json_views.h"

namespace luodi::cli {

namespace {

// The text face of the read `stats` (--json prints its answer).
Status print(Invocation& inv, Engine& engine, const commands::ReadArgs& args) {
  const auto as_of = args.date("as_of");
  LUODI_ASSIGN_OR_RETURN(Stats s, engine.stats(as_of));
  const auto& wf = engine.workflow_on(as_of);
  auto& o = inv.out;
  o << "as of " << s.as_of.str() << "\n";
  o << "  key projects (重点项目):        " << s.key_projects << "\n";
  o << "  cancelled (已取消):             " << s.cancelled << "\n";
  o << "  active (在推进):                " << s.active << "\n";
  o << "  dropped from the list (已剔除): " << s.dropped << "\n";
  o << "  pipeline (在谈):                " << s.pipeline << "\n";
  o << "  active investment:             " << amount_text(s.active_investment_wan) << " 万元 ("
    << std::fixed << std::setprecision(2) << s.active_investment_wan / 10000 << " 亿元)\n";
  o.unsetf(std::ios::fixed);
  o << "  by stage:\n";
  for (size_t i = 0; i < s.by_stage.size(); ++i)
    o << "    " << wf.stages[i].label.zh << " " << s.by_stage[i].first << ": "
      << s.by_stage[i].second << "\n";
  o << "  " << wf.stages[wf.start_stage].id << " or later: " << s.site_entry_or_later << " of "
    << s.active << " = " << amount_text(views::percent(s.start_ratio))
    << "% (开工率, half-up to 2 decimals)\n";
  o << "  land need: " << amount_text(s.land_need_mu) << " 亩, shortfall "
    << amount_text(s.land_shortfall_mu) << " 亩"
    << (s.land_need_unknown ? "; need unknown: " + std::to_string(s.land_need_unknown) +
                                  " project(s) with quota secured"
                            : std::string())
    << "\n";
  o << "  overdue: " << s.overdue << "; lights: red " << s.red << ", yellow " << s.yellow
    << ", green " << s.green << "\n";
  return Status::Ok();
}

}  // namespace

Command stats_command() { return read_verb("stats", print); }

}  // namespace luodi::cli

#include "cli/command.h"
#include "importer/field_values.h"

namespace luodi::cli {

namespace {

Result<std::optional<double>> amount_flag(const Invocation& inv, const std::string& flag) {
  auto text = inv.get(flag);
  if (!text) return std::optional<double>();
  auto v = field::amount(*text);
  if (!v) return Status::BadInput("--" + flag + ": '" + *text + "' is not a non-negative amount");
  return v;
}

Status run(Invocation& inv) {
  InvestRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  LUODI_ASSIGN_OR_RETURN(auto fixed, amount_flag(inv, "fixed-asset-wan"));
  if (!fixed) return Status::BadInput("--fixed-asset-wan X is required (cumulative, 万元)");
  r.fixed_asset_wan = *fixed;
  LUODI_ASSIGN_OR_RETURN(r.foreign_arrived_usd_wan, amount_flag(inv, "foreign-arrived-usd-wan"));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const std::string& code = inv.args[0];
  LUODI_RETURN_IF_ERROR(engine->invest(code, r));
  LUODI_ASSIGN_OR_RETURN(auto p, engine->project(code));
  inv.out << code << ": fixed-asset investment completed " << p.progress->fixed_asset_wan
          << " 万元";
  if (p.progress->foreign_arrived_usd_wan)
    inv.out << ", foreign capital arrived " << *p.progress->foreign_arrived_usd_wan << " 万美元";
  inv.out << " (as of " << p.progress->on.str() << ")\n";
  return Status::Ok();
}

}  // namespace

Command invest_command() {
  return {"invest",
          "invest CODE --fixed-asset-wan X [--foreign-arrived-usd-wan Y] [--on DATE] [--by WHO] "
          "[--note TEXT]",
          "investment progress: cumulative fixed-asset investment completed and foreign capital "
          "arrived, as of a date",
          {{"fixed-asset-wan"}, {"foreign-arrived-usd-wan"}, {"on"}, {"by"}, {"note"}},
          1, 1, run};
}

}  // namespace luodi::cli

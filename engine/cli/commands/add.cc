#include "cli/command.h"
#include "importer/field_values.h"

namespace luodi::cli {

namespace {

Status read_amount(const Invocation& inv, const std::string& flag, std::optional<double>& into) {
  auto v = inv.get(flag);
  if (!v) return Status::Ok();
  into = field::amount(*v);
  if (!into) return Status::BadInput("--" + flag + " '" + *v + "' is not a non-negative number");
  return Status::Ok();
}

Status run(Invocation& inv) {
  NewProject p;
  p.code = inv.args[0];
  auto& a = p.attributes;
  a.name = inv.get("name").value_or("");
  a.unit = inv.get("unit").value_or("");
  a.leader = inv.get("leader").value_or("");
  a.origin = inv.get("origin").value_or("");
  if (auto ind = inv.get("industry")) {
    auto v = field::industry(*ind);
    if (!v) return Status::BadInput("--industry '" + *ind + "' is not primary, secondary or tertiary");
    a.industry = *v;
  }
  LUODI_RETURN_IF_ERROR(read_amount(inv, "investment-wan", a.investment_wan));
  LUODI_RETURN_IF_ERROR(read_amount(inv, "fixed-asset-wan", a.fixed_asset_wan));
  LUODI_RETURN_IF_ERROR(read_amount(inv, "foreign-usd-wan", a.foreign_usd_wan));
  LUODI_RETURN_IF_ERROR(read_amount(inv, "land-need-mu", a.land_need_mu));
  LUODI_RETURN_IF_ERROR(read_amount(inv, "land-secured-mu", a.land_secured_mu));
  p.stage = inv.get("stage");
  LUODI_ASSIGN_OR_RETURN(p.evidence, inv.evidence());
  LUODI_ASSIGN_OR_RETURN(p.stage_since, inv.date("stage-since"));
  if (auto key = inv.get("key")) {
    auto v = field::yes_no(*key);
    if (!v) return Status::BadInput("--key '" + *key + "' is not yes or no");
    p.key = *v;
  }
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_RETURN_IF_ERROR(engine->add(p, inv.actor()));
  LUODI_ASSIGN_OR_RETURN(auto state, engine->project(p.code));
  inv.out << "added " << p.code << " at " << engine->workflow().stages[state.stage].id
          << (p.key ? "" : " (pipeline)") << "\n";
  return Status::Ok();
}

}  // namespace

Command add_command() {
  return {"add",
          "add CODE --name N --unit U [--leader L] [--industry I] [--origin O] "
          "[--investment-wan X] [--fixed-asset-wan X] [--foreign-usd-wan X] [--land-need-mu X] "
          "[--land-secured-mu X] [--stage S] [--stage-since DATE] [--evidence KEY=VALUE]... [--key yes|no] "
          "[--by WHO]",
          "add one project",
          {{"name"}, {"unit"}, {"leader"}, {"industry"}, {"origin"}, {"investment-wan"},
           {"fixed-asset-wan"}, {"foreign-usd-wan"}, {"land-need-mu"}, {"land-secured-mu"},
           {"stage"}, {"stage-since"}, {"evidence", true, true}, {"key"}, {"by"}},
          1, 1, run};
}

}  // namespace luodi::cli

#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "importer/field_values.h"
#include "store/event_codec.h"

namespace luodi::cli {

namespace {

// --land-secured-mu for land_secured_mu.
std::string flag_of(std::string_view field) {
  std::string flag(field);
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

Status run(Invocation& inv) {
  UpdateRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), inv.recorded());
  for (const AttributeField& f : attribute_fields()) {
    const std::string flag = flag_of(f.name);
    auto v = inv.get(flag);
    if (!v) continue;
    r.fields.emplace_back(f.name);
    if (f.name == "industry" && !field::trim(*v).empty()) {
      auto industry = field::industry(*v);
      if (!industry) return Status::BadInput("--industry '" + *v + "' is not primary, secondary or tertiary");
      r.values.industry = *industry;
    } else if (f.text) {
      r.values.*f.text = field::one_line(*v);
    } else if (!field::trim(*v).empty()) {  // empty: the amount is no longer known
      r.values.*f.amount = field::amount(*v);
      if (!(r.values.*f.amount)) return Status::BadInput("--" + flag + " '" + *v + "' is not a non-negative number");
    }
  }
  if (r.fields.empty()) return Status::BadInput("nothing to update: give at least one field (see 'luodi help update')");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(AttributeChanges changes, engine->update(inv.args[0], r));
  const auto json = codec::changes_json(changes);
  if (inv.has("json")) {
    print_json(inv.out, boost::json::object{{"code", inv.args[0]}, {"changes", json}});
  } else if (json.empty()) {
    inv.out << inv.args[0] << ": no change\n";
  } else {
    for (const auto& [field, change] : json)
      inv.out << inv.args[0] << ": " << std::string_view(field) << ": " << to_json_text(change.at("from"), false)
              << " → " << to_json_text(change.at("to"), false) << "\n";
  }
  return Status::Ok();
}

}  // namespace

Command update_command() {
  return {"update",
          "update CODE [--name N] [--unit U] [--leader L] [--industry I] [--origin O] "
          "[--investment-wan X] [--fixed-asset-wan X] [--foreign-usd-wan X] [--land-need-mu X] "
          "[--land-secured-mu X] [--on DATE] [--note TEXT] [--by WHO] [--json]",
          "a dated change of a project's records (land secured, leader, unit …): one event, old → new",
          {{"name"}, {"unit"}, {"leader"}, {"industry"}, {"origin"}, {"investment-wan"},
           {"fixed-asset-wan"}, {"foreign-usd-wan"}, {"land-need-mu"}, {"land-secured-mu"},
           {"on"}, {"note"}, {"by"}, {"json", false}},
          1, 1, run};
}

}  // namespace luodi::cli

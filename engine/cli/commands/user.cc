#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/table.h"

namespace luodi::cli {

namespace {

Status add(Invocation& inv, Engine& engine) {
  if (inv.args.size() != 2)
    return Status::BadInput("usage: luodi user add NAME --role ROLE [--unit U]");
  auto role = inv.get("role");
  if (!role || !parse_role(*role))
    return Status::BadInput("--role must be supervisor, unit, leader or province");
  User u{inv.args[1], *parse_role(*role), inv.get("unit").value_or(""), {}};
  LUODI_ASSIGN_OR_RETURN(std::string token, engine.add_user(u));
  // The token is shown this once; only its hash is kept.
  inv.out << token << "\n";
  return Status::Ok();
}

Status list(Invocation& inv, Engine& engine) {
  LUODI_ASSIGN_OR_RETURN(auto users, engine.users());
  if (inv.has("json")) {
    boost::json::array a;
    for (const auto& [u, revoked] : users)
      a.push_back({{"name", u.name},
                   {"role", to_string(u.role)},
                   {"unit", u.unit},
                   {"created_at", format_local(u.created_at)},
                   {"revoked", revoked}});
    print_json(inv.out, a);
    return Status::Ok();
  }
  Table t({"name", "role", "unit", "created_at", "state"});
  for (const auto& [u, revoked] : users)
    t.add({u.name, std::string(to_string(u.role)), u.unit, format_local(u.created_at),
           revoked ? "revoked" : "active"});
  t.print(inv.out);
  return Status::Ok();
}

Status run(Invocation& inv) {
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const std::string& verb = inv.args[0];
  if (verb == "add") return add(inv, *engine);
  if (verb == "list") return list(inv, *engine);
  if (verb == "revoke") {
    if (inv.args.size() != 2) return Status::BadInput("usage: luodi user revoke NAME");
    LUODI_RETURN_IF_ERROR(engine->revoke_user(inv.args[1]));
    inv.out << "user " << inv.args[1] << " revoked\n";
    return Status::Ok();
  }
  return Status::BadInput("unknown user command '" + verb + "' (add, list, revoke)");
}

}  // namespace

Command user_command() {
  return {"user",
          "user add NAME --role supervisor|unit|leader|province [--unit U] | user list [--json] | "
          "user revoke NAME",
          "users of the server: add prints a bearer token once",
          {{"role"}, {"unit"}, {"json", false}},
          1,
          2,
          run};
}

}  // namespace luodi::cli

#include "cli/rule_output.h"

#include "cli/output.h"
#include "cli/table.h"
#include "views/rule_views.h"

namespace luodi::cli {

Status print_rule_load(Invocation& inv, const RuleLoad& load, const std::string& what) {
  if (inv.has("json")) {
    print_json(inv.out, load.dry_run ? views::rule_moves_json(load) : views::rule_load_json(load));
    return Status::Ok();
  }
  if (!load.moved.empty()) {
    Table t({"code", "due before", "due after", "light before", "light after"});
    auto text = [](const std::optional<Date>& d) { return d ? d->str() : std::string("-"); };
    for (const auto& m : load.moved)
      t.add({m.code, text(m.due_before), text(m.due_after), std::string(to_string(m.light_before)),
             std::string(to_string(m.light_after))});
    t.print(inv.out);
  }
  inv.out << (load.dry_run ? "would load " : "loaded ") << what << " from " << load.on.str() << ": "
          << load.moved.size() << " project(s) " << (load.dry_run ? "would change" : "changed")
          << " due date or light" << (load.dry_run ? "; nothing written (--dry-run)" : "") << "\n";
  return Status::Ok();
}

Status print_rule_changes(Invocation& inv, const std::vector<RuleChange>& changes) {
  if (inv.has("json")) {
    print_json(inv.out, views::rule_changes_json(changes));
    return Status::Ok();
  }
  Table t({"kind", "from", "years", "file", "loaded at", "moved"});
  for (const auto& c : changes) {
    std::string years;
    for (int y : c.years) years += (years.empty() ? "" : ", ") + std::to_string(y);
    t.add({std::string(to_string(c.kind)), c.on.str(), years, c.name, c.loaded_at,
           std::to_string(c.moved)});
  }
  t.print(inv.out);
  return Status::Ok();
}

}  // namespace luodi::cli

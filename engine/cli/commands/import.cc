#include <boost/json.hpp>

#include "catalogue/catalogue.h"
#include "cli/command.h"
#include "cli/output.h"
#include "importer/project_import.h"
#include "model/attribute_json.h"

namespace luodi::cli {

namespace {

namespace json = boost::json;

// {code, action: add|update, changes: {field: {from, to}}}; a stage move is
// the change of "stage".
json::value row_json(const ImportedRow& row) {
  json::object changes = changes_json(row.changes);
  if (row.stage)
    changes["stage"] = json::object{{"from", row.stage->first}, {"to", row.stage->second}};
  return json::object{{"code", row.code},
                      {"action", row.added ? "add" : "update"},
                      {"changes", std::move(changes)}};
}

Status run(Invocation& inv) {
  const std::string& file = inv.args[0];
  ImportOptions options;
  options.dry_run = inv.has("dry-run");
  options.update = inv.has("update");
  LUODI_ASSIGN_OR_RETURN(options.on, inv.date("on"));
  options.sheet = inv.get("sheet");
  options.keep_rows = inv.has("json") || options.update;
  options.strict = inv.has("strict");
  if (options.on && !options.update) return Status::BadInput("--on dates the changes of --update");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  if (auto map = inv.get("columns")) {
    LUODI_ASSIGN_OR_RETURN(options.columns, read_column_map(*map, engine->workflow()));
  }
  LUODI_ASSIGN_OR_RETURN(auto summary, import_project_file(*engine, file, inv.actor(), options));
  // What was read past (unknown columns, total rows): on stderr, so that
  // --json's answer stays the rows.
  for (const Message& w : summary.warnings) inv.err << catalogue::render(w, inv.lang) << "\n";
  if (inv.has("json")) {
    json::array rows;
    for (const auto& row : summary.rows) rows.push_back(row_json(row));
    print_json(inv.out, rows);
    return Status::Ok();
  }
  if (options.update) {
    for (const auto& row : summary.rows) {
      if (row.added) inv.out << row.code << ": add\n";
      const json::value shown = row_json(row);
      for (const auto& [field, change] : shown.at("changes").as_object())
        inv.out << row.code << ": " << std::string_view(field) << ": "
                << to_json_text(change.at("from"), false) << " → "
                << to_json_text(change.at("to"), false) << "\n";
    }
    inv.out << (options.dry_run ? "would add " : "added ") << summary.projects << ", "
            << (options.dry_run ? "would update " : "updated ") << summary.updated << " projects"
            << (options.dry_run ? "; nothing written (--dry-run)" : "") << "\n";
    return Status::Ok();
  }
  inv.out << (options.dry_run ? "would import " : "imported ") << summary.projects << " projects ("
          << summary.key << " on the key list, " << summary.pipeline << " in the pipeline)"
          << (options.dry_run ? "; nothing written (--dry-run)" : "") << "\n";
  return Status::Ok();
}

}  // namespace

Command import_command() {
  return {
      "import",
      "import FILE.xlsx|FILE.xls|FILE.csv [--sheet NAME] [--update [--on DATE]] [--dry-run] "
      "[--json] [--strict] [--columns MAP.yaml] [--by WHO]",
      "load projects from an Excel workbook or a CSV (all rows or none); --update turns rows of "
      "existing projects into dated changes of what differs; unknown columns and total rows are "
      "skipped with a warning (--strict refuses unknown columns); --columns maps the city's own "
      "header words to luodi's columns",
      {{"dry-run", false},
       {"update", false},
       {"on"},
       {"sheet"},
       {"json", false},
       {"strict", false},
       {"columns"},
       {"by"}},
      1,
      1,
      run};
}

}  // namespace luodi::cli

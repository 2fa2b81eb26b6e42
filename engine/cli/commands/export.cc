#include "cli/command.h"
#include "cli/output.h"
#include "exporter/project_export.h"

namespace luodi::cli {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The read `export` (its parameters checked by the table of reads).
Status run(Invocation& inv, const commands::ReadArgs& args) {
  const auto output = args.text("output");
  // Default: the file's kind, else CSV on standard output.
  const std::string format =
      args.text("format").value_or(output && ends_with(*output, ".xlsx") ? "xlsx" : "csv");
  if (format == "xlsx" && !output) return Status::BadInput("--format xlsx needs -o FILE");
  ExportOptions o;
  const auto lang = parse_lang(args.text("lang").value_or("zh"));
  if (!lang) return Status::BadInput("--lang must be zh or en");
  o.lang = *lang;
  o.unit = args.text("unit");
  o.by_unit = args.on("by_unit");
  if (o.by_unit && format != "xlsx")
    return Status::BadInput("--by-unit makes one sheet per unit: it needs --format xlsx");
  o.as_of = args.date("as_of");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(const Report sheet, export_projects(*engine, o));
  if (format == "xlsx") {
    LUODI_RETURN_IF_ERROR(write_workbook(sheet, *output));
  } else if (output) {
    LUODI_RETURN_IF_ERROR(
        write_output_file(*output, [&](const TextSink& out) { return render_csv(sheet, out); }));
  } else {
    return render_csv(sheet,
                      [&](std::string_view piece) { return static_cast<bool>(inv.out << piece); });
  }
  inv.out << "wrote " << *output << "\n";
  return Status::Ok();
}

}  // namespace

Command export_command() { return special_read_verb("export", run); }

}  // namespace luodi::cli

#include "luodi/report.h"

#include "cli/command.h"
#include "cli/output.h"

namespace luodi::cli {

namespace {

// The read `report` (its parameters checked by the table of reads): written
// to standard output or -o FILE as it is rendered.
Status run(Invocation& inv, const commands::ReadArgs& args) {
  const std::string format = args.text("format").value_or("md");
  const auto lang = parse_lang(args.text("lang").value_or("zh"));
  if (!lang) return Status::BadInput("--lang must be zh or en");
  const auto output = args.text("output");
  if (format == "xlsx" && !output) return Status::BadInput("--format xlsx needs -o FILE");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  const Date day = args.date("as_of").value_or(engine->today());
  const std::string targets_dir = workflows_dir() + "/targets";
  Result<Report> built = args.on("province")
                             ? province_report(inv.db_path, inv.clock, day, targets_dir, *lang)
                             : report_of(*engine, day, args.text("targets").value_or(""),
                                         targets_dir_of_city(targets_dir, engine->city()), *lang);
  LUODI_ASSIGN_OR_RETURN(const Report report, std::move(built));
  if (args.on("province")) {
    LUODI_ASSIGN_OR_RETURN(auto cities, engine->cities());
    hint_unnamed_cities(inv.err, cities, *lang);
  }
  if (format == "xlsx") {
    LUODI_RETURN_IF_ERROR(write_workbook(report, *output));
  } else {
    // Written as it is rendered: the projects table of a large city is never held whole.
    if (!output)
      return render_report(report, format, [&](std::string_view piece) {
        return static_cast<bool>(inv.out << piece);
      });
    LUODI_RETURN_IF_ERROR(write_output_file(
        *output, [&](const TextSink& out) { return render_report(report, format, out); }));
  }
  inv.out << "wrote " << *output << "\n";
  return Status::Ok();
}

}  // namespace

Command report_command() { return special_read_verb("report", run); }

}  // namespace luodi::cli

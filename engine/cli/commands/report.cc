#include "cli/command.h"
#include "cli/output.h"
#include "luodi/report.h"

namespace luodi::cli {

namespace {

Status run(Invocation& inv) {
  const std::string format = inv.get("format").value_or("md");
  if (format != "md" && format != "html" && format != "csv" && format != "json" && format != "xlsx")
    return Status::BadInput("--format must be md, html, csv, json or xlsx");
  const auto lang = parse_lang(inv.get("lang").value_or("zh"));
  if (!lang) return Status::BadInput("--lang must be zh or en");
  const auto output = inv.get("output");
  if (format == "xlsx" && !output) return Status::BadInput("--format xlsx needs -o FILE");
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  LUODI_ASSIGN_OR_RETURN(std::optional<Date> as_of, inv.date("as-of"));
  const Date day = as_of.value_or(engine->today());
  const std::string targets_dir = workflows_dir() + "/targets";
  Result<Report> built = inv.has("province")
                             ? province_report(inv.db_path, inv.clock, day, targets_dir, *lang)
                             : report_of(*engine, day, inv.get("targets").value_or(""),
                                         targets_dir_of_city(targets_dir, engine->city()), *lang);
  LUODI_ASSIGN_OR_RETURN(const Report report, std::move(built));
  if (format == "xlsx") {
    LUODI_RETURN_IF_ERROR(write_workbook(report, *output));
  } else {
    // Written as it is rendered: the projects table of a large city is never held whole.
    if (!output)
      return render_report(report, format, [&](std::string_view piece) { return static_cast<bool>(inv.out << piece); });
    LUODI_RETURN_IF_ERROR(
        write_output_file(*output, [&](const TextSink& out) { return render_report(report, format, out); }));
  }
  inv.out << "wrote " << *output << "\n";
  return Status::Ok();
}

}  // namespace

Command report_command() {
  return {"report",
          "report [--as-of DATE] [--format md|html|csv|json|xlsx] [--lang zh|en] [-o FILE] "
          "[--targets FILE] [--province]",
          "the periodic report: headline, funnel, units, leaders, blocked, land, campaign; with --province one "
          "row per city of the database",
          {{"as-of"}, {"format"}, {"lang"}, {"output"}, {"targets"}, {"province", false}},
          0, 0, run};
}

}  // namespace luodi::cli

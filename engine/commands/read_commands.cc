#include "commands/read_commands.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>

#include "catalogue/catalogue.h"
#include "commands/params.h"
#include "importer/field_values.h"
#include "luodi/engine.h"
#include "notify/notification_json.h"
#include "views/json_views.h"
#include "views/rule_views.h"

namespace luodi::commands {

namespace json = boost::json;

namespace {

const ReadParam kAsOf{"as_of", ParamType::kDate, "DATE", {}, "", Face::kBoth};

ReadParam text(std::string name, std::string meta, Face face = Face::kBoth) {
  return {std::move(name), ParamType::kText, std::move(meta), {}, "", face};
}

ReadParam on_off(std::string name, Face face = Face::kBoth) {
  return {std::move(name), ParamType::kSwitch, "", {}, "", face};
}

ReadParam choice(std::string name, std::vector<std::string> choices, std::string default_value,
                 Face face = Face::kBoth) {
  std::string meta;
  for (const auto& c : choices) meta += (meta.empty() ? "" : "|") + c;
  return {std::move(name),    ParamType::kChoice,       std::move(meta),
          std::move(choices), std::move(default_value), face};
}

const ReadParam kLang = choice("lang", {"zh", "en"}, "zh");

std::vector<ReadCommand> make_table() {
  std::vector<ReadCommand> t;
  auto add = [&](ReadCommand c) { t.push_back(std::move(c)); };

  // --- one project --------------------------------------------------------------
  {
    ReadCommand c;
    c.name = "show";
    c.summary =
        "where one project stands: its deadlines, due date and light, today or on a past date";
    c.params = {kAsOf};
    c.cli_verb = "show";
    c.positional = "CODE";
    c.route = "/api/projects/{code}";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      const auto as_of = a.date("as_of");
      LUODI_ASSIGN_OR_RETURN(TrackedProject t, e.tracked_project(a.positional, as_of));
      return views::tracked_json(e.workflow_on(as_of), t, a.lang);
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "history";
    c.summary = "a project's events in effective-date order";
    c.cli_verb = "history";
    c.positional = "CODE";
    c.route = "/api/projects/{code}/history";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      LUODI_ASSIGN_OR_RETURN(auto events, e.history(a.positional));
      return views::history_json(e.workflow(), events, a.lang);
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "lights";
    c.summary = "the dated light history: each day the project's light changed, up to today";
    c.cli_verb = "lights";
    c.positional = "CODE";
    c.route = "/api/projects/{code}/lights";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      LUODI_ASSIGN_OR_RETURN(auto changes, e.light_history(a.positional));
      return views::light_history_json(changes, a.lang);
    };
    add(std::move(c));
  }

  // --- lists --------------------------------------------------------------------
  {
    ReadCommand c;
    c.name = "list";
    c.summary = "projects with their due dates and lights, filtered";
    c.params = {text("stage", "S"),
                text("unit", "U"),
                text("leader", "L"),
                text("status", "ST"),
                text("light", "red|yellow|green"),
                on_off("overdue"),
                kAsOf};
    c.cli_verb = "list";
    c.route = "/api/projects";
    c.paging = Paging::kRows;
    c.rows = [](Engine& e, const ReadArgs& a, const EmitRow& emit) {
      const auto as_of = a.date("as_of");
      const Workflow& wf = e.workflow_on(as_of);
      return e.each_tracked(list_query(a), as_of, a.page, [&](TrackedProject&& t) {
        return emit([&](JsonWriter& w) { w.value(views::tracked_json(wf, t, a.lang)); });
      });
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "overdue";
    c.summary =
        "open projects past their binding due date, or with an open instruction past its own "
        "(kind instruction), most overdue first";
    c.params = {text("unit", "U"), text("leader", "L"), kAsOf};
    c.cli_verb = "overdue";
    c.route = "/api/overdue";
    c.paging = Paging::kRows;
    c.rows = [](Engine& e, const ReadArgs& a, const EmitRow& emit) {
      const auto as_of = a.date("as_of");
      const Workflow& wf = e.workflow_on(as_of);
      return e.each_overdue(list_query(a), as_of, a.page, [&](OverdueRow&& o) {
        return emit([&](JsonWriter& w) { views::write_overdue_json(w, wf, o); });
      });
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "outbox";
    c.summary = "the notifications: key, recipient, channel, state, attempts, last error";
    c.params = {on_off("pending"), on_off("failed")};
    c.cli_verb = "outbox";
    c.route = "/api/outbox";
    c.readers = Readers::kSupervisors;
    c.forbidden = "the outbox is for supervisors";
    c.paging = Paging::kRows;
    c.rows = [](Engine& e, const ReadArgs& a,
                const EmitRow& emit) -> Result<std::optional<std::string>> {
      if (a.on("pending") && a.on("failed"))
        return Status::BadInput("--pending or --failed, not both");
      std::optional<std::string> state;
      if (a.on("pending")) state = "pending";
      if (a.on("failed")) state = "failed";
      LUODI_ASSIGN_OR_RETURN(auto listed, e.outbox(state, a.page));
      for (const auto& n : listed.items)
        LUODI_RETURN_IF_ERROR(emit([&](JsonWriter& w) { w.value(notification_json(n)); }));
      return listed.next;
    };
    add(std::move(c));
  }

  // --- figures ------------------------------------------------------------------
  {
    ReadCommand c;
    c.name = "stats";
    c.summary = "headline figures, today or on a past date";
    c.params = {kAsOf};
    c.cli_verb = "stats";
    c.route = "/api/stats";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      const auto as_of = a.date("as_of");
      LUODI_ASSIGN_OR_RETURN(Stats s, e.stats(as_of));
      return views::stats_json(e.workflow_on(as_of), s);
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "campaign status";
    c.summary = "a campaign's day N, who is behind, and where it is heading";
    c.cli_verb = "campaign";
    c.cli_sub = "status";
    c.positional = "ID";
    c.route = "/api/campaigns/{id}";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      LUODI_ASSIGN_OR_RETURN(auto report, e.campaign(a.positional));
      LUODI_RETURN_IF_ERROR(e.add_forecast(report));
      return views::campaign_status_json(e.workflow(), report, e.today(), a.lang);
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "campaign plan";
    c.summary = "a campaign's backward plan: the milestones of each project";
    c.cli_verb = "campaign";
    c.cli_sub = "plan";
    c.positional = "ID";
    c.route = "/api/campaigns/{id}/plan";
    c.answer = [](Engine& e, const ReadArgs& a) -> Result<json::value> {
      LUODI_ASSIGN_OR_RETURN(auto report, e.campaign(a.positional));
      return views::campaign_plan_json(e.workflow(), report, e.today());
    };
    add(std::move(c));
  }

  // --- long reads: their answers stream (the readers of their own) ----------------
  {
    ReadCommand c;
    c.name = "report";
    c.long_read = true;
    c.summary =
        "the periodic report: headline, funnel, units, leaders, blocked, land, campaign; with "
        "--province one row per city of the database";
    c.params = {kAsOf,
                choice("format", {"md", "html", "csv", "json", "xlsx"}, "md", Face::kCli),
                choice("format", {"json", "html", "md", "csv"}, "json", Face::kHttp),
                kLang,
                text("output", "FILE", Face::kCli),
                text("targets", "FILE", Face::kCli),
                on_off("province", Face::kCli)};
    c.cli_verb = "report";
    c.route = "/api/report";
    c.json_flag = false;
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "province report";
    c.long_read = true;
    c.summary =
        "every city's figures, one row each, for province users (?city=ID: that city's report)";
    c.params = {kAsOf, choice("format", {"json", "html", "md", "csv"}, "json"), kLang,
                text("city", "ID")};
    c.route = "/api/province/report";
    c.readers = Readers::kProvince;
    c.forbidden = "the province's roll-up is for province users (user add NAME --role province)";
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "export";
    c.long_read = true;
    c.summary =
        "the projects in the import's columns: the monthly sheet to fill in and bring back with "
        "import --update";
    // The CLI's default format is the file's kind (-o x.xlsx), else CSV.
    c.params = {choice("format", {"xlsx", "csv"}, "", Face::kCli),
                choice("format", {"xlsx", "csv"}, "xlsx", Face::kHttp),
                text("output", "FILE", Face::kCli),
                kAsOf,
                kLang,
                text("unit", "U"),
                on_off("by_unit", Face::kCli)};
    c.cli_verb = "export";
    c.route = "/api/export";
    c.readers = Readers::kUnitScoped;
    c.json_flag = false;
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "whatif";
    c.summary =
        "weigh hypothetical events (unblock, advance, plan, update, invest, a campaign's end "
        "moved) on an in-memory copy, never written: what changes per project and in total";
    c.params = {text("whatif_max_events", "N", Face::kCli),
                text("whatif_max_bytes", "N", Face::kCli)};
    c.cli_verb = "whatif";
    c.positional = "SCENARIO.yaml";
    c.method = "POST";
    c.route = "/api/whatif";
    add(std::move(c));
  }

  // --- the server's own -------------------------------------------------------------
  {
    ReadCommand c;
    c.name = "me";
    c.summary = "who the token is";
    c.route = "/api/me";
    c.answer = [](Engine&, const ReadArgs& a) -> Result<json::value> {
      if (!a.user) return Status::BadInput("no user");
      return json::value(json::object{
          {"name", a.user->name}, {"role", to_string(a.user->role)}, {"unit", a.user->unit}});
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "workflow";
    c.summary = "stages, blocker categories, evidence";
    c.route = "/api/workflow";
    c.answer = [](Engine& e, const ReadArgs&) -> Result<json::value> {
      return views::workflow_json(e.workflow());
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "catalogue";
    c.summary =
        "every word of the catalogue in one language, by id (the dashboard's words; no token "
        "needed)";
    c.params = {kLang};
    c.route = "/api/catalogue";
    c.readers = Readers::kPublic;
    c.answer = [](Engine&, const ReadArgs& a) -> Result<json::value> {
      const Lang lang = parse_lang(a.text("lang").value_or("zh")).value_or(Lang::kZh);
      json::object words;
      for (const auto& [id, w] : catalogue::entries()) words[id] = lang == Lang::kEn ? w.en : w.zh;
      return json::value(
          json::object{{"lang", lang == Lang::kEn ? "en" : "zh"}, {"words", std::move(words)}});
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "calendar changes";
    c.summary = "the workflow revisions and holiday tables loaded into the city";
    c.cli_verb = "calendar";  // `luodi workflow changes` runs it too
    c.cli_sub = "changes";
    c.route = "/api/calendar/changes";
    c.answer = [](Engine& e, const ReadArgs&) -> Result<json::value> {
      return views::rule_changes_json(e.rule_versions().changes());
    };
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "wall";
    c.summary = "the wall chart's data (?city=ID: that city's, on a server of several)";
    c.params = {text("city", "ID")};
    c.route = "/api/wall";
    add(std::move(c));
  }
  {
    ReadCommand c;
    c.name = "routes";
    c.summary = "this table";
    c.route = "/api/routes";
    add(std::move(c));
  }
  return t;
}

}  // namespace

ListQuery list_query(const ReadArgs& a) {
  ListQuery q;
  q.stage = a.text("stage");
  q.unit = a.text("unit");
  q.leader = a.text("leader");
  q.status = a.text("status");
  q.light = a.text("light");
  q.overdue = a.on("overdue");
  return q;
}

namespace {

bool off_text(const std::string& v) { return v == "0" || v == "false" || v == "no"; }

}  // namespace

std::optional<std::string> ReadArgs::text(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::optional<Date> ReadArgs::date(const std::string& name) const {
  auto it = dates.find(name);
  if (it == dates.end()) return std::nullopt;
  return it->second;
}

const ReadParam* ReadCommand::param(std::string_view name, Face face) const {
  for (const auto& p : params)
    if (p.name == name && (p.face == Face::kBoth || face == Face::kBoth || p.face == face))
      return &p;
  return nullptr;
}

std::string ReadCommand::flag_of(const ReadParam& p) {
  std::string flag = p.name;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string ReadCommand::cli_usage(bool json) const {
  std::string u = cli_verb;
  if (!cli_sub.empty()) u += " " + cli_sub;
  if (!positional.empty()) u += " " + positional;
  for (const auto& p : params) {
    if (p.face == Face::kHttp) continue;
    const std::string flag = p.name == "output" ? "-o" : "--" + flag_of(p);
    u += " [" + flag + (p.type == ParamType::kSwitch ? "" : " " + p.meta) + "]";
  }
  if (paging == Paging::kRows) return u + " [--json|--jsonl] [--limit N] [--cursor C]";
  return json ? u + " [--json]" : u;
}

std::string ReadCommand::query_help() const {
  std::vector<std::string> names;
  for (const auto& p : params)
    if (p.face != Face::kCli && std::find(names.begin(), names.end(), p.name) == names.end())
      names.push_back(p.name);
  if (paging == Paging::kRows) names.insert(names.end(), {"limit", "cursor"});
  std::string q;
  for (const auto& n : names) q += (q.empty() ? "?" : " ?") + n;
  return q;
}

const std::vector<ReadCommand>& read_commands() {
  static const std::vector<ReadCommand> table = make_table();
  return table;
}

const ReadCommand& read_command(std::string_view name) {
  for (const auto& r : read_commands())
    if (r.name == name) return r;
  std::cerr << "luodi: no read '" << name << "' in the table of reads\n";
  std::abort();
}

Result<ReadArgs> read_args(const ReadCommand& read, Face face,
                           const std::map<std::string, std::string>& given, std::string positional,
                           const User* user) {
  if (user) {
    const bool allowed = read.readers == Readers::kSupervisors ? user->role == Role::kSupervisor
                         : read.readers == Readers::kProvince  ? user->role == Role::kProvince
                                                               : true;
    if (!allowed) return Status::Forbidden(read.forbidden);
  }
  ReadArgs a;
  a.positional = std::move(positional);
  a.user = user;
  std::optional<std::string> limit, cursor;
  for (const auto& [key, raw] : given) {
    const std::string value = field::trim(raw);
    if (read.paging == Paging::kRows && (key == "limit" || key == "cursor")) {
      if (!value.empty()) (key == "limit" ? limit : cursor) = value;
      continue;
    }
    const ReadParam* p = read.param(key, face);
    if (!p) {
      if (face == Face::kHttp) continue;  // a query may carry what the page keeps (?city)
      std::string flag = key;
      std::replace(flag.begin(), flag.end(), '_', '-');
      return Status::BadInput("--" + flag + " does not go with " + read.cli_verb +
                              (read.cli_sub.empty() ? "" : " " + read.cli_sub));
    }
    if (value.empty()) continue;  // empty: absent, on both faces
    switch (p->type) {
      case ParamType::kText:
        a.values[p->name] = value;
        break;
      case ParamType::kSwitch:
        if (!off_text(value)) a.switches.insert(p->name);
        break;
      case ParamType::kChoice:
        if (std::find(p->choices.begin(), p->choices.end(), value) == p->choices.end()) {
          std::string list;
          for (size_t i = 0; i < p->choices.size(); ++i)
            list += (i == 0 ? "" : i + 1 == p->choices.size() ? " or " : ", ") + p->choices[i];
          return Status::BadInput(quoted(p->name) + " must be " + list + " (got " + value + ")");
        }
        a.values[p->name] = value;
        break;
      case ParamType::kDate: {
        LUODI_ASSIGN_OR_RETURN(std::optional<Date> d,
                               Params(json::object{{p->name, value}}).date(p->name));
        a.dates[p->name] = *d;
        break;
      }
    }
  }
  for (const auto& p : read.params)
    if ((p.face == Face::kBoth || p.face == face) && !p.default_value.empty() &&
        !a.values.count(p.name))
      a.values[p.name] = p.default_value;
  if (user && read.readers == Readers::kUnitScoped && user->role == Role::kUnit)
    a.values["unit"] = user->unit;
  if (read.paging == Paging::kRows) {
    if (limit) {
      LUODI_ASSIGN_OR_RETURN(a.page.limit, limit_of(*limit));
    }
    a.page.cursor = cursor;
    LUODI_RETURN_IF_ERROR(check_page(a.page));
    a.paged = a.page.paged();
    if (face == Face::kHttp && !a.page.limit) a.page.limit = kDefaultPage;
  }
  return a;
}

}  // namespace luodi::commands

// The CLI's read verbs, built from the one table of reads
// (commands/read_commands.h): flags, usage and help come from the read's
// parameters; a run turns the flags into the parameters the API would get
// as a query, lets commands::read_args read them, and prints the read's
// answer (--json, --jsonl) or the verb's text face.
#include <algorithm>
#include <boost/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "commands/read_commands.h"

namespace luodi::cli {

namespace json = boost::json;
using commands::ReadCommand;

namespace {

// The flags as the read's parameters: --as-of D → as_of = D, a switch → "1".
Result<commands::ReadArgs> args_of(const ReadCommand& read, const Invocation& inv,
                                   std::string positional) {
  std::map<std::string, std::string> given;
  for (const auto& [flag, value] : inv.options) {
    if (flag == "json" || flag == "jsonl") continue;
    if (read.paging == commands::Paging::kRows && (flag == "limit" || flag == "cursor")) {
      given[flag] = value;
      continue;
    }
    const commands::ReadParam* param = nullptr;
    for (const auto& p : read.params)
      if (p.face != commands::Face::kHttp && ReadCommand::flag_of(p) == flag) param = &p;
    if (!param)
      return Status::BadInput("--" + flag + " does not go with " + read.cli_verb +
                              (read.cli_sub.empty() ? "" : " " + read.cli_sub) +
                              " (see 'luodi help " + read.cli_verb + "')");
    given[param->name] = param->type == commands::ParamType::kSwitch ? "1" : value;
  }
  // The global --lang is the report's and the export's --lang too.
  if (read.param("lang", commands::Face::kCli) && !given.count("lang"))
    given["lang"] = inv.lang == Lang::kEn ? "en" : "zh";
  LUODI_ASSIGN_OR_RETURN(
      commands::ReadArgs args,
      commands::read_args(read, commands::Face::kCli, given, std::move(positional), nullptr));
  args.lang = inv.lang;
  return args;
}

std::string detail_of(const ReadCommand& read) {
  if (read.route.empty()) return "";
  const std::string query = read.query_help();
  return "  over HTTP: " + read.method + " " + read.route + (query.empty() ? "" : " " + query) +
         (read.answer || read.rows ? ", the --json answer" : "");
}

Command verb_of(const ReadCommand& read) {
  const size_t args = read.positional.empty() ? 0 : 1;
  return {read.cli_verb, read.cli_usage(read.json_flag),
          read.summary,  read_flags(read),
          args,          args,
          nullptr,       detail_of(read)};
}

}  // namespace

std::vector<Flag> read_flags(const ReadCommand& read) {
  std::vector<Flag> flags;
  for (const auto& p : read.params) {
    if (p.face == commands::Face::kHttp) continue;
    const std::string flag = ReadCommand::flag_of(p);
    if (std::none_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.name == flag; }))
      flags.push_back({flag, p.type != commands::ParamType::kSwitch});
  }
  if (read.json_flag) flags.push_back({"json", false});
  return read.paging == commands::Paging::kRows ? with_page_flags(std::move(flags)) : flags;
}

Result<Page<json::value>> read_rows(const ReadCommand& read, Engine& engine,
                                    const commands::ReadArgs& args) {
  Page<json::value> page;
  LUODI_ASSIGN_OR_RETURN(page.next, read.rows(engine, args, [&](const commands::RowJson& row) {
    std::string text;
    JsonWriter w(text);
    row(w);
    page.items.push_back(json::parse(text));
    return Status::Ok();
  }));
  return page;
}

Status run_read(const ReadCommand& read, const ReadPrinter& print, Invocation& inv,
                std::string positional) {
  LUODI_ASSIGN_OR_RETURN(commands::ReadArgs args, args_of(read, inv, std::move(positional)));
  LUODI_ASSIGN_OR_RETURN(auto engine, inv.open_engine());
  if (read.rows) {
    using Row = const commands::RowJson*;
    LUODI_ASSIGN_OR_RETURN(bool streamed, inv.stream_rows<Row>(
                                              [&](const auto& visit) {
                                                return read.rows(*engine, args,
                                                                 [&](const commands::RowJson& row) {
                                                                   return visit(&row);
                                                                 });
                                              },
                                              [](JsonWriter& w, const Row& row) { (*row)(w); }));
    if (streamed) return Status::Ok();
  } else if (read.answer && inv.has("json")) {
    LUODI_ASSIGN_OR_RETURN(json::value v, read.answer(*engine, args));
    print_json(inv.out, v);
    return Status::Ok();
  }
  return print(inv, *engine, args);
}

Command read_verb(std::string_view name, ReadPrinter print) {
  const ReadCommand& read = commands::read_command(name);
  Command cmd = verb_of(read);
  cmd.run = [&read, print = std::move(print)](Invocation& inv) {
    return run_read(read, print, inv, inv.args.empty() ? "" : inv.args[0]);
  };
  return cmd;
}

Command special_read_verb(std::string_view name, ReadRun run) {
  const ReadCommand& read = commands::read_command(name);
  Command cmd = verb_of(read);
  cmd.run = [&read, run = std::move(run)](Invocation& inv) -> Status {
    LUODI_ASSIGN_OR_RETURN(commands::ReadArgs args,
                           args_of(read, inv, inv.args.empty() ? "" : inv.args[0]));
    return run(inv, args);
  };
  return cmd;
}

}  // namespace luodi::cli

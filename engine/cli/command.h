// A CLI command declares its name, usage, summary and flags; `help` and the
// argument checks are built from these declarations. Each command lives in its
// own file under commands/ and is listed once in commands.cc.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/read_commands.h"
#include "common/json_text.h"
#include "common/json_writer.h"
#include "luodi/clock.h"
#include "luodi/engine.h"
#include "luodi/page.h"
#include "luodi/status.h"

namespace luodi::cli {

struct Flag {
  std::string name;         // without the dashes
  bool takes_value = true;  // false: a switch such as --json
  bool repeatable = false;
};

struct Invocation;

struct Command {
  std::string name;
  std::string usage;    // e.g. "advance CODE --to STAGE [--on DATE] …"
  std::string summary;  // one line for `luodi help`
  std::vector<Flag> flags;
  size_t min_args = 0;
  size_t max_args = 0;
  std::function<Status(Invocation&)> run;
  std::string detail = {};  // more for `luodi help COMMAND` (e.g. the same write over HTTP)
};

// What a command runs with: its arguments and the world outside it.
struct Invocation {
  const Command& command;
  std::vector<std::string> args;                    // positionals after the verb
  std::multimap<std::string, std::string> options;  // flags without dashes
  std::string db_path;
  const Clock& clock;
  std::ostream& out;
  std::ostream& err;
  std::string city = {};  // --city / $LUODI_CITY; empty: the default city
  Lang lang = Lang::kZh;  // --lang / $LUODI_LANG

  bool has(const std::string& flag) const { return options.count(flag) > 0; }
  std::optional<std::string> get(const std::string& flag) const;
  std::vector<std::string> all(const std::string& flag) const;
  // The flag as a date (YYYY-MM-DD or a spreadsheet form); BadInput if unreadable.
  Result<std::optional<Date>> date(const std::string& flag) const;
  // Who is acting: --by, else $LUODI_USER, else $USER, else "cli".
  std::string actor() const;
  // --evidence KEY=VALUE, as often as given.
  Result<std::map<std::string, std::string>> evidence() const;
  // The common "when, who, why" flags of a recorded command.
  Result<Recorded> recorded(const std::string& note_flag = "note") const;
  Result<std::unique_ptr<Engine>> open_engine() const;
  // --limit N and --cursor C of a list.
  Result<PageRequest> page() const;
  // A list's rows as JSON: with --jsonl one object a line and a last
  // {"next": C} line; else one array (--json), the next page's cursor, if
  // any, going to stderr as "next: C". Returns false when neither flag is given.
  template <typename T, typename ToJson>
  bool print_rows(const Page<T>& page, ToJson&& to_json);
  // The same for rows handed over one at a time by `each(visit)` (which
  // returns the next page's cursor), printed as they come. False when
  // neither flag is given (`each` is not called).
  template <typename T, typename Each, typename ToJson>
  Result<bool> stream_rows(Each&& each, ToJson&& to_json);
  // "next: C" on stderr when there is a next page.
  void print_next(const std::optional<std::string>& next);
};

// `flags` and those every paged list takes: --limit, --cursor, --jsonl.
std::vector<Flag> with_page_flags(std::vector<Flag> flags);

template <typename T, typename ToJson>
bool Invocation::print_rows(const Page<T>& page, ToJson&& to_json) {
  if (!has("jsonl") && !has("json")) return false;
  auto each = [&](const std::function<Status(T &&)>& visit) -> Result<std::optional<std::string>> {
    for (auto row : page.items) LUODI_RETURN_IF_ERROR(visit(std::move(row)));
    return page.next;
  };
  auto printed = stream_rows<T>(each, to_json);
  return !printed.ok() || *printed;
}

template <typename T, typename Each, typename ToJson>
Result<bool> Invocation::stream_rows(Each&& each, ToJson&& to_json) {
  const bool lines = has("jsonl");
  if (!lines && !has("json")) return false;
  std::size_t n = 0;
  std::string text;  // rows not yet written out: up to 64 KiB of them go at once
  constexpr std::size_t kWrite = 64 << 10;
  auto next = each([&](T&& row) -> Status {
    if (!lines) text += n ? ",\n  " : "[\n  ";
    write_row_json(text, !lines, 1, to_json, row);
    if (lines) text += '\n';
    if (text.size() >= kWrite) {
      out << text;
      text.clear();
    }
    ++n;
    return Status::Ok();
  });
  out << text;
  if (!next.ok()) {  // a row failed part way: what was printed is no document
    if (!lines && n) out << "\n]\n";
    return next.status();
  }
  if (lines) {
    out << to_json_text(boost::json::object{{"next", *next ? boost::json::value(**next) : nullptr}},
                        false)
        << '\n';
  } else {
    out << (n ? "\n]\n" : "[]\n");
    print_next(*next);
  }
  return true;
}

const std::vector<Command>& all_commands();

// `luodi --version`: "luodi X.Y.Z", the schema version this build writes,
// and the store `db_location` selects.
void print_version(std::ostream& out, const std::string& db_location);
// Creates city `city` (empty: the default city) of the database, named
// `name`, with init's --workflow, --calendar and --campaigns.
Status create_city(Invocation& inv, const std::string& city, const std::string& name);

// Defined one per file in commands/.
Command init_command();
Command city_command();
Command migrate_command();
Command import_command();
Command show_command();
Command lights_command();
Command whatif_command();
Command export_command();
Command history_command();
Command list_command();
Command stats_command();
Command verify_command();
Command calendar_command();
Command targets_command();
Command workflow_command();
Command overdue_command();
Command tick_command();
Command contact_command();
Command outbox_command();
Command campaign_command();
Command user_command();
Command backup_command();
Command serve_command();
Command report_command();
Command help_command();
// The writes, from the one table of commands (commands/write_commands.h).
std::vector<Command> write_verbs();

// The reads, from the one table of reads (commands/read_commands.h): a read
// verb's flags, argument checks, usage and help come from the read's entry,
// its parameters are read by commands::read_args, and --json/--jsonl print
// the read's answer (the API's body). `print` is the text face, the CLI's
// own, attached here to the entry it prints.
using ReadPrinter = std::function<Status(Invocation&, Engine&, const commands::ReadArgs&)>;
Command read_verb(std::string_view read, ReadPrinter print);
// A read whose CLI answer is its own (report, export, whatif: files and
// streamed bodies): flags, usage and help from the entry, the parameters
// read by commands::read_args, the rest by `run`.
using ReadRun = std::function<Status(Invocation&, const commands::ReadArgs&)>;
Command special_read_verb(std::string_view read, ReadRun run);
// The flags a read verb takes (the entry's, --json, the page flags).
std::vector<Flag> read_flags(const commands::ReadCommand& read);
// Runs `read` for `positional` with the invocation's flags: the answer as
// JSON with --json (rows: --json/--jsonl), else `print`.
Status run_read(const commands::ReadCommand& read, const ReadPrinter& print, Invocation& inv,
                std::string positional);
// A paged read's rows (every row the flags ask for) as JSON objects, and the
// next page's cursor: for a text face printed from the rows.
Result<Page<boost::json::value>> read_rows(const commands::ReadCommand& read, Engine& engine,
                                           const commands::ReadArgs& args);

}  // namespace luodi::cli

// One table of the reads luodi answers, the counterpart of the write table
// (commands/write_commands.h). Each read is declared once — its parameters
// with their types and defaults, who may make it, its CLI verb (and
// positional), its HTTP route, its paging, and the function that computes
// its answer — and both faces are built from it: the CLI's verbs, flags,
// argument checks and help (cli/read_verbs.cc), the API's routes, query
// parameters, /api/routes and 403 checks (server/api.cc). Parameters are
// read by one function (read_args) for both faces, so an empty value means
// "absent" everywhere and a date is checked with one wording.
//
// A read whose answer is special (the report, the export and the what-if
// stream or defer their bodies; the wall chart, /api/me and /api/routes
// answer from the server's own state) declares everything but `answer` and
// `rows`: its face gives the answer from the arguments read_args made.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "luodi/date.h"
#include "luodi/lang.h"
#include "luodi/page.h"
#include "luodi/status.h"
#include "luodi/user.h"

namespace luodi {
class Engine;
struct ListQuery;
}  // namespace luodi

namespace luodi::commands {

enum class ParamType {
  kText,
  kDate,    // YYYY-MM-DD (or a spreadsheet form)
  kSwitch,  // CLI: a flag without a value; HTTP: ?name, ?name=1 (0, false, no: off)
  kChoice,  // one of `choices`
};

// Which face takes a parameter (the report's -o FILE is the CLI's only).
enum class Face { kBoth, kCli, kHttp };

struct ReadParam {
  std::string name;  // the query key; the CLI flag is --name, '_' → '-'
  ParamType type = ParamType::kText;
  std::string meta;                  // how help shows the value: DATE, U (choices: a|b|c)
  std::vector<std::string> choices;  // kChoice
  std::string default_value;         // "": none
  Face face = Face::kBoth;
};

// Who may make a read over HTTP (the CLI runs as the city's owner).
enum class Readers {
  kPublic,       // anyone, without a token (the page's words, read before sign-in)
  kAnyone,       // any user with a token
  kUnitScoped,   // any user; a unit user's `unit` parameter is its own unit, whatever it asks
  kSupervisors,  // supervisors only
  kProvince,     // province users only
};

enum class Paging {
  kNone,
  // Pages of rows (--limit/--cursor, ?limit=&cursor=): without a page asked
  // for, the CLI prints every row and the API answers the first
  // kDefaultPage rows as a plain array with a Link header; with one, rows
  // stream ({"items": […], "next": C} over HTTP).
  kRows,
};

// The rows an API request that names no limit is answered with.
inline constexpr std::size_t kDefaultPage = 500;

// A read's parameters as read_args made them: typed, defaults applied.
struct ReadArgs {
  std::string positional;                     // the route's {code}/{id}, the CLI's CODE/ID/FILE
  std::map<std::string, std::string> values;  // text and choices, with defaults
  std::set<std::string> switches;             // switches that are on
  std::map<std::string, Date> dates;
  PageRequest page;            // with the face's default limit
  bool paged = false;          // a limit or cursor was given
  const User* user = nullptr;  // who asks over HTTP; null on the CLI
  Lang lang = Lang::kZh;       // the reader's language: --lang/LUODI_LANG, ?lang=/Accept-Language

  std::optional<std::string> text(const std::string& name) const;
  std::optional<Date> date(const std::string& name) const;
  bool on(const std::string& name) const { return switches.count(name) > 0; }
};

// One row of a list, written by the read into the face's JSON text.
using RowJson = std::function<void(JsonWriter&)>;
using EmitRow = std::function<Status(const RowJson&)>;

struct ReadCommand {
  std::string name;     // "list", "campaign status"
  std::string summary;  // one line: `luodi help`, /api/routes
  std::vector<ReadParam> params;
  // The CLI: `cli_verb [cli_sub] [POSITIONAL]` ("campaign status ID"); no
  // verb: HTTP only.
  std::string cli_verb;
  std::string cli_sub;
  std::string positional;  // help's name for it: CODE, ID, FILE; "": none
  // HTTP: no route: CLI only. The route's one {name}, if any, is the positional.
  std::string method = "GET";
  std::string route;
  Readers readers = Readers::kAnyone;
  std::string forbidden;  // why a user who may not read it is refused (403)
  Paging paging = Paging::kNone;
  // A long read whatever its size (the server answers it on readers of its
  // own, so that long reads cannot take every reader from the quick ones).
  bool long_read = false;
  bool json_flag = true;  // the CLI verb takes --json (the report and export have --format)
  // The answer, the same JSON on both faces (the CLI's --json, the API's
  // body). A paged read has `rows` instead: it emits each row and returns
  // the next page's cursor. Neither: a special read (see above).
  std::function<Result<boost::json::value>(Engine&, const ReadArgs&)> answer;
  std::function<Result<std::optional<std::string>>(Engine&, const ReadArgs&, const EmitRow&)> rows;

  const ReadParam* param(std::string_view name, Face face) const;
  // The CLI flag of a parameter: --as-of for as_of.
  static std::string flag_of(const ReadParam& p);
  // "list [--stage S] … [--json|--jsonl] [--limit N] [--cursor C]"; `json`:
  // whether the verb takes --json.
  std::string cli_usage(bool json) const;
  // "?stage ?unit ?as_of" (with ?limit ?cursor for a paged read).
  std::string query_help() const;
};

const std::vector<ReadCommand>& read_commands();
// The read called `name`; aborts if there is none (a face asks for a read
// the table must declare).
const ReadCommand& read_command(std::string_view name);

// The one reader of a read's parameters, for both faces. `given`: the CLI's
// flags by parameter name (a switch as "1"), or the query's keys. An empty
// value is absent. A key the read does not take is bad input on the CLI
// (the parser names it first) and ignored over HTTP. Checks the user
// against `readers` (403 Forbidden with `forbidden`) and scopes a unit
// user's `unit`.
Result<ReadArgs> read_args(const ReadCommand& read, Face face,
                           const std::map<std::string, std::string>& given, std::string positional,
                           const User* user);

// The project filters of a list read (list, overdue): stage, unit, leader,
// status, light, overdue.
ListQuery list_query(const ReadArgs& args);

}  // namespace luodi::commands

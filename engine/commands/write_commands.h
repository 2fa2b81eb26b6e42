// One table of the writes luodi takes. Each entry declares a command once —
// its typed fields, its decoder and validation, its HTTP route and the roles
// that may call it, and how the CLI prints its result — and both faces are
// built from it: the CLI's verbs, flags and help (cli/write_verbs.cc), the
// API's routes and 403 checks (server/api.cc). Neither face decodes a write
// itself, so the two cannot drift or word a mistake differently.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "commands/params.h"
#include "luodi/lang.h"
#include "luodi/user.h"
#include "luodi/workflow.h"
#include "luodi/write.h"

namespace luodi::commands {

enum class FieldType {
  kText,
  kAmount,  // a non-negative number
  kDate,
  kId,  // a positive whole number
  kYesNo,
  kSwitch,  // CLI: a flag without a value; JSON: true
  kMap,     // CLI: --flag KEY=VALUE, repeated; JSON: an object of text
};

struct Field {
  std::string name;  // the JSON key and the route's {name}; the CLI flag is --name, '_' → '-'
  FieldType type = FieldType::kText;
  std::string meta;       // how help shows the value: STAGE, DATE, X
  bool required = false;  // for help; the decoder checks
  std::string cli_flag;   // when the CLI spells the flag otherwise (instruct --done ID)
};

// Who may call a command through the server: Ok, or Forbidden saying why.
// `unit` is the project's unit (for add: the new project's).
using Authorize =
    std::function<Status(const User& user, const std::string& unit, const WriteRequest& request)>;

struct WriteCommand {
  std::string name;     // "advance"; the route's name in metrics is its pattern
  std::string summary;  // one line of help
  // `code` first (the CLI's positional CODE); then the fields in help order.
  std::vector<Field> fields;
  // The CLI verb; commands sharing a verb are told apart by `cli_selector`,
  // a flag only one of them takes (instruct --done).
  std::string cli_verb;
  std::string cli_selector;
  std::string method;    // POST, PATCH
  std::string route;     // /api/projects/{code}/advance
  bool creates = false;  // 201 Created
  Authorize authorize;
  std::function<Result<WriteRequest>(const Params&)> decode;
  // The CLI's line(s) for a write that succeeded.
  std::function<void(std::ostream&, const Workflow&, const WriteRequest&, const Written&)> print;

  // The CLI flag of a field: --land-secured-mu for land_secured_mu.
  std::string flag_of(const Field& f) const;
  const Field* field(std::string_view name) const;
};

const std::vector<WriteCommand>& write_commands();

// Ok when `user`'s role writes at all; Forbidden for a province user, who
// reads every city and writes none: checked before a write is read, so every
// write of theirs is a 403 (never a 404 for a project of another city, nor
// a 400 for its body).
Status check_writer(const User& user);

// Decodes `params` for `command` (unknown fields are bad input) and stamps
// the request with who makes it.
Result<WriteRequest> decode(const WriteCommand& command, const Params& params,
                            const std::string& by);

// What both faces answer with: the project as it now stands (views'
// tracked_json) plus what the write made: `id` and `project` for a blocker or
// instruction, `blocker` for an instruction, `resolved`, `changes`.
boost::json::object written_json(const Workflow& wf, const WriteRequest& request,
                                 const Written& written, Lang lang);

}  // namespace luodi::commands

// Command-line parsing: global options, the verb, and the verb's own flags,
// checked against what the command declares.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace luodi::cli {

struct ParsedArgs {
  const Command* command = nullptr;
  std::vector<std::string> args;
  std::multimap<std::string, std::string> options;
  std::string db_path;
  std::optional<Timestamp> now;
};

// Global options, anywhere on the line: --db PATH (default $LUODI_DB, else
// ./luodi.db) and --now YYYY-MM-DD[THH:MM] (default $LUODI_NOW, else the
// system clock). No verb, -h or --help select `help`.
Result<ParsedArgs> parse_args(const std::vector<std::string>& argv,
                              const std::vector<Command>& commands);

}  // namespace luodi::cli

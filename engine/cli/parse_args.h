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
  std::string city;  // empty: the default city
  Lang lang = Lang::kZh;
  std::optional<Timestamp> now;
  bool version = false;  // --version: print the version and stop
};

// Global options, anywhere on the line: --db PATH|URI (default $LUODI_DB,
// else ./luodi.db), --city ID (default $LUODI_CITY, else the default city)
// --now YYYY-MM-DD[THH:MM] (default $LUODI_NOW, else the system clock) and
// --lang zh|en (default $LUODI_LANG, else zh: what the CLI prints and its
// errors are in that language).
// No verb, -h or --help select `help`; --version asks for the version.
Result<ParsedArgs> parse_args(const std::vector<std::string>& argv,
                              const std::vector<Command>& commands);

}  // namespace luodi::cli

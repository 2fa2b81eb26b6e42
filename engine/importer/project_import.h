// Loading the key-project list from the spreadsheet a supervisor already
// keeps: a CSV with English or Chinese headers. All rows or none.
#pragma once

#include <string>
#include <string_view>

#include "luodi/engine.h"

namespace luodi {

struct ImportSummary {
  int projects = 0;
  int key = 0;       // put on the key list
  int pipeline = 0;  // key = no
};

// Adds every project of the CSV `bytes` in one transaction. On any problem
// nothing is written and the status lists each one as "file:line:col: message".
// With `dry_run` everything is checked and nothing is written.
Result<ImportSummary> import_projects_csv(Engine& engine, std::string_view bytes,
                                          const std::string& file, const std::string& by,
                                          bool dry_run);

}  // namespace luodi

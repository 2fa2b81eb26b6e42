// The one table of what each ErrorCode means outside: the CLI's exit code,
// the API's HTTP status and the stable `code` string of its error body
// ({"error": {"code": …, "message": …}}). exit_code() (cli/main.cc) and the
// server's error responses (server/api.cc) both read it.
#pragma once

#include <vector>

#include "luodi/status.h"

namespace luodi {

struct StatusMapping {
  ErrorCode code;
  int exit_code;         // 0 done, 2 bad input, 3 refused or forbidden, 1 otherwise
  unsigned http_status;  // 200, 400, 404, 409, 403, 500
  const char* name;      // "bad_input", "not_found", "refused", …
};

// Every ErrorCode, one row each.
const std::vector<StatusMapping>& status_table();
// The row of `code`.
const StatusMapping& status_mapping(ErrorCode code);

}  // namespace luodi

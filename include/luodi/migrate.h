// Checking a city's projection against its history (Engine::verify), and
// copying a city to another database (luodi migrate).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "luodi/clock.h"
#include "luodi/status.h"

namespace luodi {

struct VerifyReport {
  int projects = 0;
  int events = 0;
  // Empty: the projection equals the replay, and the standing it keeps
  // equals the standing function on the day it was worked out.
  std::vector<std::string> differences;
};

// What `luodi migrate` copied: rows by table, and verify() on the target.
struct MigrateReport {
  std::map<std::string, long> rows;
  std::string name;  // the city's name, empty when it has none yet
  VerifyReport verify;
};

// Copies city `city` (empty: the default city) of the database at `from`
// to a new city at `to` (a SQLite file or a PostgreSQL URI): its whole
// history, setup and name, in one transaction, then verified there. A SQLite
// file holds the default city, so `city` names the PostgreSQL side's city:
// a file's city joins a PostgreSQL database as `city`, and `city` of one
// leaves it as a file (between two PostgreSQL databases, `city` on both).
// Nothing is left at `to` when it fails.
Result<MigrateReport> migrate_city(const std::string& from, const std::string& to,
                                   const std::string& city, const Clock& clock);

}  // namespace luodi

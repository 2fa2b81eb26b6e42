// Cities: one database holds one city (SQLite) or several (PostgreSQL), each
// with its own workflow, calendar, campaigns, directory, users and projects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "luodi/status.h"

namespace luodi {

struct CityRecord {
  std::string id;  // lower-case letters, digits and _ (check_city_id)
  // As people call it (e.g. 宿州市); empty while it has none: a city made by
  // `init` without --name, or by a luodi before names (which kept the id as
  // the name: a name equal to the id is read as none).
  std::string name;

  // What to show: the name, or the id while there is none.
  const std::string& shown() const { return name.empty() ? id : name; }
};

// A city's lease on its scheduled work, as held: who holds it, and its
// epoch (one more with every new owner).
struct LeaseFence {
  std::string owner;
  std::int64_t epoch = 0;
};

// The city a database opens when none is named: a SQLite database's only one.
inline constexpr std::string_view kDefaultCity = "default";

// Ok for a usable city id (1 to 32 lower-case letters, digits and _,
// starting with a letter), else BadInput saying why not.
Status check_city_id(const std::string& city);

}  // namespace luodi

// Who may do what through the server: users with a role and, for units, the
// unit whose projects they may write. Tokens are shown once; only their
// SHA-256 is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "luodi/date.h"

namespace luodi {

// kProvince: a province's supervisor (users only, never a reminder's
// recipient): reads every city, writes nothing.
enum class Role { kUnit, kSupervisor, kLeader, kProvince };
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

struct User {
  std::string name;
  Role role = Role::kUnit;
  std::string unit;  // for role unit: the only unit whose projects it may write
  Timestamp created_at{};
};

// What a role may do. Supervisors: everything. Units: read all projects,
// write their own unit's. Leaders: read everything, write only instructions.
// Province users: read every city, write nothing (may_write is false).
bool may_write(const User& u);
bool may_write_project(const User& u, const std::string& project_unit);
bool may_instruct(const User& u);
bool may_create_project(const User& u, const std::string& unit);

// A fresh bearer token: 32 random bytes, hex.
std::string new_token();
// Hex SHA-256 of a token, the form the store keeps.
std::string token_hash(const std::string& token);

}  // namespace luodi

#include "store/tables.h"

#include "luodi/project.h"

namespace luodi::schema {

namespace {

Column text(std::string name, std::string default_sql = "") {
  return {std::move(name), Type::kText, true, std::move(default_sql)};
}
Column optional_text(std::string name) { return {std::move(name), Type::kText, false, ""}; }
Column date(std::string name) { return {std::move(name), Type::kDate, true, ""}; }
Column optional_date(std::string name) { return {std::move(name), Type::kDate, false, ""}; }
Column integer(std::string name, std::string default_sql = "") {
  return {std::move(name), Type::kInteger, true, std::move(default_sql)};
}
Column optional_integer(std::string name) { return {std::move(name), Type::kInteger, false, ""}; }
Column flag(std::string name, std::string default_sql = "") {
  return {std::move(name), Type::kBool, true, std::move(default_sql)};
}
Column real(std::string name) { return {std::move(name), Type::kReal, false, ""}; }
// A key's column: NOT NULL is the key's (SQLite lets a TEXT key be NULL, and
// says so).
Column key_text(std::string name) { return {std::move(name), Type::kText, false, ""}; }
Column key_integer(std::string name) { return {std::move(name), Type::kInteger, false, ""}; }

// The attributes' columns, from their declaration: a text the project must
// have, a text that may be empty, or an amount that may be unknown.
std::vector<Column> attribute_columns() {
  std::vector<Column> out;
  for (const AttributeField& f : attribute_fields()) {
    const std::string name(f.name);
    if (f.amount) {
      out.push_back(real(name));
    } else {
      out.push_back(f.required ? text(name) : text(name, "''"));
    }
  }
  return out;
}

std::vector<Table> describe() {
  std::vector<Table> out;
  out.push_back({"meta", {key_text("key"), text("value")}, {"key"}, {}, {}});
  out.push_back({"events",
                 {{"seq", Type::kSerial, false, ""},
                  text("project"),
                  text("kind"),
                  date("on_date"),
                  date("recorded_at"),
                  text("actor"),
                  text("from_state", "''"),
                  text("to_state", "''"),
                  text("note", "''"),
                  {"evidence", Type::kJson, true, "'{}'"},
                  {"data", Type::kJson, true, "'{}'"},
                  optional_integer("blocker_id")},
                 {"seq"},
                 {},
                 {{"events_by_project", {"project", "on_date", "seq"}, ""},
                  {"events_by_blocker", {"blocker_id"}, "blocker_id IS NOT NULL"},
                  // the instructions given, counted for the next one's id
                  {"events_by_instruction", {"seq"}, "kind = 'instructed'"}}});
  Table projects{"projects", {key_text("code")}, {"code"}, {}, {}};
  for (Column& c : attribute_columns()) projects.columns.push_back(std::move(c));
  for (Column c :
       {integer("stage"), date("stage_since"), text("status"), flag("key"), date("created_on"),
        date("last_event_on"), integer("open_blockers", "0"),
        // a supervisor's deadline (luodi plan) and the clock's pauses
        optional_date("plan_due"), optional_integer("plan_stage"), text("plan_note", "''"),
        integer("paused_days", "0"), optional_date("paused_since"),
        // the kept standing (store/columns.h kSchedule)
        optional_date("due_on"), text("light", "'green'"), optional_date("light_since"),
        optional_date("yellow_since"), optional_date("checked_on"), optional_date("next_check_on"),
        // the latest investment progress
        optional_date("progress_on"), real("progress_fixed_asset_wan"),
        real("progress_foreign_arrived_usd_wan"), optional_date("plan_on"),
        optional_integer("due_stage"), optional_text("due_source"), flag("due_provisional", "0")})
    projects.columns.push_back(std::move(c));
  projects.indexes = {{"projects_by_unit", {"unit", "code"}, ""},
                      {"projects_by_leader", {"leader", "code"}, ""},
                      {"projects_by_status", {"status", "code"}, ""},
                      {"projects_by_stage", {"stage", "code"}, ""},
                      {"projects_by_light", {"light", "code"}, ""},
                      {"projects_by_due", {"due_on", "code"}, ""},
                      {"projects_by_checked", {"checked_on"}, ""},
                      {"projects_by_last_event", {"last_event_on"}, ""},
                      {"projects_by_next_check", {"next_check_on", "checked_on"}, ""}};
  out.push_back(std::move(projects));
  out.push_back({"blockers",
                 {key_integer("id"), text("project"), text("category"), text("reason"),
                  text("owner", "''"), date("since")},
                 {"id"},
                 {},
                 {{"blockers_by_project", {"project"}, ""}}});
  out.push_back({"instructions",
                 {key_integer("id"), text("project"), integer("blocker_id"), text("text"),
                  text("assignee", "''"), optional_date("due"), date("on_date"), text("by", "''"),
                  optional_date("done_on"), text("done_note", "''")},
                 {"id"},
                 {},
                 {{"instructions_by_project", {"project"}, ""}}});
  out.push_back({"contacts",
                 {key_text("name"), text("role"), text("unit", "''"), text("channel", "''"),
                  text("format", "'json'"), text("secret", "''"), text("mentions", "''"),
                  integer("rate_per_min", "0"), integer("rate_window_ms", "0"),
                  integer("throttle_pause_ms", "0")},
                 {"name"},
                 {},
                 {}});
  out.push_back(
      {"outbox",
       {text("key"), text("recipient"), text("project"), text("role"), text("rule"), date("due"),
        text("message"), flag("catch_up", "0"), text("channel", "''"), text("state"),
        integer("attempts", "0"), text("last_error", "''"), date("created_at"),
        text("format", "'json'"), optional_date("next_attempt_at"), flag("permanent", "0"),
        optional_date("sent_at"), optional_text("claim_token"), optional_integer("claimed_until")},
       {"key", "recipient"},
       {},
       {{"outbox_by_project", {"project", "state"}, ""},
        {"outbox_by_state", {"state"}, ""},
        {"outbox_by_sent", {"sent_at"}, "sent_at IS NOT NULL"},
        {"outbox_by_created", {"created_at", "project", "key", "recipient"}, ""}}});
  out.push_back({"campaigns", {key_text("id"), text("text"), text("source")}, {"id"}, {}, {}});
  out.push_back({"users",
                 {key_text("name"), text("role"), text("unit", "''"), text("token_hash"),
                  date("created_at"), optional_date("revoked_at")},
                 {"name"},
                 {"token_hash"},
                 {}});
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + quoted(n);
  return out;
}

}  // namespace

std::string quoted(std::string_view name) {
  return name == "by" ? "\"" + std::string(name) + "\"" : std::string(name);
}

const Column* Table::find(std::string_view column) const {
  for (const Column& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

std::string Table::column_list() const {
  std::string out;
  for (const Column& c : columns) out += (out.empty() ? "" : ", ") + quoted(c.name);
  return out;
}

const std::vector<Table>& tables() {
  static const std::vector<Table> all = describe();
  return all;
}

const Table& table(std::string_view name) {
  for (const Table& t : tables())
    if (t.name == name) return t;
  return tables().front();
}

std::string_view type_name(Type type, Backend backend) {
  const bool lite = backend == Backend::kSqlite;
  switch (type) {
    case Type::kText:
    case Type::kDate:
    case Type::kJson:
      return lite ? "TEXT" : "ltext";
    case Type::kInteger:
    case Type::kBool:
    case Type::kSerial:
      return lite ? "INTEGER" : "bigint";
    case Type::kReal:
      return lite ? "REAL" : "double precision";
  }
  return "";
}

std::string column_ddl(const Column& c, Backend backend) {
  std::string out = quoted(c.name) + " " + std::string(type_name(c.type, backend));
  if (c.not_null) out += " NOT NULL";
  if (!c.default_sql.empty()) out += " DEFAULT " + c.default_sql;
  return out;
}

std::string create_table(const Table& t, Backend backend) {
  const bool one_key = t.primary_key.size() == 1;
  std::string out = "CREATE TABLE " + t.name + " (\n";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    out += (i ? ",\n  " : "  ") + column_ddl(c, backend);
    if (c.type == Type::kSerial)
      out += backend == Backend::kSqlite ? " PRIMARY KEY AUTOINCREMENT"
                                         : " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    else if (one_key && t.primary_key[0] == c.name)
      out += " PRIMARY KEY";
    for (const auto& u : t.unique)
      if (u == c.name) out += " UNIQUE";
  }
  if (t.primary_key.size() > 1) out += ",\n  PRIMARY KEY (" + joined(t.primary_key) + ")";
  out += "\n);\n";
  for (const Index& ix : t.indexes) out += create_index(t, ix);
  return out;
}

std::string create_index(const Table& t, const Index& ix) {
  std::string out = "CREATE INDEX " + ix.name + " ON " + t.name + " (" + joined(ix.columns) + ")";
  if (!ix.where.empty()) out += " WHERE " + ix.where;
  return out + ";\n";
}

std::string add_index(const Table& t, std::string_view index) {
  for (const Index& ix : t.indexes)
    if (ix.name == index) return create_index(t, ix);
  return "SELECT no_such_index_described_" + std::string(index);  // fails loudly
}

std::string add_column(const Table& t, std::string_view column, Backend backend) {
  const Column* c = t.find(column);
  if (!c) return "SELECT no_such_column_described_" + std::string(column);  // fails loudly
  return "ALTER TABLE " + t.name + " ADD COLUMN " + column_ddl(*c, backend) + ";\n";
}

}  // namespace luodi::schema

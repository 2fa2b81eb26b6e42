// The SQLite schema as forward migrations. Migration i (0-based) takes a
// database from schema version i to i + 1; PRAGMA user_version records where a
// database is. Never edit a released migration: append a new one.
#pragma once

#include <array>
#include <string_view>

namespace luodi::sqlite {

inline constexpr std::array<std::string_view, 1> kMigrations = {
    // 1: events (source of truth), projection, open blockers, settings.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  project     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  on_date     TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor       TEXT NOT NULL,
  from_state  TEXT NOT NULL DEFAULT '',
  to_state    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  evidence    TEXT NOT NULL DEFAULT '{}',
  data        TEXT NOT NULL DEFAULT '{}',
  blocker_id  INTEGER
);
CREATE INDEX events_by_project ON events (project, on_date, seq);
CREATE INDEX events_by_blocker ON events (blocker_id) WHERE blocker_id IS NOT NULL;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE projects (
  code            TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  unit            TEXT NOT NULL,
  leader          TEXT NOT NULL DEFAULT '',
  industry        TEXT NOT NULL DEFAULT '',
  origin          TEXT NOT NULL DEFAULT '',
  investment_wan  REAL,
  fixed_asset_wan REAL,
  foreign_usd_wan REAL,
  land_need_mu    REAL,
  land_secured_mu REAL,
  stage           INTEGER NOT NULL,
  stage_since     TEXT NOT NULL,
  status          TEXT NOT NULL,
  key             INTEGER NOT NULL,
  created_on      TEXT NOT NULL,
  last_event_on   TEXT NOT NULL,
  open_blockers   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX projects_by_unit ON projects (unit);
CREATE INDEX projects_by_leader ON projects (leader);
CREATE INDEX projects_by_status ON projects (status);
CREATE TABLE blockers (
  id       INTEGER PRIMARY KEY,
  project  TEXT NOT NULL,
  category TEXT NOT NULL,
  reason   TEXT NOT NULL,
  owner    TEXT NOT NULL DEFAULT '',
  since    TEXT NOT NULL
);
CREATE INDEX blockers_by_project ON blockers (project);
)sql",
};

}  // namespace luodi::sqlite

// The SQLite schema as forward migrations. Migration i (0-based) takes a
// database from schema version i to i + 1; PRAGMA user_version records where a
// database is. Never edit a released migration. Versions after 12 are not
// appended here: they are rendered from the one description of the tables
// (store/tables.h) for both backends (store/migrations.cc).
#pragma once

#include <array>
#include <string_view>

namespace luodi::sqlite {

inline constexpr std::array<std::string_view, 12> kMigrations = {
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
    // 2: deadlines: plans, paused clocks, the schedule (due date, light, next
    // check), light history, the directory, the outbox, campaigns.
    R"sql(
ALTER TABLE projects ADD COLUMN plan_due TEXT;
ALTER TABLE projects ADD COLUMN plan_stage INTEGER;
ALTER TABLE projects ADD COLUMN plan_note TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN paused_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN paused_since TEXT;
ALTER TABLE projects ADD COLUMN due_on TEXT;
ALTER TABLE projects ADD COLUMN light TEXT NOT NULL DEFAULT 'green';
ALTER TABLE projects ADD COLUMN light_since TEXT;
ALTER TABLE projects ADD COLUMN yellow_since TEXT;
ALTER TABLE projects ADD COLUMN checked_on TEXT;
ALTER TABLE projects ADD COLUMN next_check_on TEXT;
UPDATE projects SET next_check_on = '0000-00-00';
CREATE INDEX projects_by_due ON projects (due_on);
CREATE INDEX projects_by_next_check ON projects (next_check_on);
CREATE TABLE light_changes (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  project TEXT NOT NULL,
  on_date TEXT NOT NULL,
  light   TEXT NOT NULL,
  reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX light_changes_by_project ON light_changes (project, on_date);
CREATE TABLE contacts (
  name    TEXT PRIMARY KEY,
  role    TEXT NOT NULL,
  unit    TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT ''
);
CREATE TABLE outbox (
  key        TEXT NOT NULL,
  recipient  TEXT NOT NULL,
  project    TEXT NOT NULL,
  role       TEXT NOT NULL,
  rule       TEXT NOT NULL,
  due        TEXT NOT NULL,
  message    TEXT NOT NULL,
  catch_up   INTEGER NOT NULL DEFAULT 0,
  channel    TEXT NOT NULL DEFAULT '',
  state      TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (key, recipient)
);
CREATE INDEX outbox_by_project ON outbox (project, state);
CREATE INDEX outbox_by_state ON outbox (state);
CREATE TABLE campaigns (
  id     TEXT PRIMARY KEY,
  text   TEXT NOT NULL,
  source TEXT NOT NULL
);
)sql",
    // 3: users of the server: a role, a unit for unit users, and the SHA-256
    // of their bearer token (the token itself is never stored).
    R"sql(
CREATE TABLE users (
  name       TEXT PRIMARY KEY,
  role       TEXT NOT NULL,
  unit       TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
-- Webhooks: the body format of a contact's robot, and when a notification's
-- next delivery attempt is due (exponential back-off).
ALTER TABLE contacts ADD COLUMN format TEXT NOT NULL DEFAULT 'json';
ALTER TABLE outbox ADD COLUMN format TEXT NOT NULL DEFAULT 'json';
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
-- Leaders' instructions (批示) on open blockers.
CREATE TABLE instructions (
  id         INTEGER PRIMARY KEY,
  project    TEXT NOT NULL,
  blocker_id INTEGER NOT NULL,
  text       TEXT NOT NULL,
  assignee   TEXT NOT NULL DEFAULT '',
  due        TEXT,
  on_date    TEXT NOT NULL,
  by         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX instructions_by_project ON instructions (project);
)sql",
    // 4: investment progress (luodi invest), the latest figures per project.
    R"sql(
ALTER TABLE projects ADD COLUMN progress_on TEXT;
ALTER TABLE projects ADD COLUMN progress_fixed_asset_wan REAL;
ALTER TABLE projects ADD COLUMN progress_foreign_arrived_usd_wan REAL;
)sql",
    // 5: the day a plan was made (it supersedes campaign milestones missed
    // before it) and instructions closed by their assignee's report.
    R"sql(
ALTER TABLE projects ADD COLUMN plan_on TEXT;
UPDATE projects SET plan_on = (SELECT MAX(on_date) FROM events e
                               WHERE e.project = projects.code AND e.kind = 'planned')
 WHERE plan_due IS NOT NULL;
ALTER TABLE instructions ADD COLUMN done_on TEXT;
ALTER TABLE instructions ADD COLUMN done_note TEXT NOT NULL DEFAULT '';
-- The light history is the standing function's output over the days (luodi
-- lights); the rows the tick used to record could disagree with it.
DROP TABLE light_changes;
-- The standing kept for speed was worked out by older rules: forget it, and
-- let the next tick work every project out again with the standing function.
UPDATE projects SET checked_on = NULL, next_check_on = '1900-01-01';
)sql",
    // 6: lists and counts asked of the standing the projection keeps (luodi
    // list, overdue, stats, /metrics): an index for each question, each in
    // code order so a page is a range of it, and for what is no longer kept;
    // and gauges kept by triggers.
    R"sql(
DROP INDEX projects_by_unit;
DROP INDEX projects_by_leader;
DROP INDEX projects_by_status;
DROP INDEX projects_by_due;
CREATE INDEX projects_by_unit ON projects (unit, code);
CREATE INDEX projects_by_leader ON projects (leader, code);
CREATE INDEX projects_by_status ON projects (status, code);
CREATE INDEX projects_by_stage ON projects (stage, code);
CREATE INDEX projects_by_light ON projects (light, code);
CREATE INDEX projects_by_due ON projects (due_on, code);
CREATE INDEX projects_by_checked ON projects (checked_on);
CREATE INDEX projects_by_last_event ON projects (last_event_on);
-- Gauges (/metrics) the database keeps on every write: projects by stage,
-- status, list and kept light, by kept due date (so "how many are past
-- their due date" adds up a few hundred dates, not a million rows), and the
-- outbox by state.
CREATE TABLE standing_counts (
  stage  INTEGER NOT NULL,
  status TEXT NOT NULL,
  key    INTEGER NOT NULL,
  light  TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (stage, status, key, light)
) WITHOUT ROWID;
CREATE TABLE due_counts (
  due_on TEXT PRIMARY KEY,
  n      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO standing_counts SELECT stage, status, key, light, count(*) FROM projects GROUP BY 1, 2, 3, 4;
INSERT INTO due_counts SELECT due_on, count(*) FROM projects WHERE due_on IS NOT NULL GROUP BY 1;
CREATE TRIGGER projects_counted AFTER INSERT ON projects BEGIN
  INSERT INTO standing_counts VALUES (new.stage, new.status, new.key, new.light, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO due_counts SELECT new.due_on, 1 WHERE new.due_on IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER projects_uncounted AFTER DELETE ON projects BEGIN
  UPDATE standing_counts SET n = n - 1
   WHERE stage = old.stage AND status = old.status AND key = old.key AND light = old.light;
  UPDATE due_counts SET n = n - 1 WHERE due_on = old.due_on;
END;
CREATE TRIGGER projects_recounted AFTER UPDATE OF stage, status, key, light ON projects
  WHEN old.stage IS NOT new.stage OR old.status IS NOT new.status OR old.key IS NOT new.key
    OR old.light IS NOT new.light
BEGIN
  UPDATE standing_counts SET n = n - 1
   WHERE stage = old.stage AND status = old.status AND key = old.key AND light = old.light;
  INSERT INTO standing_counts VALUES (new.stage, new.status, new.key, new.light, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TABLE outbox_counts (
  state TEXT PRIMARY KEY,
  n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO outbox_counts SELECT state, count(*) FROM outbox GROUP BY 1;
CREATE TRIGGER outbox_counted AFTER INSERT ON outbox BEGIN
  INSERT INTO outbox_counts VALUES (new.state, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER outbox_uncounted AFTER DELETE ON outbox BEGIN
  UPDATE outbox_counts SET n = n - 1 WHERE state = old.state;
END;
CREATE TRIGGER outbox_recounted AFTER UPDATE OF state ON outbox WHEN old.state IS NOT new.state BEGIN
  UPDATE outbox_counts SET n = n - 1 WHERE state = old.state;
  INSERT INTO outbox_counts VALUES (new.state, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER projects_redated AFTER UPDATE OF due_on ON projects
  WHEN old.due_on IS NOT new.due_on
BEGIN
  UPDATE due_counts SET n = n - 1 WHERE due_on = old.due_on;
  INSERT INTO due_counts SELECT new.due_on, 1 WHERE new.due_on IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
)sql",
    // 7: the overdue list's row kept with the standing (the binding
    // deadline's stage, source and whether it is provisional), so that a
    // kept row is shown without working the standing out again. What was
    // kept before has none: forget it, and let the next tick keep it again.
    R"sql(
ALTER TABLE projects ADD COLUMN due_stage INTEGER;
ALTER TABLE projects ADD COLUMN due_source TEXT;
ALTER TABLE projects ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0;
UPDATE projects SET checked_on = NULL, next_check_on = '1900-01-01';
)sql",
    // 8: the projects due for a look with the day they were last looked at,
    // so that finding those not yet looked at today (whose kept standing
    // does not hold) reads the index alone, not each project's row.
    R"sql(
DROP INDEX projects_by_next_check;
CREATE INDEX projects_by_next_check ON projects (next_check_on, checked_on);
)sql",
    // 9: group robots. A contact's secret (signs DingTalk and Feishu calls;
    // never shown), the mobiles its messages mention, and its robot's rate;
    // a failed notification says whether retrying could mend it; a sent one
    // when it went (a restarted server counts a robot's last minute from it).
    R"sql(
ALTER TABLE contacts ADD COLUMN secret TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN mentions TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN rate_per_min INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN permanent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
CREATE INDEX outbox_by_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
)sql",
    // 10: scheduled work done once however many servers run: the lease of
    // the city (owner, epoch, expiry in ms of the database's clock), and a
    // delivery's claim (a token and until when it holds).
    R"sql(
CREATE TABLE leases (
  city       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  epoch      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
)sql",
    // 11: a project's investment planned for the year (plan_wan), the
    // yardstick of its investment light.
    R"sql(
ALTER TABLE projects ADD COLUMN plan_wan REAL;
)sql",
    // 12: a robot's window (its rate counts messages in it) and how long it
    // stays silent after refusing a message as too many; 0: the defaults.
    R"sql(
ALTER TABLE contacts ADD COLUMN rate_window_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN throttle_pause_ms INTEGER NOT NULL DEFAULT 0;
)sql",
};

// Migration 15's SQL (the gauges' amounts) is generated: store/gauge_sql.h.

}  // namespace luodi::sqlite

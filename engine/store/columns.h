// The column lists both backends read rows by (the tables are the same in
// SQLite and PostgreSQL), with the positions the readers rely on.
#pragma once

#include <string_view>

namespace luodi::columns {

// What a lifecycle move needs of a project, then its attributes.
#define LUODI_LIFECYCLE_COLUMNS                                                       \
  "code, stage, stage_since, status, key, created_on, last_event_on, open_blockers, " \
  "plan_due, plan_stage, plan_note, paused_days, paused_since, "                      \
  "progress_on, progress_fixed_asset_wan, progress_foreign_arrived_usd_wan, plan_on"
inline constexpr std::string_view kLifecycle = LUODI_LIFECYCLE_COLUMNS;
inline constexpr std::string_view kProject = LUODI_LIFECYCLE_COLUMNS
    ", name, unit, leader, industry, origin, investment_wan, fixed_asset_wan, "
    "foreign_usd_wan, land_need_mu, land_secured_mu, plan_wan";
#undef LUODI_LIFECYCLE_COLUMNS
inline constexpr int kOpenBlockers = 7;
inline constexpr int kFirstAttribute = 17;

inline constexpr std::string_view kEvent =
    "seq, project, kind, on_date, recorded_at, actor, from_state, to_state, note, evidence, "
    "data, blocker_id";

// The kept standing, in the order a schedule is read.
inline constexpr std::string_view kSchedule =
    "due_on, light, light_since, yellow_since, checked_on, next_check_on, due_stage, due_source, "
    "due_provisional";

// What copying a city to another database (luodi migrate) carries: each
// table of its history and setup with every column, in an order the rows'
// references allow. The gauges are rebuilt by the target's triggers as the
// rows arrive; the lease is the target's own.
struct CopiedTable {
  std::string_view name;
  std::string_view columns;
  std::string_view order;
};
inline constexpr CopiedTable kCopied[] = {
    {"meta", "key, value", "key"},
    {"events", kEvent, "seq"},
    {"projects",
     "code, name, unit, leader, industry, origin, investment_wan, fixed_asset_wan, "
     "foreign_usd_wan, "
     "land_need_mu, land_secured_mu, stage, stage_since, status, key, created_on, last_event_on, "
     "open_blockers, plan_due, plan_stage, plan_note, paused_days, paused_since, due_on, light, "
     "light_since, yellow_since, checked_on, next_check_on, progress_on, progress_fixed_asset_wan, "
     "progress_foreign_arrived_usd_wan, plan_on, due_stage, due_source, due_provisional, plan_wan",
     "code"},
    {"blockers", "id, project, category, reason, owner, since", "id"},
    {"instructions",
     "id, project, blocker_id, text, assignee, due, on_date, \"by\", done_on, done_note", "id"},
    {"contacts",
     "name, role, unit, channel, format, secret, mentions, rate_per_min, rate_window_ms, "
     "throttle_pause_ms",
     "name"},
    {"outbox",
     "key, recipient, project, role, rule, due, message, catch_up, channel, state, attempts, "
     "last_error, "
     "created_at, format, next_attempt_at, permanent, sent_at",
     "key, recipient"},
    {"campaigns", "id, text, source", "id"},
    {"users", "name, role, unit, token_hash, created_at, revoked_at", "name"},
};

}  // namespace luodi::columns

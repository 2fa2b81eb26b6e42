// The column lists both backends read rows by (the tables are the same in
// SQLite and PostgreSQL, store/tables.h), with the positions the readers
// rely on; the attributes are read and bound by their declaration.
#pragma once

#include <string>
#include <string_view>

#include "luodi/project.h"

namespace luodi::columns {

// What a lifecycle move needs of a project, then its attributes.
inline constexpr std::string_view kLifecycle =
    "code, stage, stage_since, status, key, created_on, last_event_on, open_blockers, "
    "plan_due, plan_stage, plan_note, paused_days, paused_since, "
    "progress_on, progress_fixed_asset_wan, progress_foreign_arrived_usd_wan, plan_on";
inline constexpr int kOpenBlockers = 7;
inline constexpr int kFirstAttribute = 17;

// kLifecycle, then the attributes' columns in their declaration's order
// (attribute_fields()): what a project is read by.
inline const std::string& project() {
  static const std::string columns = [] {
    std::string out(kLifecycle);
    for (const AttributeField& f : attribute_fields()) out += ", " + std::string(f.name);
    return out;
  }();
  return columns;
}

inline constexpr std::string_view kEvent =
    "seq, project, kind, on_date, recorded_at, actor, from_state, to_state, note, evidence, "
    "data, blocker_id";

// The kept standing, in the order a schedule is read.
inline constexpr std::string_view kSchedule =
    "due_on, light, light_since, yellow_since, checked_on, next_check_on, due_stage, due_source, "
    "due_provisional";

// What copying a city to another database (luodi migrate) carries: each
// table of its history and setup with every column the description
// (store/tables.h) gives it, in an order the rows' references allow. The
// gauges are rebuilt by the target's triggers as the rows arrive; the lease
// is the target's own.
struct CopiedTable {
  std::string_view name;
};
inline constexpr CopiedTable kCopied[] = {{"meta"},     {"events"},       {"projects"},
                                          {"blockers"}, {"instructions"}, {"contacts"},
                                          {"outbox"},   {"campaigns"},    {"users"}};

}  // namespace luodi::columns

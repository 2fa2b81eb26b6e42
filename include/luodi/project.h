// The domain records: a project's attributes, its blockers, its lifecycle
// state, and the events that are the source of truth for all of them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/date.h"

namespace luodi {

enum class ProjectStatus { kActive, kBlocked, kCancelled, kDropped, kFinished };
std::string_view to_string(ProjectStatus s);
std::optional<ProjectStatus> parse_project_status(std::string_view s);

// What a supervisor keeps in the spreadsheet about a project. Amounts in
// 万元 (10,000 yuan) or 万美元; land in 亩 (mu). Unknown amounts stay empty.
struct ProjectAttributes {
  std::string name;
  std::string unit;      // responsible unit: township, street or development zone
  std::string leader;    // linked city leader
  std::string industry;  // primary | secondary | tertiary, or empty
  std::string origin;    // where the project came from (stationed office, 浙商回归 …)
  std::optional<double> investment_wan;
  std::optional<double> fixed_asset_wan;
  std::optional<double> foreign_usd_wan;
  std::optional<double> land_need_mu;
  std::optional<double> land_secured_mu;
  // The investment planned for this year (年度计划投资), the yardstick of the
  // project's investment light against the pro-rata schedule.
  std::optional<double> plan_wan;
  std::string contact_phone;  // 联系电话: whom the office calls about it
  bool operator==(const ProjectAttributes&) const = default;
};

// The attributes by name, as the CLI (--land-secured-mu), the JSON and the
// history call them (land_secured_mu): each either text or an amount. The one
// declaration of an attribute: its name is also its column in the database,
// in the spreadsheet (import, export: with `header_zh`) and its key in the
// JSON; the store reads and binds it by this entry, not by a position.
struct AttributeField {
  std::string_view name;  // e.g. "land_secured_mu"
  std::string ProjectAttributes::*text = nullptr;
  std::optional<double> ProjectAttributes::*amount = nullptr;
  std::string_view header_zh;   // the spreadsheet's header: 已落实用地指标（亩）
  bool required = false;        // a project has it (add, import): name, unit
  std::string_view show_label;  // luodi show's line ("": none)
  std::string_view show_unit;   // … after an amount
};
// Every attribute, in the order the spreadsheet lists them. Adding one is a
// member above, its entry here and its migration (store/migrations.cc).
inline const std::vector<AttributeField>& attribute_fields() {
  using A = ProjectAttributes;
  static const std::vector<AttributeField> fields = {
      {"name", &A::name, nullptr, "项目名称", true, "", ""},
      {"unit", &A::unit, nullptr, "责任单位", true, "unit", ""},
      {"leader", &A::leader, nullptr, "联系领导", false, "leader", ""},
      {"industry", &A::industry, nullptr, "产业", false, "industry", ""},
      {"origin", &A::origin, nullptr, "来源", false, "origin", ""},
      {"investment_wan", nullptr, &A::investment_wan, "总投资（万元）", false, "investment",
       "万元"},
      {"fixed_asset_wan", nullptr, &A::fixed_asset_wan, "已完成固定资产投资（万元）", false,
       "fixed assets", "万元 (as listed)"},
      {"foreign_usd_wan", nullptr, &A::foreign_usd_wan, "外资（万美元）", false, "foreign",
       "万美元"},
      {"land_need_mu", nullptr, &A::land_need_mu, "用地面积（亩）", false, "land need", "亩"},
      {"land_secured_mu", nullptr, &A::land_secured_mu, "已落实用地指标（亩）", false,
       "land secured", "亩"},
      {"plan_wan", nullptr, &A::plan_wan, "年度计划投资（万元）", false, "year's plan", "万元"},
      {"contact_phone", &A::contact_phone, nullptr, "联系电话", false, "phone", ""},
  };
  return fields;
}
const AttributeField* find_attribute(std::string_view name);

// A dated change of attributes (luodi update): the fields changed, with their
// values before and after.
struct AttributeChanges {
  std::vector<std::string> fields;  // names of attribute_fields(), in their order
  ProjectAttributes from;           // the values of `fields` before (filled when recorded)
  ProjectAttributes to;             // … and after
  bool operator==(const AttributeChanges&) const = default;
};

// A leader's instruction (批示) on a blocker: open while the blocker is.
// One with a due date is tracked and reminded like a deadline.
struct Instruction {
  std::int64_t id = 0;  // the sequence number of the event that gave it
  std::string text;
  std::string assignee;  // who must act (a directory name, or free text)
  std::optional<Date> due;
  Date on;
  std::string by;
  // Closed by the assignee's report (luodi instruct --done); open until then
  // or until its blocker is resolved.
  std::optional<Date> done_on;
  std::string done_note;
  bool operator==(const Instruction&) const = default;
};

struct Blocker {
  std::int64_t id = 0;
  std::string category;  // a blocker category id of the workflow
  std::string reason;
  std::string owner;  // the department that must act
  Date since;
  std::vector<Instruction> instructions;
  bool operator==(const Blocker&) const = default;
};

// Investment progress (luodi invest): cumulative figures as reported on a
// date. What a period completed is the difference of two such figures.
struct Progress {
  Date on;
  double fixed_asset_wan = 0;                     // fixed-asset investment completed, 万元
  std::optional<double> foreign_arrived_usd_wan;  // foreign capital actually arrived, 万美元
  bool operator==(const Progress&) const = default;
};

// A supervisor's deadline for reaching a stage (luodi plan). It replaces the
// time limits of the stages up to it, and the campaign milestones of those
// stages already missed when it was made, until the stage is reached.
struct Plan {
  Date due;
  int stage = 0;  // the stage to reach by `due`
  std::string note;
  Date on;  // the day it was made
  bool operator==(const Plan&) const = default;
};

// A project's state at one moment: what the projection stores and what a
// replay of its events computes.
struct ProjectState {
  std::string code;
  ProjectAttributes attributes;
  int stage = 0;  // index into Workflow::stages
  Date stage_since;
  ProjectStatus status = ProjectStatus::kActive;
  bool key = true;                // on the key-project list (false: pipeline or dropped)
  std::vector<Blocker> blockers;  // open blockers, oldest first
  Date created_on;
  Date last_event_on;
  std::optional<Plan> plan;
  // Time blocked in categories that pause the clock, during this stage:
  // closed periods in days, and the start of the open one, if any.
  int paused_days = 0;
  std::optional<Date> paused_since;
  std::optional<Progress> progress;  // the latest investment progress reported
  bool operator==(const ProjectState&) const = default;
};

enum class EventKind {
  kCreated,
  kAdvanced,
  kBlocked,
  kUnblocked,
  kCancelled,
  kDropped,
  kReinstated,
  kPromoted,
  kPlanned,          // a supervisor set a deadline (luodi plan)
  kPlanCleared,      // … and took it back
  kInstructed,       // a leader's instruction on an open blocker
  kInvested,         // investment progress reported (luodi invest)
  kInstructionDone,  // an instruction closed by its assignee's report
  kUpdated,          // attributes changed (luodi update): land secured, leader, unit …
};
std::string_view to_string(EventKind k);
std::optional<EventKind> parse_event_kind(std::string_view s);

// One fact in a project's life. Append-only: never updated, never deleted.
struct Event {
  std::int64_t seq = 0;  // assigned by the store; orders events of the same day
  std::string project;
  EventKind kind = EventKind::kCreated;
  Date on;  // effective date
  Timestamp recorded_at{};
  std::string actor;
  std::string from;  // stage id for moves, lifecycle word otherwise
  std::string to;
  std::string note;
  std::map<std::string, std::string> evidence;
  // kCreated: the attributes and key-list membership the project starts with.
  std::optional<ProjectAttributes> attributes;
  bool key = true;
  // kBlocked: the whole blocker; kUnblocked: the id of the blocker resolved.
  std::optional<Blocker> blocker;
  // kPlanned: the deadline for reaching stage `to`; kInstructed: the
  // instruction's due date, if any.
  std::optional<Date> due;
  // kInstructed: on blocker->id.
  std::optional<Instruction> instruction;
  // kInvested: the cumulative figures (a foreign figure left out keeps the last).
  std::optional<Progress> progress;
  // kUpdated: the attributes it changed.
  std::optional<AttributeChanges> changes;
  // kInvested, kUpdated: a correction, which may lower a cumulative figure
  // (the figure before it stays in the history).
  bool correction = false;
};

}  // namespace luodi

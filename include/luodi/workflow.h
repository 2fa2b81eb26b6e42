// A workflow: the city's stage graph, time limits, evidence rules and blocker
// categories, loaded from YAML. Immutable once loaded; the lifecycle machine
// consults it as data (Statechart cannot change its layout at run time).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/investment.h"
#include "luodi/status.h"

namespace luodi {

struct Label {
  std::string zh;
  std::string en;
  bool operator==(const Label&) const = default;
};

// How long a project may stay in a stage before the next must be reached.
struct Duration {
  enum class Unit { kDays, kWorkdays };
  int count = 0;
  Unit unit = Unit::kDays;
  bool operator==(const Duration&) const = default;
};

struct EvidenceDef {
  std::string id;  // e.g. "permit"
  Label label;
  bool operator==(const EvidenceDef&) const = default;
};

struct StageDef {
  std::string id;
  Label label;
  std::optional<Duration> limit;      // absent: no time limit
  std::vector<EvidenceDef> evidence;  // required to enter this stage
  bool operator==(const StageDef&) const = default;
};

struct BlockerCategory {
  std::string id;
  Label label;
  // The deadlines whose clock stands still while a blocker of this category
  // is open (e.g. land, when the quota is the province's to give): YAML
  // `pause_while_blocked: true` pauses stage time limits; a list such as
  // `[stage, plan, campaign]` names the kinds. Default: none, blocked time counts.
  struct Pauses {
    bool stage = false;     // the stage's time limit (working or calendar days)
    bool plan = false;      // a supervisor's plan (calendar days)
    bool campaign = false;  // campaign milestones (calendar days)
    bool any() const { return stage || plan || campaign; }
    bool operator==(const Pauses&) const = default;
  } pauses;
  bool operator==(const BlockerCategory&) const = default;
};

// Traffic lights (亮灯). Each threshold is optional: absent, the rule is off.
// Red wins over yellow, yellow over green.
struct LightRules {
  std::optional<int> yellow_days_left;     // yellow when at most N days remain
  std::optional<int> yellow_blocked_days;  // yellow when a blocker is open N days or more
  std::optional<int> red_days_overdue;     // red when N or more days overdue (1: any)
  std::optional<int> red_blocked_days;     // red when a blocker is open N days or more
  std::optional<int> red_yellow_days;      // red when yellow without a break for N days
  // On investment against the pro-rata schedule (luodi/investment.h):
  // investment_behind_points (points, 0–100) and investment_share_of_schedule
  // (a share, 0–1), under yellow and red.
  std::vector<InvestmentLightRule> investment;
  bool operator==(const LightRules&) const = default;
};

// Reminders to the responsible unit, and the escalation ladder.
struct ReminderRules {
  std::vector<int> before_due;          // days before the due date, e.g. 7, 3, 1
  bool on_due = false;                  // on the due date itself
  std::optional<int> overdue_every;     // every K days while overdue
  std::optional<int> supervisor_after;  // escalate to the supervisors after X days overdue
  std::optional<int> leader_after;      // and to the linked leader after Y
  std::optional<int> stale_workdays;    // no event for N working days: a reminder
  bool operator==(const ReminderRules&) const = default;
};

// A periodic digest (周调度, 月通报): when it goes out. Each recipient gets it
// once per period, through the outbox, on the first working day due.
struct DigestRule {
  enum class Every { kWeek, kMonth };
  std::string id;
  Label label;
  Every every = Every::kWeek;
  unsigned weekday = 1;     // kWeek: 1 = Monday … 7 = Sunday (the next working day if off)
  int at_minutes = 9 * 60;  // local time of day, e.g. 09:00
  bool operator==(const DigestRule&) const = default;
};

struct DigestRules {
  std::vector<DigestRule> schedule;
  std::string report_link;  // where a webhook's reader opens the report (the dashboard)
  bool operator==(const DigestRules&) const = default;
};

class Workflow {
 public:
  std::string id;
  int version = 0;
  Label label;
  std::vector<StageDef> stages;                        // in order; the last one is final
  std::vector<std::pair<int, int>> extra_transitions;  // stage indexes, beyond "next"
  Label cancelled_label;
  Label dropped_label;
  std::vector<BlockerCategory> blocker_categories;
  int start_stage = 0;  // the stage from which a project counts as started
  LightRules lights;
  ReminderRules reminders;
  DigestRules digests;

  // Index of a stage by id or by either label; nullopt when unknown.
  std::optional<int> find_stage(std::string_view id_or_label) const;
  const BlockerCategory* find_category(std::string_view id_or_label) const;
  // True when the workflow allows moving from stage `from` to stage `to`.
  bool allows(int from, int to) const;
  // The stages reachable from `from` in one move, in stage order.
  std::vector<int> next_stages(int from) const;
  // The evidence a project must have given to stand at `stage`: that of
  // `stage` itself when `entering_only`, else that of every stage up to it
  // which no move can skip. BadInput naming what is missing, or naming a key
  // no stage of the workflow declares; Ok otherwise.
  Status check_evidence(int stage, const std::map<std::string, std::string>& evidence,
                        bool entering_only) const;
  int final_stage() const { return static_cast<int>(stages.size()) - 1; }
  bool operator==(const Workflow&) const = default;
};

// Parses and validates a workflow. On failure the status lists every problem,
// one per line, as "file:line:col: message" (bad input).
Result<Workflow> parse_workflow(std::string_view yaml_text, const std::string& file_name);

}  // namespace luodi

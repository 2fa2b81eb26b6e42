// The city's rules over time. A running city takes a new year's holiday
// table or a revised workflow as a dated change: the rules in force on a day
// are those of the last change dated on or before it, so an as-of answer
// about a day before a change never changes, and a later one uses the new
// rules. Pure: no I/O, no clock.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/campaign.h"
#include "luodi/light.h"
#include "luodi/status.h"
#include "luodi/workflow.h"

namespace luodi {

// One dated change of the city's rules, as kept in its database.
struct RuleChange {
  enum class Kind {
    kCalendar,  // a holiday table: its years are added or replaced
    kWorkflow,  // a revised workflow: it replaces the workflow whole
  };
  Kind kind = Kind::kCalendar;
  Date on;                 // the first day it governs
  std::string text;        // the YAML loaded
  std::string name;        // the file it came from
  std::string loaded_at;   // local time of the load
  std::vector<int> years;  // kCalendar: the years it added or replaced
  int moved = 0;           // projects whose due date or light it changed that day
};

std::string_view to_string(RuleChange::Kind k);  // calendar | workflow

// The rules in force from a day on.
struct RuleVersion {
  Date from;  // the first day in force (kBeginning for the city as created)
  Workflow workflow;
  WorkCalendar calendar;
  std::vector<Campaign> campaigns;  // the city's campaigns, read against this workflow
};

// A campaign as the city keeps it: its YAML and the file it came from.
struct CampaignText {
  std::string text;
  std::string source;
};

// The earliest day, before any project: the city's rules as created are in force from it.
inline constexpr Date kBeginning = Date::from_days(-25567);  // 1900-01-01, kFirstYear

class RuleVersions {
 public:
  // The city as created, then each change by its day (changes of one day in
  // the order made). BadInput when a change does not parse or, applied, makes
  // no valid rules.
  static Result<RuleVersions> build(Workflow workflow, WorkCalendar calendar,
                                    std::vector<RuleChange> changes,
                                    std::vector<CampaignText> campaigns = {});

  // The rules in force on `day`. References stay valid until the next add()
  // or set_campaigns().
  const RuleVersion& on(Date day) const;
  const RuleVersion& latest() const { return *versions_.back(); }
  // More than the city's rules as created.
  bool dated() const { return versions_.size() > 1; }
  const std::vector<RuleChange>& changes() const { return changes_; }
  // Every version, by the day it takes effect.
  const std::vector<std::unique_ptr<RuleVersion>>& all() const { return versions_; }

  // These rules with `change` added (in its place by day), leaving these as they are.
  Result<RuleVersions> with(const RuleChange& change) const;
  Status add(const RuleChange& change);
  // Reads the city's campaigns against each version's workflow. A campaign
  // that names a stage a version lacks is left out of that version; BadInput
  // when one does not parse against the latest.
  Status set_campaigns(std::vector<CampaignText> campaigns);

  // The built rules as the city keeps them (rules_codec.cc), marked with
  // `key` (kept_rules_key): every version's workflow, calendar and campaigns
  // as parsed. decode() answers these rules without parsing YAML, given the
  // changes and campaigns they were built from; nothing when the text is of
  // another codec format, another key or not readable (parse them then).
  std::string encode(const std::string& key) const;
  static std::optional<RuleVersions> decode(std::string_view kept, const std::string& key,
                                            std::vector<RuleChange> changes,
                                            std::vector<CampaignText> campaigns);

 private:
  Status rebuild();

  Workflow base_workflow_;
  WorkCalendar base_calendar_;
  std::vector<RuleChange> changes_;  // by day, stable
  std::vector<CampaignText> campaigns_;
  std::vector<std::unique_ptr<RuleVersion>> versions_;  // by `from`, ascending
};

// How the stages of `to` continue those of `from`, by id: for each index of
// `from`, its index in `to` (-1: no longer there).
std::vector<int> stage_renumbering(const Workflow& from, const Workflow& to);
// The stage ids in order, comma-separated: what a projection's stage numbers refer to.
std::string stage_layout(const Workflow& wf);

// `base` with the years of `loaded` added or replaced. BadInput (at
// `file`:1:1) when `loaded` has another weekend.
Result<WorkCalendar> merge_calendar(const WorkCalendar& base, const WorkCalendar& loaded,
                                    const std::string& file);

// The first day before `before` on which `a` and `b` differ (a working day in
// one, not in the other, or a holiday of another name), if any.
std::optional<Date> first_difference(const WorkCalendar& a, const WorkCalendar& b, Date before);

// The kept form's format: raised whenever a field of Workflow, WorkCalendar or
// Campaign, or what their parsers make of a text, changes.
inline constexpr int kRulesCodecFormat = 1;
// What the kept form was built from: the rules' revision, every source text
// (the city's workflow, calendar and rule changes as kept), the campaigns'
// texts and ids.
std::string kept_rules_key(const std::string& revision, const std::vector<std::string>& sources,
                           const std::vector<CampaignText>& campaigns,
                           const std::vector<std::string>& campaign_ids);

// The changes as the database keeps them (a JSON array) and back.
std::string encode_rule_changes(const std::vector<RuleChange>& changes);
Result<std::vector<RuleChange>> decode_rule_changes(std::string_view json);

// What a calendar load or a workflow revision did (or, dry, would do) to
// the city's projects.
struct RuleLoad {
  Date on;                 // the day the new rules govern from
  std::vector<int> years;  // a calendar load's
  bool dry_run = false;
  struct Moved {
    std::string code;
    std::optional<Date> due_before, due_after;
    LightColor light_before = LightColor::kNone, light_after = LightColor::kNone;
  };
  std::vector<Moved> moved;  // projects whose binding due date or light changes, by code
};

}  // namespace luodi

// Forecasts (预测): when a project should reach each of its next stages,
// from its stage, the day it entered it (or was last unblocked in it) and how
// long stages take — by the default rule the city's own history when there
// is enough of it, else the campaign's standard durations, else the
// workflow's time limits; and what that means for a campaign's end and the
// year's start ratio. A blocked project does not move until it is
// unblocked. Each forecast states its basis. Pure: the day is given,
// nothing is read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/message.h"
#include "luodi/project.h"
#include "luodi/workflow.h"

namespace luodi {

// How long projects of the city stayed in each stage (entered → advanced to
// the next), in days: the city's history.
class StageHistory {
 public:
  explicit StageHistory(int stages = 0) : days_(static_cast<size_t>(stages)) {}
  // Learns from one project's events (effective order): each single-stage
  // advance after a known entry is a sample.
  void learn(const Workflow& wf, const std::vector<Event>& events);
  void add(int stage, int days);
  int samples(int stage) const;
  // The median of the samples (none without any); with `longer_than`, of
  // those longer than that many days only (a project already that long in
  // the stage is like them, not like the quick ones).
  std::optional<int> median(int stage, int longer_than = -1) const;
  int samples_longer(int stage, int longer_than) const;

 private:
  std::vector<std::vector<int>> days_;
};

// Where the time a stage takes comes from, first to last.
enum class ForecastRule {
  kHistory,   // the city's history (median, from min_samples), else the campaign's, else the
              // workflow's limit
  kCampaign,  // the campaign's standard durations, else the workflow's limit
  kLimits,    // the workflow's time limits only
};
std::string_view to_string(ForecastRule r);  // history | campaign | limits
std::optional<ForecastRule> parse_forecast_rule(std::string_view s);
// The rule forecasts use unless asked otherwise: the one that scored best in
// the backtest on a generated city with history (README, "Forecasts").
inline constexpr ForecastRule kDefaultForecastRule = ForecastRule::kHistory;

struct ForecastRules {
  const Workflow& workflow;
  const WorkCalendar& calendar;
  const StageHistory* history = nullptr;  // none: standard durations only
  // The campaign's standard durations (stage → time to reach it), where it gives them.
  const std::map<int, Duration>* campaign_durations = nullptr;
  int min_samples = 5;  // history is used from this many samples of a stage
  ForecastRule rule = kDefaultForecastRule;
};

// The time a stage takes and where that figure comes from.
struct StageTime {
  Duration duration;
  Message basis;  // history (median of 7), campaign, workflow limit: in words by the catalogue
};
std::optional<StageTime> stage_time(const ForecastRules& r, int stage);

struct StageForecast {
  int stage = 0;  // the stage reached …
  Date expected;  // … on this day
  Message basis;
};

struct ProjectForecast {
  std::vector<StageForecast> next;  // each later stage, in order, while durations are known
  // Already in its stage longer than the stage takes (by the standard, or
  // longer than every project of the city's history): the next stage is
  // expected tomorrow, and nothing says it will come.
  bool late = false;
  bool blocked = false;  // blocked: it does not move until unblocked (no next stage is expected)
  // When `stage` is expected reached: the day of the stage's entry when it
  // is reached already, none when it cannot be forecast.
  std::optional<Date> reaches(int stage, const ProjectState& p) const;
  // The bases of the stages up to `stage`, each once ("history (median of
  // 29), campaign").
  Messages basis_up_to(int stage) const;
};

// Open projects only (active or blocked, on the key list); others get none.
// `resumed`: the day its last blocker in its stage was resolved (its stage
// clock runs from then, not from the day it entered the stage).
ProjectForecast forecast_project(const ForecastRules& r, const ProjectState& p, Date day,
                                 std::optional<Date> resumed = std::nullopt);

// The day the project whose events (effective order) are `events` was last
// unblocked in the stage it stands in on `day`, if it was.
std::optional<Date> resumed_on(const Workflow& wf, const std::vector<Event>& events, Date day);

// A campaign project's expected result at the campaign's end.
enum class Outlook { kMet, kAtRisk, kWillMiss };
std::string_view to_string(Outlook o);
struct CampaignOutlook {
  Outlook outlook = Outlook::kAtRisk;
  Messages reason;               // in words, rendered by the catalogue in the reader's language
  int stage = 0;                 // the stage the reason is about (the target's, or the next)
  std::optional<Date> expected;  // … expected reached on this day, if it can be forecast
  int days_after_end = 0;        // … so many days after the campaign's end (0: by the end)
};
// Told from the campaign's status partition (the same for every view):
// reached (met or met late) → met; left the list → will miss; blocked →
// will miss, it does not move until unblocked; on track or recovered → met
// when its target is expected by the end, at risk (saying which stage and by
// how many days) when the expected date passes it; behind (a milestone
// missed) → at risk when still expected by the end, else will miss; no
// duration known → at risk.
CampaignOutlook campaign_outlook(const Workflow& wf, const ProjectForecast& f,
                                 const ProjectState& p, int target_stage, Date end, bool behind);

// A backtest: the forecasts a campaign's projects got on one day set
// against what their history shows by the campaign's end.
struct Backtest {
  std::string campaign;
  Date as_of;  // the day the forecasts were made
  Date end;    // the campaign's end, passed
  ForecastRule rule = kDefaultForecastRule;
  struct Row {
    std::string code;
    Outlook outlook = Outlook::kAtRisk;  // forecast on as_of
    bool met = false;                    // the target reached by the end
    std::optional<Date> reached_on;
  };
  std::vector<Row> rows;
  // Forecast met (outlook met) or missed (at risk, will miss) × met or missed.
  int met_met = 0, met_missed = 0, missed_met = 0, missed_missed = 0;
  int hits() const { return met_met + missed_missed; }
  double hit_rate() const {
    return rows.empty() ? 0.0 : static_cast<double>(hits()) / static_cast<double>(rows.size());
  }
  // Counts the rows into the table.
  void tally();
};

}  // namespace luodi

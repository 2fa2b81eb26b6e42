// Investment against the pro-rata schedule (序时进度): how much of a year's
// target should be done by a day, and how far what was done is from it, in
// points (the half-year report's "+3.49 个百分点") or as a share of the
// schedule's figure. Pure: the day is given, nothing is read.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "luodi/date.h"
#include "luodi/light.h"
#include "luodi/project.h"

namespace luodi {

// Months of the year completed on `d`: June 30 → 6, June 29 → 5.
int months_completed(Date d);

// A year's schedule: the share of the target due by the end of each month
// (cumulative, rising, the last 1). Without one, months completed ÷ 12.
using MonthlyCurve = std::array<double, 12>;

// The share of the year's target the schedule expects done on `d`.
double pro_rata_share(Date d, const std::optional<MonthlyCurve>& curve = std::nullopt);

struct InvestmentProgress {
  double target_wan = 0;  // the year's target (a project's plan_wan, a unit's or the city's target)
  double done_wan = 0;    // completed this year up to the day
  double done_share = 0;  // done ÷ target
  double schedule_share = 0;  // what the schedule expects done by the day, as a share of the target
  // done_share − schedule_share, in percentage points (negative: behind).
  double points_ahead = 0;
  // done ÷ what the schedule expects (1: on schedule); none before the
  // schedule expects anything (January).
  std::optional<double> share_of_schedule;
};

// None without a positive target.
std::optional<InvestmentProgress> investment_progress(
    double done_wan, std::optional<double> target_wan, Date d,
    const std::optional<MonthlyCurve>& curve = std::nullopt);

// A light rule on investment, from the workflow's `lights:` (the first rule
// that holds gives its light; rules are tried red first):
//   investment_behind_points: N      — behind the schedule by more than N points
//   investment_share_of_schedule: F  — done less than F of what the schedule expects
struct InvestmentLightRule {
  enum class Measure { kBehindPoints, kShareOfSchedule };
  LightColor light = LightColor::kYellow;
  Measure measure = Measure::kBehindPoints;
  double threshold = 0;
  bool operator==(const InvestmentLightRule&) const = default;
};

// The investment light and its reason ("investment 12.5 points behind schedule"); green when
// no rule holds, none without progress to judge.
Light investment_light(const std::optional<InvestmentProgress>& progress,
                       const std::vector<InvestmentLightRule>& rules);

// The first day after `d` on which the schedule's figure changes: the last
// day of a month (a month more is completed) or the first of a year (the
// year's count starts again).
Date next_schedule_change(Date d);

// A project's investment this year on `d` against its plan for the year
// (plan_wan): its latest cumulative reading less `before_year`, the last
// reading before the year began (none: all of it is this year's). None
// without a plan.
std::optional<InvestmentProgress> project_investment(const ProjectState& p,
                                                     const std::optional<Progress>& before_year,
                                                     Date d);

// A project's light from its deadline light and its investment light: the
// worse colour, and the reasons of both when the investment light is yellow
// or red ("3 days left until …; investment 12.00 points behind schedule …").
// The "yellow N days → red" rule counts the deadline light's yellow only.
Light worse_of(Light deadline_light, const Light& investment);

}  // namespace luodi

#include <algorithm>
#include <cstdio>

#include "luodi/investment.h"

namespace luodi {

int months_completed(Date d) {
  return static_cast<int>(d.month()) - ((d + 1).month() == d.month());
}

double pro_rata_share(Date d, const std::optional<MonthlyCurve>& curve) {
  const int months = months_completed(d);
  if (months == 0) return 0;
  return curve ? (*curve)[months - 1] : months / 12.0;
}

std::optional<InvestmentProgress> investment_progress(double done_wan,
                                                      std::optional<double> target_wan, Date d,
                                                      const std::optional<MonthlyCurve>& curve) {
  if (!target_wan || *target_wan <= 0) return std::nullopt;
  InvestmentProgress p;
  p.target_wan = *target_wan;
  p.done_wan = done_wan;
  p.done_share = done_wan / *target_wan;
  p.schedule_share = pro_rata_share(d, curve);
  p.points_ahead = (p.done_share - p.schedule_share) * 100;
  if (p.schedule_share > 0) p.share_of_schedule = p.done_share / p.schedule_share;
  return p;
}

namespace {

bool holds(const InvestmentLightRule& r, const InvestmentProgress& p) {
  switch (r.measure) {
    case InvestmentLightRule::Measure::kBehindPoints:
      return -p.points_ahead > r.threshold;
    case InvestmentLightRule::Measure::kShareOfSchedule:
      return p.share_of_schedule && *p.share_of_schedule < r.threshold;
  }
  return false;
}

std::string fixed(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

Message reason_of(const InvestmentLightRule& r, const InvestmentProgress& p) {
  if (r.measure == InvestmentLightRule::Measure::kBehindPoints)
    return Message("reason_investment_behind", {arg("points", fixed(-p.points_ahead, "%.2f")),
                                                arg("done", fixed(p.done_share * 100, "%.2f")),
                                                arg("due", fixed(p.schedule_share * 100, "%.2f"))});
  return Message("reason_investment_share",
                 {arg("share", fixed(p.share_of_schedule.value_or(0) * 100, "%.0f")),
                  arg("threshold", fixed(r.threshold * 100, "%.0f"))});
}

}  // namespace

Date next_schedule_change(Date d) {
  const Date next = d + 1;
  if (next.month() != d.month()) return next;  // d is a month's last day: the first of the next
  Date end = next;
  while ((end + 1).month() == end.month()) end = end + 1;
  return end;
}

std::optional<InvestmentProgress> project_investment(const ProjectState& p,
                                                     const std::optional<Progress>& before_year,
                                                     Date d) {
  if (!p.attributes.plan_wan) return std::nullopt;
  double done = p.progress ? p.progress->fixed_asset_wan : 0;
  if (before_year) done -= before_year->fixed_asset_wan;
  return investment_progress(std::max(0.0, done), p.attributes.plan_wan, d);
}

Light worse_of(Light deadline_light, const Light& investment) {
  if (investment.color != LightColor::kYellow && investment.color != LightColor::kRed)
    return deadline_light;
  if (investment.color > deadline_light.color) deadline_light.color = investment.color;
  deadline_light.reason.insert(deadline_light.reason.end(), investment.reason.begin(),
                               investment.reason.end());
  return deadline_light;
}

Light investment_light(const std::optional<InvestmentProgress>& progress,
                       const std::vector<InvestmentLightRule>& rules) {
  Light out;
  if (!progress) {
    out.color = LightColor::kNone;
    return out;
  }
  for (LightColor color : {LightColor::kRed, LightColor::kYellow})
    for (const auto& r : rules)
      if (r.light == color && holds(r, *progress)) {
        out.color = color;
        out.reason = {reason_of(r, *progress)};
        return out;
      }
  return out;  // green
}

}  // namespace luodi

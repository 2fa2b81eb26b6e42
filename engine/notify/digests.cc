#include <algorithm>

#include "luodi/digest.h"

namespace luodi {

namespace {

// ISO 8601 week: the Monday it starts on, and its id ("2026-W31").
Date monday_of(Date d) { return d - static_cast<int>(d.iso_weekday() - 1); }
std::string iso_week_id(Date monday) {
  const Date thursday = monday + 3;
  const int year = thursday.year();
  const int week = (thursday - Date::from_ymd(year, 1, 1)) / 7 + 1;
  const std::string w = std::to_string(week);
  return std::to_string(year) + "-W" + (week < 10 ? "0" + w : w);
}

std::optional<Date> first_workday(const WorkCalendar& cal, Date from, Date last) {
  for (Date d = from; d <= last; d = d + 1)
    if (cal.is_workday(d)) return d;
  return std::nullopt;
}

bool active(const ProjectState& p) {
  return p.key && (p.status == ProjectStatus::kActive || p.status == ProjectStatus::kBlocked);
}

}  // namespace

std::optional<DigestPeriod> digest_period(const DigestRule& rule, const WorkCalendar& cal,
                                          Date today) {
  DigestPeriod p;
  std::optional<Date> send;
  if (rule.every == DigestRule::Every::kWeek) {
    const Date monday = monday_of(today);
    p.id = iso_week_id(monday);
    send = first_workday(cal, monday + static_cast<int>(rule.weekday - 1), monday + 6);
  } else {
    const Date first = Date::from_ymd(today.year(), today.month(), 1);
    const std::string m = std::to_string(today.month());
    p.id = std::to_string(today.year()) + "-" + (today.month() < 10 ? "0" + m : m);
    const Date next_month = today.month() == 12
                                ? Date::from_ymd(today.year() + 1, 1, 1)
                                : Date::from_ymd(today.year(), today.month() + 1, 1);
    send = first_workday(cal, first, next_month - 1);
  }
  if (!send || *send > today) return std::nullopt;
  p.send_on = *send;
  return p;
}

bool digest_due(const DigestRule& rule, const DigestPeriod& period, Date today, int minutes) {
  return period.send_on < today || (period.send_on == today && minutes >= rule.at_minutes);
}

std::string digest_key(const DigestRule& rule, const DigestPeriod& period) {
  return "digest:" + rule.id + ":" + period.id;
}

std::string digest_attachment_path(const std::string& file_path, const std::string& key) {
  const auto slash = file_path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : file_path.substr(0, slash == 0 ? 1 : slash);
  std::string name = key.rfind("digest:", 0) == 0 ? key.substr(7) : key;
  std::replace(name.begin(), name.end(), ':', '-');
  std::replace(name.begin(), name.end(), '/', '-');
  return dir + (dir == "/" ? "" : "/") + "luodi-" + name + ".html";
}

std::string rule_change_notices(const std::vector<RuleChange>& changes, const DigestRule& rule,
                                const DigestPeriod& period, const WorkCalendar& cal, Date today) {
  const auto previous = digest_period(rule, cal, period.send_on - 1);
  const Date since = previous ? previous->send_on : period.send_on - 31;
  std::string out;
  for (const auto& c : changes) {
    if (c.on < since || c.on > today) continue;
    std::string years;
    for (int y : c.years) years += (years.empty() ? "" : "、") + std::to_string(y);
    out += years + " 年节假日安排已载入：" + std::to_string(c.moved) + " 个期限调整\n";
  }
  return out;
}

std::string digest_message(const Workflow& wf, const DigestRule& rule, const DigestPeriod& period,
                           const Contact& reader, const std::vector<TrackedProject>& projects,
                           const std::optional<CampaignReport>& campaign, Date today) {
  std::vector<const TrackedProject*> mine;
  for (const auto& t : projects) {
    if (!active(t.project)) continue;
    const auto& a = t.project.attributes;
    if ((reader.role == Role::kLeader && a.leader != reader.name) ||
        (reader.role == Role::kUnit && a.unit != reader.unit))
      continue;
    mine.push_back(&t);
  }
  auto line = [&](const TrackedProject& t) {
    const auto& p = t.project;
    std::string s = "  · " + p.code + " " + p.attributes.name + "（" + p.attributes.unit + "，" +
                    wf.stages[p.stage].label.zh;
    if (t.standing.deadline)
      s += t.standing.days_left < 0 ? "，逾期 " + std::to_string(-t.standing.days_left) + " 天"
                                    : "，" + t.standing.deadline->due.str() + " 前达到" +
                                          wf.stages[t.standing.deadline->stage].label.zh;
    return s + "）\n";
  };
  auto section = [&](const std::string& title, auto&& keep) {
    std::string body;
    int n = 0;
    for (const auto* t : mine)
      if (keep(*t)) {
        body += line(*t);
        ++n;
      }
    return title + " " + std::to_string(n) + " 个" + (n ? "：\n" + body : "\n");
  };
  const std::string scope = reader.role == Role::kSupervisor ? "全市"
                            : reader.role == Role::kLeader   ? reader.name + "联系项目"
                                                             : reader.unit;
  std::string out = "【" + rule.label.zh + " " + period.id + "】" + scope + "重点项目 " +
                    std::to_string(mine.size()) + " 个（截至 " + today.str() + "）\n";
  if (campaign && campaign->started)
    out += campaign->campaign.label.zh + "第 " + std::to_string(campaign->day) + " 天，剩余 " +
           std::to_string(std::max(0, campaign->campaign.end() - today)) + " 天；已完成 " +
           std::to_string(campaign->counts.met) + " 个，滞后 " +
           std::to_string(campaign->counts.behind) + " 个\n";
  out += section(
      "红灯", [](const TrackedProject& t) { return t.standing.light.color == LightColor::kRed; });
  out += section("黄灯", [](const TrackedProject& t) {
    return t.standing.light.color == LightColor::kYellow;
  });
  out += section("逾期", [](const TrackedProject& t) { return t.standing.overdue(); });
  out += section(
      "受阻", [](const TrackedProject& t) { return t.project.status == ProjectStatus::kBlocked; });
  // Instructions with a due date, from the standing: coming due within a week,
  // and overdue, each listed once.
  std::string coming, late;
  int n_coming = 0, n_late = 0;
  for (const auto* t : mine) {
    for (const auto& d : t->standing.deadlines) {
      if (d.source != Deadline::Source::kInstruction || d.met) continue;
      for (const auto& b : t->project.blockers)
        for (const auto& i : b.instructions) {
          if (i.id != d.instruction) continue;
          const std::string item = "  · " + t->project.code + " " + i.by + "批示：" + i.text +
                                   "（" + (i.assignee.empty() ? std::string() : i.assignee + "，") +
                                   d.due.str() + " 前）\n";
          if (d.due < today) {
            late += item;
            ++n_late;
          } else if (d.due - today <= 7) {
            coming += item;
            ++n_coming;
          }
        }
    }
  }
  out += "批示即将到期 " + std::to_string(n_coming) + " 条" + (n_coming ? "：\n" + coming : "\n");
  out += "批示已逾期 " + std::to_string(n_late) + " 条" + (n_late ? "：\n" + late : "\n");
  return out;
}

}  // namespace luodi

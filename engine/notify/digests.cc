#include <algorithm>

#include "catalogue/catalogue.h"
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

DigestWriter::DigestWriter(const Workflow& wf, const Contact& reader, Date today,
                           std::string more_link)
    : wf_(wf), reader_(reader), today_(today), more_link_(std::move(more_link)) {}

void DigestWriter::Section::add(const std::string& line) {
  if (count++ < kDigestListed) lines += line;
}

void DigestWriter::add(const TrackedProject& t) {
  if (!active(t.project)) return;
  const auto& a = t.project.attributes;
  if ((reader_.role == Role::kLeader && a.leader != reader_.name) ||
      (reader_.role == Role::kUnit && a.unit != reader_.unit))
    return;
  ++projects_;
  const auto& p = t.project;
  auto line = [&] {
    std::string s = "  · " + p.code + " " + p.attributes.name + "（" + p.attributes.unit + "，" +
                    wf_.stages[p.stage].label.zh;
    if (t.standing.deadline)
      s += t.standing.days_left < 0 ? "，逾期 " + std::to_string(-t.standing.days_left) + " 天"
                                    : "，" + t.standing.deadline->due.str() + " 前达到" +
                                          wf_.stages[t.standing.deadline->stage].label.zh;
    return s + "）\n";
  };
  if (t.standing.light.color == LightColor::kRed) red_.add(line());
  if (t.standing.light.color == LightColor::kYellow) yellow_.add(line());
  if (t.standing.overdue()) overdue_.add(line());
  if (p.status == ProjectStatus::kBlocked) blocked_.add(line());
  // Instructions with a due date, from the standing: coming due within a
  // week, and overdue, each listed once.
  for (const auto& d : t.standing.deadlines) {
    if (d.source != Deadline::Source::kInstruction || d.met) continue;
    for (const auto& b : p.blockers)
      for (const auto& i : b.instructions) {
        if (i.id != d.instruction) continue;
        const std::string item = "  · " + p.code + " " + i.by + "批示：" + i.text + "（" +
                                 (i.assignee.empty() ? std::string() : i.assignee + "，") +
                                 d.due.str() + " 前）\n";
        if (d.due < today_) {
          late_.add(item);
        } else if (d.due - today_ <= 7) {
          coming_.add(item);
        }
      }
  }
}

std::string DigestWriter::section(const std::string& title, const std::string& unit,
                                  const Section& s) const {
  std::string out = title + " " + std::to_string(s.count) + " " + unit;
  if (!s.count) return out + "\n";
  out += "：\n" + s.lines;
  if (s.count > kDigestListed) {
    const std::string more = std::to_string(s.count - kDigestListed);
    out += more_link_.empty() ? catalogue::text("digest_more", Lang::kZh, {arg("count", more)})
                              : catalogue::text("digest_more_at", Lang::kZh,
                                                {arg("count", more), arg("link", more_link_)});
    out += "\n";
  }
  return out;
}

std::string DigestWriter::text(const DigestRule& rule, const DigestPeriod& period,
                               const std::optional<CampaignReport>& campaign) const {
  const std::string scope = reader_.role == Role::kSupervisor ? "全市"
                            : reader_.role == Role::kLeader   ? reader_.name + "联系项目"
                                                              : reader_.unit;
  std::string out = "【" + rule.label.zh + " " + period.id + "】" + scope + "重点项目 " +
                    std::to_string(projects_) + " 个（截至 " + today_.str() + "）\n";
  if (campaign && campaign->started)
    out += campaign->campaign.label.zh + "第 " + std::to_string(campaign->day) + " 天，剩余 " +
           std::to_string(std::max(0, campaign->campaign.end() - today_)) + " 天；已完成 " +
           std::to_string(campaign->counts.met) + " 个，滞后 " +
           std::to_string(campaign->counts.behind) + " 个\n";
  out += section("红灯", "个", red_);
  out += section("黄灯", "个", yellow_);
  out += section("逾期", "个", overdue_);
  out += section("受阻", "个", blocked_);
  out += section("批示即将到期", "条", coming_);
  out += section("批示已逾期", "条", late_);
  return out;
}

std::string digest_message(const Workflow& wf, const DigestRule& rule, const DigestPeriod& period,
                           const Contact& reader, const std::vector<TrackedProject>& projects,
                           const std::optional<CampaignReport>& campaign, Date today) {
  DigestWriter w(wf, reader, today);
  for (const auto& t : projects) w.add(t);
  return w.text(rule, period, campaign);
}

}  // namespace luodi

// Periodic digests (周调度 weekly coordination, 月通报 monthly bulletin): which
// period a day falls in, when its digest is due, and what each reader gets.
// Pure: time comes in as arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/campaign_status.h"
#include "luodi/notify.h"
#include "luodi/rule_versions.h"
#include "luodi/standing.h"
#include "luodi/workflow.h"

namespace luodi {

struct DigestPeriod {
  std::string id;  // "2026-W31" (ISO week) or "2026-08"
  Date send_on;    // its first working day (on or after the weekday, for a week)
};

// The period `today` falls in, if it has a send day on or before `today`.
std::optional<DigestPeriod> digest_period(const DigestRule& rule, const WorkCalendar& cal,
                                          Date today);
// Due at local time `minutes` of `today`: from the rule's time on the send
// day, and on any later day of the period (after a gap, once).
bool digest_due(const DigestRule& rule, const DigestPeriod& period, Date today, int minutes);
// "digest:weekly:2026-W31": with the recipient, what makes a digest go out once.
std::string digest_key(const DigestRule& rule, const DigestPeriod& period);

// Where a digest delivered to the file `file_path` leaves its HTML report:
// beside it, as luodi-weekly-2026-W31.html.
std::string digest_attachment_path(const std::string& file_path, const std::string& key);

// The projects a section of a digest lists; the rest are counted, with a
// link to the whole report when the server's public address is known.
inline constexpr int kDigestListed = 50;

// The digest's text for one reader: a supervisor gets the whole picture, a
// leader the projects linked to them, a unit its own; each with red and
// yellow lights, overdue and blocked projects, and instructions coming due.
// Built from the projects handed to it one at a time (a city of any size in
// bounded memory): each section counts every project of it and lists the
// first kDigestListed, then "还有 N 项" (and `more_link`, when not empty).
class DigestWriter {
 public:
  DigestWriter(const Workflow& wf, const Contact& reader, Date today, std::string more_link = {});
  // A project of the city, in code order.
  void add(const TrackedProject& t);
  std::string text(const DigestRule& rule, const DigestPeriod& period,
                   const std::optional<CampaignReport>& campaign) const;

 private:
  struct Section {
    int count = 0;
    std::string lines;  // the first kDigestListed
    void add(const std::string& line);
  };
  std::string section(const std::string& title, const std::string& unit, const Section& s) const;

  const Workflow& wf_;
  Contact reader_;
  Date today_;
  std::string more_link_;
  int projects_ = 0;
  Section red_, yellow_, overdue_, blocked_, coming_, late_;
};

// The same for a list of projects (no link).
std::string digest_message(const Workflow& wf, const DigestRule& rule, const DigestPeriod& period,
                           const Contact& reader, const std::vector<TrackedProject>& projects,
                           const std::optional<CampaignReport>& campaign, Date today);
// The lines a digest of `period` adds about the holiday tables loaded into
// the city since its previous period's send day (or in the 31 days before,
// when there was none), up to `today`: "2027 年节假日安排已载入：N 个期限调整".
std::string rule_change_notices(const std::vector<RuleChange>& changes, const DigestRule& rule,
                                const DigestPeriod& period, const WorkCalendar& cal, Date today);

}  // namespace luodi

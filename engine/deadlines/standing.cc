// The standing function (luodi/standing.h): a project's history laid out day
// by day, its deadlines on each day, and its light walked forward from the
// day it was recorded.
#include "luodi/standing.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <tuple>

#include "deadlines/standing_seeded.h"
#include "lifecycle/lifecycle.h"
#include "luodi/investment.h"

namespace luodi {

namespace {

enum PauseKind { kPauseStage, kPausePlan, kPauseCampaign, kPauseKinds };

bool pauses(const Workflow& wf, const ProjectState& s, PauseKind kind) {
  for (const auto& b : s.blockers) {
    const BlockerCategory* c = wf.find_category(b.category);
    if (!c) continue;
    if ((kind == kPauseStage && c->pauses.stage) || (kind == kPausePlan && c->pauses.plan) ||
        (kind == kPauseCampaign && c->pauses.campaign))
      return true;
  }
  return false;
}

// Whether an open project has a blocker that pauses one of its clocks (its
// due dates then move day by day).
bool clock_paused(const Workflow& wf, const ProjectState& s) {
  return is_open(s) &&
         (pauses(wf, s, kPauseStage) || pauses(wf, s, kPausePlan) || pauses(wf, s, kPauseCampaign));
}

Deadline deadline(Date due, int stage, Deadline::Source source) {
  Deadline d;
  d.due = due;
  d.stage = stage;
  d.source = source;
  return d;
}

// A project's history from the day it was recorded up to `until`: its state
// on each day, the days its pausing blockers were open (as running counts, so
// "paused days between two dates" is a subtraction), and the milestones of
// every campaign it was in when that campaign started.
class Timeline {
 public:
  struct Segment {
    Date from;
    ProjectState state;
  };

  explicit Timeline(const Rules& r) : r_(r) {}

  // The timeline seeded from what the projection keeps instead of replayed
  // (standing_seeded): `segments` from the first day the walk looks at, in a
  // life in which no campaign started; the stage clock's paused days are the
  // state's (deadlines_on), and no other clock that is asked was paused.
  // `early` is the investment progress on every day before them.
  void seed(std::vector<Segment> segments, Date first, Date until, std::optional<Progress> early) {
    segments_ = std::move(segments);
    first_ = first;
    until_ = until;
    seeded_ = true;
    early_progress_ = std::move(early);
  }

  Status build(const std::vector<Event>& events, Date until) {
    LUODI_RETURN_IF_ERROR(
        replay_by_day(r_.workflow, events, until, [&](Date on, const ProjectState& s) {
          segments_.push_back({on, s});
        }));
    first_ = segments_.front().from;
    until_ = until;
    const int n = until - first_ + 1;
    for (auto& c : paused_) c.assign(n + 1, 0);
    paused_workdays_.assign(n + 1, 0);
    size_t seg = 0;
    for (int i = 0; i < n; ++i) {
      const Date d = first_ + i;
      while (seg + 1 < segments_.size() && segments_[seg + 1].from <= d) ++seg;
      const ProjectState& s = segments_[seg].state;
      for (int k = 0; k < kPauseKinds; ++k)
        paused_[k][i + 1] = paused_[k][i] + (pauses(r_.workflow, s, PauseKind(k)) ? 1 : 0);
      paused_workdays_[i + 1] =
          paused_workdays_[i] +
          (pauses(r_.workflow, s, kPauseStage) && r_.calendar.is_workday(d) ? 1 : 0);
    }
    for (const auto& c : r_.campaigns) {
      std::vector<Milestone> ms;
      if (c.start >= first_ && c.start <= until) {
        const ProjectState& at_start = state_on(c.start);
        if (c.in_scope(at_start))
          if (auto m = schedule_backwards(c, r_.calendar, at_start.stage)) ms = std::move(*m);
      }
      bool workdays = std::any_of(c.durations.begin(), c.durations.end(), [](const auto& kv) {
        return kv.second.unit == Duration::Unit::kWorkdays;
      });
      bool provisional = false;
      for (int y = c.start.year(); workdays && y <= c.end().year(); ++y)
        provisional |= !r_.calendar.covers(y);
      // The first day the project stood at each milestone's stage or beyond.
      std::vector<std::optional<Date>> reached;
      for (const auto& m : ms) {
        auto it = std::find_if(segments_.begin(), segments_.end(),
                               [&](const Segment& seg) { return seg.state.stage >= m.stage; });
        reached.push_back(it == segments_.end() ? std::nullopt : std::optional<Date>(it->from));
      }
      milestones_.push_back({&c, std::move(ms), std::move(reached), provisional});
    }
    return Status::Ok();
  }

  Date first() const { return first_; }

  // The first day after `d` on which the project's state changes, if any.
  std::optional<Date> next_change_after(Date d) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), d,
                               [](Date day, const Segment& s) { return day < s.from; });
    return it == segments_.end() ? std::nullopt : std::optional<Date>(it->from);
  }

  // The investment progress reported up to `d` (the end of a year).
  const std::optional<Progress>& progress_on(Date d) const {
    if (seeded_ && d < segments_.front().from) return early_progress_;
    return state_on(d).progress;
  }

  const ProjectState& state_on(Date d) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), d,
                               [](Date day, const Segment& s) { return day < s.from; });
    return std::prev(it)->state;
  }

  // Every deadline of `s` (the state on `d`) on day `d`, earliest first, into
  // `out` (a buffer reused from day to day: the walk asks every day).
  void deadlines_on(Date d, const ProjectState& s, std::vector<Deadline>& out) {
    out.clear();
    const Workflow& wf = r_.workflow;
    if (!is_open(s) || s.stage >= wf.final_stage()) return;
    const bool plan_in_force = s.plan && s.plan->stage > s.stage;
    if (plan_in_force) {
      Deadline dl = deadline(s.plan->due, s.plan->stage, Deadline::Source::kPlan);
      dl.paused_days = count(kPausePlan, s.plan->on, d);
      dl.due = dl.due + dl.paused_days;
      dl.paused = pausing(kPausePlan, s);
      out.push_back(std::move(dl));
    } else if (const auto& limit = wf.stages[s.stage].limit) {
      Deadline dl = deadline(s.stage_since, s.stage + 1, Deadline::Source::kStage);
      dl.paused = pausing(kPauseStage, s);
      if (limit->unit == Duration::Unit::kDays) {
        // Seeded: the row's paused days of the stage, and those of the
        // period still open (standing_seeded).
        dl.paused_days =
            seeded_ ? s.paused_days + (s.paused_since ? std::max(0, d - *s.paused_since) : 0)
                    : count(kPauseStage, s.stage_since, d);
        dl.due = s.stage_since + limit->count + dl.paused_days;
      } else {
        // Paused working days before the due date move it by working days;
        // paused days once it has passed move it by calendar days, so a
        // paused project's days overdue stand still. The due date is the
        // least one that counts every paused working day before it.
        int before = 0;
        dl.due = add_workdays(s.stage_since, limit->count);
        for (int more; (more = paused_workdays(s.stage_since, std::min(dl.due, d))) > before;) {
          before = more;
          dl.due = add_workdays(s.stage_since, limit->count + before);
        }
        const int after = count(kPauseStage, dl.due, d);
        dl.paused_days = before + after;
        dl.due = dl.due + after;
        for (int y = s.stage_since.year(); y <= dl.due.year(); ++y)
          dl.provisional |= !r_.calendar.covers(y);
      }
      out.push_back(std::move(dl));
    }
    for (const auto& cm : milestones_) {
      if (cm.campaign->start > d) continue;
      for (size_t i = 0; i < cm.milestones.size(); ++i) {
        const Milestone& m = cm.milestones[i];
        Deadline dl = deadline(m.due, m.stage, Deadline::Source::kCampaign);
        dl.met = s.stage >= m.stage;
        if (dl.met) dl.met_on = cm.reached[i];
        // A milestone missed stays missed until its stage is reached or a
        // supervisor plans a new date for it after it was missed.
        if (!dl.met && s.plan && s.plan->stage >= m.stage && s.plan->on > m.due) continue;
        if (!dl.met) {
          dl.paused_days = count(kPauseCampaign, cm.campaign->start, d);
          dl.due = dl.due + dl.paused_days;
          dl.paused = pausing(kPauseCampaign, s);
        }
        dl.provisional = cm.provisional;
        dl.campaign = cm.campaign->id;
        out.push_back(std::move(dl));
      }
    }
    for (const auto& b : s.blockers) {
      for (const auto& in : b.instructions) {
        if (!in.due) continue;
        Deadline dl = deadline(*in.due, s.stage, Deadline::Source::kInstruction);
        dl.met = in.done_on.has_value();
        dl.met_on = in.done_on;
        dl.instruction = in.id;
        dl.assignee = in.assignee;
        out.push_back(std::move(dl));
      }
    }
    // Lateness stays: met after the due date, or unmet past it.
    for (auto& dl : out) {
      const int late = dl.met ? (dl.met_on ? *dl.met_on - dl.due : 0) : d - dl.due;
      dl.late = late > 0;
      dl.days_late = std::max(0, late);
    }
    // A stable insertion sort: a handful of rows, and no buffer to allocate.
    for (size_t i = 1; i < out.size(); ++i)
      for (size_t j = i; j > 0 && out[j].due < out[j - 1].due; --j) std::swap(out[j], out[j - 1]);
  }

 private:
  struct CampaignMilestones {
    const Campaign* campaign;
    std::vector<Milestone> milestones;
    std::vector<std::optional<Date>> reached;  // … the first day at its stage, if ever
    bool provisional;
  };

  bool pausing(PauseKind k, const ProjectState& s) const { return pauses(r_.workflow, s, k); }

  int index(Date d) const { return std::clamp(d - first_, 0, until_ - first_ + 1); }
  // Days in [from, to) on which a blocker pausing `k` was open.
  int count(PauseKind k, Date from, Date to) const {
    if (seeded_) return 0;  // seeded: the stage's paused days are the state's (deadlines_on)
    return from >= to ? 0 : paused_[k][index(to)] - paused_[k][index(from)];
  }
  int paused_workdays(Date from, Date to) const {
    if (seeded_) return 0;
    return from >= to ? 0 : paused_workdays_[index(to)] - paused_workdays_[index(from)];
  }
  // add_workdays is a walk over the days: remember the last answer, since a
  // paused clock asks for one more working day than the day before.
  Date add_workdays(Date from, int n) {
    if (memo_ && memo_->from == from && memo_->n <= n) {
      memo_->to = r_.calendar.add_workdays(memo_->to, n - memo_->n);
    } else {
      memo_ = Memo{from, n, r_.calendar.add_workdays(from, n)};
    }
    memo_->n = n;
    return memo_->to;
  }

  const Rules& r_;
  std::vector<Segment> segments_;
  Date first_, until_;
  std::array<std::vector<int>, kPauseKinds> paused_;  // running counts of paused days
  std::vector<int> paused_workdays_;                  // … of paused working days (stage clock)
  std::vector<CampaignMilestones> milestones_;
  struct Memo {
    Date from;
    int n;
    Date to;
  };
  std::optional<Memo> memo_;
  bool seeded_ = false;
  std::optional<Progress> early_progress_;  // seeded: the progress before the first segment
};

std::optional<Deadline> binding_of(const std::vector<Deadline>& deadlines) {
  for (const auto& d : deadlines)  // earliest first
    if (!d.met && d.source != Deadline::Source::kInstruction) return d;
  return std::nullopt;
}

// The light on `d` of a project whose state is `s` then: its deadline
// light, made worse by its investment light when the workflow has rules on
// investment and the project a plan for the year.
Light project_light(const Rules& r, const Timeline& t, const ProjectState& s,
                    const std::optional<Deadline>& binding, Date d,
                    std::optional<Date> yellow_since, bool with_reason) {
  Light light = light_of(r.workflow, s, binding, d, yellow_since, with_reason);
  const auto& rules = r.workflow.lights.investment;
  if (rules.empty() || !is_open(s) || !s.attributes.plan_wan) return light;
  const Date year_end = Date::from_ymd(d.year() - 1, 12, 31);
  std::optional<Progress> before_year;
  if (year_end >= t.first()) before_year = t.progress_on(year_end);
  Light investment = investment_light(project_investment(s, before_year, d), rules);
  if (!with_reason) investment.reason.clear();
  return worse_of(std::move(light), investment);
}

// The next day of the walk after `d` (before `day`; whose state is `s`,
// binding deadline `binding` and yellow run `yellow_since`): the first on which the light or
// the deadlines may change — the state changes, a light rule's threshold
// (next_light_check, the same bound the tick keeps), a campaign starts, or,
// while a blocker pauses a clock, the next day. Between, every day is as `d`.
Date next_look(const Rules& r, const Timeline& t, const ProjectState& s,
               const std::optional<Deadline>& binding, Date d, std::optional<Date> yellow_since,
               Date day) {
  if (clock_paused(r.workflow, s)) return d + 1;
  Date next = day;
  auto consider = [&](std::optional<Date> w) {
    if (w && *w > d && *w < next) next = *w;
  };
  consider(t.next_change_after(d));
  consider(next_light_check(r.workflow, s, binding, d, yellow_since));
  for (const auto& c : r.campaigns) consider(c.start);
  return next;
}

// The walk over the days of `t` up to `day` (standing_of), from `from` when given.
TrackedProject walk(const Rules& rules, Timeline& t, Date day, std::vector<LightChange>* history,
                    const WalkCheckpoint* from, bool every_day) {
  const Workflow& wf = rules.workflow;
  std::optional<Date> yellow_since, light_since;
  LightColor color = LightColor::kNone;
  Date start = t.first();
  if (from && from->on >= t.first() && from->on < day && from->light_since) {
    start = from->on + 1;
    color = from->color;
    light_since = from->light_since;
    yellow_since = from->yellow_since;
  }
  Standing st;
  std::vector<Deadline> deadlines;
  for (Date d = start; d <= day;) {
    const ProjectState& s = t.state_on(d);
    t.deadlines_on(d, s, deadlines);
    auto binding = binding_of(deadlines);
    const bool last = d == day;
    Light light = project_light(rules, t, s, binding, d, yellow_since, last);
    const bool changed = !light_since || light.color != color;
    if (changed) {
      light_since = d;
      color = light.color;
      if (history) {
        if (light.reason.empty())
          light = project_light(rules, t, s, binding, d, yellow_since, true);
        history->push_back({d, light.color, light.reason});
      }
    }
    yellow_since = light.yellow_rules_hold ? yellow_since.value_or(d) : std::optional<Date>();
    if (last) {
      st.deadlines = std::move(deadlines);
      st.deadline = std::move(binding);
      st.light = std::move(light);
      break;
    }
    d = every_day ? d + 1 : next_look(rules, t, s, binding, d, yellow_since, day);
  }
  TrackedProject out{t.state_on(day), std::move(st)};
  Standing& s = out.standing;
  s.on = day;
  s.light_since = light_since;
  s.yellow_since = yellow_since;
  if (s.deadline) {
    Lateness late = lateness_of(wf, s.deadline->due, day);
    s.days_left = late.days_left;
    s.days_overdue = late.days_overdue;
    s.escalation = std::move(late.escalation);
    s.provisional = s.deadline->provisional;
  }
  const ProjectState& p = out.project;
  s.paused = clock_paused(wf, p);
  if (is_open(p)) {
    for (const auto& dl : s.deadlines)
      if (dl.source == Deadline::Source::kInstruction && !dl.met && dl.late &&
          (!s.instruction_overdue || dl.due < s.instruction_overdue->due))
        s.instruction_overdue = dl;
    if (s.instruction_overdue) {
      Lateness late = lateness_of(wf, s.instruction_overdue->due, day);
      s.instruction_days_overdue = late.days_overdue;
      s.instruction_escalation = std::move(late.escalation);
    }
  }
  return out;
}

}  // namespace

Result<TrackedProject> standing_of(const Rules& rules, const std::vector<Event>& events, Date day,
                                   std::vector<LightChange>* history, const WalkCheckpoint* from,
                                   bool every_day) {
  Timeline t(rules);
  LUODI_RETURN_IF_ERROR(t.build(events, day));
  return walk(rules, t, day, history, from, every_day);
}

SeededWrites& seeded_writes() {
  static SeededWrites counts;
  return counts;
}

std::optional<TrackedProject> standing_seeded(const Rules& rules, const StandingSeed& seed,
                                              Date day) {
  const Workflow& wf = rules.workflow;
  const ProjectState& before = seed.before;
  const ProjectState& after = seed.after;
  const Date first = before.created_on;
  if (after.created_on != first || seed.on < before.last_event_on || seed.on < first ||
      seed.on > day)
    return std::nullopt;
  // The paused days are known from the row. It keeps the stage clock's:
  // the closed periods since the stage began (a stage is entered with no
  // blocker open: only InStage takes an advance, so no period straddles its
  // start) and the start of the open one. That is the count a limit in days
  // needs; a limit in working days needs where they fell, and so does a
  // plan's clock (from the day the plan was made): those are seeded only
  // when no day was paused, or (a plan) none since the plan was made, and
  // none is open; a plan's clock no category pauses never stands still. A
  // plan's clock is seen through the stage's only when every category
  // pausing it pauses the stage too. No campaign clock runs in a seeded
  // life (below).
  const bool plan_clock_pauses =
      std::any_of(wf.blocker_categories.begin(), wf.blocker_categories.end(),
                  [](const BlockerCategory& c) { return c.pauses.plan; });
  for (const ProjectState* s : {&before, &after}) {
    bool pausing_open = s->paused_since.has_value();
    for (int k = 0; k < kPauseKinds; ++k) pausing_open |= pauses(wf, *s, PauseKind(k));
    if (s->paused_since && *s->paused_since < s->stage_since) return std::nullopt;
    if (s->plan && s->plan->stage > s->stage) {  // the plan's clock
      if (!plan_clock_pauses) continue;          // it never stands still
      if (pausing_open || s->plan->on < s->stage_since) return std::nullopt;
      if (s->paused_days != 0 && s->plan->on < before.last_event_on) return std::nullopt;
      for (const auto& c : wf.blocker_categories)
        if (c.pauses.plan && !c.pauses.stage) return std::nullopt;
    } else if (s->paused_days != 0 || pausing_open) {  // the stage's
      if (s->stage < 0 || s->stage >= static_cast<int>(wf.stages.size())) return std::nullopt;
      const auto& limit = wf.stages[s->stage].limit;
      if (limit && limit->unit != Duration::Unit::kDays) return std::nullopt;
      // An open blocker pausing the stage has opened the period the row keeps.
      if (pauses(wf, *s, kPauseStage) && !s->paused_since) return std::nullopt;
    }
  }
  // A campaign that started in the project's life schedules its milestones
  // from the state on its start: that is in the history only.
  for (const auto& c : rules.campaigns)
    if (c.start >= first && c.start <= day) return std::nullopt;
  // Where the walk resumes: the kept standing when it was worked out before
  // the event's day; one worked out on or after it (after the tick, or an
  // earlier write of the day) gives the eve of the event's day (below).
  std::optional<WalkCheckpoint> from;
  bool eve = false;  // from the eve of the event's day
  if (seed.on > first) {
    if (!seed.kept || !seed.kept->light_since) return std::nullopt;
    const WalkCheckpoint& kept = *seed.kept;
    if (kept.on < before.last_event_on || kept.on > day) return std::nullopt;
    if (kept.on < seed.on) {
      from = kept;
    } else {
      if (*kept.light_since >= seed.on) return std::nullopt;
      from = WalkCheckpoint{seed.on - 1, kept.color, kept.light_since, std::nullopt};
      eve = true;
    }
  }
  const Date start = from ? from->on + 1 : first;
  // The row holds from the last event's day to the eve of this one.
  std::vector<Timeline::Segment> segments;
  if (before.last_event_on < seed.on) segments.push_back({before.last_event_on, before});
  segments.push_back({seed.on, after});
  const Date known = segments.front().from;
  // The investment light subtracts the progress at the end of the year
  // before: known from the row when the latest report was made by then.
  // Asked only of an open project with a plan for the year.
  std::optional<Progress> early;
  auto weighs = [](const ProjectState& s) { return is_open(s) && s.attributes.plan_wan; };
  if (!wf.lights.investment.empty() && (weighs(before) || weighs(after))) {
    for (int y = std::min(start, known).year(); y <= day.year(); ++y) {
      const Date year_end = Date::from_ymd(y - 1, 12, 31);
      if (year_end < first || year_end >= known) continue;
      if (before.progress && before.progress->on > year_end) return std::nullopt;
    }
    early = before.progress;
  }
  Timeline t(rules);
  t.seed(std::move(segments), first, day, std::move(early));
  if (eve) {
    // The light's run held on the eve (it began before); the yellow rules'
    // run did too when it began by then. Else whether they held on the eve,
    // and since when, is worked out from the row, the project then: they
    // hold by the day's deadlines alone (not by the run).
    const WalkCheckpoint& kept = *seed.kept;
    const Date on = from->on;
    if (kept.yellow_since && *kept.yellow_since <= on) {
      from->yellow_since = kept.yellow_since;
    } else if (kept.yellow_since && *kept.yellow_since == seed.on) {
      // Their run began on the event's day: they did not hold on the eve.
    } else if (known <= on) {
      std::vector<Deadline> deadlines;
      auto hold = [&](Date d) {
        t.deadlines_on(d, before, deadlines);
        return project_light(rules, t, before, binding_of(deadlines), d, std::nullopt, false)
            .yellow_rules_hold;
      };
      Date d = on;
      while (d >= known && hold(d)) d = d - 1;
      if (d < known) return std::nullopt;  // held since before the row's day
      if (d < on) from->yellow_since = d + 1;
    } else if (kept.color != LightColor::kGreen && kept.color != LightColor::kNone) {
      // The eve is before the row's day (an earlier write of the same day):
      // green or none then means the yellow rules did not hold (they make
      // it yellow at least); else it is not known.
      return std::nullopt;
    }
  }
  return walk(rules, t, day, nullptr, from ? &*from : nullptr, false);
}

namespace {

std::string text(const std::optional<Date>& d) { return d ? d->str() : "-"; }

std::string deadline_difference(const Deadline& a, const Deadline& b) {
  auto key = [](const Deadline& d) {
    return std::tie(d.due, d.stage, d.source, d.met, d.met_on, d.late, d.days_late, d.paused_days,
                    d.provisional, d.paused, d.campaign, d.instruction, d.assignee);
  };
  if (key(a) == key(b)) return "";
  return "deadline " + a.due.str() + "/" + std::to_string(a.stage) + "/" +
         std::string(to_string(a.source)) + " paused " + std::to_string(a.paused_days) + " late " +
         std::to_string(a.days_late) + " against " + b.due.str() + "/" + std::to_string(b.stage) +
         "/" + std::string(to_string(b.source)) + " paused " + std::to_string(b.paused_days) +
         " late " + std::to_string(b.days_late);
}

}  // namespace

std::string standing_difference(const TrackedProject& a, const TrackedProject& b) {
  if (!(a.project == b.project)) {
    const ProjectState& p = a.project;
    const ProjectState& q = b.project;
    std::string what = "the project's state:";
    for (const AttributeField& f : attribute_fields()) {
      if (f.text && p.attributes.*f.text != q.attributes.*f.text)
        what += " " + std::string(f.name) + " '" + p.attributes.*f.text + "' against '" +
                q.attributes.*f.text + "'";
      if (!f.text && p.attributes.*f.amount != q.attributes.*f.amount) {
        auto show = [](const std::optional<double>& v) {
          char b[40];
          std::snprintf(b, sizeof b, "%.17g", v ? *v : -1.0);
          return std::string(v ? b : "-");
        };
        what += " " + std::string(f.name) + " " + show(p.attributes.*f.amount) + " against " +
                show(q.attributes.*f.amount);
      }
    }
    if (p.blockers != q.blockers) what += " blockers";
    if (p.plan != q.plan) what += " plan";
    if (p.progress != q.progress) what += " progress";
    if (std::tie(p.code, p.stage, p.stage_since, p.status, p.key, p.created_on, p.last_event_on,
                 p.paused_days, p.paused_since) !=
        std::tie(q.code, q.stage, q.stage_since, q.status, q.key, q.created_on, q.last_event_on,
                 q.paused_days, q.paused_since))
      what += " stage, status, dates";
    return what;
  }
  const Standing& x = a.standing;
  const Standing& y = b.standing;
  if (x.deadlines.size() != y.deadlines.size())
    return std::to_string(x.deadlines.size()) + " deadlines against " +
           std::to_string(y.deadlines.size());
  for (size_t i = 0; i < x.deadlines.size(); ++i)
    if (auto d = deadline_difference(x.deadlines[i], y.deadlines[i]); !d.empty()) return d;
  if (x.deadline.has_value() != y.deadline.has_value()) return "the binding deadline";
  if (x.deadline)
    if (auto d = deadline_difference(*x.deadline, *y.deadline); !d.empty()) return "binding " + d;
  if (x.instruction_overdue.has_value() != y.instruction_overdue.has_value())
    return "the overdue instruction";
  if (x.instruction_overdue)
    if (auto d = deadline_difference(*x.instruction_overdue, *y.instruction_overdue); !d.empty())
      return "instruction " + d;
  if (std::tie(x.on, x.days_left, x.days_overdue, x.escalation, x.paused, x.provisional,
               x.instruction_days_overdue, x.instruction_escalation) !=
      std::tie(y.on, y.days_left, y.days_overdue, y.escalation, y.paused, y.provisional,
               y.instruction_days_overdue, y.instruction_escalation))
    return "days left " + std::to_string(x.days_left) + " against " + std::to_string(y.days_left);
  if (x.light.color != y.light.color || x.light.reason != y.light.reason ||
      x.light.yellow_rules_hold != y.light.yellow_rules_hold)
    return "light " + std::to_string(int(x.light.color)) + " against " +
           std::to_string(int(y.light.color));
  if (x.light_since != y.light_since || x.yellow_since != y.yellow_since)
    return "light since " + text(x.light_since) + " yellow since " + text(x.yellow_since) +
           " against " + text(y.light_since) + " " + text(y.yellow_since);
  return "";
}

Lateness lateness_of(const Workflow& wf, Date due, Date day) {
  Lateness out;
  out.days_left = due - day;
  out.days_overdue = std::max(0, -out.days_left);
  if (out.days_overdue > 0) out.escalation = std::string(escalation_of(wf, out.days_overdue));
  return out;
}

OverdueRow overdue_row(const TrackedProject& t) {
  const ProjectState& p = t.project;
  const Standing& s = t.standing;
  OverdueRow row;
  row.code = p.code;
  row.name = p.attributes.name;
  row.unit = p.attributes.unit;
  row.leader = p.attributes.leader;
  row.stage = p.stage;
  row.light = s.light.color;
  if (const Deadline* listed = s.listed();
      listed && listed->source == Deadline::Source::kInstruction) {
    row.kind = "instruction";
    row.binding = *listed;
    row.days_overdue = s.instruction_days_overdue;
    row.escalation = s.instruction_escalation;
    return row;
  }
  if (s.deadline) row.binding = *s.deadline;
  row.days_overdue = s.days_overdue;
  row.escalation = s.escalation;
  return row;
}

bool StandingFilter::matches(const TrackedProject& t) const {
  const ProjectState& p = t.project;
  if (stage && p.stage != *stage) return false;
  if (unit && p.attributes.unit != *unit) return false;
  if (leader && p.attributes.leader != *leader) return false;
  if (status && p.status != *status) return false;
  if (light && t.standing.light.color != *light) return false;
  return !overdue || t.standing.overdue();
}

}  // namespace luodi

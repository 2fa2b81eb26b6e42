#include "luodi/engine.h"

#include <algorithm>
#include <sstream>

#include "core/engine_internals.h"
#include "core/rule_meta.h"
#include "core/state_diff.h"
#include "deadlines/standing_seeded.h"
#include "lifecycle/lifecycle.h"
#include "model/input_names.h"
#include "store/event_codec.h"
#include "store/store.h"

namespace luodi {

namespace {

std::string verb_of(EventKind k) {
  switch (k) {
    case EventKind::kCreated:
      return "create";
    case EventKind::kAdvanced:
      return "advance";
    case EventKind::kBlocked:
      return "block";
    case EventKind::kUnblocked:
      return "unblock";
    case EventKind::kCancelled:
      return "cancel";
    case EventKind::kDropped:
      return "drop";
    case EventKind::kReinstated:
      return "reinstate";
    case EventKind::kPromoted:
      return "promote";
    case EventKind::kPlanned:
      return "plan";
    case EventKind::kPlanCleared:
      return "clear the plan of";
    case EventKind::kInstructed:
      return "instruct on";
    case EventKind::kInvested:
      return "report investment of";
    case EventKind::kInstructionDone:
      return "close an instruction of";
    case EventKind::kUpdated:
      return "update";
  }
  return "change";
}

Event event_of(EventKind kind, const Recorded& r, Date today) {
  Event e;
  e.kind = kind;
  e.project = r.code;
  e.on = r.on.value_or(today);
  e.actor = r.by;
  e.note = r.note;
  return e;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Characters (UTF-8 code points), not bytes.
size_t characters(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

// A code or name is one line of text of a sensible length: no NUL, no tab,
// no line break, no other control character.
Status check_text(const std::string& what, const std::string& s, size_t max_characters) {
  if (characters(s) > max_characters)
    return Status::BadInput(what + " is " + std::to_string(characters(s)) +
                            " characters long; at most " + std::to_string(max_characters));
  if (std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }))
    return Status::BadInput(what + " contains a control character");
  return Status::Ok();
}

constexpr size_t kMaxCode = 64, kMaxName = 200;

// A city's name: one line of text, not blank.
Status check_city_name(const std::string& name) {
  if (blank(name)) return Status::BadInput(Message("error_city_name_blank"));
  return check_text("city name", name, kMaxName);
}

// The land ledger: a project cannot have secured more quota than it needs.
Status check_land(const std::string& code, const ProjectAttributes& a) {
  if (a.land_need_mu && a.land_secured_mu && *a.land_secured_mu > *a.land_need_mu + 1e-9) {
    return Status::BadInput(land_over(*a.land_secured_mu, *a.land_need_mu)).prefixed(code + ": ");
  }
  return Status::Ok();
}

}  // namespace

Engine::Engine(std::unique_ptr<Store> store, RuleVersions rules, const Clock& clock)
    : store_(std::move(store)), rules_(std::move(rules)), clock_(clock) {}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::create(const std::string& db_path, const Source& workflow,
                                               const Source& calendar, const Clock& clock,
                                               const std::string& city,
                                               const std::string& city_name) {
  LUODI_ASSIGN_OR_RETURN(Workflow wf, parse_workflow(workflow.text, workflow.name));
  LUODI_ASSIGN_OR_RETURN(WorkCalendar cal, parse_calendar(calendar.text, calendar.name));
  LUODI_ASSIGN_OR_RETURN(auto store, open_store(db_path, OpenMode::kCreate, city));
  LUODI_RETURN_IF_ERROR(store->begin());
  Status s = store->set_meta(kWorkflowText, workflow.text);
  if (s.ok()) s = store->set_meta(kWorkflowName, workflow.name);
  if (s.ok()) s = store->set_meta(kCalendarText, calendar.text);
  if (s.ok()) s = store->set_meta(kCalendarName, calendar.name);
  if (s.ok()) s = store->set_meta("workflow.id", wf.id + " v" + std::to_string(wf.version));
  if (s.ok()) s = store->set_meta(kProjectionStages, stage_layout(wf));
  if (s.ok()) s = store->set_meta("created_at", format_local(clock.now()));
  if (s.ok() && !city_name.empty()) s = check_city_name(city_name);
  if (s.ok()) s = store->set_city_name(city_name);
  if (s.ok()) s = keep_city_rules(*store, db_path);
  if (s.ok()) s = store->commit();
  if (!s.ok()) {
    store->rollback();
    return s;
  }
  LUODI_ASSIGN_OR_RETURN(RuleVersions rules,
                         RuleVersions::build(std::move(wf), std::move(cal), {}));
  return std::unique_ptr<Engine>(new Engine(std::move(store), std::move(rules), clock));
}

Result<std::unique_ptr<Engine>> Engine::open(const std::string& db_path, const Clock& clock,
                                             const std::string& city) {
  LUODI_ASSIGN_OR_RETURN(auto store, open_store(db_path, OpenMode::kExisting, city));
  // Kept parsed (rules.kept): no YAML is read on open unless the rules changed
  // in a way this build did not keep.
  LUODI_ASSIGN_OR_RETURN(CityRules read, read_city_rules(*store, db_path));
  std::unique_ptr<Engine> engine(new Engine(std::move(store), std::move(read.rules), clock));
  engine->rules_revision_ = std::move(read.revision);
  LUODI_RETURN_IF_ERROR(engine->sync_projection());
  return engine;
}

Result<RuleVersions> Engine::read_rules(Store& store, const std::string& db_path) {
  auto text_of = [&](const char* key) -> Result<std::string> {
    LUODI_ASSIGN_OR_RETURN(auto v, store.meta(key));
    if (!v) return Status::Internal(db_path + " is not a luodi database (no " + key + ")");
    return *v;
  };
  LUODI_ASSIGN_OR_RETURN(std::string wf_text, text_of(kWorkflowText));
  LUODI_ASSIGN_OR_RETURN(std::string wf_name, text_of(kWorkflowName));
  LUODI_ASSIGN_OR_RETURN(std::string cal_text, text_of(kCalendarText));
  LUODI_ASSIGN_OR_RETURN(std::string cal_name, text_of(kCalendarName));
  LUODI_ASSIGN_OR_RETURN(Workflow wf, parse_workflow(wf_text, db_path + "[" + wf_name + "]"));
  LUODI_ASSIGN_OR_RETURN(WorkCalendar cal,
                         parse_calendar(cal_text, db_path + "[" + cal_name + "]"));
  LUODI_ASSIGN_OR_RETURN(auto changes_text, store.meta(kRuleChanges));
  std::vector<RuleChange> changes;
  if (changes_text) {
    LUODI_ASSIGN_OR_RETURN(changes, decode_rule_changes(*changes_text));
  }
  return RuleVersions::build(std::move(wf), std::move(cal), changes);
}

Status Engine::in_transaction(const std::function<Status()>& body) {
  return transaction(body, true, true);
}

Status Engine::batch(const std::function<Status()>& body, bool commit) {
  return transaction(body, commit, true);
}

Status Engine::transaction(const std::function<Status()>& body, bool commit, bool announce) {
  LUODI_RETURN_IF_ERROR(sync_projection());
  LUODI_RETURN_IF_ERROR(store_->begin());
  Status s = body();
  if (s.ok() && commit && announce) s = store_->announce_change();
  if (!s.ok() || !commit) {
    store_->rollback();
    return s;
  }
  return store_->commit();
}

Status Engine::listen_for_changes() { return store_->listen_for_changes(); }
int Engine::change_socket() { return store_->change_socket(); }
Result<bool> Engine::changes_arrived() { return store_->changes_arrived(); }

Result<Written> Engine::execute(const WriteRequest& request) {
  return std::visit([this](const auto& r) { return apply(r); }, request);
}

namespace {

// Whether every rule version in force from `first` to `day` pauses the
// clocks for the same blocker categories as the one on `day`: the row's
// paused days were counted under them.
bool same_pauses(const RuleVersions& rules, Date first, Date day) {
  const auto& now = rules.on(day).workflow.blocker_categories;
  auto same = [&](const RuleVersion& v) {
    const auto& then = v.workflow.blocker_categories;
    return then.size() == now.size() &&
           std::equal(then.begin(), then.end(), now.begin(), [](const auto& a, const auto& b) {
             return a.id == b.id && a.pauses.stage == b.pauses.stage &&
                    a.pauses.plan == b.pauses.plan && a.pauses.campaign == b.pauses.campaign;
           });
  };
  if (!same(rules.on(first))) return false;
  for (const auto& v : rules.all())
    if (v->from > first && v->from <= day && !same(*v)) return false;
  return true;
}

Written written(TrackedProject t) {
  Written w;
  w.project = std::move(t);
  return w;
}

}  // namespace

Result<Written> Engine::apply(const NewProject& p) {
  if (blank(p.code)) return Status::BadInput("a project needs a code");
  LUODI_RETURN_IF_ERROR(check_text("the project code", p.code, kMaxCode));
  if (blank(p.attributes.name)) return Status::BadInput("project " + p.code + " needs a name");
  for (const AttributeField& f : attribute_fields())
    if (f.text)
      LUODI_RETURN_IF_ERROR(check_text("the " + std::string(f.name) + " of project " + p.code,
                                       p.attributes.*f.text, kMaxName));
  LUODI_RETURN_IF_ERROR(check_land(p.code, p.attributes));
  if (blank(p.attributes.unit))
    return Status::BadInput("project " + p.code + " needs a responsible unit");
  Event e = event_of(EventKind::kCreated, p, today());
  e.project = p.code;
  if (e.on > today())
    return Status::BadInput("stage date " + e.on.str() + " is in the future (today is " +
                            today().str() + ")");
  e.recorded_at = clock_.now();
  int stage = 0;
  if (p.stage) {
    auto found = workflow().find_stage(*p.stage);
    if (!found) return Status::BadInput("unknown stage '" + *p.stage + "'");
    stage = *found;
  }
  e.to = workflow().stages[stage].id;
  if (Status evidence = workflow().check_evidence(stage, p.evidence, false); !evidence.ok())
    return Status::BadInput("project " + p.code + ": " + evidence.message());
  e.evidence = p.evidence;
  e.attributes = p.attributes;
  e.key = p.key;
  Written w;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_ASSIGN_OR_RETURN(auto existing, store_->projects().load_lifecycle(p.code, true));
    if (existing) return Status::Conflict("project " + p.code + " already exists");
    LUODI_RETURN_IF_ERROR(store_->projects().append_event(e).status());
    // The row is written once, with its standing (worked out from the event
    // as stored).
    LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(p.code));
    LUODI_ASSIGN_OR_RETURN(w.project, standing_of(rules(), events, today()));
    return store_->projects().insert_project(initial_state(workflow(), e),
                                             Internals::schedule_of(*this, w.project, today()));
  }));
  return w;
}

Result<TrackedProject> Engine::record(Event event, bool blockers_changed, Event* applied,
                                      const PrepareEvent& prepare) {
  const std::string code = event.project;
  event.recorded_at = clock_.now();
  const Date today = this->today();
  if (event.on > today)
    return Status::BadInput("date " + event.on.str() + " is in the future (today is " +
                            today.str() + ")");
  TrackedProject now;
  bool nothing = false;  // `prepare` found nothing to record
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    // A change of attributes needs them, and so does the standing worked out
    // from the row (the investment light; the project it answers); a what-if
    // copy's other moves only the lifecycle. The row's kept standing comes
    // along: only what changes is written.
    const bool attributes = event.kind == EventKind::kUpdated;
    Schedule kept;
    LUODI_ASSIGN_OR_RETURN(auto loaded, attributes || !weighing_copy_
                                            ? store_->projects().load_project(code, true, &kept)
                                            : store_->projects().load_lifecycle(code, true, &kept));
    if (!loaded) return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
    if (event.on < loaded->created_on) {
      if (attributes)  // as `update` has always said it
        return Status::NotFound("project " + code + " did not exist on " + event.on.str());
      return Status::BadInput("date " + event.on.str() + " is before project " + code +
                              " was recorded (" + loaded->created_on.str() + ")");
    }
    std::vector<Event> effects;
    ProjectState state;
    std::optional<ProjectState> before;  // the row, when the write is not back-dated
    Status s;
    const bool back_dated = event.on < loaded->last_event_on;
    const bool blockers_written = blockers_changed || back_dated;
    std::vector<Blocker> blockers_before;
    if (blockers_written) blockers_before = loaded->blockers;
    if (!back_dated) {
      // The row is the project as it stands on the event's date.
      if (prepare) {
        LUODI_ASSIGN_OR_RETURN(bool any, prepare(*loaded, event));
        if (!any) {
          nothing = true;
          return Status::Ok();
        }
      }
      if (!weighing_copy_) before = *loaded;
      state = std::move(*loaded);
      // Applied with its amounts as stored: the row is then the replay's.
      codec::as_stored(event);
      s = Lifecycle(workflow(), state, &effects).apply(event);
    } else {
      // A late entry: the move must be legal on its own date, and every later
      // event must still be legal after it.
      LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
      LUODI_ASSIGN_OR_RETURN(state, replay(workflow(), events, event.on));
      if (prepare) {
        LUODI_ASSIGN_OR_RETURN(bool any, prepare(state, event));
        if (!any) {
          nothing = true;
          return Status::Ok();
        }
      }
      codec::as_stored(event);
      s = Lifecycle(workflow(), state, &effects).apply(event);
      if (s.ok()) {
        Lifecycle later(workflow(), state, nullptr);
        for (const auto& e : events) {
          if (e.on <= event.on) continue;
          // Checked as new moves, but for those recorded under rules no longer
          // in force (a revision added a stage since): legal when they were made.
          Status conflict = later.reapply(e, e.on < in_force().from);
          if (!conflict.ok())
            return Status::Refused(code + ": recording this on " + event.on.str() +
                                   " would make the later " + std::string(to_string(e.kind)) +
                                   " of " + e.on.str() + " illegal: " + conflict.message());
        }
      }
    }
    if (s.code() == ErrorCode::kRefused) {
      // The machine refuses before it changes anything: `state` is the state
      // the move was tried from.
      return Status::Refused(code + ": cannot " + verb_of(event.kind) + ": " + s.message() +
                             ". It is " + std::string(to_string(state.status)) + " at stage " +
                             workflow().stages[state.stage].id +
                             (back_dated ? " on " + event.on.str() : "") +
                             "; allowed from there: " + allowed_moves(workflow(), state));
    }
    LUODI_RETURN_IF_ERROR(s);
    for (const auto& e : effects)
      LUODI_RETURN_IF_ERROR(store_->projects().append_event(e).status());
    if (applied) *applied = effects.front();
    static const std::vector<std::string> kNone;
    const std::vector<std::string>& changed =
        attributes && effects.front().changes ? effects.front().changes->fields : kNone;
    // One UPDATE of the row: the lifecycle, the attributes changed and the
    // standing's columns that moved. The tick looks at every moved project on
    // its next run.
    Schedule next = kept;
    if (weighing_copy_) {  // what_if weighs each moved project once, after its last write
      next.due.reset();
      next.next_check = today;
      LUODI_RETURN_IF_ERROR(store_->projects().update_project(
          state, blockers_written, blockers_before, changed, next, kept));
      now.project = std::move(state);
      return Status::Ok();
    }
    // The standing from the row, the kept standing and the event where the
    // rules allow it; else from the whole history.
    std::optional<TrackedProject> seeded;
    if (before) {
      std::optional<WalkCheckpoint> from;
      // Kept under the rules in force today (as the tick's checkpoint), and
      // the row's paused days counted under the same blocker categories.
      if (kept.checked_on && &rules_.on(*kept.checked_on) == &rules_.on(today) &&
          same_pauses(rules_, before->created_on, today))
        from = WalkCheckpoint{*kept.checked_on, kept.light, kept.light_since, kept.yellow_since};
      if (from || event.on == before->created_on)
        seeded = standing_seeded(rules(), StandingSeed{*before, state, event.on, from}, today);
    }
    SeededWrites& counts = seeded_writes();
    if (seeded) {
      ++counts.seeded;
      now = std::move(*seeded);
      if (counts.cross_check) {
        LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
        LUODI_ASSIGN_OR_RETURN(auto whole, standing_of(rules(), events, today));
        if (auto why = standing_difference(now, whole); !why.empty()) {
          if (counts.differed++ == 0)
            counts.first_difference = code + " " + std::string(to_string(event.kind)) + " on " +
                                      event.on.str() + " (today " + today.str() + "): " + why;
        }
      }
    } else {
      ++counts.whole;
      LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
      LUODI_ASSIGN_OR_RETURN(now, standing_of(rules(), events, today));
    }
    next = Internals::schedule_of(*this, now, today);
    LUODI_RETURN_IF_ERROR(store_->projects().update_project(state, blockers_written,
                                                            blockers_before, changed, next, kept));
    // Reminders pending for a due date that no longer holds are not sent.
    // The kept due is the listed one: an instruction's may hide the deadline's.
    const auto instruction = Deadline::Source::kInstruction;
    if (next.due == kept.due && (!next.due || next.due_source != instruction) &&
        (!kept.due || kept.due_source != instruction))
      return Status::Ok();
    const auto& d = now.standing.deadline;
    return store_->outbox().obsolete_pending(code, d ? std::optional<Date>(d->due) : std::nullopt);
  }));
  if (nothing) return tracked_project(code);
  return now;
}

Result<Written> Engine::apply(const AdvanceRequest& r) {
  if (!workflow().find_stage(r.to)) {
    std::string ids;
    for (const auto& st : workflow().stages) ids += (ids.empty() ? "" : ", ") + st.id;
    return Status::BadInput("unknown stage '" + r.to + "' (stages: " + ids + ")");
  }
  Event e = event_of(EventKind::kAdvanced, r, today());
  e.to = workflow().stages[*workflow().find_stage(r.to)].id;
  e.evidence = r.evidence;
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, record(std::move(e), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const BlockRequest& r) {
  const BlockerCategory* cat = workflow().find_category(r.category);
  if (!cat) {
    MessageArg known{"categories", "", ""};
    for (const auto& c : workflow().blocker_categories) {
      known.zh += (known.zh.empty() ? "" : "、") + c.label.zh + "（" + c.id + "）";
      known.en += (known.en.empty() ? "" : ", ") + c.id;
    }
    return Status::BadInput(Message("error_unknown_category",
                                    {arg("category", r.category), known, input_field("category")}));
  }
  if (blank(r.reason)) return Status::BadInput(Message("error_required", {input_field("reason")}));
  Written w;
  Event e = event_of(EventKind::kBlocked, r, today());
  e.blocker = Blocker{0, cat->id, r.reason, r.owner, e.on, {}};
  // The id is taken in the write's own transaction.
  LUODI_ASSIGN_OR_RETURN(
      w.project,
      record(std::move(e), true, nullptr, [&](const ProjectState&, Event& event) -> Result<bool> {
        LUODI_ASSIGN_OR_RETURN(std::int64_t max_id, store_->projects().max_blocker_id());
        w.id = max_id + 1;
        event.blocker->id = *w.id;
        return true;
      }));
  return w;
}

Result<Written> Engine::apply(const UnblockRequest& r) {
  Written w;
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    if (r.blocker) {
      w.resolved.push_back(*r.blocker);
    } else {
      LUODI_ASSIGN_OR_RETURN(auto state, project(r.code));
      for (const auto& b : state.blockers) w.resolved.push_back(b.id);
      if (w.resolved.empty()) w.resolved.push_back(0);  // let the lifecycle say why this is refused
    }
    for (auto id : w.resolved) {
      Event e = event_of(EventKind::kUnblocked, r, today());
      e.blocker = Blocker{};
      e.blocker->id = id;
      LUODI_ASSIGN_OR_RETURN(w.project, record(std::move(e), true));
    }
    return Status::Ok();
  }));
  return w;
}

Result<Written> Engine::apply(const CancelRequest& r) {
  if (blank(r.note)) return Status::BadInput("cancelling needs a reason");
  LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                         record(event_of(EventKind::kCancelled, r, today()), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const DropRequest& r) {
  if (blank(r.note)) return Status::BadInput("dropping needs a reason");
  LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                         record(event_of(EventKind::kDropped, r, today()), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const ReinstateRequest& r) {
  LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                         record(event_of(EventKind::kReinstated, r, today()), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const PromoteRequest& r) {
  LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                         record(event_of(EventKind::kPromoted, r, today()), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const PlanRequest& r) {
  if (r.clear) {
    if (r.due || r.stage) return Status::BadInput("clearing a plan takes no due date and no stage");
    LUODI_ASSIGN_OR_RETURN(TrackedProject t,
                           record(event_of(EventKind::kPlanCleared, r, today()), false));
    return written(std::move(t));
  }
  if (!r.due) return Status::BadInput("a plan needs its due date");
  if (const Date given = r.on.value_or(today()); *r.due < given)
    return Status::BadInput(
        Message("error_plan_due_before",
                {arg("due", r.due->str()), arg("on", given.str()), input_field("due")}));
  Event e = event_of(EventKind::kPlanned, r, today());
  e.due = r.due;
  if (r.stage) {
    auto stage = workflow().find_stage(*r.stage);
    if (!stage) return Status::BadInput("unknown stage '" + *r.stage + "'");
    e.to = workflow().stages[*stage].id;
  } else {
    LUODI_ASSIGN_OR_RETURN(ProjectState p, project(r.code));
    if (p.stage >= workflow().final_stage())
      return Status::Refused(r.code + ": at the final stage, there is no next stage to plan for");
    e.to = workflow().stages[p.stage + 1].id;
  }
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, record(std::move(e), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const UpdateRequest& r) {
  const std::string& code = r.code;
  for (const auto& name : r.fields)
    if (!find_attribute(name)) return Status::BadInput("unknown field '" + name + "'");
  if (std::find(r.fields.begin(), r.fields.end(), "name") != r.fields.end()) {
    if (blank(r.values.name)) return Status::BadInput("project " + code + " needs a name");
  }
  for (const AttributeField& f : attribute_fields())
    if (f.text && std::find(r.fields.begin(), r.fields.end(), f.name) != r.fields.end())
      LUODI_RETURN_IF_ERROR(check_text("the " + std::string(f.name) + " of project " + code,
                                       r.values.*f.text, kMaxName));
  if (std::find(r.fields.begin(), r.fields.end(), "unit") != r.fields.end() && blank(r.values.unit))
    return Status::BadInput("project " + code + " needs a responsible unit");
  if (r.on && *r.on > today())
    return Status::BadInput("date " + r.on->str() + " is in the future (today is " + today().str() +
                            ")");
  Written w;
  Event e = event_of(EventKind::kUpdated, r, today());
  e.correction = r.correction;
  // Only what differs on the change's date is recorded: the project then is
  // read in the write's own transaction.
  auto differs = [&](const ProjectState& then, Event& event) -> Result<bool> {
    event.changes = AttributeChanges{};
    for (const AttributeField& f : attribute_fields()) {
      if (std::find(r.fields.begin(), r.fields.end(), f.name) == r.fields.end()) continue;
      const bool same = f.text ? then.attributes.*f.text == r.values.*f.text
                               : then.attributes.*f.amount == r.values.*f.amount;
      if (same) continue;
      event.changes->fields.emplace_back(f.name);
      if (f.text) {
        event.changes->to.*f.text = r.values.*f.text;
      } else {
        event.changes->to.*f.amount = r.values.*f.amount;
      }
    }
    return !event.changes->fields.empty();  // nothing differs: nothing is written
  };
  Event applied;  // with the values before, as the lifecycle filled them in
  LUODI_ASSIGN_OR_RETURN(w.project, record(std::move(e), false, &applied, differs));
  if (applied.changes) w.changes = *applied.changes;
  return w;
}

Result<Written> Engine::apply(const InvestRequest& r) {
  const auto negative = [](double v) { return !(v >= 0); };  // NaN too
  if (negative(r.fixed_asset_wan) ||
      (r.foreign_arrived_usd_wan && negative(*r.foreign_arrived_usd_wan)))
    return Status::BadInput("investment figures are cumulative amounts and cannot be negative");
  Event e = event_of(EventKind::kInvested, r, today());
  e.correction = r.correction;
  e.progress = Progress{e.on, r.fixed_asset_wan, r.foreign_arrived_usd_wan};
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, record(std::move(e), false));
  return written(std::move(t));
}

Result<Written> Engine::apply(const InstructRequest& r) {
  if (blank(r.text)) return Status::BadInput("an instruction needs its text");
  const Date given = r.on.value_or(today());
  if (r.due && *r.due < given)
    return Status::BadInput(
        Message("error_instruction_due_before",
                {arg("due", r.due->str()), arg("on", given.str()), input_field("due")}));
  Written w;
  Event e = event_of(EventKind::kInstructed, r, today());
  e.note = r.text;
  e.due = r.due;
  e.blocker = Blocker{};
  e.blocker->id = r.blocker;
  e.instruction = Instruction{0, r.text, r.assignee, r.due, e.on, r.by, std::nullopt, ""};
  // The id is taken in the write's own transaction.
  LUODI_ASSIGN_OR_RETURN(
      w.project,
      record(std::move(e), true, nullptr, [&](const ProjectState&, Event& event) -> Result<bool> {
        LUODI_ASSIGN_OR_RETURN(std::int64_t max_id, store_->projects().max_instruction_id());
        w.id = max_id + 1;
        event.instruction->id = *w.id;
        return true;
      }));
  return w;
}

Result<Written> Engine::apply(const InstructionDoneRequest& r) {
  Event e = event_of(EventKind::kInstructionDone, r, today());
  e.instruction = Instruction{};
  e.instruction->id = r.instruction;
  LUODI_ASSIGN_OR_RETURN(TrackedProject t, record(std::move(e), true));
  return written(std::move(t));
}

Result<ProjectState> Engine::project(const std::string& code, std::optional<Date> as_of) {
  LUODI_RETURN_IF_ERROR(day_asked(as_of).status());
  LUODI_RETURN_IF_ERROR(sync_projection());  // the projection's stage numbers are today's
  if (as_of) {
    LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
    if (events.empty())
      return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
    auto state = replay(workflow_on(as_of), events, as_of);
    if (!state.ok() && state.status().code() == ErrorCode::kNotFound)
      return Status::NotFound("project " + code + " did not exist on " + as_of->str());
    return state;
  }
  LUODI_ASSIGN_OR_RETURN(auto loaded, store_->projects().load_project(code));
  if (!loaded) return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
  return *std::move(loaded);
}

Result<std::vector<Event>> Engine::history(const std::string& code) {
  LUODI_ASSIGN_OR_RETURN(auto events, store_->projects().project_events(code));
  if (events.empty())
    return Status::NotFound(Message("error_unknown_project", {arg("code", code)}));
  return events;
}

Status Engine::for_each_history(std::optional<Date> until,
                                const std::function<Status(std::vector<Event>&)>& visit) {
  std::vector<Event> current;
  LUODI_RETURN_IF_ERROR(store_->projects().scan_events(until, [&](Event&& e) -> Status {
    if (!current.empty() && current.front().project != e.project) {
      LUODI_RETURN_IF_ERROR(visit(current));
      current.clear();
    }
    current.push_back(std::move(e));
    return Status::Ok();
  }));
  return current.empty() ? Status::Ok() : visit(current);
}

Result<std::vector<ProjectState>> Engine::states_as_of(Date as_of, const Workflow& wf) {
  std::vector<ProjectState> out;
  LUODI_RETURN_IF_ERROR(for_each_history(as_of, [&](std::vector<Event>& events) -> Status {
    LUODI_ASSIGN_OR_RETURN(ProjectState state, replay(wf, events, as_of));
    out.push_back(std::move(state));
    return Status::Ok();
  }));
  return out;
}

Status Engine::backup(const std::string& path) { return store_->backup_to(path); }

const char* Engine::store_kind() const { return store_->kind(); }
const std::string& Engine::city() const { return store_->city(); }
Result<std::vector<CityRecord>> Engine::cities() { return store_->cities(); }

Status Engine::discard_city() { return store_->discard_city(); }

Status Engine::rename_city(const std::string& name) {
  LUODI_RETURN_IF_ERROR(check_city_name(name));
  LUODI_RETURN_IF_ERROR(store_->begin());
  Status s = store_->set_city_name(name);
  if (s.ok()) s = store_->announce_change();
  if (s.ok()) s = store_->commit();
  if (!s.ok()) store_->rollback();
  return s;
}

Result<std::int64_t> Engine::data_version() { return store_->data_version(); }

Status Engine::limit_page_cache(std::size_t kib) { return store_->limit_page_cache(kib); }

Status Engine::map_for_reading(std::size_t bytes) { return store_->map_for_reading(bytes); }

Result<VerifyReport> Engine::verify() {
  LUODI_RETURN_IF_ERROR(sync_projection());
  VerifyReport report;
  std::map<std::string, ProjectState> replayed;
  LUODI_RETURN_IF_ERROR(for_each_history(std::nullopt, [&](std::vector<Event>& events) {
    report.events += static_cast<int>(events.size());
    const std::string& code = events.front().project;
    auto state = replay(workflow(), events);
    if (state.ok()) {
      replayed.emplace(code, std::move(state).value());
    } else {
      report.differences.push_back(code + ": events do not replay: " + state.status().message());
      return Status::Ok();
    }
    // The standing kept for speed equals the standing function on the day it was worked out.
    LUODI_ASSIGN_OR_RETURN(Schedule kept, store_->schedule().load_schedule(code));
    if (!kept.checked_on) return Status::Ok();
    auto t = standing_of(rules_on(*kept.checked_on), events, *kept.checked_on);
    if (!t.ok()) return Status::Ok();  // not yet recorded on that day (a back-dated creation)
    const Standing& st = t->standing;
    const Deadline* listed = st.listed();  // the deadline kept: the overdue list's
    const std::optional<Date> due = listed ? std::optional<Date>(listed->due) : std::nullopt;
    auto text = [](const std::optional<Date>& d) { return d ? d->str() : std::string("none"); };
    const std::string on = " on " + kept.checked_on->str();
    if (kept.due != due)
      report.differences.push_back(code + ": kept due " + text(kept.due) + ", the standing" + on +
                                   " says " + text(due));
    else if (listed && (kept.due_stage != listed->stage || kept.due_source != listed->source ||
                        kept.due_provisional != listed->provisional))
      report.differences.push_back(
          code + ": kept binding deadline (stage " + std::to_string(kept.due_stage) + ", " +
          std::string(to_string(kept.due_source)) + (kept.due_provisional ? ", provisional" : "") +
          "), the standing" + on + " says (stage " + std::to_string(listed->stage) + ", " +
          std::string(to_string(listed->source)) + (listed->provisional ? ", provisional" : "") +
          ")");
    if (kept.light != st.light.color || kept.light_since != st.light_since)
      report.differences.push_back(code + ": kept light " + std::string(to_string(kept.light)) +
                                   " since " + text(kept.light_since) + ", the standing" + on +
                                   " says " + std::string(to_string(st.light.color)) + " since " +
                                   text(st.light_since));
    return Status::Ok();
  }));
  std::map<std::string, ProjectState> stored;
  LUODI_RETURN_IF_ERROR(store_->projects().scan_projects({}, [&](ProjectState&& s) {
    std::string code = s.code;
    stored.emplace(std::move(code), std::move(s));
    return Status::Ok();
  }));
  for (const auto& [code, want] : replayed) {
    auto it = stored.find(code);
    if (it == stored.end()) {
      report.differences.push_back(code + ": has events but no projection row");
      continue;
    }
    for (auto& d : describe_differences(workflow(), it->second, want))
      report.differences.push_back(code + ": " + d);
  }
  for (const auto& [code, s] : stored)
    if (!replayed.count(code))
      report.differences.push_back(code + ": projection row without events");
  // The gauges the database keeps equal a count of the projection.
  LUODI_ASSIGN_OR_RETURN(auto gauges, store_->standing().check_gauges());
  for (auto& d : gauges) report.differences.push_back(std::move(d));
  report.projects = static_cast<int>(stored.size());
  return report;
}

}  // namespace luodi

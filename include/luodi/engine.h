// The engine: one API that both faces of luodi (the CLI, and the HTTP server)
// call. Each command is one transaction: it is applied whole or not at all.
// Pure rules live in the workflow, calendar and lifecycle; the engine
// sequences them against the store. Not thread-safe: use one per thread/strand.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "luodi/calendar.h"
#include "luodi/campaign_status.h"
#include "luodi/city.h"
#include "luodi/clock.h"
#include "luodi/deadline.h"
#include "luodi/forecast.h"
#include "luodi/migrate.h"
#include "luodi/notify.h"
#include "luodi/page.h"
#include "luodi/project.h"
#include "luodi/rule_versions.h"
#include "luodi/snapshot.h"
#include "luodi/source.h"
#include "luodi/standing.h"
#include "luodi/stats.h"
#include "luodi/status.h"
#include "luodi/targets.h"
#include "luodi/user.h"
#include "luodi/whatif.h"
#include "luodi/workflow.h"
#include "luodi/write.h"

namespace luodi {

class Store;
struct WhatIfBasis;  // engine_whatif.cc

class Engine {
 public:
  // Creates a new database with this workflow and calendar (their text is
  // stored in it). Conflict when a database exists at `db_path`.
  // `db_path` is a SQLite file or a PostgreSQL URI (postgresql://…); `city`
  // the city in it (empty: the default city, a SQLite file's only one), named
  // `city_name` (empty: none yet, shown by its id until rename_city).
  static Result<std::unique_ptr<Engine>> create(const std::string& db_path, const Source& workflow,
                                                const Source& calendar, const Clock& clock,
                                                const std::string& city = {},
                                                const std::string& city_name = {});
  // Opens an existing database (city `city` of it); its stored workflow and calendar are used.
  static Result<std::unique_ptr<Engine>> open(const std::string& db_path, const Clock& clock,
                                              const std::string& city = {});
  ~Engine();

  // The rules in force today (luodi/rule_versions.h).
  const Workflow& workflow() const { return in_force().workflow; }
  const WorkCalendar& calendar() const { return in_force().calendar; }
  // The workflow in force on `as_of` (empty: today): the one an as-of
  // answer's stage numbers refer to.
  const Workflow& workflow_on(std::optional<Date> as_of) const {
    return as_of ? rules_.on(*as_of).workflow : workflow();
  }
  Date today() const { return clock_.today(); }
  // The city's rules over time: every dated change loaded into it.
  const RuleVersions& rule_versions() const { return rules_; }
  // Takes the rule changes another process or instance made since this
  // engine read them (a calendar load): a running server calls it before
  // each request and each round of scheduled work. One small read when
  // nothing changed.
  Status refresh_rules();

  // --- the city's rules, changed while it runs --------------------------------
  // Adds or replaces the years of the holiday table in `yaml` (the
  // calendar's YAML), in force from today: every kept standing is
  // forgotten, to be worked out again under it (keep_standings, or the
  // tick). BadInput at file:line:col for a bad table, and naming the first
  // date before today it would change: history stays as it was. With
  // `dry_run` nothing is written. Returns the projects whose binding due date
  // or light changes today.
  Result<RuleLoad> load_calendar(const Source& yaml, bool dry_run);
  // The revised workflow `yaml` governs every project from `on` (today or
  // later) on: its limits, labels, light rules, stages and evidence. As-of
  // answers about days before keep the old rules; a project already past an
  // added stage stays where it is (events name stages by id). BadInput at
  // file:line:col for a bad workflow, for `on` before today, for a campaign
  // that does not read against it, and naming the projects that stand in or
  // went through a stage it removes. Returns the projects whose binding due
  // date or light changes on `on`.
  Result<RuleLoad> apply_workflow(const Source& yaml, Date on, bool dry_run);

  // Runs `body` as one transaction. Commands inside it are savepoints: one
  // that fails rolls back alone, and body decides. The whole batch commits
  // only when body returns Ok and `commit` is true (false: a dry run).
  Status batch(const std::function<Status()>& body, bool commit = true);

  // --- writes: each one transaction -----------------------------------------
  // Runs a write (luodi/write.h) whole or not at all and returns the project
  // as it stands afterwards. BadInput for a request the rules cannot take
  // (unknown stage, a date in the future or before the project was recorded,
  // missing evidence …), NotFound for an unknown project, blocker or
  // instruction, Refused when the lifecycle refuses the move, Conflict when a
  // new project's code exists.
  Result<Written> execute(const WriteRequest& request);

  // --- queries -------------------------------------------------------------
  // Current state (as_of empty) or the state on a past date, from the events.
  // BadInput for a future date.
  Result<ProjectState> project(const std::string& code, std::optional<Date> as_of = std::nullopt);
  Result<std::vector<Event>> history(const std::string& code);
  // Headline figures, lights and overdue counts; from the events as of `as_of` (default: today).
  Result<Stats> stats(std::optional<Date> as_of = std::nullopt);
  // Replays every event and compares with the projection.
  Result<VerifyReport> verify();
  // A consistent copy of the database at `path` (which must not exist), safe
  // while other processes write.
  Status backup(const std::string& path);
  // "sqlite" or "postgresql"; the city this engine works in; every city of its database.
  const char* store_kind() const;
  const std::string& city() const;
  Result<std::vector<CityRecord>> cities();
  // Names this city as people call it (luodi city rename); BadInput for a
  // blank name or one that is not one line of at most 200 characters.
  Status rename_city(const std::string& name);
  // Drops this city from a PostgreSQL database: a create that failed half-way
  // (a bad campaign) leaves nothing. The engine is of no use afterwards. On
  // SQLite nothing happens: the caller removes the file.
  Status discard_city();
  // A number that changes whenever another engine or process commits a
  // write: answers worked out under one number hold while it stays.
  Result<std::int64_t> data_version();
  // How much memory the database connection may keep of pages it has read
  // (64 MiB unless limited).
  Status limit_page_cache(std::size_t kib);
  // Reads the database through a memory map (up to `bytes`): faster for a
  // short-lived process such as a CLI command; a server keeps copies, whose
  // memory it bounds.
  Status map_for_reading(std::size_t bytes);

  // A year's targets (luodi/targets.h) kept in the city, replacing that
  // year's: the report of that year uses them (before any targets file in the
  // server's directory). BadInput at file:line:col for a bad file.
  Result<Targets> store_targets(const Source& yaml);
  // The targets kept in the city for `year`, if any.
  Result<std::optional<Targets>> targets(int year);

  // --- deadlines, lights, notifications -------------------------------------
  // Every answer below comes from standing_of() (luodi/standing.h) over the
  // events up to the day asked for. `as_of` empty: today; a future date is
  // BadInput.
  Rules rules() const { return rules_on(today()); }
  // The rules in force on `day` (an as-of answer about a day before a change keeps the old ones).
  Rules rules_on(Date day) const {
    const RuleVersion& v = rules_.on(day);
    return {v.workflow, v.calendar, v.campaigns};
  }
  // One project's state and standing.
  Result<TrackedProject> tracked_project(const std::string& code,
                                         std::optional<Date> as_of = std::nullopt);
  // Every project matching `query`, by code.
  Result<std::vector<TrackedProject>> tracked(const ListQuery& query,
                                              std::optional<Date> as_of = std::nullopt);
  // Open projects past their binding due date, most overdue first (by due
  // date, then code).
  Result<std::vector<OverdueRow>> overdue(const ListQuery& query,
                                          std::optional<Date> as_of = std::nullopt);
  // The same lists a page at a time (luodi/page.h): by code, and by due date
  // then code. BadInput for a bad limit or cursor.
  Result<Page<TrackedProject>> tracked(const ListQuery& query, std::optional<Date> as_of,
                                       const PageRequest& page);
  Result<Page<OverdueRow>> overdue(const ListQuery& query, std::optional<Date> as_of,
                                   const PageRequest& page);
  // The same rows handed to `visit` one at a time as they are worked out (a
  // list of any length in bounded memory); returns the next page's cursor.
  // An overdue row kept with the standing is shown as kept (the agreement
  // tests prove it the function's own).
  using RowVisitor = std::function<Status(TrackedProject&&)>;
  using OverdueVisitor = std::function<Status(OverdueRow&&)>;
  Result<std::optional<std::string>> each_tracked(const ListQuery& query, std::optional<Date> as_of,
                                                  const PageRequest& page, const RowVisitor& visit);
  Result<std::optional<std::string>> each_overdue(const ListQuery& query, std::optional<Date> as_of,
                                                  const PageRequest& page,
                                                  const OverdueVisitor& visit);
  // Each project's state on `as_of` (default today) and its events up to
  // it, in code order: one pass over the events, no standing worked out
  // (export: the sheet's columns and the evidence last given).
  using StateVisitor = std::function<Status(const ProjectState&, const std::vector<Event>&)>;
  Status each_state(std::optional<Date> as_of, const StateVisitor& visit);
  // Every project counted in groups of the same stage, status, list, light
  // and lateness (luodi/stats.h), without a row per project.
  Result<std::vector<StandingGroup>> standing_groups(std::optional<Date> as_of = std::nullopt);
  // Today's projects by stage, status, list and light (amounts summed) and
  // how many are overdue, read from gauges the database keeps on every write
  // (corrected for the projects whose kept standing does not hold today), so
  // asking costs the same at 50 projects and at a million: what /metrics shows.
  struct Gauges {
    std::vector<StandingGroup> groups;  // `overdue` false in each; the count below
    long overdue = 0;
  };
  Result<Gauges> gauges();
  // What a report on `as_of` needs.
  Result<Snapshot> snapshot(Date as_of);
  // The same a project at a time, in code order (a report over a city of any
  // size in bounded memory), and the campaigns started by as_of.
  Status each_reported(Date as_of, const std::function<Status(const ReportedProject&)>& visit);
  Result<std::vector<CampaignReport>> campaigns_on(Date as_of);
  // The days the project's light changed, up to today.
  Result<std::vector<LightChange>> light_history(const std::string& code);
  // Works out what is due up to now for every project whose next check has
  // come: its standing (kept in the projection) and notifications, each once.
  // After a gap, one catch-up per series of reminders (one deadline, one
  // recipient): the latest of its backlog, plus one row recording the rest.
  // `delivery` may be null (nothing is delivered; rows stay pending).
  // Projects are looked at a chunk per transaction (a tick cut short, by a
  // crash or its budget, leaves the rest due for the next); a dry run is one
  // transaction, rolled back. Digests go out once every project is done.
  // Each row made is handed to `sink` (when given) once, in creation order,
  // chunk by chunk after its delivery (a dry run: inside the rolled-back
  // transaction); the report keeps only their count.
  Result<TickReport> tick(Delivery* delivery, bool dry_run, const TickLimits& limits = {},
                          const NotificationSink& sink = {});
  // Keeps today's standing of each project due for a look whose standing is
  // not kept yet, and sends nothing: the tick at the send time still looks at
  // them (their next check stays). Between midnight and the send time the
  // lists, counts and gauges are then read from the kept standing instead of
  // working those projects out again on every question. A chunk per
  // transaction, in code order from after `after`; with a budget, stops
  // between chunks and says where to go on.
  struct KeepReport {
    int kept = 0;
    std::optional<std::string> next;  // the budget ran out: go on after this code
  };
  Result<KeepReport> keep_standings(const TickLimits& limits = {},
                                    std::optional<std::string> after = {});
  // The earliest day on which some project must be looked at, if any.
  Result<std::optional<Date>> next_check();
  // Delivers the pending rows `delivery` handles and whose next attempt has
  // come, reading the outbox a page at a time; returns how many went.
  Result<std::size_t> deliver_pending(Delivery& delivery);
  // Records one delivery attempt: sent when `result` is Ok; otherwise pending
  // again from `retry_at`, or failed for good when there is none
  // (`permanent`: the receiver said retrying cannot mend it).
  Status record_attempt(const Notification& n, const Status& result,
                        std::optional<Timestamp> retry_at, bool permanent = false);
  // … the same for rows one message carried, in one transaction, each row
  // with its own next attempt.
  struct Attempt {
    const Notification* row;
    std::optional<Timestamp> retry_at;
  };
  // With `claim_token`, written only while that claim holds (Refused when
  // it lapsed and another delivery took the rows).
  Status record_attempts(const std::vector<Attempt>& rows, const Status& result,
                         bool permanent = false, const std::string& claim_token = {});
  // Claims `rows` (key, recipient) for a delivery with `token` for `hold`:
  // the rows claimed (pending, under no other live claim).
  Result<std::vector<std::pair<std::string, std::string>>> claim_deliveries(
      const std::vector<std::pair<std::string, std::string>>& rows, const std::string& token,
      std::chrono::milliseconds hold);
  // Rows a robot refused as too many (it is silent until `until`): pending
  // still, next tried at `until`, their attempts not counted (the message was
  // not at fault), `note` their last error. Written only while `claim_token`'s
  // claim holds, which then ends.
  Status defer_deliveries(const std::vector<const Notification*>& rows, Timestamp until,
                          const std::string& note, const std::string& claim_token);

  // --- the city's lease on its scheduled work ---------------------------------
  // Takes or renews the lease for `owner` for `ttl`. While held, every
  // scheduled write (tick, keeping standings, digests, delivery outcomes)
  // is fenced by it: checked in its own transaction, refused once another
  // instance has taken the lease over. False when another holds it.
  Result<bool> acquire_lease(const std::string& owner, std::chrono::milliseconds ttl);
  // Gives the lease up (a clean stop) and stops fencing.
  Status release_lease();
  // The lease this engine holds (as of its last acquire), if any.
  const std::optional<LeaseFence>& lease() const { return lease_; }
  // Hints of writes by other instances (PostgreSQL; none on SQLite): after
  // listen_for_changes(), change_socket() becomes readable when one may
  // have come, and changes_arrived() says whether one about this city did.
  Status listen_for_changes();
  int change_socket();
  Result<bool> changes_arrived();
  // Fences scheduled writes by `fence` as if held: the server's lease
  // keeper, which holds the lease on its own connection, sets the writing
  // engine's fence this way (and tests set a stale owner's).
  void fence_with(std::optional<LeaseFence> fence) { lease_ = std::move(fence); }
  // Where people open the dashboard (serve --public-url): digests link to
  // its report (PUBLIC_URL/#/report) instead of naming the CLI command.
  void link_to(std::string public_url) { public_url_ = std::move(public_url); }
  // The channels of the notifications sent since `since`, and when (what a
  // restarted server counts against each robot's rate).
  Result<std::vector<std::pair<std::string, Timestamp>>> sent_since(Timestamp since);

  Status add_contact(const Contact& c);
  Result<bool> remove_contact(const std::string& name);
  Result<std::vector<Contact>> contacts();
  // Loads a directory file (all entries or none).
  Status import_contacts(const Source& yaml);
  Result<std::vector<Notification>> outbox(const std::optional<std::string>& state);
  // How many rows are in each state, from a gauge the database keeps.
  Result<std::map<std::string, long>> outbox_counts();
  // … a page at a time, in the same order (when made, then project, key, recipient).
  Result<Page<Notification>> outbox(const std::optional<std::string>& state,
                                    const PageRequest& page);

  // --- users of the server -------------------------------------------------
  // Adds a user and returns its bearer token, the only time it is shown.
  Result<std::string> add_user(const User& u);
  // The user holding `token`, or NotFound (unknown or revoked).
  Result<User> authenticate(const std::string& token);
  Result<std::vector<std::pair<User, bool>>> users();  // (user, revoked)
  Status revoke_user(const std::string& name);

  // Registers a campaign (its file is named after its id).
  Status add_campaign(const Source& yaml);
  // The campaigns, as the rules in force today read them.
  const std::vector<Campaign>& campaigns() const { return in_force().campaigns; }
  // The campaign as of `as_of` (default: today), from the events.
  Result<CampaignReport> campaign(const std::string& id, std::optional<Date> as_of = std::nullopt);
  // Fills report.forecast as of report.as_of from the city's history: a
  // pass over every event, so only the views that show it ask for it
  // (campaign status, the report), not the wall chart or the plan.
  Status add_forecast(CampaignReport& report, ForecastRule rule = kDefaultForecastRule);
  // The forecasts campaign `id`'s projects got on `as_of` under `rule`
  // (from the history up to that day only) against what their events show
  // by the campaign's end. BadInput unless the end has passed and `as_of`
  // is on or before it; NotFound for an unknown campaign.
  Result<Backtest> backtest(const std::string& id, Date as_of,
                            ForecastRule rule = kDefaultForecastRule);

  // The scenario weighed against the city as it stands (engine_whatif.cc):
  // its writes go to an in-memory copy, never to this database. BadInput or
  // Refused (the lifecycle's word) name the event at fault. Its cost is
  // linear in the events: each write is checked by the lifecycle as it comes,
  // and each project it moves is replayed once, after the last.
  Result<WhatIf> what_if(const DecodedScenario& scenario);
  // The same answer worked out as what_if did before issue 25: each write
  // committed on its own, its project's standing worked out again after
  // each. The reference what_if is tested against
  // (tests/property/whatif_replay_test.cc) and timed beside
  // (bench/whatif_cost.cc).
  Result<WhatIf> what_if_reference(const DecodedScenario& scenario);

 private:
  // The work over the store's own rows (kept standings, due projects):
  // core/engine_internals.h, so this header names no private store type.
  struct Internals;

  Engine(std::unique_ptr<Store> store, RuleVersions rules, const Clock& clock);
  const RuleVersion& in_force() const {
    return rules_.dated() ? rules_.on(today()) : rules_.latest();
  }
  // Reads the city's rules as created and every change since.
  static Result<RuleVersions> read_rules(Store& store, const std::string& db_path);
  // Adds `change` (`next`: the rules with it) and works out what it moves.
  Result<RuleLoad> change_rules(RuleChange change, const RuleVersions& next, bool dry_run);
  // Renumbers the projection's stages when the workflow in force today
  // differs in its stages from the one they were written under (a
  // revision's day): every write and every read of the projection calls it
  // first (a pointer comparison once done for the day's rules).
  Status sync_projection();
  // One per request type, behind execute().
  Result<Written> apply(const NewProject& r);
  Result<Written> apply(const AdvanceRequest& r);
  Result<Written> apply(const BlockRequest& r);
  Result<Written> apply(const UnblockRequest& r);
  Result<Written> apply(const CancelRequest& r);
  Result<Written> apply(const DropRequest& r);
  Result<Written> apply(const ReinstateRequest& r);
  Result<Written> apply(const PromoteRequest& r);
  Result<Written> apply(const PlanRequest& r);
  Result<Written> apply(const InstructRequest& r);
  Result<Written> apply(const InstructionDoneRequest& r);
  Result<Written> apply(const UpdateRequest& r);
  Result<Written> apply(const InvestRequest& r);
  // Applies `event` to its project through the lifecycle and commits it;
  // returns the project's standing today after it. The applied record
  // (from/to filled in) goes to `applied` when given. `prepare`, when given,
  // completes the event from the project as it stood on the event's date,
  // inside the same transaction; false: nothing to record (nothing written).
  using PrepareEvent = std::function<Result<bool>(const ProjectState& then, Event& event)>;
  Result<TrackedProject> record(Event event, bool blockers_changed, Event* applied = nullptr,
                                const PrepareEvent& prepare = {});
  Status in_transaction(const std::function<Status()>& body);
  // A transaction of scheduled work: fenced by the lease when one is held.
  Status scheduled(const std::function<Status()>& body);
  // One transaction; with `announce`, other instances get a hint of it.
  Status transaction(const std::function<Status()>& body, bool commit, bool announce);
  // Every project's state on `as_of`, its stages numbered by `wf`.
  Result<std::vector<ProjectState>> states_as_of(Date as_of, const Workflow& wf);
  // The standing of `code` on `day` (today), or none when it did not exist then.
  Result<std::optional<TrackedProject>> standing_today(const std::string& code, Date day);
  // The same for each of `codes`, their events read together (a page of a
  // list); a code that did not exist on the day is absent.
  Result<std::map<std::string, TrackedProject>> standings_today(
      const std::vector<std::string>& codes, Date day);
  Result<StandingFilter> filter_of(const ListQuery& q, Date day) const;
  // A list's rows in order, a page of them: by code to `tracked`, or the
  // overdue list by due date and code to `overdue` (one of the two).
  Result<std::optional<std::string>> each_listed(const ListQuery& q, std::optional<Date> as_of,
                                                 const PageRequest& page, const RowVisitor* tracked,
                                                 const OverdueVisitor* overdue);
  Status load_campaigns();
  // `as_of`, or today; BadInput for a future date.
  Result<Date> day_asked(std::optional<Date> as_of) const;
  // The digests whose time has come, once per period and reader.
  Status emit_digests(const std::vector<Contact>& directory, std::vector<Notification>& created);
  // what_if (`per_event`: what_if_reference).
  Result<WhatIf> weigh_scenario(const DecodedScenario& scenario, bool per_event);
  // Calls `visit` with each project's events dated up to `until`, in effective order.
  Status for_each_history(std::optional<Date> until,
                          const std::function<Status(std::vector<Event>&)>& visit);

  std::unique_ptr<Store> store_;
  RuleVersions rules_;
  std::string rules_revision_;               // the stored changes' revision rules_ was read at
  const RuleVersion* synced_for_ = nullptr;  // the rules the projection was last checked against
  const Clock& clock_;
  std::string public_url_;
  std::optional<LeaseFence> lease_;
  // A what-if's copy: a write keeps no standing and obsoletes no reminder
  // (record() checks and appends only); the copy is weighed after the last.
  bool weighing_copy_ = false;
  // The city's side of what-ifs (its history, its headline by day), kept for
  // the city's state it was worked out at (engine_whatif.cc).
  std::shared_ptr<WhatIfBasis> what_if_basis_;
};

}  // namespace luodi

// The city's rules changed while it runs (luodi/rule_versions.h): a new
// year's holiday table or a revised workflow, each a dated change; and a
// year's targets kept in the city.
#include <filesystem>
#include <set>

#include "core/rule_meta.h"
#include "luodi/engine.h"
#include "store/store.h"

namespace luodi {

namespace {

std::optional<Date> due_of(const Standing& s) {
  return s.deadline ? std::optional<Date>(s.deadline->due) : std::nullopt;
}

RuleChange change_of(RuleChange::Kind kind, const Source& yaml, Date on, Timestamp now) {
  RuleChange change;
  change.kind = kind;
  change.on = on;
  change.text = yaml.text;
  change.name = std::filesystem::path(yaml.name).filename().string();
  change.loaded_at = format_local(now);
  return change;
}

// The stage ids an event names: where a project stood, went or was planned to go.
void stages_named(const Event& e, std::set<std::string>& out) {
  switch (e.kind) {
    case EventKind::kCreated:
      out.insert(e.to);
      break;
    case EventKind::kAdvanced:
    case EventKind::kPlanned:
      out.insert(e.from);
      out.insert(e.to);
      break;
    case EventKind::kPlanCleared:
      out.insert(e.from);
      break;
    default:
      break;
  }
}

}  // namespace

namespace {

// The texts a city's rules are built from, as its store holds them.
struct RuleSources {
  std::string revision;
  std::vector<std::string> texts;  // workflow, its file, calendar, its file, the changes
  std::vector<RuleChange> changes;
  std::vector<CampaignText> campaigns;
  std::vector<std::string> campaign_ids;
  std::string key() const { return kept_rules_key(revision, texts, campaigns, campaign_ids); }
};

Result<RuleSources> read_sources(Store& store, const std::string& db_path) {
  RuleSources out;
  for (const char* key : {kWorkflowText, kWorkflowName, kCalendarText, kCalendarName}) {
    LUODI_ASSIGN_OR_RETURN(auto v, store.meta(key));
    if (!v) return Status::Internal(db_path + " is not a luodi database (no " + key + ")");
    out.texts.push_back(std::move(*v));
  }
  LUODI_ASSIGN_OR_RETURN(auto changes, store.meta(kRuleChanges));
  if (changes) {
    LUODI_ASSIGN_OR_RETURN(out.changes, decode_rule_changes(*changes));
  }
  out.texts.push_back(changes.value_or(""));
  LUODI_ASSIGN_OR_RETURN(out.revision, rules_revision(store));
  LUODI_ASSIGN_OR_RETURN(auto records, store.campaigns().all());
  for (auto& rec : records) {
    out.campaign_ids.push_back(std::move(rec.id));
    out.campaigns.push_back({std::move(rec.text), std::move(rec.source)});
  }
  return out;
}

// The rules parsed from their YAML (Engine::read_rules, and the campaigns).
Result<RuleVersions> parse_sources(const RuleSources& src, const std::string& db_path) {
  LUODI_ASSIGN_OR_RETURN(Workflow wf,
                         parse_workflow(src.texts[0], db_path + "[" + src.texts[1] + "]"));
  LUODI_ASSIGN_OR_RETURN(WorkCalendar cal,
                         parse_calendar(src.texts[2], db_path + "[" + src.texts[3] + "]"));
  return RuleVersions::build(std::move(wf), std::move(cal), src.changes, src.campaigns);
}

}  // namespace

Result<CityRules> read_city_rules(Store& store, const std::string& db_path) {
  LUODI_ASSIGN_OR_RETURN(RuleSources src, read_sources(store, db_path));
  const std::string key = src.key();
  LUODI_ASSIGN_OR_RETURN(auto kept, store.meta(kRulesKept));
  if (kept) {
    if (auto rules = RuleVersions::decode(*kept, key, src.changes, src.campaigns))
      return CityRules{std::move(*rules), std::move(src.revision)};
  }
  LUODI_ASSIGN_OR_RETURN(RuleVersions rules, parse_sources(src, db_path));
  // A city from before the kept form, or kept by another build: kept now
  // when this process may write (a failure only leaves the next open parsing).
  if (store.begin().ok()) {  // refused on a read-only file
    if (store.set_meta(kRulesKept, rules.encode(key)).ok()) {
      if (!store.commit().ok()) store.rollback();
    } else {
      store.rollback();
    }
  }
  return CityRules{std::move(rules), std::move(src.revision)};
}

Status keep_city_rules(Store& store, const std::string& db_path) {
  LUODI_ASSIGN_OR_RETURN(RuleSources src, read_sources(store, db_path));
  LUODI_ASSIGN_OR_RETURN(RuleVersions rules, parse_sources(src, db_path));
  return store.set_meta(kRulesKept, rules.encode(src.key()));
}

Result<RuleLoad> Engine::load_calendar(const Source& yaml, bool dry_run) {
  LUODI_RETURN_IF_ERROR(refresh_rules());
  LUODI_ASSIGN_OR_RETURN(WorkCalendar loaded, parse_calendar(yaml.text, yaml.name));
  const Date day = today();
  RuleChange change = change_of(RuleChange::Kind::kCalendar, yaml, day, clock_.now());
  for (const auto& [year, _] : loaded.years) change.years.push_back(year);
  LUODI_ASSIGN_OR_RETURN(RuleVersions next, rules_.with(change));
  const WorkCalendar& now = rules_.on(day).calendar;
  const WorkCalendar& then = next.on(day).calendar;
  if (auto d = first_difference(now, then, day)) {
    const char* was = now.is_workday(*d) ? "a working day" : "a day off";
    const char* would = then.is_workday(*d) ? "a working day" : "a day off";
    return Status::BadInput(
        yaml.name + ": " + d->str() + " is before today (" + day.str() + "): it was " + was +
        " and the table makes it " + would +
        (now.is_workday(*d) == then.is_workday(*d) ? " of another holiday" : "") +
        "; history stays as it was");
  }
  return change_rules(std::move(change), next, dry_run);
}

Result<RuleLoad> Engine::apply_workflow(const Source& yaml, Date on, bool dry_run) {
  LUODI_RETURN_IF_ERROR(refresh_rules());
  LUODI_ASSIGN_OR_RETURN(Workflow revised, parse_workflow(yaml.text, yaml.name));
  const Date day = today();
  if (on < day)
    return Status::BadInput(
        "--on " + on.str() + " is before today (" + day.str() +
        "): a revised workflow governs from today or a later day, so that no answer "
        "about a day already past changes");
  // The campaigns must read against it too (with() says where one does not).
  RuleChange change = change_of(RuleChange::Kind::kWorkflow, yaml, on, clock_.now());
  LUODI_ASSIGN_OR_RETURN(RuleVersions next, rules_.with(change));
  // A stage taken away must not be one a project stands in or went through:
  // its history must replay under the revision.
  std::set<std::string> removed;
  for (const auto& st : rules_.on(on).workflow.stages)
    if (!revised.find_stage(st.id)) removed.insert(st.id);
  if (!removed.empty()) {
    std::map<std::string, std::set<std::string>> where;  // stage → projects
    LUODI_RETURN_IF_ERROR(for_each_history(std::nullopt, [&](std::vector<Event>& events) -> Status {
      std::set<std::string> named;
      for (const auto& e : events) stages_named(e, named);
      for (const auto& id : named)
        if (removed.count(id)) where[id].insert(events.front().project);
      return Status::Ok();
    }));
    if (!where.empty()) {
      std::string text;
      for (const auto& [stage, codes] : where) {
        text += (text.empty() ? "" : "; ") + stage + ":";
        for (const auto& c : codes) text += " " + c;
      }
      return Status::BadInput(
          yaml.name + ": the revision removes stages that projects stand in or went through (" +
          text + "); keep them, or move those projects first");
    }
  }
  return change_rules(std::move(change), next, dry_run);
}

Result<RuleLoad> Engine::change_rules(RuleChange change, const RuleVersions& next, bool dry_run) {
  const Date on = change.on;
  RuleLoad out;
  out.on = on;
  out.years = change.years;
  out.dry_run = dry_run;
  // Each project on the day the change takes effect, under the rules before and after.
  const Rules before = rules_on(on);
  const RuleVersion& v = next.on(on);
  const Rules after{v.workflow, v.calendar, v.campaigns};
  LUODI_RETURN_IF_ERROR(for_each_history(on, [&](std::vector<Event>& events) -> Status {
    auto was = standing_of(before, events, on);
    auto will = standing_of(after, events, on);
    if (!was.ok() || !will.ok()) return Status::Ok();  // not recorded by then
    const Standing &a = was->standing, &b = will->standing;
    if (due_of(a) != due_of(b) || a.light.color != b.light.color)
      out.moved.push_back(
          {events.front().project, due_of(a), due_of(b), a.light.color, b.light.color});
    return Status::Ok();
  }));
  if (dry_run) return out;
  change.moved = static_cast<int>(out.moved.size());
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    // Read again inside the transaction: another instance may have loaded one since.
    LUODI_ASSIGN_OR_RETURN(auto text, store_->meta(kRuleChanges));
    std::vector<RuleChange> changes;
    if (text) {
      LUODI_ASSIGN_OR_RETURN(changes, decode_rule_changes(*text));
    }
    changes.push_back(change);
    LUODI_RETURN_IF_ERROR(store_->set_meta(kRuleChanges, encode_rule_changes(changes)));
    LUODI_RETURN_IF_ERROR(store_->set_meta(kRulesRevision, std::to_string(changes.size())));
    LUODI_RETURN_IF_ERROR(keep_city_rules(*store_, store_->city()));
    // Standings kept for the day it takes effect or later were worked out
    // under the old rules, and every project is looked at again that day.
    LUODI_RETURN_IF_ERROR(store_->schedule().forget_standing_since(on));
    return store_->schedule().recheck_by(on);
  }));
  LUODI_RETURN_IF_ERROR(refresh_rules());
  return out;
}

Status Engine::refresh_rules() {
  LUODI_ASSIGN_OR_RETURN(std::string revision, rules_revision(*store_));
  if (revision != rules_revision_) {
    LUODI_ASSIGN_OR_RETURN(CityRules read, read_city_rules(*store_, store_->city()));
    rules_ = std::move(read.rules);
    rules_revision_ = std::move(read.revision);
    synced_for_ = nullptr;
  }
  return sync_projection();
}

Status Engine::sync_projection() {
  const RuleVersion& now = in_force();
  if (synced_for_ == &now) return Status::Ok();
  // The stages the projection is numbered by, and the day the rules with
  // them took effect (a city from before revisions: as created).
  auto numbered = [&]() -> Result<std::pair<std::string, Date>> {
    LUODI_ASSIGN_OR_RETURN(auto layout, store_->meta(kProjectionStages));
    LUODI_ASSIGN_OR_RETURN(auto from, store_->meta(kProjectionStagesFrom));
    const auto day = from ? Date::parse(*from) : std::nullopt;
    return std::pair{layout.value_or(stage_layout(rules_.on(kBeginning).workflow)),
                     day.value_or(kBeginning)};
  };
  const std::string layout = stage_layout(now.workflow);
  LUODI_ASSIGN_OR_RETURN(auto stored, numbered());
  // Only forward: a clock set back before a revision (--now) leaves the
  // projection as the latest rules number it; it then holds no kept standing.
  if (stored.first != layout && now.from > stored.second) {
    LUODI_RETURN_IF_ERROR(store_->begin());
    Status s = [&]() -> Status {
      // Taken first, so that of two instances renumbering at once the second
      // waits for the first and then finds nothing to do.
      LUODI_RETURN_IF_ERROR(store_->set_meta(kProjectionLock, format_local(clock_.now())));
      LUODI_ASSIGN_OR_RETURN(auto again, numbered());
      if (again.first == layout || now.from <= again.second) return Status::Ok();
      const Workflow& from = rules_.on(again.second).workflow;
      if (stage_layout(from) != again.first)
        return Status::Internal("the projection's stages (" + again.first +
                                ") are none of the city's workflows");
      LUODI_RETURN_IF_ERROR(
          store_->projects().renumber_stages(stage_renumbering(from, now.workflow)));
      LUODI_RETURN_IF_ERROR(store_->set_meta(kProjectionStages, layout));
      LUODI_RETURN_IF_ERROR(store_->set_meta(kProjectionStagesFrom, now.from.str()));
      // Kept due dates named stages by the old numbers: every standing is worked out again.
      LUODI_RETURN_IF_ERROR(store_->schedule().forget_standing_since(kBeginning));
      LUODI_RETURN_IF_ERROR(store_->schedule().recheck_by(today()));
      return store_->announce_change();
    }();
    if (!s.ok()) {
      store_->rollback();
      return s;
    }
    LUODI_RETURN_IF_ERROR(store_->commit());
  }
  synced_for_ = &now;
  return Status::Ok();
}

namespace {

std::string targets_key(int year) { return "targets." + std::to_string(year); }

}  // namespace

Result<Targets> Engine::store_targets(const Source& yaml) {
  LUODI_ASSIGN_OR_RETURN(Targets t, parse_targets(yaml.text, yaml.name));
  const std::string name = std::filesystem::path(yaml.name).filename().string();
  LUODI_RETURN_IF_ERROR(in_transaction([&]() -> Status {
    LUODI_RETURN_IF_ERROR(store_->set_meta(targets_key(t.year), yaml.text));
    return store_->set_meta(targets_key(t.year) + ".source", name);
  }));
  return t;
}

Result<std::optional<Targets>> Engine::targets(int year) {
  LUODI_ASSIGN_OR_RETURN(auto text, store_->meta(targets_key(year)));
  if (!text) return std::optional<Targets>();
  LUODI_ASSIGN_OR_RETURN(auto name, store_->meta(targets_key(year) + ".source"));
  LUODI_ASSIGN_OR_RETURN(
      Targets t, parse_targets(*text, store_->city() + "[" + name.value_or("targets") + "]"));
  return std::optional<Targets>(std::move(t));
}

}  // namespace luodi

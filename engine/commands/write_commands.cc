#include "commands/write_commands.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ostream>

#include "common/json_text.h"
#include "importer/field_values.h"
#include "model/attribute_json.h"
#include "views/json_views.h"

namespace luodi::commands {

namespace json = boost::json;

namespace {

// --- fields --------------------------------------------------------------

Field code_field() { return {"code", FieldType::kText, "CODE", true, ""}; }
Field text(std::string name, std::string meta, bool required = false) {
  return {std::move(name), FieldType::kText, std::move(meta), required, ""};
}
Field amount(std::string name, bool required = false) {
  return {std::move(name), FieldType::kAmount, "X", required, ""};
}
Field date(std::string name, bool required = false) {
  return {std::move(name), FieldType::kDate, "DATE", required, ""};
}
Field id(std::string name, bool required, std::string cli_flag = "") {
  return {std::move(name), FieldType::kId, "ID", required, std::move(cli_flag)};
}
Field on() { return date("on"); }
Field note(std::string name = "note") { return text(std::move(name), "TEXT"); }
// Lowers a cumulative investment figure on purpose (else refused).
Field correction() { return {"correction", FieldType::kSwitch, "", false, ""}; }
Field evidence() { return {"evidence", FieldType::kMap, "KEY=VALUE", false, ""}; }

// The attribute fields of a project (add, update), in attribute_fields() order.
std::vector<Field> attribute_fields_of(bool name_and_unit_required) {
  std::vector<Field> out;
  for (const AttributeField& f : attribute_fields()) {
    const std::string name(f.name);
    const bool required = name_and_unit_required && (name == "name" || name == "unit");
    if (f.text) {
      std::string meta = name == "name"       ? "N"
                         : name == "unit"     ? "U"
                         : name == "leader"   ? "L"
                         : name == "industry" ? "I"
                         : name == "origin"   ? "O"
                                              : "TEXT";
      out.push_back(text(name, meta, required));
    } else {
      out.push_back(amount(name));
    }
  }
  return out;
}

// --- decoding ------------------------------------------------------------

// The code, the date and the note every request has.
template <typename R>
Result<R> recorded(const Params& p, const char* note_name = "note") {
  R r;
  LUODI_ASSIGN_OR_RETURN(r.code, p.required_text("code"));
  LUODI_ASSIGN_OR_RETURN(r.on, p.date("on"));
  LUODI_ASSIGN_OR_RETURN(auto n, p.text(note_name));
  r.note = n.value_or("");
  return r;
}

Result<std::string> industry_of(const std::string& text) {
  if (auto v = field::industry(text)) return *v;
  return Status::BadInput(
      "'industry' must be primary, secondary or tertiary (一产/二产/三产) (got " + text + ")");
}

Result<WriteRequest> decode_add(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(NewProject r, recorded<NewProject>(p));
  ProjectAttributes& a = r.attributes;
  for (const AttributeField& f : attribute_fields()) {
    if (f.text) {
      LUODI_ASSIGN_OR_RETURN(auto v, p.text(f.name));
      a.*f.text = v.value_or("");
    } else {
      LUODI_ASSIGN_OR_RETURN(a.*f.amount, p.amount(f.name));
    }
  }
  if (a.name.empty()) return required("name");
  if (a.unit.empty()) return required("unit");
  if (!a.industry.empty()) {
    LUODI_ASSIGN_OR_RETURN(a.industry, industry_of(a.industry));
  }
  LUODI_ASSIGN_OR_RETURN(r.stage, p.text("stage"));
  LUODI_ASSIGN_OR_RETURN(auto since, p.date("stage_since"));
  if (since) r.on = since;
  LUODI_ASSIGN_OR_RETURN(r.evidence, p.map("evidence"));
  LUODI_ASSIGN_OR_RETURN(auto key, p.yes_no("key"));
  r.key = key.value_or(true);
  return WriteRequest(std::move(r));
}

// Each attribute given is one field of the change; no value (null, empty
// text) clears it.
Result<WriteRequest> decode_update(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(UpdateRequest r, recorded<UpdateRequest>(p));
  for (const AttributeField& f : attribute_fields()) {
    if (!p.given(f.name)) continue;
    r.fields.emplace_back(f.name);
    if (f.text) {
      LUODI_ASSIGN_OR_RETURN(auto v, p.text(f.name));
      r.values.*f.text = v.value_or("");
      if (f.name == "industry" && !r.values.industry.empty()) {
        LUODI_ASSIGN_OR_RETURN(r.values.industry, industry_of(r.values.industry));
      }
    } else {
      LUODI_ASSIGN_OR_RETURN(r.values.*f.amount, p.amount(f.name));
    }
  }
  if (r.fields.empty()) return Status::BadInput("nothing to update: give at least one field");
  LUODI_ASSIGN_OR_RETURN(auto correction, p.yes_no("correction"));
  r.correction = correction.value_or(false);
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_advance(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(AdvanceRequest r, recorded<AdvanceRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.to, p.required_text("to"));
  LUODI_ASSIGN_OR_RETURN(r.evidence, p.map("evidence"));
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_block(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(BlockRequest r, recorded<BlockRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.category, p.required_text("category"));
  LUODI_ASSIGN_OR_RETURN(r.reason, p.required_text("reason"));
  LUODI_ASSIGN_OR_RETURN(auto owner, p.text("owner"));
  r.owner = owner.value_or("");
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_unblock(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(UnblockRequest r, recorded<UnblockRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.blocker, p.id("blocker"));
  return WriteRequest(std::move(r));
}

// cancel and drop: the reason is the note, and required.
template <typename R>
Result<WriteRequest> decode_with_reason(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(R r, recorded<R>(p, "reason"));
  if (r.note.empty()) return required("reason");
  return WriteRequest(std::move(r));
}

template <typename R>
Result<WriteRequest> decode_move(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(R r, recorded<R>(p));
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_plan(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(PlanRequest r, recorded<PlanRequest>(p));
  LUODI_ASSIGN_OR_RETURN(auto clear, p.yes_no("clear"));
  r.clear = clear.value_or(false);
  LUODI_ASSIGN_OR_RETURN(r.due, p.date("due"));
  LUODI_ASSIGN_OR_RETURN(r.stage, p.text("stage"));
  if (r.clear && (r.due || r.stage))
    return Status::BadInput("'clear' takes no 'due' and no 'stage'");
  if (!r.clear && !r.due) return Status::BadInput("'due' is required (or 'clear')");
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_instruct(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(InstructRequest r, recorded<InstructRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.blocker, p.required_id("blocker"));
  LUODI_ASSIGN_OR_RETURN(r.text, p.required_text("text"));
  LUODI_ASSIGN_OR_RETURN(auto assignee, p.text("assignee"));
  r.assignee = assignee.value_or("");
  LUODI_ASSIGN_OR_RETURN(r.due, p.date("due"));
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_instruction_done(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(InstructionDoneRequest r, recorded<InstructionDoneRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.instruction, p.required_id("instruction"));
  return WriteRequest(std::move(r));
}

Result<WriteRequest> decode_invest(const Params& p) {
  LUODI_ASSIGN_OR_RETURN(InvestRequest r, recorded<InvestRequest>(p));
  LUODI_ASSIGN_OR_RETURN(r.fixed_asset_wan, p.required_amount("fixed_asset_wan"));
  LUODI_ASSIGN_OR_RETURN(r.foreign_arrived_usd_wan, p.amount("foreign_arrived_usd_wan"));
  LUODI_ASSIGN_OR_RETURN(auto correction, p.yes_no("correction"));
  r.correction = correction.value_or(false);
  return WriteRequest(std::move(r));
}

// --- who may ---------------------------------------------------------------

std::string who(const User& u) { return u.name + " (" + std::string(to_string(u.role)) + ")"; }

Status project_writer(const User& u, const std::string& unit, const WriteRequest&) {
  if (may_write_project(u, unit)) return Status::Ok();
  return Status::Forbidden(who(u) + " may not change projects of " + unit);
}

Status creator(const User& u, const std::string& unit, const WriteRequest&) {
  if (may_create_project(u, unit)) return Status::Ok();
  return Status::Forbidden(who(u) + " may not create projects of " + unit);
}

Status instructor(const User& u, const std::string&, const WriteRequest&) {
  if (may_instruct(u)) return Status::Ok();
  return Status::Forbidden(who(u) + " may not write instructions");
}

// Closing an instruction: leaders and supervisors, and the project's unit.
Status closer(const User& u, const std::string& unit, const WriteRequest&) {
  if (may_instruct(u) || may_write_project(u, unit)) return Status::Ok();
  return Status::Forbidden(who(u) + " may not close instructions on projects of " + unit);
}

// Supervisors change any project; a unit its own, but never its unit or leader.
Status updater(const User& u, const std::string& unit, const WriteRequest& request) {
  LUODI_RETURN_IF_ERROR(project_writer(u, unit, request));
  if (u.role == Role::kSupervisor) return Status::Ok();
  for (const auto& f : std::get<UpdateRequest>(request).fields)
    if (f == "unit" || f == "leader")
      return Status::Forbidden(who(u) + " may not change '" + f + "'");
  return Status::Ok();
}

// --- what the CLI prints ---------------------------------------------------

using Print =
    std::function<void(std::ostream&, const Workflow&, const WriteRequest&, const Written&)>;

Print says(std::string past_tense) {
  return [past_tense](std::ostream& out, const Workflow&, const WriteRequest& r, const Written&) {
    out << code_of(r) << " " << past_tense << "\n";
  };
}

void print_add(std::ostream& out, const Workflow& wf, const WriteRequest& r, const Written& w) {
  const ProjectState& p = w.project.project;
  out << "added " << code_of(r) << " at " << wf.stages[p.stage].id << (p.key ? "" : " (pipeline)")
      << "\n";
}

void print_update(std::ostream& out, const Workflow&, const WriteRequest& r, const Written& w) {
  const json::object changes = changes_json(w.changes);
  if (changes.empty()) out << code_of(r) << ": no change\n";
  for (const auto& [field, change] : changes)
    out << code_of(r) << ": " << std::string_view(field) << ": "
        << to_json_text(change.at("from"), false) << " → " << to_json_text(change.at("to"), false)
        << "\n";
}

void print_advance(std::ostream& out, const Workflow& wf, const WriteRequest& r, const Written& w) {
  const ProjectState& p = w.project.project;
  const StageDef& stage = wf.stages[p.stage];
  out << code_of(r) << " → " << stage.id << " (" << stage.label.zh << ") since "
      << p.stage_since.str() << "\n";
}

void print_id(std::ostream& out, const Workflow&, const WriteRequest&, const Written& w) {
  out << *w.id << "\n";
}

void print_unblock(std::ostream& out, const Workflow&, const WriteRequest&, const Written& w) {
  for (auto id : w.resolved) out << "resolved blocker " << id << "\n";
}

void print_plan(std::ostream& out, const Workflow& wf, const WriteRequest& r, const Written& w) {
  const ProjectState& p = w.project.project;
  if (!p.plan) {
    out << code_of(r) << ": plan cleared\n";
    return;
  }
  out << code_of(r) << ": to reach " << wf.stages[p.plan->stage].id << " by " << p.plan->due.str()
      << "\n";
}

void print_instruction_done(std::ostream& out, const Workflow&, const WriteRequest& r,
                            const Written&) {
  out << code_of(r) << ": instruction " << std::get<InstructionDoneRequest>(r).instruction
      << " done\n";
}

void print_invest(std::ostream& out, const Workflow&, const WriteRequest& r, const Written& w) {
  const auto& progress = w.project.project.progress;
  if (!progress) return;
  out << code_of(r) << ": fixed-asset investment completed " << progress->fixed_asset_wan
      << " 万元";
  if (progress->foreign_arrived_usd_wan)
    out << ", foreign capital arrived " << *progress->foreign_arrived_usd_wan << " 万美元";
  out << " (as of " << progress->on.str() << ")\n";
}

// --- the table -------------------------------------------------------------

std::vector<Field> with_code(std::vector<Field> fields) {
  fields.insert(fields.begin(), code_field());
  return fields;
}

std::vector<WriteCommand> table() {
  const std::string project = "/api/projects/{code}";
  std::vector<Field> add_fields = attribute_fields_of(true);
  for (Field f : {text("stage", "S"), date("stage_since"), evidence(),
                  Field{"key", FieldType::kYesNo, "yes|no", false, ""}})
    add_fields.push_back(std::move(f));
  std::vector<Field> update_fields = attribute_fields_of(false);
  update_fields.push_back(correction());
  update_fields.push_back(on());
  update_fields.push_back(note());
  return {
      {"add", "add one project", with_code(add_fields), "add", "", "POST", "/api/projects", true,
       creator, decode_add, print_add},
      {"update",
       "a dated change of a project's records (land secured, leader, unit …): one event, old → new",
       with_code(update_fields), "update", "", "PATCH", project, false, updater, decode_update,
       print_update},
      {"advance", "move a project to a later stage",
       with_code({text("to", "STAGE", true), on(), note(), evidence()}), "advance", "", "POST",
       project + "/advance", false, project_writer, decode_advance, print_advance},
      {"block", "record a blocker (prints its id)",
       with_code({text("category", "CAT", true), text("reason", "TEXT", true),
                  text("owner", "DEPT"), on(), note()}),
       "block", "", "POST", project + "/blockers", true, project_writer, decode_block, print_id},
      {"unblock", "resolve a blocker (all open blockers when no id)",
       with_code({id("blocker", false), on(), note()}), "unblock", "", "POST",
       project + "/blockers/{blocker}/resolve", false, project_writer, decode_unblock,
       print_unblock},
      {"cancel", "cancel a project for good", with_code({text("reason", "TEXT", true), on()}),
       "cancel", "", "POST", project + "/cancel", false, project_writer,
       decode_with_reason<CancelRequest>, says("cancelled")},
      {"drop", "take a project off the key list", with_code({text("reason", "TEXT", true), on()}),
       "drop", "", "POST", project + "/drop", false, project_writer,
       decode_with_reason<DropRequest>, says("dropped from the key list")},
      {"reinstate", "put a dropped project back on the key list", with_code({on(), note()}),
       "reinstate", "", "POST", project + "/reinstate", false, project_writer,
       decode_move<ReinstateRequest>, says("reinstated on the key list")},
      {"promote", "put a pipeline project on the key list", with_code({on(), note()}), "promote",
       "", "POST", project + "/promote", false, project_writer, decode_move<PromoteRequest>,
       says("promoted to the key list")},
      {"plan",
       "a supervisor's deadline for reaching the next stage (or stage S); --clear takes it away",
       with_code({date("due"), text("stage", "S"),
                  Field{"clear", FieldType::kSwitch, "", false, ""}, on(), note()}),
       "plan", "", "POST", project + "/plan", false, project_writer, decode_plan, print_plan},
      {"instruct", "a leader's instruction (批示) on an open blocker (prints its id)",
       with_code({id("blocker", true), text("text", "TEXT", true), text("assignee", "WHO"),
                  date("due"), on()}),
       "instruct", "", "POST", project + "/blockers/{blocker}/instructions", true, instructor,
       decode_instruct, print_id},
      {"instruction_done", "close an instruction on its assignee's report",
       with_code({id("instruction", true, "done"), note(), on()}), "instruct", "done", "POST",
       project + "/instructions/{instruction}/done", false, closer, decode_instruction_done,
       print_instruction_done},
      {"invest",
       "investment progress: cumulative fixed-asset investment completed and foreign capital "
       "arrived, as of a date",
       with_code({amount("fixed_asset_wan", true), amount("foreign_arrived_usd_wan"), correction(),
                  on(), note()}),
       "invest", "", "POST", project + "/invest", false, project_writer, decode_invest,
       print_invest},
  };
}

}  // namespace

std::string WriteCommand::flag_of(const Field& f) const {
  std::string flag = f.cli_flag.empty() ? f.name : f.cli_flag;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

const Field* WriteCommand::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const std::vector<WriteCommand>& write_commands() {
  static const std::vector<WriteCommand> commands = table();
  return commands;
}

Status check_writer(const User& user) {
  if (may_write(user)) return Status::Ok();
  return Status::Forbidden(Message("error_province_read_only", {arg("user", user.name)}));
}

Result<WriteRequest> decode(const WriteCommand& command, const Params& params,
                            const std::string& by) {
  for (const auto& kv : params.fields())
    if (!command.field(kv.key())) return Status::BadInput("unknown field " + quoted(kv.key()));
  LUODI_ASSIGN_OR_RETURN(WriteRequest request, command.decode(params));
  std::visit([&](Recorded& r) { r.by = by; }, request);
  return request;
}

json::object written_json(const Workflow& wf, const WriteRequest& request, const Written& w,
                          Lang lang) {
  json::object o = views::tracked_json(wf, w.project, lang).as_object();
  if (w.id) {
    o["id"] = *w.id;
    o["project"] = code_of(request);
  }
  if (const auto* instruct = std::get_if<InstructRequest>(&request))
    o["blocker"] = instruct->blocker;
  if (std::holds_alternative<UnblockRequest>(request)) o["resolved"] = json::value_from(w.resolved);
  if (std::holds_alternative<UpdateRequest>(request)) o["changes"] = changes_json(w.changes);
  return o;
}

}  // namespace luodi::commands

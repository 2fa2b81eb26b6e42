#include "server/api.h"

#include <boost/json.hpp>

#include <charconv>

#include "common/json_text.h"
#include "dashboard/assets.h"
#include "importer/field_values.h"
#include "server/leader_views.h"
#include "views/json_views.h"

namespace luodi::server {

namespace json = boost::json;

namespace {

Response json_response(http::status status, const json::value& body, const Request& req) {
  Response res{status, req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(req.keep_alive());
  res.body() = to_json_text(body, false);
  res.prepare_payload();
  return res;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

std::map<std::string, std::string> query_of(std::string_view target) {
  std::map<std::string, std::string> out;
  auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view kv = rest.substr(0, amp);
    auto eq = kv.find('=');
    out[url_decode(kv.substr(0, eq))] = eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

// Reads a JSON object body; fields are checked by the accessors below.
Result<json::object> body_object(const Request& req) {
  json::error_code ec;
  json::value v = json::parse(req.body(), ec);
  if (ec) return Status::BadInput("malformed JSON: " + ec.message());
  if (!v.is_object()) return Status::BadInput("the body must be a JSON object");
  return std::move(v.as_object());
}

Result<std::optional<std::string>> text_field(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return Status::BadInput(std::string("'") + key + "' must be a string");
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::optional<double>> number_field(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<double>();
  if (!it->value().is_number()) return Status::BadInput(std::string("'") + key + "' must be a number");
  const double v = it->value().to_number<double>();
  if (v < 0) return Status::BadInput(std::string("'") + key + "' must not be negative");
  return std::optional<double>(v);
}

Result<std::optional<Date>> date_field(const json::object& o, const char* key) {
  LUODI_ASSIGN_OR_RETURN(auto text, text_field(o, key));
  if (!text) return std::optional<Date>();
  auto d = Date::parse(*text);
  if (!d) return Status::BadInput(std::string("'") + key + "' must be " + kDateForm);
  return std::optional<Date>(d);
}

Result<Recorded> recorded_of(const json::object& o, const User& user, const char* note_key) {
  Recorded r;
  LUODI_ASSIGN_OR_RETURN(r.on, date_field(o, "on"));
  LUODI_ASSIGN_OR_RETURN(auto note, text_field(o, note_key));
  r.note = note.value_or("");
  r.by = user.name;
  return r;
}

// PATCH /api/projects/{code}: each attribute present in the body (null
// clears it) is one field of the change.
Result<UpdateRequest> update_of(const json::object& o, const User& user) {
  UpdateRequest r;
  LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user, "note"));
  for (const auto& [key, value] : o) {
    if (key == "on" || key == "note") continue;
    const AttributeField* f = find_attribute(key);
    if (!f) return Status::BadInput("unknown field '" + std::string(key) + "'");
    r.fields.emplace_back(f->name);
    if (f->text) {
      LUODI_ASSIGN_OR_RETURN(auto text, text_field(o, f->name.data()));
      r.values.*f->text = text.value_or("");
    } else {
      LUODI_ASSIGN_OR_RETURN(r.values.*f->amount, number_field(o, f->name.data()));
    }
  }
  if (r.fields.empty()) return Status::BadInput("nothing to update: give at least one field");
  return r;
}

Result<NewProject> new_project_of(const json::object& o) {
  NewProject p;
  LUODI_ASSIGN_OR_RETURN(auto code, text_field(o, "code"));
  LUODI_ASSIGN_OR_RETURN(auto name, text_field(o, "name"));
  LUODI_ASSIGN_OR_RETURN(auto unit, text_field(o, "unit"));
  if (!code || !name || !unit) return Status::BadInput("'code', 'name' and 'unit' are required");
  p.code = *code;
  auto& a = p.attributes;
  a.name = *name;
  a.unit = *unit;
  LUODI_ASSIGN_OR_RETURN(auto leader, text_field(o, "leader"));
  LUODI_ASSIGN_OR_RETURN(auto origin, text_field(o, "origin"));
  LUODI_ASSIGN_OR_RETURN(auto industry, text_field(o, "industry"));
  a.leader = leader.value_or("");
  a.origin = origin.value_or("");
  if (industry) {
    auto v = field::industry(*industry);
    if (!v) return Status::BadInput("'industry' must be primary, secondary or tertiary");
    a.industry = *v;
  }
  LUODI_ASSIGN_OR_RETURN(a.investment_wan, number_field(o, "investment_wan"));
  LUODI_ASSIGN_OR_RETURN(a.fixed_asset_wan, number_field(o, "fixed_asset_wan"));
  LUODI_ASSIGN_OR_RETURN(a.foreign_usd_wan, number_field(o, "foreign_usd_wan"));
  LUODI_ASSIGN_OR_RETURN(a.land_need_mu, number_field(o, "land_need_mu"));
  LUODI_ASSIGN_OR_RETURN(a.land_secured_mu, number_field(o, "land_secured_mu"));
  LUODI_ASSIGN_OR_RETURN(p.stage, text_field(o, "stage"));
  LUODI_ASSIGN_OR_RETURN(p.stage_since, date_field(o, "stage_since"));
  if (auto it = o.find("key"); it != o.end()) {
    if (!it->value().is_bool()) return Status::BadInput("'key' must be true or false");
    p.key = it->value().as_bool();
  }
  return p;
}

// A blocker id in a path; a path that names none is "not found".
Result<std::int64_t> blocker_id(const std::string& text) {
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size()) return Status::NotFound("no blocker " + text);
  return id;
}

// A 200 answer with a body of another type than JSON (pages, report text).
Response text_response(const std::string& body, const std::string& content_type, const Request& req) {
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = body;
  res.prepare_payload();
  return res;
}

// A request being handled: the parsed path and who asks.
class Call {
 public:
  Call(Engine& engine, const Request& req, std::string& route, const User& user, const ApiOptions& options)
      : engine_(engine), req_(req), route_(route), user_(user), options_(options) {}

  Result<Response> dispatch(const std::vector<std::string>& p) {
    const auto m = req_.method();
    const bool get = m == http::verb::get, post = m == http::verb::post, patch = m == http::verb::patch;
    if (p.size() == 2 && p[1] == "projects") {
      route_ = "/api/projects";
      if (get) return list();
      if (post) return create();
    } else if (p.size() == 3 && p[1] == "projects") {
      route_ = "/api/projects/{code}";
      if (get) return show(p[2]);
      if (patch) return update(p[2]);
    } else if (p.size() == 4 && p[1] == "projects") {
      const std::string& code = p[2];
      route_ = "/api/projects/{code}/" + p[3];
      if (p[3] == "history" && get) return history(code);
      if (p[3] == "advance" && post) return advance(code);
      if (p[3] == "blockers" && post) return block(code);
      if (p[3] == "cancel" && post) return cancel(code);
      if (p[3] == "plan" && post) return plan(code);
      if (p[3] == "invest" && post) return invest(code);
      if (p[3] != "history" && p[3] != "advance" && p[3] != "blockers" && p[3] != "cancel" &&
          p[3] != "plan" && p[3] != "invest")
        return Status::NotFound("no such resource");
    } else if (p.size() == 6 && p[1] == "projects" && p[3] == "blockers" && p[5] == "resolve") {
      route_ = "/api/projects/{code}/blockers/{id}/resolve";
      if (post) return resolve(p[2], p[4]);
    } else if (p.size() == 6 && p[1] == "projects" && p[3] == "blockers" && p[5] == "instructions") {
      route_ = "/api/projects/{code}/blockers/{id}/instructions";
      if (post) return instruct(p[2], p[4]);
    } else if (p.size() == 6 && p[1] == "projects" && p[3] == "instructions" && p[5] == "done") {
      route_ = "/api/projects/{code}/instructions/{id}/done";
      if (post) return instruction_done(p[2], p[4]);
    } else if (p.size() == 2 && p[1] == "overdue") {
      route_ = "/api/overdue";
      if (get) return overdue();
    } else if (p.size() == 2 && p[1] == "stats") {
      route_ = "/api/stats";
      if (get) return stats();
    } else if (p.size() == 2 && p[1] == "me") {
      route_ = "/api/me";
      if (get) return ok(json::object{{"name", user_.name}, {"role", to_string(user_.role)}, {"unit", user_.unit}});
    } else if (p.size() == 2 && p[1] == "workflow") {
      route_ = "/api/workflow";
      if (get) return ok(views::workflow_json(engine_.workflow()));
    } else if (p.size() == 2 && p[1] == "report") {
      route_ = "/api/report";
      if (get) {
        LUODI_ASSIGN_OR_RETURN(auto text, report_text(engine_, query_of(req_.target()), options_.targets_dir));
        return text_response(text.body, text.content_type, req_);
      }
    } else if (p.size() == 2 && p[1] == "export") {
      route_ = "/api/export";
      if (get) {
        LUODI_ASSIGN_OR_RETURN(auto file, export_file(engine_, query_of(req_.target()), user_));
        return text_response(file.body, file.content_type, req_);
      }
    } else if (p.size() == 2 && p[1] == "wall") {
      route_ = "/api/wall";
      if (get) {
        LUODI_ASSIGN_OR_RETURN(auto wall, wall_json(engine_));
        return ok(wall);
      }
    } else if ((p.size() == 3 || (p.size() == 4 && p[3] == "plan")) && p[1] == "campaigns") {
      route_ = p.size() == 3 ? "/api/campaigns/{id}" : "/api/campaigns/{id}/plan";
      if (get) return campaign(p[2], p.size() == 4);
    } else {
      return Status::NotFound("no such resource");
    }
    method_not_allowed_ = true;
    return Status::BadInput("method not allowed");
  }

  bool method_not_allowed() const { return method_not_allowed_; }
  bool wrote() const { return wrote_; }
  bool forbidden() const { return forbidden_; }

 private:
  Response ok(const json::value& body, http::status status = http::status::ok) {
    return json_response(status, body, req_);
  }

  // Loads the project and checks that the user may write it.
  Result<ProjectState> writable(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(ProjectState p, engine_.project(code));
    if (!may_write_project(user_, p.attributes.unit)) {
      forbidden_ = true;
      return Status::BadInput(user_.name + " (" + std::string(to_string(user_.role)) +
                              ") may not change projects of " + p.attributes.unit);
    }
    return p;
  }

  // ?as_of=YYYY-MM-DD, if given.
  Result<std::optional<Date>> as_of_param() {
    auto q = query_of(req_.target());
    if (!q.count("as_of") || q["as_of"].empty()) return std::optional<Date>();
    auto d = Date::parse(q["as_of"]);
    if (!d) return Status::BadInput(std::string("as_of must be ") + kDateForm);
    return std::optional<Date>(d);
  }

  Result<Response> tracked(const std::string& code, http::status status = http::status::ok,
                           std::optional<Date> as_of = std::nullopt) {
    LUODI_ASSIGN_OR_RETURN(TrackedProject t, engine_.tracked_project(code, as_of));
    return ok(views::tracked_json(engine_.workflow(), t), status);
  }

  Result<Response> list() {
    auto q = query_of(req_.target());
    ListQuery lq;
    auto opt = [&](const char* k) -> std::optional<std::string> {
      auto it = q.find(k);
      return it == q.end() || it->second.empty() ? std::nullopt : std::optional(it->second);
    };
    lq.stage = opt("stage");
    lq.unit = opt("unit");
    lq.leader = opt("leader");
    lq.status = opt("status");
    lq.light = opt("light");
    lq.overdue = q.count("overdue") && q["overdue"] != "false" && q["overdue"] != "0";
    LUODI_ASSIGN_OR_RETURN(auto as_of, as_of_param());
    LUODI_ASSIGN_OR_RETURN(auto projects, engine_.tracked(lq, as_of));
    json::array a;
    for (const auto& t : projects) a.push_back(views::tracked_json(engine_.workflow(), t));
    return ok(a);
  }

  Result<Response> show(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(auto as_of, as_of_param());
    return tracked(code, http::status::ok, as_of);
  }

  Result<Response> history(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(auto events, engine_.history(code));
    return ok(views::history_json(events));
  }

  Result<Response> create() {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_ASSIGN_OR_RETURN(NewProject p, new_project_of(o));
    if (!may_create_project(user_, p.attributes.unit)) {
      forbidden_ = true;
      return Status::BadInput(user_.name + " may not create projects of " + p.attributes.unit);
    }
    LUODI_RETURN_IF_ERROR(engine_.add(p, user_.name));
    wrote_ = true;
    return tracked(p.code, http::status::created);
  }

  Result<Response> advance(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    AdvanceRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    LUODI_ASSIGN_OR_RETURN(auto to, text_field(o, "to"));
    if (!to) return Status::BadInput("'to' (a stage) is required");
    r.to = *to;
    if (auto it = o.find("evidence"); it != o.end() && !it->value().is_null()) {
      if (!it->value().is_object()) return Status::BadInput("'evidence' must be an object of strings");
      for (const auto& kv : it->value().as_object()) {
        if (!kv.value().is_string()) return Status::BadInput("evidence values must be strings");
        r.evidence[std::string(kv.key())] = std::string(kv.value().as_string());
      }
    }
    LUODI_RETURN_IF_ERROR(engine_.advance(code, r));
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> block(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    BlockRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    LUODI_ASSIGN_OR_RETURN(auto category, text_field(o, "category"));
    LUODI_ASSIGN_OR_RETURN(auto reason, text_field(o, "reason"));
    LUODI_ASSIGN_OR_RETURN(auto owner, text_field(o, "owner"));
    if (!category || !reason) return Status::BadInput("'category' and 'reason' are required");
    r.category = *category;
    r.reason = *reason;
    r.owner = owner.value_or("");
    LUODI_ASSIGN_OR_RETURN(auto id, engine_.block(code, r));
    wrote_ = true;
    return ok(json::object{{"id", id}, {"project", code}}, http::status::created);
  }

  Result<Response> resolve(const std::string& code, const std::string& id_text) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_or_empty());
    LUODI_RETURN_IF_ERROR(writable(code).status());
    UnblockRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    LUODI_ASSIGN_OR_RETURN(r.blocker, blocker_id(id_text));
    LUODI_RETURN_IF_ERROR(engine_.unblock(code, r).status());
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> instruct(const std::string& code, const std::string& id_text) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    if (!may_instruct(user_)) {
      forbidden_ = true;
      return Status::BadInput(user_.name + " (" + std::string(to_string(user_.role)) +
                              ") may not write instructions");
    }
    InstructRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    LUODI_ASSIGN_OR_RETURN(auto text, text_field(o, "text"));
    LUODI_ASSIGN_OR_RETURN(auto assignee, text_field(o, "assignee"));
    LUODI_ASSIGN_OR_RETURN(r.due, date_field(o, "due"));
    if (!text) return Status::BadInput("'text' is required");
    r.text = *text;
    r.assignee = assignee.value_or("");
    LUODI_ASSIGN_OR_RETURN(r.blocker, blocker_id(id_text));
    LUODI_ASSIGN_OR_RETURN(auto id, engine_.instruct(code, r));
    wrote_ = true;
    return ok(json::object{{"id", id}, {"project", code}, {"blocker", r.blocker}}, http::status::created);
  }

  // A dated change of attributes: supervisors any project, a unit its own but
  // never its unit or leader.
  Result<Response> update(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    LUODI_ASSIGN_OR_RETURN(UpdateRequest r, update_of(o, user_));
    if (user_.role != Role::kSupervisor)
      for (const auto& f : r.fields)
        if (f == "unit" || f == "leader") {
          forbidden_ = true;
          return Status::BadInput(user_.name + " (" + std::string(to_string(user_.role)) + ") may not change '" + f + "'");
        }
    LUODI_RETURN_IF_ERROR(engine_.update(code, r).status());
    wrote_ = true;
    return tracked(code);
  }

  // An instruction closed on its assignee's report: leaders and supervisors,
  // and the unit whose project it is.
  Result<Response> instruction_done(const std::string& code, const std::string& id_text) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_or_empty());
    LUODI_ASSIGN_OR_RETURN(ProjectState p, engine_.project(code));
    if (!may_instruct(user_) && !may_write_project(user_, p.attributes.unit)) {
      forbidden_ = true;
      return Status::BadInput(user_.name + " (" + std::string(to_string(user_.role)) +
                              ") may not close instructions on projects of " + p.attributes.unit);
    }
    LUODI_ASSIGN_OR_RETURN(Recorded r, recorded_of(o, user_, "note"));
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || ptr != id_text.data() + id_text.size())
      return Status::NotFound("no instruction " + id_text);
    LUODI_RETURN_IF_ERROR(engine_.instruction_done(code, id, r));
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> invest(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    InvestRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    LUODI_ASSIGN_OR_RETURN(auto fixed, number_field(o, "fixed_asset_wan"));
    if (!fixed) return Status::BadInput("'fixed_asset_wan' (cumulative, 万元) is required");
    r.fixed_asset_wan = *fixed;
    LUODI_ASSIGN_OR_RETURN(r.foreign_arrived_usd_wan, number_field(o, "foreign_arrived_usd_wan"));
    LUODI_RETURN_IF_ERROR(engine_.invest(code, r));
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> cancel(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    LUODI_ASSIGN_OR_RETURN(Recorded r, recorded_of(o, user_, "reason"));
    LUODI_RETURN_IF_ERROR(engine_.cancel(code, r));
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> plan(const std::string& code) {
    LUODI_ASSIGN_OR_RETURN(json::object o, body_object(req_));
    LUODI_RETURN_IF_ERROR(writable(code).status());
    PlanRequest r;
    LUODI_ASSIGN_OR_RETURN(static_cast<Recorded&>(r), recorded_of(o, user_, "note"));
    if (auto it = o.find("clear"); it != o.end() && it->value().is_bool() && it->value().as_bool()) {
      LUODI_RETURN_IF_ERROR(engine_.clear_plan(code, r));
    } else {
      LUODI_ASSIGN_OR_RETURN(auto due, date_field(o, "due"));
      if (!due) return Status::BadInput("'due' is required (or \"clear\": true)");
      r.due = *due;
      LUODI_ASSIGN_OR_RETURN(r.stage, text_field(o, "stage"));
      LUODI_RETURN_IF_ERROR(engine_.plan(code, r));
    }
    wrote_ = true;
    return tracked(code);
  }

  Result<Response> overdue() {
    auto q = query_of(req_.target());
    ListQuery lq;
    if (q.count("unit")) lq.unit = q["unit"];
    if (q.count("leader")) lq.leader = q["leader"];
    LUODI_ASSIGN_OR_RETURN(auto as_of, as_of_param());
    LUODI_ASSIGN_OR_RETURN(auto items, engine_.overdue(lq, as_of));
    json::array a;
    for (const auto& o : items) a.push_back(views::overdue_json(engine_.workflow(), o));
    return ok(a);
  }

  Result<Response> stats() {
    LUODI_ASSIGN_OR_RETURN(auto as_of, as_of_param());
    LUODI_ASSIGN_OR_RETURN(Stats s, engine_.stats(as_of));
    return ok(views::stats_json(engine_.workflow(), s));
  }

  Result<Response> campaign(const std::string& id, bool plan) {
    LUODI_ASSIGN_OR_RETURN(auto report, engine_.campaign(id));
    return ok(plan ? views::campaign_plan_json(engine_.workflow(), report, engine_.today())
                   : views::campaign_status_json(report, engine_.today()));
  }

  Result<json::object> body_or_empty() {
    if (req_.body().empty()) return json::object{};
    return body_object(req_);
  }

  Engine& engine_;
  const Request& req_;
  std::string& route_;
  const User& user_;
  const ApiOptions& options_;
  bool method_not_allowed_ = false;
  bool wrote_ = false;
  bool forbidden_ = false;
};

}  // namespace

Response error_response(http::status status, const std::string& code, const std::string& message,
                        unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(keep_alive);
  res.body() = to_json_text(json::object{{"error", {{"code", code}, {"message", message}}}}, false);
  res.prepare_payload();
  return res;
}

Response error_response(const Status& s, unsigned version, bool keep_alive) {
  switch (s.code()) {
    case ErrorCode::kBadInput:
      return error_response(http::status::bad_request, "bad_input", s.message(), version, keep_alive);
    case ErrorCode::kNotFound:
      return error_response(http::status::not_found, "not_found", s.message(), version, keep_alive);
    case ErrorCode::kRefused:
      return error_response(http::status::conflict, "refused", s.message(), version, keep_alive);
    case ErrorCode::kConflict:
      return error_response(http::status::conflict, "conflict", s.message(), version, keep_alive);
    default:
      return error_response(http::status::internal_server_error, "internal", s.message(), version,
                            keep_alive);
  }
}

Response Api::handle(const Request& req, std::string& route, std::string& user_name) {
  user_name = "-";
  const std::string_view target(req.target().data(), req.target().size());
  const std::string path(target.substr(0, target.find('?')));
  const auto parts = split_path(path);
  const bool keep = req.keep_alive();
  if (path == "/healthz") {
    route = "/healthz";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET", req.version(), keep);
    return json_response(http::status::ok, json::object{{"status", "ok"}}, req);
  }
  if (path == "/metrics") {
    route = "/metrics";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET", req.version(), keep);
    Response res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.keep_alive(keep);
    res.body() = observer_ ? observer_->metrics_text(engine_) : "";
    res.prepare_payload();
    return res;
  }
  if (auto page = dashboard::page_for(path)) {
    route = path.rfind("/assets/", 0) == 0 ? "/assets" : path;
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET", req.version(), keep);
    Response res = text_response(std::string(page->body), page->content_type, req);
    res.set(http::field::cache_control, "no-cache");
    return res;
  }
  if (parts.empty() || parts[0] != "api") {
    route = "other";
    return error_response(http::status::not_found, "not_found", "no such resource", req.version(), keep);
  }
  route = "/api";
  const auto auth = req[http::field::authorization];
  // The wall chart is public when the server was started with --wall.
  if (options_.public_wall && auth.empty() && path == "/api/wall") {
    route = "/api/wall";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET", req.version(), keep);
    auto wall = wall_json(engine_);
    if (!wall.ok()) return error_response(wall.status(), req.version(), keep);
    return json_response(http::status::ok, *wall, req);
  }
  // Every other API call needs a bearer token.
  const std::string_view bearer = "Bearer ";
  if (auth.size() <= bearer.size() || auth.substr(0, bearer.size()) != bearer)
    return error_response(http::status::unauthorized, "unauthorized",
                          "an Authorization: Bearer TOKEN header is required", req.version(), keep);
  auto user = engine_.authenticate(std::string(auth.substr(bearer.size())));
  if (!user.ok())
    return error_response(http::status::unauthorized, "unauthorized", "unknown or revoked token",
                          req.version(), keep);
  user_name = user->name;
  Call call(engine_, req, route, *user, options_);
  Result<Response> r = call.dispatch(parts);
  if (r.ok()) {
    if (call.wrote() && on_write_) on_write_();
    return std::move(r).value();
  }
  if (call.method_not_allowed())
    return error_response(http::status::method_not_allowed, "method_not_allowed",
                          std::string(req.method_string()) + " is not allowed on " + path,
                          req.version(), keep);
  if (call.forbidden())
    return error_response(http::status::forbidden, "forbidden", r.status().message(), req.version(), keep);
  return error_response(r.status(), req.version(), keep);
}

}  // namespace luodi::server

#include "server/api.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <set>

#include "catalogue/catalogue.h"
#include "commands/read_commands.h"
#include "commands/scenario.h"
#include "commands/write_commands.h"
#include "common/json_text.h"
#include "common/status_table.h"
#include "common/url.h"
#include "dashboard/assets.h"
#include "luodi/report.h"
#include "server/health.h"
#include "server/leader_views.h"
#include "server/lease_keeper.h"
#include "views/json_views.h"
#include "views/rule_views.h"

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

std::map<std::string, std::string> query_of(std::string_view target) {
  std::map<std::string, std::string> out;
  auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view kv = rest.substr(0, amp);
    auto eq = kv.find('=');
    out[url_decode(kv.substr(0, eq))] =
        eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

// The wall chart of the city of ?city= (the router sends it to that city
// when it is served here): a city this engine is not is not served here.
Status wall_city(const Engine& engine, std::string_view target) {
  auto q = query_of(target);
  auto it = q.find("city");
  if (it == q.end() || it->second.empty() || it->second == engine.city()) return Status::Ok();
  return Status::NotFound("city " + it->second + " is not served here");
}

// A request's JSON object body; an empty body is an empty object.
Result<json::object> body_object(const Request& req) {
  if (req.body().empty()) return json::object{};
  json::error_code ec;
  json::value v = json::parse(req.body(), ec);
  if (ec) return Status::BadInput("malformed JSON: " + ec.message());
  if (!v.is_object()) return Status::BadInput("the body must be a JSON object");
  return std::move(v.as_object());
}

// A 200 answer with a body of another type than JSON (pages, report text).
Response text_response(std::string body, const std::string& content_type, const Request& req) {
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// Matches a path against a route pattern ("/api/projects/{code}/history"),
// filling the {names} it binds.
bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>& vars) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> bound;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = pattern[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      bound[seg.substr(1, seg.size() - 2)] = url_decode(path[i]);
    } else if (seg != path[i]) {
      return false;
    }
  }
  vars = std::move(bound);
  return true;
}

// A request being handled: who asks, and the path's {names}.
class Call {
 public:
  Call(Engine& engine, const Request& req, const User& user, const ApiOptions& options,
       std::map<std::string, std::string> vars)
      : engine_(engine), req_(req), user_(user), options_(options), vars_(std::move(vars)) {}

  // --- writes: every one from the table of commands ------------------------
  Result<Response> write(const commands::WriteCommand& command) {
    LUODI_RETURN_IF_ERROR(commands::check_writer(user_));  // before the body or the project
    LUODI_ASSIGN_OR_RETURN(json::object fields, body_object(req_));
    for (const auto& [name, value] : vars_) fields[name] = value;  // the path names the project
    LUODI_ASSIGN_OR_RETURN(
        WriteRequest request,
        commands::decode(command, commands::Params(std::move(fields)), user_.name));
    std::string unit;
    if (const auto* add = std::get_if<NewProject>(&request)) {
      unit = add->attributes.unit;
    } else {
      LUODI_ASSIGN_OR_RETURN(ProjectState p, engine_.project(code_of(request)));
      unit = p.attributes.unit;
    }
    LUODI_RETURN_IF_ERROR(command.authorize(user_, unit, request));
    LUODI_ASSIGN_OR_RETURN(Written written, engine_.execute(request));
    wrote_ = true;
    return ok(commands::written_json(engine_.workflow(), request, written, request_lang(req_)),
              command.creates ? http::status::created : http::status::ok);
  }

  // A new year's holiday table (the calendar's YAML as the body), for
  // supervisors: as luodi calendar load; ?dry_run=1 lists what would change.
  Result<Response> calendar_load() {
    LUODI_RETURN_IF_ERROR(commands::check_writer(user_));
    if (user_.role != Role::kSupervisor)
      return Status::Forbidden("loading a holiday table is for supervisors");
    auto q = query_of(req_.target());
    const bool dry = q.count("dry_run") && q["dry_run"] != "0" && q["dry_run"] != "false";
    LUODI_ASSIGN_OR_RETURN(RuleLoad load,
                           engine_.load_calendar({req_.body(), "calendar.yaml"}, dry));
    if (dry) return ok(views::rule_moves_json(load));
    wrote_ = true;  // the scheduler works every standing out again
    return ok(views::rule_load_json(load));
  }

  // --- reads: every one from the table of reads -----------------------------
  // The read's parameters from the query (and the path's {name}), who may
  // make it and its unit scope checked by the table; then its answer: the
  // table's JSON, its rows (paged), or the special answer of a long or
  // server-side read.
  Result<Response> read(const commands::ReadCommand& r) {
    std::string positional = vars_.empty() ? "" : vars_.begin()->second;
    LUODI_ASSIGN_OR_RETURN(commands::ReadArgs args,
                           commands::read_args(r, commands::Face::kHttp, query_of(req_.target()),
                                               std::move(positional), &user_));
    args.lang = request_lang(req_);
    if (r.rows) {
      args.user = nullptr;  // rows may be written after this call: they read no user
      return rows_of(r, std::move(args));
    }
    if (r.answer) {
      LUODI_ASSIGN_OR_RETURN(json::value v, r.answer(engine_, args));
      return ok(v);
    }
    // The special answers read the parameters as the table made them
    // (defaults in, empty values out, a unit user's unit its own).
    if (r.name == "report") return report(args);
    if (r.name == "province report") return province_report(args);
    if (r.name == "export") return exported(args);
    if (r.name == "wall") return wall();
    if (r.name == "whatif") return what_if();
    if (r.name == "routes") return routes();
    return Status::Internal("the read " + r.name + " has no answer");
  }

  Result<Response> report(const commands::ReadArgs& args) {
    LUODI_ASSIGN_OR_RETURN(ReportAsked asked, report_asked(engine_, args, options_.targets_dir));
    return streamed_report(std::move(asked));
  }

  // Every city, for the province's supervisors only (the table's 403).
  Result<Response> province_report(const commands::ReadArgs& args) {
    if (options_.database.empty() || !options_.clock)
      return Status::Internal("the server does not know its database");
    LUODI_ASSIGN_OR_RETURN(ReportAsked asked,
                           province_report_asked(engine_, args, options_.targets_dir,
                                                 options_.database, *options_.clock));
    return streamed_report(std::move(asked));
  }

  Result<Response> exported(const commands::ReadArgs& args) {
    LUODI_ASSIGN_OR_RETURN(ReportAsked asked, export_asked(engine_, args));
    return streamed_report(std::move(asked));
  }

  // A report or sheet, sent as it is rendered (a large city's is long).
  Response streamed_report(ReportAsked asked) {
    auto report = std::make_shared<ReportAsked>(std::move(asked));
    body_ = [report](const Send& send) { return send_report(*report, send); };
    return head_of(report->content_type);
  }

  Result<Response> wall() {
    LUODI_RETURN_IF_ERROR(wall_city(engine_, req_.target()));
    LUODI_ASSIGN_OR_RETURN(auto wall, wall_json(engine_, now_text(options_)));
    return ok(wall);
  }

  // A scenario weighed on an in-memory copy: a read, though it is posted.
  // Over the limits: 413; a unit's scenario moving another's project: 403.
  Result<Response> what_if() {
    auto too_large = [&](const Status& s) {
      return error_response(http::status::payload_too_large, "too_large", s.message(),
                            req_.version(), req_.keep_alive());
    };
    if (Status s = check_scenario_bytes(req_.body().size(), options_.whatif); !s.ok())
      return too_large(s);
    LUODI_ASSIGN_OR_RETURN(Scenario parsed, parse_scenario_json(req_.body()));
    if (Status s = check_scenario_events(parsed, options_.whatif); !s.ok()) return too_large(s);
    LUODI_ASSIGN_OR_RETURN(DecodedScenario scenario, commands::decode_scenario(parsed));
    LUODI_RETURN_IF_ERROR(in_scope(scenario));
    if (options_.defer_what_if) {
      what_if_ = std::make_shared<const DecodedScenario>(std::move(scenario));
      return head_of("application/json; charset=utf-8");
    }
    LUODI_ASSIGN_OR_RETURN(WhatIf answer, engine_.what_if(scenario));
    return ok(views::what_if_json(engine_.workflow(), answer));
  }

  // A unit moves only its own projects, in a scenario as in real writes
  // (an unknown project is left for the what-if to name).
  Status in_scope(const DecodedScenario& scenario) {
    if (user_.role != Role::kUnit) return Status::Ok();
    std::set<std::string> seen;
    for (const auto& w : scenario.writes) {
      const std::string& code = code_of(w.request);
      if (!seen.insert(code).second) continue;
      auto p = engine_.project(code);
      if (p.ok() && p->attributes.unit != user_.unit)
        return Status::Forbidden(
            w.where + ": " +
            whatif_message("whatif_other_unit", {{"code", p->code}, {"unit", p->attributes.unit}}));
    }
    return Status::Ok();
  }

  Result<Response> routes();

  bool wrote() const { return wrote_; }
  std::shared_ptr<const DecodedScenario> what_if_;  // admitted, to weigh in the lane

 private:
  Response ok(const json::value& body, http::status status = http::status::ok) {
    return json_response(status, body, req_);
  }

  const std::string& var(const std::string& name) { return vars_[name]; }

  // A paged read's answer: with a page asked for (?limit, ?cursor)
  // {"items": [...], "next": C|null}, its head now and its body (body_) sent
  // a row at a time as the rows are worked out, the next page's cursor last;
  // else the plain array of the first page, with a Link header to the next.
  Result<Response> rows_of(const commands::ReadCommand& r, commands::ReadArgs args) {
    const bool paged = args.paged;
    const PageRequest page = args.page;
    auto each = [&engine = engine_, &r, args = std::move(args)](const commands::EmitRow& emit) {
      return r.rows(engine, args, emit);
    };
    if (!paged) {
      std::string items("[");
      LUODI_ASSIGN_OR_RETURN(auto next, each([&](const commands::RowJson& row) {
                               if (items.size() > 1) items += ',';
                               JsonWriter w(items);
                               row(w);
                               return Status::Ok();
                             }));
      items += ']';
      return listing(std::move(items), next, page);
    }
    body_ = [each = std::move(each)](const Send& send) -> Status {
      const Status gone = Status::Internal("the client went away");
      bool first = true;
      auto next = each([&](const commands::RowJson& row) -> Status {
        std::string text(first ? "{\"items\":[" : ",");
        JsonWriter w(text);
        row(w);
        if (!send(text)) return gone;
        first = false;
        return Status::Ok();
      });
      if (!next.ok()) return next.status();
      const std::string cursor = *next ? to_json_text(json::value(**next), false) : "null";
      if (!send(std::string(first ? "{\"items\":[" : "") + "],\"next\":" + cursor + "}"))
        return gone;
      return Status::Ok();
    };
    return head_of("application/json; charset=utf-8");
  }

  // A streamed answer's head: 200 and the type of the body that follows.
  Response head_of(std::string_view content_type) const {
    Response head{http::status::ok, req_.version()};
    head.set(http::field::content_type, content_type);
    head.keep_alive(req_.keep_alive());
    return head;
  }

  // The answer to a list request that asked for no page: the plain array of
  // the first page, with a Link header to the next.
  Response listing(std::string items, const std::optional<std::string>& next,
                   const PageRequest& asked) {
    Response res = text_response(std::move(items), "application/json; charset=utf-8", req_);
    if (next) {
      const std::string_view target(req_.target().data(), req_.target().size());
      const std::string path(target.substr(0, target.find('?')));
      std::string query;
      for (const auto& [k, v] : query_of(target))
        if (k != "limit" && k != "cursor") query += url_encode(k) + "=" + url_encode(v) + "&";
      res.set(http::field::link, "<" + path + "?" + query +
                                     "limit=" + std::to_string(*asked.limit) + "&cursor=" + *next +
                                     ">; rel=\"next\"");
    }
    return res;
  }

  Engine& engine_;
  const Request& req_;
  const User& user_;
  const ApiOptions& options_;
  std::map<std::string, std::string> vars_;
  bool wrote_ = false;

 public:
  std::function<Status(const Send&)> body_;  // a streamed answer's body
};

// The API's route table: the reads below, and every write of the table of
// commands at its own route.
struct Route {
  http::verb method;
  std::string pattern;
  std::vector<std::string> segments;
  std::string summary;
  std::function<Result<Response>(Call&)> handle;
};

Route route(http::verb method, std::string pattern, std::string summary,
            std::function<Result<Response>(Call&)> handle) {
  auto segments = split_path(pattern);
  return {method, std::move(pattern), std::move(segments), std::move(summary), std::move(handle)};
}

const std::vector<Route>& routes() {
  static const std::vector<Route> table = [] {
    std::vector<Route> t;
    for (const auto& r : commands::read_commands()) {
      if (r.route.empty()) continue;
      const std::string query = r.query_help();
      t.push_back(route(http::string_to_verb(r.method), r.route,
                        r.summary + (query.empty() ? "" : " (" + query + ")"),
                        [&r](Call& c) { return c.read(r); }));
    }
    t.push_back(
        route(http::verb::post, "/api/calendar",
              "load a new year's holiday table, in force from today (supervisors; the "
              "calendar's YAML as the body; ?dry_run=1 lists the projects whose due date or "
              "light would change)",
              [](Call& c) { return c.calendar_load(); }));
    for (const auto& command : commands::write_commands()) {
      const http::verb method = http::string_to_verb(command.method);
      t.push_back(route(method, command.route, command.summary,
                        [&command](Call& c) { return c.write(command); }));
    }
    return t;
  }();
  return table;
}

Result<Response> Call::routes() {
  json::array a;
  for (const auto& r : luodi::server::routes()) {
    json::object o{{"method", std::string(http::to_string(r.method))},
                   {"route", r.pattern},
                   {"summary", r.summary}};
    for (const auto& c : commands::write_commands())
      if (c.route == r.pattern && c.method == http::to_string(r.method)) {
        json::array fields;
        for (const auto& f : c.fields)
          if (r.pattern.find("{" + f.name + "}") == std::string::npos)
            fields.push_back(json::object{{"name", f.name}, {"required", f.required}});
        o["command"] = c.name;
        o["cli"] = "luodi " + c.cli_verb;
        o["fields"] = std::move(fields);
      }
    for (const auto& c : commands::read_commands())
      if (c.route == r.pattern && c.method == http::to_string(r.method)) {
        json::array params;
        for (const auto& p : c.params)
          if (p.face != commands::Face::kCli &&
              std::find(params.begin(), params.end(), json::value(p.name)) == params.end())
            params.push_back(json::value(p.name));
        if (c.paging == commands::Paging::kRows)
          for (const char* p : {"limit", "cursor"}) params.push_back(json::value(p));
        o["read"] = c.name;
        if (!c.cli_verb.empty())
          o["cli"] = "luodi " + c.cli_verb + (c.cli_sub.empty() ? "" : " " + c.cli_sub);
        o["params"] = std::move(params);
      }
    a.push_back(std::move(o));
  }
  return ok(a);
}

}  // namespace

void set_security_headers(Response& res) {
  static const std::string policy = "default-src 'self'; script-src 'self'; style-src 'self' " +
                                    html_report_style_source() +
                                    "; object-src 'none'; base-uri 'none'; form-action 'self'";
  res.set("Content-Security-Policy", policy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

namespace {

// {"error": error} with its status.
Response error_json(http::status status, json::object error, unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(keep_alive);
  res.body() = to_json_text(json::object{{"error", std::move(error)}}, false);
  res.prepare_payload();
  return res;
}

}  // namespace

Response error_response(http::status status, const std::string& code, const std::string& message,
                        unsigned version, bool keep_alive) {
  return error_json(status, {{"code", code}, {"message", message}}, version, keep_alive);
}

Lang request_lang(const Request& req) {
  auto q = query_of(req.target());
  if (auto it = q.find("lang"); it != q.end())
    if (auto lang = parse_lang(it->second)) return *lang;
  const auto accept = req[http::field::accept_language];
  // The first language named decides: "en-GB,en;q=0.9" is English,
  // "zh-CN,zh;q=0.9,en;q=0.8" Chinese.
  if (accept.size() >= 2 && (accept.substr(0, 2) == "en" || accept.substr(0, 2) == "EN"))
    return Lang::kEn;
  return Lang::kZh;
}

Response error_response(const Status& s, const Request& req, bool keep_alive) {
  const StatusMapping& m = status_mapping(s.code());
  json::object error{{"code", m.name}, {"message", s.text(request_lang(req))}};
  // The input the error is about, when the message names one: a form shows
  // the error beside that field.
  for (const MessageArg& a : s.words().args)
    if (a.name == "field") error["field"] = a.en;
  return error_json(static_cast<http::status>(m.http_status), std::move(error), req.version(),
                    keep_alive);
}

Response Api::handle(const Request& req, std::string& route, std::string& user) {
  Answer a = answer(req, route, user);
  if (!a.body) return std::move(a.response);
  std::string body;
  const Status s = a.body([&](std::string_view piece) {
    body += piece;
    return true;
  });
  if (!s.ok()) return error_response(s, req, req.keep_alive());
  a.response.body() = std::move(body);
  a.response.prepare_payload();
  return std::move(a.response);
}

std::string now_text(const ApiOptions& options) {
  return format_local(options.clock ? options.clock->now() : SystemClock().now());
}

std::string bearer_token(const Request& req) {
  const auto auth = req[http::field::authorization];
  const std::string_view bearer = "Bearer ";
  if (auth.size() <= bearer.size() || auth.substr(0, bearer.size()) != bearer) return "";
  return std::string(auth.substr(bearer.size()));
}

Answer Api::answer(const Request& req, std::string& route, std::string& user_name,
                   std::optional<DataStamp> stamp) {
  user_name = "-";
  // A table another instance or process loaded since the last request (none
  // since the rules were read, when the stamp is the same).
  if (!stamp || rules_read_at_ != stamp) {
    rules_read_at_.reset();
    if (Status s = engine_.refresh_rules(); !s.ok())
      return error_response(s, req, req.keep_alive());
    rules_read_at_ = stamp;
  }
  const std::string_view target(req.target().data(), req.target().size());
  const std::string path(target.substr(0, target.find('?')));
  const auto parts = split_path(path);
  const bool keep = req.keep_alive();
  if (path == "/healthz") {
    route = "/healthz";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET",
                            req.version(), keep);
    Health health;
    if (options_.leases) health = health_of(*options_.leases, options_.lease_time);
    json::object body{{"status", health.ok ? "ok" : "unhealthy"},
                      {"store", engine_.store_kind()},
                      {"leases", std::move(health.leases)},
                      {"held", std::move(health.held)}};
    if (!health.ok) body["problems"] = std::move(health.problems);
    return json_response(health.ok ? http::status::ok : http::status::service_unavailable,
                         std::move(body), req);
  }
  if (path == "/metrics") {
    route = "/metrics";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET",
                            req.version(), keep);
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
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET",
                            req.version(), keep);
    Response res = text_response(std::string(page->body), page->content_type, req);
    res.set(http::field::cache_control, "no-cache");
    return res;
  }
  if (parts.empty() || parts[0] != "api") {
    route = "other";
    return error_response(http::status::not_found, "not_found", "no such resource", req.version(),
                          keep);
  }
  route = "/api";
  // The wall chart is public when the server was started with --wall (a
  // token sent with it, say the dashboard's of another city, is not asked for).
  if (options_.public_wall && path == "/api/wall") {
    route = "/api/wall";
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET",
                            req.version(), keep);
    if (Status s = wall_city(engine_, target); !s.ok()) return error_response(s, req, keep);
    auto wall = wall_json(engine_, now_text(options_));
    if (!wall.ok()) return error_response(wall.status(), req, keep);
    return json_response(http::status::ok, *wall, req);
  }
  // A public read (the page's words, read before sign-in) needs no token;
  // it changes only with the binary, so it may be cached a while.
  for (const auto& r : commands::read_commands()) {
    if (r.readers != commands::Readers::kPublic || r.route != path) continue;
    route = r.route;
    if (req.method() != http::verb::get)
      return error_response(http::status::method_not_allowed, "method_not_allowed", "use GET",
                            req.version(), keep);
    auto args = commands::read_args(r, commands::Face::kHttp, query_of(target), "", nullptr);
    if (!args.ok()) return error_response(args.status(), req, keep);
    auto body = r.answer(engine_, *args);
    if (!body.ok()) return error_response(body.status(), req, keep);
    Response res = json_response(http::status::ok, *body, req);
    res.set(http::field::cache_control, "public, max-age=300");
    return res;
  }
  // Every other API call needs a bearer token.
  const std::string token = bearer_token(req);
  if (token.empty())
    return error_response(http::status::unauthorized, "unauthorized",
                          catalogue::text("error_no_token", request_lang(req)), req.version(),
                          keep);
  // The token's user as read under this stamp (none revoked or changed since).
  const bool known = stamp && user_read_at_ == stamp && token == user_token_;
  auto user = known ? Result<User>(user_) : engine_.authenticate(token);
  if (!known) user_read_at_.reset();
  if (user.ok() && !known && stamp) {
    user_read_at_ = stamp;
    user_token_ = token;
    user_ = *user;
  }
  if (!user.ok())
    return error_response(http::status::unauthorized, "unauthorized",
                          catalogue::text("error_unknown_token", request_lang(req)), req.version(),
                          keep);
  user_name = user->name;
  // The route table: a path that matches a route with another method is 405.
  bool path_known = false;
  for (const auto& r : routes()) {
    std::map<std::string, std::string> vars;
    if (!matches(r.segments, parts, vars)) continue;
    if (!path_known) route = r.pattern;
    path_known = true;
    if (r.method != req.method()) continue;
    route = r.pattern;
    Call call(engine_, req, *user, options_, std::move(vars));
    Result<Response> response = r.handle(call);
    if (!response.ok()) return {error_response(response.status(), req, keep), {}};
    if (call.wrote() && on_write_) on_write_();
    Answer a{std::move(response).value(), std::move(call.body_)};
    a.what_if = std::move(call.what_if_);
    return a;
  }
  if (path_known)
    return error_response(http::status::method_not_allowed, "method_not_allowed",
                          std::string(req.method_string()) + " is not allowed on " + path,
                          req.version(), keep);
  return error_response(http::status::not_found, "not_found", "no such resource", req.version(),
                        keep);
}

Response Api::weigh(const Request& req, const DecodedScenario& scenario) {
  if (Status s = engine_.refresh_rules(); !s.ok()) return error_response(s, req, req.keep_alive());
  auto answer = engine_.what_if(scenario);
  if (!answer.ok()) return error_response(answer.status(), req, req.keep_alive());
  return json_response(http::status::ok, views::what_if_json(engine_.workflow(), *answer), req);
}

bool reads_only(const Request& req) {
  return req.method() == http::verb::get || req.method() == http::verb::head || is_what_if(req);
}

bool is_what_if(const Request& req) {
  const std::string_view target = req.target();
  return req.method() == http::verb::post && target.substr(0, target.find('?')) == kWhatIfRoute;
}

bool heavy_read(const Request& req) {
  if (req.method() != http::verb::get) return false;
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  for (const auto& r : commands::read_commands())
    if (r.long_read && r.method == "GET" && r.route == path) return true;
  return false;
}

}  // namespace luodi::server

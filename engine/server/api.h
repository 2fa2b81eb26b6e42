// The JSON API as a pure function: request in, response out, no socket. The
// CLI and the API are two faces of one Engine: the same commands, the same
// JSON shapes (views/), the same rules.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "luodi/engine.h"
#include "luodi/lang.h"
#include "whatif/limits.h"

namespace luodi::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// What the server counts and reports at /metrics.
struct Observer {
  virtual ~Observer() = default;
  virtual std::string metrics_text(Engine& engine) = 0;
};

class LeaseBoard;

struct ApiOptions {
  bool public_wall = false;            // serve the wall chart's data without a token (serve --wall)
  std::string targets_dir;             // where the report finds <year>.yaml
  const LeaseBoard* leases = nullptr;  // the cities whose lease this instance holds (/healthz)
  std::string database;                // where the other cities are (the province's roll-up)
  const Clock* clock = nullptr;
  std::chrono::milliseconds lease_time{
      15000};           // a keeper silent longer than this is unhealthy (/healthz)
  WhatIfLimits whatif;  // a scenario over them: 413
  // POST /api/whatif is checked (limits, scope) but not weighed: the answer
  // carries the scenario (Answer::what_if), for the what-if lane to weigh.
  bool defer_what_if = false;
};

// Hands a piece of a long body on; false once nobody takes it any more (the
// client went away): the body then stops.
using Send = std::function<bool(std::string_view)>;

// An answer: the whole response, or a long one's head and its body, written
// a piece at a time by `body` (a list of any length in bounded memory). A
// body that fails before it has sent anything is answered as an error.
struct Answer {
  Answer(Response whole) : response(std::move(whole)) {}  // implicit: most answers are whole
  Answer(Response head, std::function<Status(const Send&)> body)
      : response(std::move(head)), body(std::move(body)) {}
  Response response;
  std::function<Status(const Send&)> body;  // empty: `response` is whole
  // A what-if admitted but not weighed yet (ApiOptions::defer_what_if):
  // Api::weigh answers it. `response` is then only a placeholder.
  std::shared_ptr<const DecodedScenario> what_if;
};

// What the server knew of the database when a read came in: a version that
// every commit by any connection changes (SQLite's data_version, plus the
// writes the server answered), and the day. Two reads under one stamp see the
// same rules and the same users (the response cache answers a GET again
// under it).
struct DataStamp {
  std::int64_t version = 0;
  Date day;
  bool operator==(const DataStamp&) const = default;
};

class Api {
 public:
  // `on_write` is called after every successful write (the scheduler re-arms).
  Api(Engine& engine, Observer* observer, std::function<void()> on_write, ApiOptions options = {})
      : engine_(engine),
        observer_(observer),
        on_write_(std::move(on_write)),
        options_(std::move(options)) {}

  // Handles one request. `route` is set to the route's pattern (for metrics
  // and logs) and `user` to who made it ("-" when anonymous).
  Response handle(const Request& req, std::string& route, std::string& user);
  // The same, with a long body left to be written as it is sent.
  // `stamp`, when given, is the database's when the request came in: the
  // rules' revision and the token's user read under the same stamp before
  // are not read again.
  Answer answer(const Request& req, std::string& route, std::string& user,
                std::optional<DataStamp> stamp = std::nullopt);
  // The answer to the what-if `req`, admitted by answer() as `scenario`.
  Response weigh(const Request& req, const DecodedScenario& scenario);

 private:
  Engine& engine_;
  Observer* observer_;
  std::function<void()> on_write_;
  ApiOptions options_;
  // The stamp the rules were last refreshed under, and the last token's user
  // with the stamp it was read under (a revocation is a commit: a new stamp).
  std::optional<DataStamp> rules_read_at_, user_read_at_;
  std::string user_token_;
  User user_;
};

// The server's time now, "YYYY-MM-DDTHH:MM:SS+08:00" (pages show it, not the viewer's machine's).
std::string now_text(const ApiOptions& options);

// The bearer token of `req` ("" when it has none).
std::string bearer_token(const Request& req);

// POST /api/whatif changes nothing: it is answered like a GET, in the
// what-if lane (server/whatif_lane.h), or by a reader when there is none.
inline constexpr std::string_view kWhatIfRoute = "/api/whatif";
// Whether a request only reads (GET, HEAD, the what-if): a reader answers it.
bool reads_only(const Request& req);
// Whether `req` is POST /api/whatif.
bool is_what_if(const Request& req);
// Whether a read is long whatever its size (the report, the province's
// roll-up, the export): the server answers it on readers of its own, so that
// long reads cannot take every reader from the quick ones.
bool heavy_read(const Request& req);

// Sets the headers every response carries, whoever made it (a route, an
// error, a streamed answer, the server refusing a request):
// Content-Security-Policy (the dashboard's own files only: no inline script,
// no inline style but the report's one <style> block, by its hash; no
// plugins, no <base>, forms only to itself), X-Content-Type-Options: nosniff
// and Referrer-Policy: no-referrer. The server calls it just before writing.
void set_security_headers(Response& res);

// {"error": {"code": "...", "message": "..."}} with the HTTP status for `s`:
// 400 bad input, 403 forbidden, 404 not found, 409 refused or conflict, 500 otherwise.
// The error as JSON: {"error": {"code", "message"}}, the code stable, the
// message in the request's language (request_lang).
Response error_response(const Status& s, const Request& req, bool keep_alive);
// The language a request asks for: ?lang=zh|en, else its Accept-Language
// (English only when it prefers en), else Chinese.
Lang request_lang(const Request& req);
Response error_response(http::status status, const std::string& code, const std::string& message,
                        unsigned version, bool keep_alive);

}  // namespace luodi::server

// Two real `luodi serve` on one PostgreSQL database: either answers any
// request, one holds the city's lease and does its scheduled work, a CLI
// tick racing them adds nothing twice, and when the owner is killed with
// SIGKILL in the middle of a delivery the other takes over and sends what
// was due, each notification to its receiver under its own key.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "support/postgres.h"
#include "support/server_process.h"
#include "support/test_support.h"
#include "support/webhook_receiver.h"

namespace luodi {
namespace {

using testing::http_request;
using testing::run_luodi;
using testing::ScratchPostgres;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kNow = "2026-06-30T10:00";

class PostgresServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LUODI_NEED_POSTGRES();
    pg_ = std::make_unique<ScratchPostgres>();
    ASSERT_EQ(cli({"init", "--workflow",
                   testing::write_workflow_without_digests(dir_.file("wf.yaml"), false)})
                  .exit_code,
              0);
    // Three projects whose reminders are due today.
    for (int i = 1; i <= 3; ++i)
      ASSERT_EQ(cli({"add", "P" + std::to_string(i), "--name", "项目", "--unit", "游埠镇",
                     "--stage", "pre_review", "--stage-since", "2026-01-10"})
                    .exit_code,
                0);
    token_ = cli({"user", "add", "督查科", "--role", "supervisor"}).out.substr(0, 64);
  }

  // Adds a project due today through `server`'s API (which pokes its scheduler).
  void add_through(const ServerProcess& server, const std::string& code) {
    auto r = http_request(
        server.port(), "POST", "/api/projects",
        R"({"code": ")" + code +
            R"(", "name": "项目", "unit": "游埠镇", "stage": "pre_review", "stage_since": "2026-01-10"})",
        token_);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // A second city, suzhou, with one project SZ-1; its supervisor's token.
  std::string add_suzhou() {
    EXPECT_EQ(cli({"city", "add", "suzhou", "--name", "宿州市"}).exit_code, 0);
    EXPECT_EQ(cli({"--city", "suzhou", "add", "SZ-1", "--name", "宿州项目", "--unit", "埇桥区",
                   "--stage", "pre_review", "--stage-since", "2026-01-10"})
                  .exit_code,
              0);
    return cli({"--city", "suzhou", "user", "add", "宿州督查", "--role", "supervisor"})
        .out.substr(0, 64);
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", pg_->uri()});
    return run_luodi(args, {{"LUODI_NOW", kNow}});
  }
  void add_receiver(unsigned short port) {
    auto r = cli({"contact", "add", "游埠镇招商办", "--role", "unit", "--unit", "游埠镇",
                  "--channel", "webhook:http://127.0.0.1:" + std::to_string(port) + "/hook"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::unique_ptr<ServerProcess> serve() {
    return std::make_unique<ServerProcess>(
        pg_->uri(),
        std::vector<std::string>{"--lease-ms", "1500", "--webhook-timeout-ms", "1000",
                                 "--retry-first-ms", "100"},
        std::map<std::string, std::string>{{"LUODI_NOW", kNow}});
  }
  static std::vector<std::string> leases_of(const ServerProcess& s) {
    auto reply = http_request(s.port(), "GET", "/healthz");
    std::vector<std::string> out;
    if (reply.status != 200) return out;
    auto v = boost::json::parse(reply.body);
    for (const auto& c : v.at("leases").as_array()) out.emplace_back(c.as_string());
    return out;
  }
  boost::json::array outbox() {
    auto v = boost::json::parse(cli({"outbox", "--json"}).out);
    return v.is_array() ? std::move(v.get_array()) : boost::json::array();
  }
  bool all_sent() {
    auto rows = outbox();
    for (const auto& r : rows)
      if (r.at("channel").as_string().starts_with("webhook:") && r.at("state") != "sent")
        return false;
    return !rows.empty();
  }
  template <typename Done>
  static bool wait_for(Done done, int seconds = 20) {
    for (int i = 0; i < seconds * 20; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }
  // Every webhook row of the outbox, by key.
  std::set<std::string> webhook_keys() {
    std::set<std::string> keys;
    for (const auto& r : outbox())
      if (r.at("channel").as_string().starts_with("webhook:"))
        keys.insert(std::string(r.at("key").as_string()));
    return keys;
  }

  TempDir dir_;
  std::unique_ptr<ScratchPostgres> pg_;
  std::string token_;
};

TEST_F(PostgresServerTest, TwoServersShareTheWorkAndEachNotificationGoesOnce) {
  testing::WebhookReceiver receiver(0);
  add_receiver(receiver.port());
  auto a = serve();
  auto b = serve();
  // Exactly one holds the city's lease; both say they are on PostgreSQL.
  ASSERT_TRUE(wait_for([&] { return leases_of(*a).size() + leases_of(*b).size() == 1; }));
  auto health = boost::json::parse(http_request(a->port(), "GET", "/healthz").body);
  EXPECT_EQ(health.at("store"), "postgresql");
  // A CLI tick races the lease owner's scheduler: the outbox's key keeps each once.
  auto racing = cli({"tick"});
  EXPECT_EQ(racing.exit_code, 0) << racing.err;
  // Every row recorded sent: nothing more goes after that (the observable event).
  ASSERT_TRUE(wait_for([&] { return all_sent(); })) << a->log() << b->log();
  const auto keys = webhook_keys();
  ASSERT_GE(keys.size(), 3u);
  std::map<std::string, int> received;
  for (const auto& c : receiver.calls()) ++received[c.idempotency_key];
  EXPECT_EQ(received.size(), keys.size());
  for (const auto& [key, n] : received) {
    EXPECT_TRUE(keys.count(key)) << key;
    EXPECT_EQ(n, 1) << key << " was sent " << n << " times";
  }
  // Any instance answers any request, writes included.
  auto moved = http_request(
      b->port(), "POST", "/api/projects/P1/advance",
      R"({"to": "site_entry", "on": "2026-06-29", "evidence": {"permit": "x"}})", token_);
  EXPECT_EQ(moved.status, 200) << moved.body;
  auto seen = http_request(a->port(), "GET", "/api/projects/P1", "", token_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(boost::json::parse(seen.body).at("stage"), "site_entry");
  // A project made due through the instance without the lease: the holder
  // hears of it (LISTEN/NOTIFY) and sends its reminder at once, not at its
  // next poll a minute later.
  const ServerProcess& other = leases_of(*a).empty() ? *a : *b;
  const std::size_t before = receiver.calls().size();
  const auto asked = std::chrono::steady_clock::now();
  add_through(other, "P9");
  ASSERT_TRUE(wait_for([&] { return receiver.calls().size() > before; }, 10))
      << a->log() << b->log();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(5));
  EXPECT_EQ(a->stop(), 0);
  EXPECT_EQ(b->stop(), 0);
  EXPECT_EQ(cli({"verify"}).exit_code, 0);
}

TEST_F(PostgresServerTest, TheLeaseOwnerKilledMidDeliveryIsTakenOverAndNothingIsLost) {
  testing::WebhookReceiver receiver(0);
  add_receiver(receiver.port());
  auto a = serve();
  ASSERT_TRUE(wait_for([&] { return leases_of(*a).size() == 1; }));
  auto b = serve();
  // a delivers the first reminders and records them sent.
  ASSERT_TRUE(wait_for([&] { return all_sent(); })) << a->log();
  const auto delivered = webhook_keys();
  const std::size_t before = receiver.calls().size();
  ASSERT_EQ(before, delivered.size());
  // Three more become due; a sends them, and dies while the receiver holds
  // the first of those calls (the others wait behind it).
  receiver.hold_call(before, std::chrono::milliseconds(1000));
  for (const char* code : {"P4", "P5", "P6"}) add_through(*a, code);
  ASSERT_TRUE(wait_for([&] { return receiver.calls().size() > before; })) << a->log();
  EXPECT_TRUE(leases_of(*b).empty()) << "a holds the lease";
  const auto killed_at = std::chrono::steady_clock::now();
  a->kill_now();
  ASSERT_TRUE(wait_for([&] { return leases_of(*b).size() == 1; })) << b->log();
  const auto taken_over = std::chrono::steady_clock::now() - killed_at;
  EXPECT_LT(taken_over, std::chrono::milliseconds(1500 + 1000)) << "within the lease's time";
  // Every row recorded sent: nothing more goes after that (the observable event).
  ASSERT_TRUE(wait_for([&] { return all_sent(); }, 30)) << b->log();
  // Nothing lost: every row reached the receiver. Nothing repeated: what a
  // recorded as sent went once; only what was in flight when it died went
  // again, under the same Idempotency-Key (which a receiver recognises).
  const auto keys = webhook_keys();
  std::map<std::string, int> received;
  for (const auto& c : receiver.calls()) ++received[c.idempotency_key];
  EXPECT_EQ(received.size(), keys.size());
  for (const auto& key : keys) {
    if (delivered.count(key)) {
      EXPECT_EQ(received[key], 1) << key << ": recorded sent before the kill";
    } else {
      EXPECT_GE(received[key], 1) << key;
      EXPECT_LE(received[key], 2) << key;
    }
  }
  // Recorded once each: a's rows by a; the rest by b (a slow receiver may
  // cost b an attempt that timed out, counted as such).
  for (const auto& r : outbox()) {
    if (!r.at("channel").as_string().starts_with("webhook:")) continue;
    EXPECT_EQ(r.at("state"), "sent") << r;
    if (delivered.count(std::string(r.at("key").as_string()))) {
      EXPECT_EQ(r.at("attempts").to_number<int>(), 1) << r;
    }
  }
  std::cerr << "takeover after SIGKILL: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(taken_over).count() << " ms\n";
  EXPECT_EQ(b->stop(), 0);
}

// Two cities in one database: each city's server and tokens see only its
// own projects; a province user gets the roll-up and any city's report.
TEST_F(PostgresServerTest, CitiesAreKeptApartAndTheProvinceSeesThemAll) {
  const std::string suzhou_token = add_suzhou();
  const std::string province =
      cli({"user", "add", "省发改委", "--role", "province"}).out.substr(0, 64);
  auto home = serve();
  ServerProcess suzhou(pg_->uri(), {"--lease-ms", "1500"},
                       {{"LUODI_NOW", kNow}, {"LUODI_CITY", "suzhou"}});
  // Each city's server holds its own city's lease.
  ASSERT_TRUE(wait_for([&] { return leases_of(*home) == std::vector<std::string>{"default"}; }));
  ASSERT_TRUE(wait_for([&] { return leases_of(suzhou) == std::vector<std::string>{"suzhou"}; }));
  // The default city's token never reads suzhou's project, nor the other way round.
  EXPECT_EQ(http_request(home->port(), "GET", "/api/projects/SZ-1", "", token_).status, 404);
  EXPECT_EQ(http_request(suzhou.port(), "GET", "/api/projects/SZ-1", "", suzhou_token).status, 200);
  EXPECT_EQ(http_request(suzhou.port(), "GET", "/api/projects/P1", "", suzhou_token).status, 404);
  EXPECT_EQ(http_request(suzhou.port(), "GET", "/api/projects/SZ-1", "", token_).status, 401)
      << "a token of another city is no token here";
  // The province's roll-up: one row per city; for province users only; read-only.
  auto rollup =
      http_request(home->port(), "GET", "/api/province/report?as_of=2026-06-30", "", province);
  ASSERT_EQ(rollup.status, 200) << rollup.body;
  auto rows = boost::json::parse(rollup.body).at("sections").at("cities").at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u) << rollup.body;  // default, suzhou, the total
  EXPECT_EQ(rows[1].at("city"), "宿州市");
  EXPECT_EQ(rows[2].at("key_projects").to_number<double>(), 4);
  EXPECT_EQ(http_request(home->port(), "GET", "/api/province/report", "", token_).status, 403);
  EXPECT_EQ(http_request(home->port(), "POST", "/api/projects/P1/advance",
                         R"({"to": "site_entry"})", province)
                .status,
            403);
  // The drill-down is the city's own report, as its CLI writes it.
  auto drill =
      http_request(home->port(), "GET",
                   "/api/province/report?city=suzhou&as_of=2026-06-30&format=csv", "", province);
  ASSERT_EQ(drill.status, 200) << drill.body;
  EXPECT_EQ(drill.body,
            cli({"--city", "suzhou", "report", "--as-of", "2026-06-30", "--format", "csv"}).out);
  EXPECT_EQ(
      http_request(home->port(), "GET", "/api/province/report?city=nowhere", "", province).status,
      404);
  auto cli_rollup = cli({"report", "--province", "--as-of", "2026-06-30", "--format", "csv"});
  EXPECT_EQ(cli_rollup.exit_code, 0) << cli_rollup.err;
  EXPECT_NE(cli_rollup.out.find("宿州市,1,1,0,0,"), std::string::npos) << cli_rollup.out;
  EXPECT_EQ(home->stop(), 0);
  EXPECT_EQ(suzhou.stop(), 0);
}

// Servers that serve every city (serve --all-cities): any of them answers
// any city's user, each request in its token's city; the cities' leases
// are held apart, and when a server dies the other takes its cities over.
TEST_F(PostgresServerTest, ServersOfEveryCityAnswerEachTokenInItsOwnCity) {
  const std::string suzhou_token = add_suzhou();
  const std::vector<std::string> flags{"--lease-ms", "1500", "--all-cities"};
  auto a = std::make_unique<ServerProcess>(pg_->uri(), flags,
                                           std::map<std::string, std::string>{{"LUODI_NOW", kNow}});
  auto b = std::make_unique<ServerProcess>(pg_->uri(), flags,
                                           std::map<std::string, std::string>{{"LUODI_NOW", kNow}});
  // Each city's lease is held by one of them.
  auto all_held = [&] {
    auto held = leases_of(*a);
    for (auto& c : leases_of(*b)) held.push_back(c);
    std::sort(held.begin(), held.end());
    return held == std::vector<std::string>{"default", "suzhou"};
  };
  ASSERT_TRUE(wait_for(all_held)) << a->log() << b->log();
  for (const ServerProcess* s : {a.get(), b.get()}) {
    EXPECT_EQ(http_request(s->port(), "GET", "/api/projects/P1", "", token_).status, 200);
    EXPECT_EQ(http_request(s->port(), "GET", "/api/projects/SZ-1", "", token_).status, 404);
    EXPECT_EQ(http_request(s->port(), "GET", "/api/projects/SZ-1", "", suzhou_token).status, 200);
    EXPECT_EQ(http_request(s->port(), "GET", "/api/projects/P1", "", suzhou_token).status, 404);
    EXPECT_EQ(http_request(s->port(), "GET", "/api/projects/P1", "", std::string(64, 'f')).status,
              401);
  }
  // A write goes to its token's city, on either server.
  auto added =
      http_request(a->port(), "POST", "/api/projects",
                   R"({"code": "SZ-2", "name": "宿州新项目", "unit": "埇桥区", "stage": "signed"})",
                   suzhou_token);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(http_request(b->port(), "GET", "/api/projects/SZ-2", "", suzhou_token).status, 200);
  EXPECT_EQ(cli({"--city", "suzhou", "show", "SZ-2"}).exit_code, 0);
  EXPECT_NE(cli({"show", "SZ-2"}).exit_code, 0) << "not in the default city";
  // A revoked token of suzhou is refused on both, though it was seen before.
  ASSERT_EQ(cli({"--city", "suzhou", "user", "revoke", "宿州督查"}).exit_code, 0);
  EXPECT_EQ(http_request(a->port(), "GET", "/api/projects/SZ-1", "", suzhou_token).status, 401);
  EXPECT_EQ(http_request(b->port(), "GET", "/api/projects/SZ-1", "", suzhou_token).status, 401);
  // The one that holds a lease dies; the other takes every city over.
  ServerProcess* holder = leases_of(*a).empty() ? b.get() : a.get();
  ServerProcess* other = holder == a.get() ? b.get() : a.get();
  holder->kill_now();
  ASSERT_TRUE(wait_for([&] {
    return leases_of(*other) == std::vector<std::string>{"default", "suzhou"};
  })) << other->log();
  EXPECT_EQ(other->stop(), 0);
}

// serve --all-cities follows the database's cities while it runs, without
// a restart: a city added with the CLI is served within the lease's time
// (its token, its reminders, its gauges, its public wall chart), and a city
// removed stops being served (its lease given up, its token refused).
TEST_F(PostgresServerTest, ACityAddedOrRemovedWhileServingIsFollowedWithoutARestart) {
  constexpr auto kLease = std::chrono::milliseconds(600);
  testing::WebhookReceiver receiver(0);
  ServerProcess server(pg_->uri(),
                       {"--lease-ms", std::to_string(kLease.count()), "--all-cities", "--wall",
                        "--webhook-timeout-ms", "1000", "--retry-first-ms", "100"},
                       {{"LUODI_NOW", kNow}});
  const auto p = server.port();
  ASSERT_TRUE(wait_for([&] { return leases_of(server) == std::vector<std::string>{"default"}; }))
      << server.log();
  auto served = [&](const std::string& token) {
    return http_request(p, "GET", "/api/projects/SZ-1", "", token).status == 200;
  };

  // suzhou, added while the server runs: a unit whose reminders go to the
  // receiver, a project due today, a supervisor.
  const auto added_at = std::chrono::steady_clock::now();
  ASSERT_EQ(cli({"city", "add", "suzhou", "--name", "宿州市"}).exit_code, 0);
  auto contact = cli({"--city", "suzhou", "contact", "add", "埇桥区招商办", "--role", "unit",
                      "--unit", "埇桥区", "--channel",
                      "webhook:http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"});
  ASSERT_EQ(contact.exit_code, 0) << contact.err;
  ASSERT_EQ(cli({"--city", "suzhou", "add", "SZ-1", "--name", "宿州项目", "--unit", "埇桥区",
                 "--stage", "pre_review", "--stage-since", "2026-01-10"})
                .exit_code,
            0);
  const std::string suzhou_token =
      cli({"--city", "suzhou", "user", "add", "宿州督查", "--role", "supervisor"})
          .out.substr(0, 64);
  // Its token is answered within a few lease times (polled: 401 until then).
  const auto asked = std::chrono::steady_clock::now();
  while (!served(suzhou_token) && std::chrono::steady_clock::now() - asked < 5 * kLease)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(served(suzhou_token))
      << "not served " << 5 * kLease.count() << " ms after its user was added\n"
      << server.log();
  std::cerr << "a new city's token answered "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - asked)
                   .count()
            << " ms after its user was added (the city added "
            << std::chrono::duration_cast<std::chrono::milliseconds>(asked - added_at).count()
            << " ms before it)\n";
  EXPECT_EQ(http_request(p, "GET", "/api/projects/P1", "", token_).status, 200)
      << "the default city goes on";
  EXPECT_EQ(http_request(p, "GET", "/api/projects/SZ-1", "", token_).status, 404)
      << "each city its own";
  // It is supervised: its lease is taken and its overdue reminder delivered.
  ASSERT_TRUE(wait_for([&] {
    return leases_of(server) == std::vector<std::string>{"default", "suzhou"};
  })) << server.log();
  ASSERT_TRUE(wait_for([&] {
    for (const auto& c : receiver.calls())
      if (c.accepted && c.body.find("SZ-1") != std::string::npos) return true;
    return false;
  })) << server.log();
  // /metrics labels each city's gauges with it.
  const std::string metrics = http_request(p, "GET", "/metrics").body;
  for (const char* want :
       {"luodi_overdue_projects{city=\"default\"} ", "luodi_overdue_projects{city=\"suzhou\"} ",
        "luodi_projects{city=\"default\",stage=\"pre_review\",",
        "luodi_projects{city=\"suzhou\",stage=\"pre_review\",",
        "luodi_outbox{city=\"suzhou\",state=\"pending\"} "})
    EXPECT_NE(metrics.find(want), std::string::npos) << want << "\n" << metrics;
  {  // the same without readers (/metrics answered on the writer thread)
    ServerProcess writer_only(pg_->uri(), {"--all-cities", "--readers", "0"},
                              {{"LUODI_NOW", kNow}});
    const std::string m = http_request(writer_only.port(), "GET", "/metrics").body;
    EXPECT_NE(m.find("luodi_overdue_projects{city=\"default\"} "), std::string::npos) << m;
    EXPECT_NE(m.find("luodi_overdue_projects{city=\"suzhou\"} "), std::string::npos) << m;
    EXPECT_EQ(writer_only.stop(), 0);
  }
  // The public wall chart of either city: ?city=, by default the first.
  EXPECT_EQ(http_request(p, "GET", "/wall?city=suzhou").status, 200);
  auto codes_on_wall = [&](const std::string& target) {
    auto reply = http_request(p, "GET", target);
    std::set<std::string> codes;
    if (reply.status != 200) return codes;
    const auto wall = boost::json::parse(reply.body);
    for (const auto& row : wall.at("projects").as_array())
      codes.insert(std::string(row.at("code").as_string()));
    return codes;
  };
  EXPECT_EQ(codes_on_wall("/api/wall?city=suzhou"), std::set<std::string>{"SZ-1"});
  EXPECT_EQ(codes_on_wall("/api/wall"), (std::set<std::string>{"P1", "P2", "P3"}));
  EXPECT_EQ(codes_on_wall("/api/wall?city=default"), (std::set<std::string>{"P1", "P2", "P3"}));
  EXPECT_EQ(http_request(p, "GET", "/api/wall?city=nowhere").status, 404);

  // Removing a city is asked for twice: without --yes nothing goes.
  auto unsure = cli({"city", "remove", "suzhou"});
  EXPECT_EQ(unsure.exit_code, 2);
  EXPECT_NE(unsure.err.find("--yes"), std::string::npos) << unsure.err;
  EXPECT_TRUE(served(suzhou_token));
  // It goes while one of its reminders is in flight (the receiver holds it).
  const std::size_t before = receiver.calls().size();
  receiver.hold_call(before, std::chrono::milliseconds(1500));
  ASSERT_EQ(cli({"--city", "suzhou", "add", "SZ-2", "--name", "宿州项目二", "--unit", "埇桥区",
                 "--stage", "pre_review", "--stage-since", "2026-01-10"})
                .exit_code,
            0);
  ASSERT_TRUE(wait_for([&] { return receiver.calls().size() > before; })) << server.log();
  auto removed = cli({"city", "remove", "suzhou", "--yes"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  const auto removed_at = std::chrono::steady_clock::now();
  EXPECT_EQ(cli({"city", "list", "--json"}).out.find("suzhou"), std::string::npos);
  // The server stops serving it (it says so, and gives its lease up) ...
  ASSERT_TRUE(wait_for([&] {
    return server.log().find("cities: city suzhou removed: no longer served") !=
               std::string::npos &&
           leases_of(server) == std::vector<std::string>{"default"};
  })) << server.log();
  std::cerr << "a removed city no longer served after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - removed_at)
                   .count()
            << " ms\n";
  // The delivery in flight ends (its outcome cannot be recorded: the city is
  // gone) and the server goes on.
  ASSERT_TRUE(wait_for([&] { return server.log().find("webhook SZ-2|") != std::string::npos; }))
      << server.log();
  // ... so its token is no token, its gauges and its wall are gone; the other city goes on.
  EXPECT_EQ(http_request(p, "GET", "/api/projects/SZ-1", "", suzhou_token).status, 401);
  EXPECT_EQ(http_request(p, "GET", "/api/projects/P1", "", token_).status, 200);
  EXPECT_EQ(http_request(p, "GET", "/metrics").body.find("city=\"suzhou\""), std::string::npos);
  EXPECT_EQ(http_request(p, "GET", "/api/wall?city=suzhou").status, 404);
  // A city of that name added again is a new city, served again.
  ASSERT_EQ(cli({"city", "add", "suzhou", "--name", "宿州市"}).exit_code, 0);
  ASSERT_TRUE(wait_for([&] {
    return leases_of(server) == std::vector<std::string>{"default", "suzhou"};
  })) << server.log();
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace luodi

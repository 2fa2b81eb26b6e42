// End-to-end: long lists in pages. Following the cursors of `list`,
// `overdue` and `outbox` gives every row once, in order, even when rows are
// added between pages; --jsonl ends with the next cursor; the API pages the
// same way and, asked for no page, answers the first 500 rows with a Link
// to the rest.
#include <gtest/gtest.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <filesystem>

#include "support/server_process.h"
#include "support/test_database.h"
#include "support/test_support.h"

namespace luodi {
namespace {

namespace json = boost::json;
using testing::http_request;
using testing::run_luodi;
using testing::ServerProcess;
using testing::TempDir;

class Paging : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_.file("none"));
    ASSERT_EQ(cli({"init", "--campaigns", dir_.file("none")}).exit_code, 0);
    // 520 projects, signed on days spread over the first half of the year:
    // the earlier ones are overdue for pre-review by 2026-06-30.
    std::string csv = "code,name,unit,stage_since\n";
    for (int i = 0; i < 520; ++i) {
      char code[16];
      std::snprintf(code, sizeof code, "P%03d", i);
      csv += std::string(code) + ",项目,游埠镇,2026-" + (i % 2 ? "01-05" : "05-20") + "\n";
    }
    testing::write_file(dir_.file("city.csv"), csv);
    auto r = cli({"import", dir_.file("city.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_luodi(args, {{"LUODI_NOW", "2026-06-30T10:00"}});
  }

  // Every page of `args` (a list command with --json), following the cursors.
  std::vector<std::string> all_pages(std::vector<std::string> args, const char* key, int limit,
                                     const std::function<void(int page)>& between = nullptr) {
    std::vector<std::string> out;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      auto call = args;
      call.insert(call.end(), {"--json", "--limit", std::to_string(limit)});
      if (!cursor.empty()) call.insert(call.end(), {"--cursor", cursor});
      auto r = cli(call);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      const json::value rows = json::parse(r.out);
      for (const auto& row : rows.as_array()) out.emplace_back(row.at(key).as_string());
      if (r.err.rfind("next: ", 0) != 0) break;
      cursor = r.err.substr(6, r.err.size() - 7);
      if (between) between(page);
    }
    return out;
  }

  static std::vector<std::string> keys(const std::string& json_array, const char* key) {
    std::vector<std::string> out;
    const json::value rows = json::parse(json_array);
    for (const auto& row : rows.as_array()) out.emplace_back(row.at(key).as_string());
    return out;
  }

  TempDir dir_;
  testing::TestDatabase city_{dir_};
  std::string db_ = city_.location();
};

TEST_F(Paging, FollowingTheCursorsGivesEveryRowOnce) {
  const auto whole = keys(cli({"list", "--json"}).out, "code");
  ASSERT_EQ(whole.size(), 520u);
  EXPECT_EQ(all_pages({"list"}, "code", 100), whole);

  const auto overdue = keys(cli({"overdue", "--json"}).out, "code");
  ASSERT_EQ(overdue.size(), 260u) << "those signed on 2026-01-05";
  EXPECT_EQ(all_pages({"overdue"}, "code", 70), overdue);

  ASSERT_EQ(cli({"tick"}).exit_code, 0);
  const auto outbox = keys(cli({"outbox", "--json"}).out, "key");
  ASSERT_GT(outbox.size(), 100u);
  EXPECT_EQ(all_pages({"outbox"}, "key", 33), outbox);
}

TEST_F(Paging, ACursorStaysRightWhileRowsAreAdded) {
  // After the first page (P000–P099): one project sorting before the cursor,
  // one after it. The pages that follow hold the later one, and nothing twice.
  auto codes = all_pages({"list"}, "code", 100, [&](int page) {
    if (page != 0) return;
    ASSERT_EQ(cli({"add", "P000A", "--name", "前", "--unit", "游埠镇"}).exit_code, 0);
    ASSERT_EQ(cli({"add", "P999", "--name", "后", "--unit", "游埠镇"}).exit_code, 0);
  });
  EXPECT_EQ(codes.size(), 521u);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "P999"), 1);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "P000A"), 0);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
}

TEST_F(Paging, JsonLinesEndWithTheCursorAndBadPagesAreBadInput) {
  auto r = cli({"list", "--jsonl", "--limit", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines;
  for (size_t i = 0, j; i < r.out.size(); i = j + 1) {
    j = r.out.find('\n', i);
    lines.push_back(r.out.substr(i, j - i));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(json::parse(lines[0]).at("code"), "P000");
  const std::string next(json::parse(lines[2]).at("next").as_string());
  auto last = cli({"list", "--jsonl", "--limit", "600", "--cursor", next});
  EXPECT_EQ(last.out.substr(last.out.rfind('{')), "{\"next\":null}\n");

  auto bad = cli({"list", "--cursor", "zz"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "luodi list: cursor 'zz' is not one luodi gave (use the 'next' of a page)\n");
  EXPECT_EQ(cli({"overdue", "--limit", "0"}).exit_code, 2);
}

TEST_F(Paging, TheApiPagesTheSameWay) {
  auto t = cli({"user", "add", "督查员", "--role", "supervisor"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string token = t.out.substr(0, 64);
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  // No page asked for: the first 500 as a plain array, a Link to the rest.
  auto first = http_request(server.port(), "GET", "/api/projects?unit=%E6%B8%B8%E5%9F%A0%E9%95%87",
                            "", token);
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(json::parse(first.body).as_array().size(), 500u);
  const std::string link = first.headers["Link"];
  ASSERT_EQ(link.front(), '<') << link;
  const std::string next_target = link.substr(1, link.find('>') - 1);
  EXPECT_NE(next_target.find("unit=%E6%B8%B8%E5%9F%A0%E9%95%87"), std::string::npos)
      << "the filter is kept";
  auto rest = http_request(server.port(), "GET", next_target, "", token);
  ASSERT_EQ(rest.status, 200u) << rest.body;
  const json::value page = json::parse(rest.body);
  EXPECT_EQ(page.at("items").as_array().size(), 20u);
  EXPECT_TRUE(page.at("next").is_null());
  // A page asked for: {items, next}, the same rows as the CLI's page.
  auto api = http_request(server.port(), "GET", "/api/overdue?limit=5", "", token);
  const json::value overdue = json::parse(api.body);
  auto cli_page = cli({"overdue", "--json", "--limit", "5"});
  EXPECT_EQ(overdue.at("items"), json::parse(cli_page.out));
  EXPECT_EQ("next: " + std::string(overdue.at("next").as_string()) + "\n", cli_page.err);
  auto bad = http_request(server.port(), "GET", "/api/projects?cursor=zz", "", token);
  EXPECT_EQ(bad.status, 400u);
}

// What a raw HTTP request on a new connection gets back, read to its end
// (or only its first `up_to` bytes, then the connection is dropped).
std::string raw_request(unsigned short port, const std::string& request, std::size_t up_to = 0) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(socket, boost::asio::buffer(request));
  std::string out;
  std::array<char, 4096> buf;
  for (boost::system::error_code ec; !ec && (up_to == 0 || out.size() < up_to);) {
    const std::size_t n = socket.read_some(boost::asio::buffer(buf), ec);
    out.append(buf.data(), n);
  }
  return out;
}

// A page of any length goes out as it is worked out, in chunks; a short one
// whole, with its length. A client that leaves part way, or speaks HTTP/1.0,
// is served as well, and the server stops cleanly after them.
TEST_F(Paging, TheApiStreamsALongPageInChunks) {
  auto t = cli({"user", "add", "督查员", "--role", "supervisor"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string token = t.out.substr(0, 64);
  ServerProcess server(db_, {}, {{"LUODI_NOW", "2026-06-30T10:00"}});
  auto long_page = http_request(server.port(), "GET", "/api/projects?limit=1000", "", token);
  ASSERT_EQ(long_page.status, 200u) << long_page.body;
  EXPECT_EQ(long_page.headers["Transfer-Encoding"], "chunked");
  EXPECT_EQ(long_page.headers.count("Content-Length"), 0u);
  ASSERT_GT(long_page.body.size(), 64u << 10) << "longer than one piece";
  const json::value page = json::parse(long_page.body);
  EXPECT_EQ(page.at("items"), json::parse(cli({"list", "--json"}).out))
      << "every row, as the CLI gives them";
  EXPECT_TRUE(page.at("next").is_null());
  auto short_page = http_request(server.port(), "GET", "/api/projects?limit=2", "", token);
  ASSERT_EQ(short_page.status, 200u);
  EXPECT_EQ(short_page.headers.count("Transfer-Encoding"), 0u);
  EXPECT_EQ(short_page.headers["Content-Length"], std::to_string(short_page.body.size()));
  EXPECT_EQ(json::parse(short_page.body).at("items").as_array().size(), 2u);
  auto bad = http_request(server.port(), "GET", "/api/overdue?limit=1000&cursor=zz", "", token);
  EXPECT_EQ(bad.status, 400u) << "an error before the first row is an error answer";
  // The report too: rendered as it is sent, byte for byte the CLI's.
  for (const char* format : {"csv", "json"}) {  // 520 projects: about 50 and 300 KB
    auto report =
        http_request(server.port(), "GET", std::string("/api/report?format=") + format, "", token);
    ASSERT_EQ(report.status, 200u) << report.body;
    // In chunks when longer than one piece, else whole with its length.
    if (report.body.size() > (64u << 10)) {
      EXPECT_EQ(report.headers["Transfer-Encoding"], "chunked") << format;
    } else {
      EXPECT_EQ(report.headers["Content-Length"], std::to_string(report.body.size())) << format;
    }
    EXPECT_EQ(report.body, cli({"report", "--format", format}).out) << format;
  }

  const std::string ask =
      "GET /api/projects?limit=1000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
      "\r\n\r\n";
  for (int i = 0; i < 8; ++i)
    EXPECT_GE(raw_request(server.port(), ask, 100).size(), 100u);  // and gone
  std::string old = ask;
  old.replace(old.find("HTTP/1.1"), 8, "HTTP/1.0");
  const std::string whole = raw_request(server.port(), old);
  const auto blank = whole.find("\r\n\r\n");
  ASSERT_NE(blank, std::string::npos) << whole;
  EXPECT_EQ(whole.find("chunked"), std::string::npos)
      << "HTTP/1.0 has no chunks: the end is the close";
  EXPECT_EQ(json::parse(whole.substr(blank + 4)), page);
  auto after = http_request(server.port(), "GET", "/api/projects?limit=1", "", token);
  EXPECT_EQ(after.status, 200u) << "still serving";
  EXPECT_EQ(server.stop(), 0) << server.log();
}

}  // namespace
}  // namespace luodi

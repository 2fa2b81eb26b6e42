#include "fuzz_engine.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace luodi::fuzz {

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(LUODI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + relative);
  return s.str();
}

void check(const Status& s) {
  if (!s.ok()) throw std::runtime_error(s.message());
}

struct Scratch {
  ManualClock clock{*parse_local("2026-07-15T10:00")};
  std::unique_ptr<Engine> engine;
  std::string token;

  Scratch() {
    const std::string path = "/tmp/luodi-fuzz-" + std::to_string(::getpid()) + ".db";
    ::unlink(path.c_str());
    auto e = Engine::create(path, {read("workflows/key-project.yaml"), "key-project.yaml"},
                            {read("workflows/calendars/cn.yaml"), "cn.yaml"}, clock);
    check(e.status());
    engine = std::move(e).value();
    check(engine->add_campaign(
        {read("workflows/campaigns/hundred-day-2026.yaml"), "hundred-day-2026.yaml"}));
    for (const char* code : {"A1", "B2", "C3"}) {
      NewProject p;
      p.code = code;
      p.attributes.name = std::string("项目") + code;
      p.attributes.unit = "游埠镇";
      p.stage = "pre_review";
      p.on = Date::from_ymd(2026, 5, 1);
      p.by = "fuzz";
      check(engine->execute(p).status());
    }
    BlockRequest b;
    b.code = "B2";
    b.category = "land";
    b.reason = "缺指标";
    check(engine->execute(b).status());
    auto t = engine->add_user({"督查科", Role::kSupervisor, "", {}});
    check(t.status());
    token = *t;
    // The file is not needed once open; nothing is left behind.
    ::unlink(path.c_str());
    ::unlink((path + "-wal").c_str());
    ::unlink((path + "-shm").c_str());
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

}  // namespace

Engine& scratch_engine() { return *scratch().engine; }
const std::string& supervisor_token() { return scratch().token; }

}  // namespace luodi::fuzz

// The directory: contacts and how they are reached.
#include "store/area.h"

namespace luodi {

namespace {

template <typename Db>
class Directory final : public DirectoryStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Status put_contact(const Contact& c) override {
    Statement st = db_.prepare(
        "INSERT INTO contacts (name, role, unit, channel, format, secret, mentions, rate_per_min, "
        "rate_window_ms, "
        "throttle_pause_ms) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET role = "
        "excluded.role, "
        "unit = excluded.unit, channel = excluded.channel, format = excluded.format, secret = "
        "excluded.secret, "
        "mentions = excluded.mentions, rate_per_min = excluded.rate_per_min, "
        "rate_window_ms = excluded.rate_window_ms, throttle_pause_ms = excluded.throttle_pause_ms");
    std::string mentions;
    for (const auto& m : c.mentions) mentions += (mentions.empty() ? "" : ",") + m;
    st.bind(1, c.name).bind(2, to_string(c.role)).bind(3, c.unit).bind(4, c.channel);
    st.bind(5, c.format).bind(6, c.secret).bind(7, mentions).bind(8, std::int64_t{c.rate_per_min});
    st.bind(9, std::int64_t{c.rate_window_ms}).bind(10, std::int64_t{c.throttle_pause_ms});
    return st.run();
  }

  Result<bool> remove_contact(const std::string& name) override {
    Statement st = db_.prepare("DELETE FROM contacts WHERE name = ?");
    LUODI_RETURN_IF_ERROR(st.bind(1, name).run());
    return changes() > 0;
  }

  Result<std::vector<Contact>> contacts() override {
    Statement st = db_.prepare(
        "SELECT name, role, unit, channel, format, secret, mentions, rate_per_min, rate_window_ms, "
        "throttle_pause_ms "
        "FROM contacts ORDER BY role, name");
    std::vector<Contact> out;
    while (st.step()) {
      Contact c;
      c.name = st.text(0);
      c.role = parse_role(st.text(1)).value_or(Role::kUnit);
      c.unit = st.text(2);
      c.channel = st.text(3);
      c.format = st.text(4);
      c.secret = st.text(5);
      const std::string mentions = st.text(6);
      for (std::size_t from = 0; from < mentions.size();) {
        const auto comma = std::min(mentions.find(',', from), mentions.size());
        c.mentions.push_back(mentions.substr(from, comma - from));
        from = comma + 1;
      }
      c.rate_per_min = static_cast<int>(st.integer(7));
      c.rate_window_ms = static_cast<int>(st.integer(8));
      c.throttle_pause_ms = static_cast<int>(st.integer(9));
      out.push_back(std::move(c));
    }
    return finish(st, std::move(out));
  }
};

}  // namespace

std::unique_ptr<DirectoryStore> directory_area(sqlite::Database& db) {
  return std::make_unique<Directory<sqlite::Database>>(db);
}
std::unique_ptr<DirectoryStore> directory_area(pg::Database& db) {
  return std::make_unique<Directory<pg::Database>>(db);
}

}  // namespace luodi

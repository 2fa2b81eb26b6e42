// Users of the server: the hash of each token, never the token.
#include "store/area.h"

namespace luodi {

namespace {

template <typename Db>
class Users final : public UserStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Status add_user(const User& u, const std::string& hash) override {
    Statement st = db_.prepare(
        "INSERT INTO users (name, role, unit, token_hash, created_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT DO NOTHING");
    st.bind(1, u.name).bind(2, to_string(u.role)).bind(3, u.unit).bind(4, hash);
    LUODI_RETURN_IF_ERROR(st.bind(5, format_local(u.created_at)).run());
    if (changes() == 0) return Status::Conflict("user " + u.name + " exists already");
    return Status::Ok();
  }

  Result<std::optional<User>> user_by_token_hash(const std::string& hash) override {
    auto& st = cached(user_by_token_,
                      "SELECT name, role, unit, created_at FROM users WHERE token_hash = ? AND "
                      "revoked_at IS NULL");
    st.bind_ref(1, hash);
    std::optional<User> out;
    if (st.step()) out = read_user(st);
    LUODI_RETURN_IF_ERROR(st.done());
    return out;
  }

  Result<std::vector<std::pair<User, bool>>> all() override {
    Statement st = db_.prepare(
        "SELECT name, role, unit, created_at, revoked_at IS NOT NULL FROM users ORDER BY name");
    std::vector<std::pair<User, bool>> out;
    while (st.step()) out.emplace_back(read_user(st), st.integer(4) != 0);
    return finish(st, std::move(out));
  }

  Result<bool> revoke_user(const std::string& name, Timestamp at) override {
    Statement st =
        db_.prepare("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
    LUODI_RETURN_IF_ERROR(st.bind(1, format_local(at)).bind(2, name).run());
    return changes() > 0;
  }

 private:
  Statement user_by_token_;
};

}  // namespace

std::unique_ptr<UserStore> users_area(sqlite::Database& db) {
  return std::make_unique<Users<sqlite::Database>>(db);
}
std::unique_ptr<UserStore> users_area(pg::Database& db) {
  return std::make_unique<Users<pg::Database>>(db);
}

}  // namespace luodi

// The lease of a city's scheduled work. The epoch grows whenever the lease
// changes hands, so a write fenced by an old epoch is refused. An owner that
// renews late, with no other owner between, keeps its epoch: nobody else did
// scheduled work meanwhile (a renewal that waited behind the owner's own long
// fenced write, which held the lease row, is not a change of hands); a
// fenced write locks the lease row (FOR SHARE) until it commits, so a
// takeover waits for it rather than overlapping it.
#include "store/area.h"

namespace luodi {

namespace {

template <typename Db>
class Leases final : public LeaseStore, Area<Db> {
 public:
  // `city` is the store's: it names the city once the store is open.
  Leases(Db& db, const std::string& city) : Area<Db>(db), city_(city) {}
  LUODI_AREA_OVER_CONNECTION

  Result<std::optional<std::int64_t>> acquire(const std::string& owner,
                                              std::chrono::milliseconds ttl) override {
    const std::string now = Db::kNowMs, table = Db::kLeases;
    auto& st =
        cached(acquire_,
               "INSERT INTO " + table +
                   " AS l (city, owner, epoch, expires_at) VALUES (?1, ?2, 1, " + now +
                   " + ?3) ON CONFLICT (city) DO UPDATE SET owner = excluded.owner, "
                   "epoch = CASE WHEN l.owner = excluded.owner THEN l.epoch ELSE l.epoch + 1 END, "
                   "expires_at = excluded.expires_at "
                   "WHERE l.owner = excluded.owner OR l.expires_at <= " +
                   now + " RETURNING epoch");
    st.bind(1, city_).bind(2, owner).bind(3, static_cast<std::int64_t>(ttl.count()));
    std::optional<std::int64_t> epoch;
    if (st.step()) epoch = st.integer(0);
    LUODI_RETURN_IF_ERROR(st.done());
    return epoch;
  }

  Status release(const std::string& owner) override {
    auto st = db_.prepare("UPDATE " + std::string(Db::kLeases) +
                          " SET expires_at = 0 WHERE city = ? AND owner = ?");
    return st.bind(1, city_).bind(2, owner).run();
  }

  Status check(const LeaseFence& fence) override {
    auto& st =
        cached(check_, "SELECT 1 FROM " + std::string(Db::kLeases) +
                           " WHERE city = ?1 AND owner = ?2 AND epoch = ?3 AND expires_at > " +
                           std::string(Db::kNowMs) + Db::kForShare);
    st.bind(1, city_).bind(2, fence.owner).bind(3, static_cast<std::int64_t>(fence.epoch));
    const bool held = st.step();
    LUODI_RETURN_IF_ERROR(st.done());
    if (held) return Status::Ok();
    return Status::Refused("the lease of city " + city_ + " is no longer held by " + fence.owner +
                           " at epoch " + std::to_string(fence.epoch) +
                           ": another instance does its scheduled work now");
  }

 private:
  const std::string& city_;
  Statement acquire_, check_;
};

}  // namespace

std::unique_ptr<LeaseStore> leases_area(sqlite::Database& db, const std::string& city) {
  return std::make_unique<Leases<sqlite::Database>>(db, city);
}
std::unique_ptr<LeaseStore> leases_area(pg::Database& db, const std::string& city) {
  return std::make_unique<Leases<pg::Database>>(db, city);
}

}  // namespace luodi

// Campaigns: the YAML each was registered with.
#include "store/area.h"

namespace luodi {

namespace {

template <typename Db>
class Campaigns final : public CampaignStore, Area<Db> {
 public:
  using Area<Db>::Area;
  LUODI_AREA_OVER_CONNECTION

  Status put_campaign(const CampaignRecord& c) override {
    Statement st = db_.prepare(
        "INSERT INTO campaigns (id, text, source) VALUES (?,?,?) ON CONFLICT (id) DO UPDATE SET "
        "text = excluded.text, source = excluded.source");
    return st.bind(1, c.id).bind(2, c.text).bind(3, c.source).run();
  }

  Result<std::vector<CampaignRecord>> all() override {
    Statement st = db_.prepare("SELECT id, text, source FROM campaigns ORDER BY id");
    std::vector<CampaignRecord> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
    return finish(st, std::move(out));
  }
};

}  // namespace

std::unique_ptr<CampaignStore> campaigns_area(sqlite::Database& db) {
  return std::make_unique<Campaigns<sqlite::Database>>(db);
}
std::unique_ptr<CampaignStore> campaigns_area(pg::Database& db) {
  return std::make_unique<Campaigns<pg::Database>>(db);
}

}  // namespace luodi

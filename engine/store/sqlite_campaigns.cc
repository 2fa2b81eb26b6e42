// Campaigns in SQLite: the YAML each was registered with.
#include "store/sqlite_rows.h"

namespace luodi::sqlite {

namespace {

class SqliteCampaigns final : public CampaignStore, Area {
 public:
  using Area::Area;

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

std::unique_ptr<CampaignStore> campaigns_area(Database& db) { return std::make_unique<SqliteCampaigns>(db); }

}  // namespace luodi::sqlite

#include "store/gauge_sql.h"

#include <array>

namespace luodi::sqlite {

std::string micro(std::string_view x) {
  return "CAST(round(coalesce(" + std::string(x) + ", 0) * 1000000) AS INTEGER)";
}

namespace {

// The gauge's amount columns, and a row's value for each, `r` naming the row
// ("new.", "old." or "" for the table's own columns).
constexpr std::array<std::string_view, 5> kAmounts = {"investment", "land_need", "land_secured",
                                                      "land_shortfall", "need_unknown"};
std::array<std::string, 5> amounts_of(const std::string& r) {
  const std::string need = r + "land_need_mu", secured = r + "land_secured_mu";
  return {
      micro(r + "investment_wan"), micro(need), micro(secured),
      "CASE WHEN " + need + " IS NULL THEN 0 ELSE " + micro(need) + " - " + micro(secured) + " END",
      "(" + need + " IS NULL AND coalesce(" + secured + ", 0) > 0)"};
}

const std::string kGroup = "stage, status, key, light";

// The row `r` counted in its group.
std::string counted(const std::string& r) {
  std::string values = r + "stage, " + r + "status, " + r + "key, " + r + "light, 1";
  std::string sums = "n = n + 1";
  const auto a = amounts_of(r);
  for (size_t i = 0; i < kAmounts.size(); ++i) {
    const std::string c(kAmounts[i]);
    values += ",\n    " + a[i];
    sums += ", " + c + " = " + c + " + excluded." + c;
  }
  return "  INSERT INTO standing_counts VALUES (" + values + ")\n    ON CONFLICT DO UPDATE SET " +
         sums + ";\n";
}

// The row `r` taken out of its group.
std::string uncounted(const std::string& r) {
  std::string sets = "n = n - 1";
  const auto a = amounts_of(r);
  for (size_t i = 0; i < kAmounts.size(); ++i) {
    const std::string c(kAmounts[i]);
    sets += ",\n      " + c + " = " + c + " - " + a[i];
  }
  return "  UPDATE standing_counts SET " + sets + "\n   WHERE stage = " + r +
         "stage AND status = " + r + "status AND key = " + r + "key AND light = " + r + "light;\n";
}

std::string make_gauge_amounts() {
  std::string columns, sums, fill;
  const auto a = amounts_of("");
  for (size_t i = 0; i < kAmounts.size(); ++i) {
    const std::string c(kAmounts[i]);
    columns += ",\n  " + c + " INTEGER NOT NULL DEFAULT 0";
    sums += ", sum(" + c + ")";
    fill += ",\n          " + a[i] + " AS " + c;
  }
  const std::string counted_columns =
      "stage, status, key, light, investment_wan, land_need_mu, land_secured_mu";
  std::string changed;
  for (std::string_view sep = "";
       const char* c :
       {"stage", "status", "key", "light", "investment_wan", "land_need_mu", "land_secured_mu"}) {
    changed += std::string(sep) + "old." + c + " IS NOT new." + c;
    sep = " OR ";
  }
  return "DROP TRIGGER IF EXISTS projects_counted;\n"
         "DROP TRIGGER IF EXISTS projects_uncounted;\n"
         "DROP TRIGGER IF EXISTS projects_recounted;\n"
         "DROP TABLE IF EXISTS standing_counts;\n"
         "CREATE TABLE standing_counts (\n"
         "  stage INTEGER NOT NULL,\n  status TEXT NOT NULL,\n  key INTEGER NOT NULL,\n"
         "  light TEXT NOT NULL,\n  n INTEGER NOT NULL" +
         columns + ",\n  PRIMARY KEY (" + kGroup +
         ")\n) WITHOUT ROWID;\n"
         "INSERT INTO standing_counts\n  SELECT " +
         kGroup + ", count(*)" + sums + " FROM\n    (SELECT " + kGroup + fill +
         "\n      FROM projects)\n  GROUP BY 1, 2, 3, 4;\n"
         "CREATE TRIGGER projects_counted AFTER INSERT ON projects BEGIN\n" +
         counted("new.") +
         "  INSERT INTO due_counts SELECT new.due_on, 1 WHERE new.due_on IS NOT NULL\n"
         "    ON CONFLICT DO UPDATE SET n = n + 1;\n"
         "END;\n"
         "CREATE TRIGGER projects_uncounted AFTER DELETE ON projects BEGIN\n" +
         uncounted("old.") +
         "  UPDATE due_counts SET n = n - 1 WHERE due_on = old.due_on;\n"
         "END;\n"
         "CREATE TRIGGER projects_recounted\n  AFTER UPDATE OF " +
         counted_columns + " ON projects\n  WHEN " + changed + "\nBEGIN\n" + uncounted("old.") +
         counted("new.") + "END;\n";
}

}  // namespace

std::string_view gauge_amounts() {
  static const std::string sql = make_gauge_amounts();
  return sql;
}

}  // namespace luodi::sqlite

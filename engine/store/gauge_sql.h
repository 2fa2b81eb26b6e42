// The SQL that keeps the gauges' amounts (issue 29, migration 15): a
// project's amounts in millionths of their unit, exact integers however many
// writes add and take them, rounded half away from zero as SQLite's round()
// and PostgreSQL's projects_micro() (postgres_schema.h) round, as the engine
// rounds a project's amounts (luodi/stats.h). Written once here, for the
// migration's triggers and for the check that compares them with the rows.
#pragma once

#include <string>
#include <string_view>

namespace luodi::sqlite {

// `x` (a REAL column or expression, NULL read as 0) in millionths.
std::string micro(std::string_view x);

// Migration 15 on SQLite: the gauges made again from the projection, keeping
// each group's investment, land need, secured, shortfall (millionths) and
// count of projects whose need is unknown beside its count; triggers keep
// them on every insert, delete and update of a counted column.
std::string_view gauge_amounts();

}  // namespace luodi::sqlite

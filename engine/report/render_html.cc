// The report as one self-contained HTML page: inline CSS and SVG charts, no
// scripts and nothing fetched, so it opens offline and prints well.
#include <openssl/evp.h>

#include "luodi/report.h"
#include "report/cell_text.h"
#include "report/svg_charts.h"

namespace luodi {

namespace {

using svg::escape;

std::string funnel_chart(const Report& r) {
  const Table* t = r.section("funnel");
  if (!t) return "";
  std::vector<svg::Bar> bars;
  const int reached = t->column("reached");
  for (const auto& row : t->rows)
    bars.push_back({report_text::cell(row[0]), std::get<double>(row[reached]), "#2f6fb0"});
  return svg::bar_chart(t->title, bars);
}

std::string lights_chart(const Report& r) {
  const Table* t = r.section("lights");
  if (!t) return "";
  std::vector<svg::Bar> bars;
  for (size_t i = 0; i < t->rows.size(); ++i) {
    const std::string& id = t->row_ids[i];
    const char* color = id == "red" ? "#d0312d" : id == "yellow" ? "#e8b100" : "#2e9e4f";
    bars.push_back({report_text::cell(t->rows[i][0]), std::get<double>(t->rows[i][1]), color});
  }
  return svg::bar_chart(t->title, bars);
}

// The campaign's burn-down: milestones due (light: backwards scheduling puts
// most of them on the end date), expected at the standard pace, and met up to
// the report's day (red), each series by its own column.
std::string burndown_chart(const Report& r) {
  const Table* t = r.section("burndown");
  if (!t) return "";
  svg::Series planned{t->columns[1].label, "#bbbbbb", {}},
      expected{t->columns[2].label, "#555555", {}}, met{t->columns[3].label, "#d0312d", {}};
  auto value = [](const Cell& c) {
    return std::holds_alternative<double>(c) ? std::optional<double>(std::get<double>(c))
                                             : std::nullopt;
  };
  for (const auto& row : t->rows) {
    const std::string x = report_text::cell(row[0]).substr(5);  // MM-DD
    planned.points.push_back({x, value(row[1])});
    expected.points.push_back({x, value(row[2])});
    met.points.push_back({x, value(row[3])});
  }
  return svg::line_chart(t->title, {planned, expected, met});
}

Status table_html(const Table& t, report_text::Pieces& out) {
  out << "<section id=\"" << escape(t.id) << "\"><h2>" << escape(t.title)
      << "</h2><table><thead><tr>";
  for (const auto& c : t.columns) out << "<th>" << escape(c.label) << "</th>";
  out << "</tr></thead><tbody>";
  LUODI_RETURN_IF_ERROR(t.each_row([&](const std::string&, const std::vector<Cell>& row) {
    out << "<tr>";
    for (const auto& c : row)
      if (std::holds_alternative<double>(c)) {
        out << "<td class=\"num\">" << report_text::cell(c) << "</td>";
      } else {
        out << "<td>" << escape(report_text::cell(c)) << "</td>";
      }
    out << "</tr>";
    return out.status();
  }));
  out << "</tbody></table></section>";
  return out.status();
}

constexpr const char* kStyle = R"css(
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:2px solid #c33;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:2em}.chart text{font-size:12px}.chart-title{font-weight:bold}
.notes{color:#555;font-size:.9em}
)css";

}  // namespace

const std::string& html_report_style_source() {
  static const std::string source = [] {
    const std::string_view css(kStyle);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(css.data(), css.size(), digest, &len, EVP_sha256(), nullptr);
    unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(b64, digest, static_cast<int>(len));
    return "'sha256-" + std::string(reinterpret_cast<const char*>(b64), static_cast<size_t>(n)) +
           "'";
  }();
  return source;
}

Status render_html(const Report& r, const TextSink& sink) {
  report_text::Pieces out(sink);
  out << "<!DOCTYPE html><html lang=\"" << (r.lang == Lang::kEn ? "en" : "zh-CN")
      << "\"><head><meta charset=\"utf-8\"><title>" << escape(r.title) << "</title><style>"
      << kStyle << "</style></head><body><h1>" << escape(r.title) << "</h1>";
  out << "<div class=\"charts\">" << funnel_chart(r) << lights_chart(r) << burndown_chart(r)
      << "</div>";
  for (const auto& t : r.sections) LUODI_RETURN_IF_ERROR(table_html(t, out));
  out << "<ul class=\"notes\">";
  for (const auto& n : r.notes) out << "<li>" << escape(n) << "</li>";
  out << "</ul></body></html>\n";
  return out.finish();
}

}  // namespace luodi

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

// Code points in UTF-8 text (continuation bytes not counted).
size_t code_points(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool digits(const std::string& s, size_t at, size_t n) {
  for (size_t i = at; i < at + n; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}

// Escaped text whose dates (YYYY-MM-DD) stay whole on a line: a browser
// breaks after a date's hyphens, so on a phone "2026-\n07-07".
std::string escape_keeping_dates(const std::string& text) {
  std::string out;
  size_t plain = 0;
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    if (!(digits(text, i, 4) && text[i + 4] == '-' && digits(text, i + 5, 2) &&
          text[i + 7] == '-' && digits(text, i + 8, 2)))
      continue;
    out += escape(text.substr(plain, i - plain)) + "<span class=\"nowrap\">" + text.substr(i, 10) +
           "</span>";
    plain = i + 10;
    i += 9;
  }
  return out + escape(text.substr(plain));
}

// A cell's text: kept to one line (a name, a code, a date) unless it is long
// (a reason, an instruction), which wraps with its dates whole. The table
// scrolls sideways inside its section on a narrow screen.
constexpr size_t kLongCell = 16;

Status table_html(const Table& t, report_text::Pieces& out) {
  out << "<section id=\"" << escape(t.id) << "\"><h2>" << escape_keeping_dates(t.title)
      << "</h2><div class=\"scroll\"><table><thead><tr>";
  for (const auto& c : t.columns) out << "<th>" << escape(c.label) << "</th>";
  out << "</tr></thead><tbody>";
  LUODI_RETURN_IF_ERROR(t.each_row([&](const std::string&, const std::vector<Cell>& row) {
    out << "<tr>";
    for (const auto& c : row)
      if (std::holds_alternative<double>(c)) {
        out << "<td class=\"num\">" << report_text::cell(c) << "</td>";
      } else {
        const std::string text = report_text::cell(c);
        if (code_points(text) > kLongCell)
          out << "<td class=\"wrap\">" << escape_keeping_dates(text) << "</td>";
        else
          out << "<td>" << escape(text) << "</td>";
      }
    out << "</tr>";
    return out.status();
  }));
  out << "</tbody></table></div></section>";
  return out.status();
}

constexpr const char* kStyle = R"css(
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:2px solid #c33;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:2em}.chart text{font-size:12px}.chart-title{font-weight:bold}
.notes{color:#555;font-size:.9em}
.scroll{overflow-x:auto;max-width:100%}th,td{white-space:nowrap}
td.wrap{white-space:normal;min-width:14em}.nowrap{white-space:nowrap}
.chart{max-width:100%;height:auto}
@media (max-width:600px){body{margin:.8em}h1{font-size:1.3em}.charts{gap:1em}}
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
      << "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>"
      << escape(r.title) << "</title><style>" << kStyle << "</style></head><body><h1>"
      << escape_keeping_dates(r.title) << "</h1>";
  out << "<div class=\"charts\">" << funnel_chart(r) << lights_chart(r) << burndown_chart(r)
      << "</div>";
  for (const auto& t : r.sections) LUODI_RETURN_IF_ERROR(table_html(t, out));
  out << "<ul class=\"notes\">";
  for (const auto& n : r.notes) out << "<li>" << escape_keeping_dates(n) << "</li>";
  out << "</ul></body></html>\n";
  return out.finish();
}

}  // namespace luodi

// The report as Markdown, CSV and JSON.
#include <boost/json.hpp>

#include "common/json_text.h"
#include "luodi/report.h"
#include "report/cell_text.h"

namespace luodi {

namespace {

using report_text::cell;

// Markdown table cells may not hold a pipe or a line break, and text from
// the records is never markup: Markdown renderers pass HTML through.
std::string md_cell(const Cell& c) {
  std::string out;
  for (char ch : cell(c)) {
    switch (ch) {
      case '|': out += "\\|"; break;
      case '\n':
      case '\r': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += ch;
    }
  }
  return out;
}

// RFC 4180: quote fields holding a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

boost::json::value json_cell(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return *d;
  if (const auto* s = std::get_if<std::string>(&c)) return boost::json::string(*s);
  return nullptr;
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::string out = "# " + r.title + "\n";
  for (const auto& t : r.sections) {
    out += "\n## " + t.title + "\n\n|";
    for (const auto& c : t.columns) out += " " + c.label + " |";
    out += "\n|";
    for (const auto& c : t.columns) {
      const bool numeric = !t.rows.empty() && std::holds_alternative<double>(t.rows[0][&c - &t.columns[0]]);
      out += numeric ? " ---: |" : " --- |";
    }
    out += "\n";
    for (const auto& row : t.rows) {
      out += "|";
      for (const auto& c : row) out += " " + md_cell(c) + " |";
      out += "\n";
    }
  }
  out += "\n";
  for (const auto& n : r.notes) out += "- " + n + "\n";
  return out;
}

std::string render_csv(const Report& r) {
  std::string out = "\xEF\xBB\xBF";  // a BOM: Excel and WPS then read UTF-8, not GBK
  for (const auto& t : r.sections) {
    out += csv_field(t.title) + "\r\n";
    for (size_t i = 0; i < t.columns.size(); ++i)
      out += (i ? "," : "") + csv_field(t.columns[i].label);
    out += "\r\n";
    for (const auto& row : t.rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        const bool text = std::holds_alternative<std::string>(row[i]);
        out += (i ? "," : "") + csv_field(text ? report_text::spreadsheet_text(cell(row[i])) : cell(row[i]));
      }
      out += "\r\n";
    }
    out += "\r\n";
  }
  return out;
}

std::string render_json(const Report& r) {
  namespace json = boost::json;
  json::object sections;
  for (const auto& t : r.sections) {
    json::array columns, rows;
    for (const auto& c : t.columns) columns.push_back(json::object{{"id", c.id}, {"label", c.label}});
    for (size_t i = 0; i < t.rows.size(); ++i) {
      json::object row{{"id", t.row_ids[i]}};
      for (size_t j = 0; j < t.columns.size(); ++j) row[t.columns[j].id] = json_cell(t.rows[i][j]);
      rows.push_back(std::move(row));
    }
    sections[t.id] = json::object{{"title", t.title}, {"columns", std::move(columns)},
                                  {"rows", std::move(rows)}};
  }
  json::object headline;
  if (const Table* h = r.section("headline"))
    for (size_t i = 0; i < h->rows.size(); ++i) headline[h->row_ids[i]] = json_cell(h->rows[i][1]);
  json::array notes;
  for (const auto& n : r.notes) notes.push_back(json::string(n));
  json::object doc{{"as_of", r.as_of.str()},
                   {"lang", r.lang == Lang::kEn ? "en" : "zh"},
                   {"title", r.title},
                   {"headline", std::move(headline)},
                   {"sections", std::move(sections)},
                   {"notes", std::move(notes)}};
  return to_json_text(doc) + "\n";
}

}  // namespace luodi

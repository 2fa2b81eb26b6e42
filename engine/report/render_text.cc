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
      case '|':
        out += "\\|";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += ch;
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

namespace {

// A renderer into a string: the whole report, or the error that stopped it.
template <typename Render>
std::string whole(const Report& r, Render render) {
  std::string out;
  const Status s = render(r, [&](std::string_view piece) {
    out += piece;
    return true;
  });
  return s.ok() ? out : std::string();
}

}  // namespace

Status render_markdown(const Report& r, const TextSink& sink) {
  report_text::Pieces out(sink);
  out << "# " << r.title << "\n";
  for (const auto& t : r.sections) {
    out << "\n## " << t.title << "\n\n|";
    for (const auto& c : t.columns) out << " " << c.label << " |";
    out << "\n|";
    // Numbers align right: a column is numeric when the first row's cell is.
    auto alignment = [&](const std::vector<Cell>* first) {
      for (size_t j = 0; j < t.columns.size(); ++j)
        out << (first && std::holds_alternative<double>((*first)[j]) ? " ---: |" : " --- |");
      out << "\n";
    };
    bool any = false;
    LUODI_RETURN_IF_ERROR(t.each_row([&](const std::string&, const std::vector<Cell>& row) {
      if (!any) alignment(&row);
      any = true;
      out << "|";
      for (const auto& c : row) out << " " << md_cell(c) << " |";
      out << "\n";
      return out.status();
    }));
    if (!any) alignment(nullptr);
  }
  out << "\n";
  for (const auto& n : r.notes) out << "- " << n << "\n";
  return out.finish();
}

Status render_csv(const Report& r, const TextSink& sink) {
  report_text::Pieces out(sink);
  out << "\xEF\xBB\xBF";  // a BOM: Excel and WPS then read UTF-8, not GBK
  for (const auto& t : r.sections) {
    out << csv_field(t.title) << "\r\n";
    for (size_t i = 0; i < t.columns.size(); ++i)
      out << (i ? "," : "") << csv_field(t.columns[i].label);
    out << "\r\n";
    LUODI_RETURN_IF_ERROR(t.each_row([&](const std::string&, const std::vector<Cell>& row) {
      for (size_t i = 0; i < row.size(); ++i) {
        const bool text = std::holds_alternative<std::string>(row[i]);
        out << (i ? "," : "")
            << csv_field(text ? report_text::spreadsheet_text(cell(row[i])) : cell(row[i]));
      }
      out << "\r\n";
      return out.status();
    }));
    out << "\r\n";
  }
  return out.finish();
}

Status render_report(const Report& r, std::string_view format, const TextSink& out) {
  if (format == "md") return render_markdown(r, out);
  if (format == "html") return render_html(r, out);
  if (format == "csv") return render_csv(r, out);
  if (format == "json") return render_json(r, out);
  return Status::BadInput("a report's format is md, html, csv or json, not '" +
                          std::string(format) + "'");
}

Result<std::string> rendered(const Report& r, std::string_view format) {
  std::string out;
  LUODI_RETURN_IF_ERROR(render_report(r, format, [&](std::string_view piece) {
    out += piece;
    return true;
  }));
  return out;
}

std::string render_markdown(const Report& r) {
  return whole(r, [](const Report& rr, const TextSink& s) { return render_markdown(rr, s); });
}
std::string render_csv(const Report& r) {
  return whole(r, [](const Report& rr, const TextSink& s) { return render_csv(rr, s); });
}
std::string render_json(const Report& r) {
  return whole(r, [](const Report& rr, const TextSink& s) { return render_json(rr, s); });
}
std::string render_html(const Report& r) {
  return whole(r, [](const Report& rr, const TextSink& s) { return render_html(rr, s); });
}

Status render_json(const Report& r, const TextSink& sink) {
  namespace json = boost::json;
  // The document is built whole but for a streamed table's rows, which stand
  // in it as a mark and are written in its place, one at a time.
  const std::string mark = "\x01rows of a streamed table\x01";
  json::object sections;
  auto json_row = [](const Table& t, const std::string& id, const std::vector<Cell>& row) {
    json::object o{{"id", id}};
    for (size_t j = 0; j < t.columns.size(); ++j) o[t.columns[j].id] = json_cell(row[j]);
    return o;
  };
  const Table* streamed = nullptr;
  for (const auto& t : r.sections) {
    json::array columns;
    for (const auto& c : t.columns)
      columns.push_back(json::object{{"id", c.id}, {"label", c.label}});
    json::value rows;
    if (t.stream && !streamed) {
      streamed = &t;
      rows = json::string(mark);
    } else {
      json::array held;
      LUODI_RETURN_IF_ERROR(t.each_row([&](const std::string& id, const std::vector<Cell>& row) {
        held.push_back(json_row(t, id, row));
        return Status::Ok();
      }));
      rows = std::move(held);
    }
    sections[t.id] = json::object{
        {"title", t.title}, {"columns", std::move(columns)}, {"rows", std::move(rows)}};
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
  const std::string text = to_json_text(doc) + "\n";
  report_text::Pieces out(sink);
  if (!streamed) {
    out << text;
    return out.finish();
  }
  // The rows array sits at depth 3 (document, sections, table): its rows at 4.
  const std::string quoted = to_json_text(json::string(mark), false);
  const auto at = text.find(quoted);
  out << std::string_view(text).substr(0, at) << "[";
  bool any = false;
  LUODI_RETURN_IF_ERROR(
      streamed->each_row([&](const std::string& id, const std::vector<Cell>& row) {
        out << (any ? "," : "") << "\n"
            << std::string(8, ' ') << to_json_text(json_row(*streamed, id, row), true, 4);
        any = true;
        return out.status();
      }));
  out << (any ? "\n" + std::string(6, ' ') : std::string()) << "]"
      << std::string_view(text).substr(at + quoted.size());
  return out.finish();
}

}  // namespace luodi

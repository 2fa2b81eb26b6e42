#include "importer/project_import.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "importer/columns.h"
#include "importer/csv_reader.h"
#include "importer/field_values.h"
#include "importer/text_encoding.h"
#include "importer/xls_reader.h"
#include "importer/xlsx_reader.h"

namespace luodi {

namespace {

// Headers typed with ASCII parentheses or stray spaces still match.
std::string normalize_header(std::string_view raw) {
  std::string s = field::trim(raw);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "（") == 0) {
      out += '(';
      i += 3;
    } else if (s.compare(i, 3, "）") == 0) {
      out += ')';
      i += 3;
    } else if (s[i] == ' ') {
      ++i;
    } else {
      out += s[i++];
    }
  }
  return out;
}

const ColumnName* find_column(std::string_view header) {
  const std::string h = normalize_header(header);
  for (const auto& c : sheet_columns())
    if (h == c.en || h == normalize_header(c.zh)) return &c;
  return nullptr;
}

struct Row {
  int line = 0;
  int code_column = 1;
  NewProject project;
};

class RowReader {
 public:
  RowReader(const std::string& file, const Workflow& wf, Date today)
      : file_(file), wf_(wf), today_(today) {}

  // Where a cell is, in errors: "file:line:col" for CSV, "FILE:SHEET!B12" for a workbook.
  std::function<std::string(int line, int column)> where = [this](int line, int column) {
    return file_ + ":" + std::to_string(line) + ":" + std::to_string(column);
  };

  void error(const CsvField& f, const std::string& message) { error(f.line, f.column, message); }
  void error(int line, int column, const std::string& message) {
    errors_.push_back(where(line, column) + ": " + message);
  }
  std::vector<std::string>& errors() { return errors_; }

  // The attributes the file has columns for: an update leaves the others alone.
  std::vector<std::string> attribute_columns() const {
    std::vector<std::string> out;
    for (const AttributeField& f : attribute_fields())
      if (has(f.name)) out.emplace_back(f.name);
    return out;
  }
  bool has(std::string_view column) const { return positions_.count(column) > 0; }

  // A workbook's rows are sparse: a field's position is its column. A CSV
  // record's fields are all there: a field's position is its place.
  void set_sparse(bool sparse) { sparse_ = sparse; }
  int position(const CsvRecord& rec, size_t i) const {
    return sparse_ ? rec.fields[i].column : static_cast<int>(i) + 1;
  }

  bool read_header(const CsvRecord& header) {
    std::map<std::string_view, int> seen;
    for (size_t i = 0; i < header.fields.size(); ++i) {
      const auto& f = header.fields[i];
      const int at = position(header, i);
      const ColumnName* c = find_column(f.text);
      if (!c) {
        if (const EvidenceDef* e = find_evidence(f.text)) {
          if (!evidence_.emplace(e->id, at).second)
            error(f, "column '" + e->id + "' appears twice");
          continue;
        }
        error(f, "unknown column '" + field::trim(f.text) + "'");
        continue;
      }
      if (seen.count(c->en)) {
        error(f, "column '" + std::string(c->en) + "' appears twice");
        continue;
      }
      seen[c->en] = at;
    }
    for (const auto& c : sheet_columns()) {
      if (c.required && !seen.count(c.en))
        error(header.line, 1,
              "missing required column '" + std::string(c.en) + "' (" + std::string(c.zh) + ")");
    }
    positions_ = std::move(seen);
    headed_.assign(width() + 1, false);
    for (const auto& [c, i] : positions_) headed_[i] = true;
    for (const auto& [id, i] : evidence_) headed_[i] = true;
    return errors_.empty();
  }

  std::optional<Row> read_row(const CsvRecord& rec) {
    const size_t before = errors_.size();
    const size_t w = width();
    if (!sparse_ && rec.fields.size() != w) {
      error(
          rec.line, 1,
          "expected " + std::to_string(w) + " fields, found " + std::to_string(rec.fields.size()));
      return std::nullopt;
    }
    // The field at each position the header names; a workbook's cell under
    // no header is an error at that cell (a CSV's extra field is a count).
    std::vector<const CsvField*> at(w + 1, nullptr);
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const int pos = position(rec, i);
      if (pos >= 1 && static_cast<size_t>(pos) <= w && headed_[pos]) {
        at[pos] = &rec.fields[i];
      } else if (!field::trim(rec.fields[i].text).empty()) {
        error(rec.fields[i], "a value in column " + column_name(pos) + ", which has no header");
      }
    }
    Row row;
    row.line = rec.line;
    auto& p = row.project;
    auto& a = p.attributes;
    auto cell = [&](std::string_view c) -> const CsvField* {
      auto it = positions_.find(c);
      return it == positions_.end() ? nullptr : at[it->second];
    };
    auto text = [&](std::string_view c) {
      return cell(c) ? field::text(cell(c)->text) : std::string();
    };
    auto required = [&](std::string_view c, std::string_view what) {
      std::string v = text(c);
      if (v.empty()) {
        if (const CsvField* f = cell(c)) {
          error(*f, std::string(what) + " is empty");
        } else {
          error(rec.line, positions_.at(c), std::string(what) + " is empty");
        }
      }
      return v;
    };
    auto number = [&](std::string_view c, std::string_view what) -> std::optional<double> {
      const CsvField* f = cell(c);
      if (!f || field::trim(f->text).empty()) return std::nullopt;
      auto v = field::amount(f->text);
      if (!v)
        error(*f,
              std::string(what) + " '" + field::trim(f->text) + "' is not a non-negative number");
      return v;
    };
    p.code = required("code", "code");
    row.code_column = cell("code") ? cell("code")->column : positions_.at("code");
    for (const AttributeField& f : attribute_fields()) {
      if (f.amount) {
        a.*f.amount = number(f.name, f.name);
        continue;
      }
      a.*f.text = f.required ? required(f.name, f.name) : text(f.name);
      if (f.name == "industry" && !a.industry.empty()) {
        auto v = field::industry(a.industry);
        if (!v)
          error(*cell("industry"), "industry '" + a.industry +
                                       "' is not primary, secondary or tertiary (一产/二产/三产)");
        a.industry = v.value_or("");
      }
    }
    if (std::string st = text("stage"); !st.empty()) {
      if (wf_.find_stage(st)) {
        p.stage = st;
      } else {
        error(*cell("stage"), "unknown stage '" + st + "'");
      }
    }
    if (std::string since = text("stage_since"); !since.empty()) {
      p.on = cell("stage_since")->number ? field::serial_date(since) : field::date(since);
      if (!p.on)
        error(*cell("stage_since"), "stage_since '" + since + "' is not " + kDateForm);
      else if (*p.on > today_)
        error(*cell("stage_since"), "stage_since " + since + " is in the future");
    }
    if (std::string key = text("key"); !key.empty()) {
      auto v = field::yes_no(key);
      if (!v) error(*cell("key"), "key '" + key + "' is not yes/no (是/否)");
      p.key = v.value_or(true);
    }
    // Evidence a stage needs, from its column (施工许可证号 → permit).
    for (const auto& [id, i] : evidence_)
      if (at[i])
        if (std::string v = field::text(at[i]->text); !v.empty()) p.evidence[id] = v;
    if (errors_.size() != before) return std::nullopt;
    return row;
  }

 private:
  // The last position the header names.
  size_t width() const {
    int w = 0;
    for (const auto& [c, i] : positions_) w = std::max(w, i);
    for (const auto& [id, i] : evidence_) w = std::max(w, i);
    return static_cast<size_t>(w);
  }

  // A column of evidence the workflow declares: by its id, or either label
  // (施工许可证号, or 施工许可证 without the 号).
  const EvidenceDef* find_evidence(std::string_view header) const {
    const std::string h = normalize_header(header);
    for (const auto& stage : wf_.stages)
      for (const auto& e : stage.evidence) {
        const std::string zh = normalize_header(e.label.zh);
        const std::string zh_short = zh.size() > 3 && zh.compare(zh.size() - 3, 3, "号") == 0
                                         ? zh.substr(0, zh.size() - 3)
                                         : zh;
        if (h == e.id || h == zh || h == zh_short || h == normalize_header(e.label.en)) return &e;
      }
    return nullptr;
  }

  const std::string& file_;
  const Workflow& wf_;
  Date today_;
  bool sparse_ = false;
  std::map<std::string_view, int> positions_;  // column (ColumnName::en) → position (1-based)
  std::map<std::string, int> evidence_;        // evidence id → position
  std::vector<bool> headed_;                   // by position: the header names it
  std::vector<std::string> errors_;
};

Status joined(const std::vector<std::string>& errors) {
  std::string all;
  for (const auto& e : errors) all += (all.empty() ? "" : "\n") + e;
  return Status::BadInput(all);
}

}  // namespace

// A row of a project that exists: its attributes as dated changes, its stage
// as a move forward; nothing when nothing differs.
Result<ImportedRow> update_from(Engine& engine, const Row& row, const RowReader& reader,
                                const std::string& by, const ImportOptions& options) {
  const NewProject& p = row.project;
  ImportedRow done;
  done.code = p.code;
  UpdateRequest u;
  u.code = p.code;
  u.on = options.on;
  u.by = by;
  u.fields = reader.attribute_columns();
  u.values = p.attributes;
  LUODI_ASSIGN_OR_RETURN(Written updated, engine.execute(u));
  done.changes = std::move(updated.changes);
  if (!reader.has("stage") || !p.stage) return done;
  const ProjectState& now = updated.project.project;
  const Workflow& wf = engine.workflow();
  const int to = wf.find_stage(*p.stage).value_or(now.stage);
  if (to == now.stage) return done;
  if (to < now.stage)
    return Status::BadInput("the file puts " + p.code + " back at " + wf.stages[to].id +
                            " (it is at " + wf.stages[now.stage].id +
                            "): stages only move forward");
  AdvanceRequest a;
  a.code = p.code;
  a.to = wf.stages[to].id;
  // The file's stage date when it was edited to a day after the current
  // stage began; else the date of the import's changes.
  a.on = reader.has("stage_since") && p.on && *p.on > now.stage_since ? p.on : options.on;
  a.by = by;
  a.evidence = p.evidence;
  LUODI_RETURN_IF_ERROR(engine.execute(a).status());
  done.stage = {wf.stages[now.stage].id, wf.stages[to].id};
  return done;
}

namespace {

// One import as its rows stream by: the header found among the first rows,
// then each row checked and — while no row has failed — written at once, in
// the one transaction the caller holds; after a failure the rest are only
// checked, to name every problem. Nothing but the first row (until the
// header is found) and the summary is kept.
class Importer {
 public:
  static constexpr size_t kMaxProblems = 100;   // then the import stops reading
  static constexpr int kHeaderSearchRows = 20;  // title rows above the header

  Importer(Engine& engine, const std::string& file, const std::string& by,
           const ImportOptions& options)
      : engine_(engine),
        by_(by),
        options_(options),
        reader_(file, engine.workflow(), engine.today()) {}

  RowReader& reader() { return reader_; }
  ImportSummary& summary() { return summary_; }

  // Takes the next record of the file; a non-Ok status stops the reading.
  Status take(CsvRecord& rec) {
    ++records_;
    if (!header_found_) {
      const bool has_code =
          std::any_of(rec.fields.begin(), rec.fields.end(), [](const CsvField& f) {
            const ColumnName* c = find_column(f.text);
            return c && c->en == "code";
          });
      if (has_code) return header(rec);
      if (records_ == 1) first_ = std::move(rec);
      // No header among the first rows: the first row is taken as one, and says what it lacks.
      if (records_ == kHeaderSearchRows) return header(first_);
      return Status::Ok();
    }
    if (rec.blank()) return Status::Ok();
    auto row = reader_.read_row(rec);
    if (row && reader_.errors().empty()) write(*row);
    if (reader_.errors().size() >= kMaxProblems)
      return Status::BadInput(joined(reader_.errors()).message() + "\n(stopped after " +
                              std::to_string(kMaxProblems) + " problems)");
    return Status::Ok();
  }

  // After the last record: `empty` is the error for a file without any.
  Status finish(const std::string& empty) {
    if (records_ == 0) return Status::BadInput(empty);
    if (!header_found_) LUODI_RETURN_IF_ERROR(header(first_));
    return reader_.errors().empty() ? Status::Ok() : joined(reader_.errors());
  }

 private:
  Status header(const CsvRecord& rec) {
    header_found_ = true;
    const bool read = reader_.read_header(rec);
    first_ = CsvRecord{};  // `rec` may be it
    return read ? Status::Ok() : joined(reader_.errors());
  }

  void write(const Row& row) {
    if (options_.update && engine_.project(row.project.code).ok()) {
      auto updated = update_from(engine_, row, reader_, by_, options_);
      if (!updated.ok()) {
        reader_.error(row.line, row.code_column, updated.status().message());
      } else if (!updated->changes.fields.empty() || updated->stage) {
        ++summary_.updated;
        if (options_.keep_rows) summary_.rows.push_back(*std::move(updated));
      }
      return;
    }
    NewProject project = row.project;
    project.by = by_;
    Status added = engine_.execute(std::move(project)).status();
    if (!added.ok()) {
      reader_.error(row.line, row.code_column, added.message());
      return;
    }
    ++summary_.projects;
    ++(row.project.key ? summary_.key : summary_.pipeline);
    if (options_.keep_rows) summary_.rows.push_back({row.project.code, true, {}, std::nullopt});
  }

  Engine& engine_;
  const std::string& by_;
  const ImportOptions& options_;
  RowReader reader_;
  ImportSummary summary_;
  int records_ = 0;
  bool header_found_ = false;
  CsvRecord first_;
};

// Streams the rows of a workbook (from `xlsx`) or of `bytes` (an .xls or a
// CSV) into `importer`, inside the caller's transaction.
Status feed(Importer& importer, const XlsxSource& xlsx, std::string_view bytes,
            const std::string& file, const ImportOptions& options) {
  RowReader& reader = importer.reader();
  auto name_cells = [&](const std::string& sheet) {
    reader.where = [&file, sheet](int line, int column) {
      return file + ":" + sheet + "!" + cell_name(line, column);
    };
  };
  if (!xlsx.path.empty() || looks_like_xlsx(bytes)) {
    reader.set_sparse(true);
    bool named = false;
    LUODI_ASSIGN_OR_RETURN(
        std::string sheet,
        each_xlsx_row(xlsx, file, options.sheet, [&](const std::string& sheet, CsvRecord& rec) {
          if (!named) name_cells(sheet), named = true;
          return importer.take(rec);
        }));
    return importer.finish(file + ":" + sheet + "!A1: empty sheet: expected a header row");
  }
  if (looks_like_xls(
          bytes)) {  // FreeXL hands the sheet over whole (at most 65,536 rows × 256 columns)
    reader.set_sparse(true);
    LUODI_ASSIGN_OR_RETURN(XlsxSheet sheet, read_xls(bytes, file, options.sheet));
    name_cells(sheet.name);
    for (auto& rec : sheet.rows) LUODI_RETURN_IF_ERROR(importer.take(rec));
    return importer.finish(file + ":" + sheet.name + "!A1: empty sheet: expected a header row");
  }
  if (options.sheet)
    return Status::BadInput(file + ": --sheet is for workbooks (.xlsx, .xls); this is a CSV file");
  LUODI_ASSIGN_OR_RETURN(std::string text, decode_spreadsheet_text(bytes, file));
  LUODI_RETURN_IF_ERROR(
      each_csv_record(text, file, [&](CsvRecord& rec) { return importer.take(rec); }));
  return importer.finish(file + ":1:1: empty file: expected a header row");
}

Result<ImportSummary> import_from(Engine& engine, const XlsxSource& xlsx, std::string_view bytes,
                                  const std::string& file, const std::string& by,
                                  const ImportOptions& options) {
  Importer importer(engine, file, by, options);
  LUODI_RETURN_IF_ERROR(engine.batch(
      [&]() -> Status { return feed(importer, xlsx, bytes, file, options); }, !options.dry_run));
  return std::move(importer.summary());
}

}  // namespace

Result<ImportSummary> import_projects(Engine& engine, std::string_view bytes,
                                      const std::string& file, const std::string& by,
                                      const ImportOptions& options) {
  XlsxSource xlsx;
  xlsx.bytes = bytes;
  return import_from(engine, xlsx, bytes, file, by, options);
}

Result<ImportSummary> import_project_file(Engine& engine, const std::string& path,
                                          const std::string& by, const ImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path))
    return Status::BadInput("cannot read " + path);
  char head[4] = {};
  in.read(head, sizeof head);
  if (looks_like_xlsx(std::string_view(head, static_cast<size_t>(in.gcount())))) {
    XlsxSource xlsx;
    xlsx.path = path;
    return import_from(engine, xlsx, {}, path, by, options);
  }
  in.seekg(0);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return Status::BadInput("cannot read " + path);
  const std::string all = std::move(bytes).str();
  return import_projects(engine, all, path, by, options);
}

}  // namespace luodi

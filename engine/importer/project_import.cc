#include "importer/project_import.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

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
  for (const auto& c : kColumns)
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
    for (const auto& [c, i] : positions_)
      if (const char* name = attribute_of(c)) out.emplace_back(name);
    return out;
  }
  bool has(ColumnId c) const { return positions_.count(c) > 0; }

  bool read_header(const CsvRecord& header) {
    std::map<ColumnId, int> seen;
    for (size_t i = 0; i < header.fields.size(); ++i) {
      const auto& f = header.fields[i];
      const ColumnName* c = find_column(f.text);
      if (!c) {
        if (const EvidenceDef* e = find_evidence(f.text)) {
          if (!evidence_.emplace(e->id, static_cast<int>(i)).second)
            error(f, "column '" + e->id + "' appears twice");
          continue;
        }
        error(f, "unknown column '" + field::trim(f.text) + "'");
        continue;
      }
      if (seen.count(c->column)) {
        error(f, "column '" + std::string(c->en) + "' appears twice");
        continue;
      }
      seen[c->column] = static_cast<int>(i);
    }
    for (const auto& c : kColumns) {
      if (c.required && !seen.count(c.column))
        error(header.line, 1, "missing required column '" + std::string(c.en) + "' (" +
                                  std::string(c.zh) + ")");
    }
    positions_ = std::move(seen);
    return errors_.empty();
  }

  std::optional<Row> read_row(const CsvRecord& rec) {
    const size_t before = errors_.size();
    if (rec.fields.size() != width()) {
      error(rec.line, 1, "expected " + std::to_string(width()) + " fields, found " +
                             std::to_string(rec.fields.size()));
      return std::nullopt;
    }
    Row row;
    row.line = rec.line;
    auto& p = row.project;
    auto& a = p.attributes;
    auto cell = [&](ColumnId c) -> const CsvField* {
      auto it = positions_.find(c);
      return it == positions_.end() ? nullptr : &rec.fields[it->second];
    };
    auto text = [&](ColumnId c) { return cell(c) ? field::text(cell(c)->text) : std::string(); };
    auto required = [&](ColumnId c, const char* what) {
      std::string v = text(c);
      if (v.empty()) error(*cell(c), std::string(what) + " is empty");
      return v;
    };
    auto number = [&](ColumnId c, const char* what) -> std::optional<double> {
      const CsvField* f = cell(c);
      if (!f || field::trim(f->text).empty()) return std::nullopt;
      auto v = field::amount(f->text);
      if (!v) error(*f, std::string(what) + " '" + field::trim(f->text) + "' is not a non-negative number");
      return v;
    };
    p.code = required(ColumnId::kCode, "code");
    row.code_column = cell(ColumnId::kCode)->column;
    a.name = required(ColumnId::kName, "name");
    a.unit = required(ColumnId::kUnit, "unit");
    a.leader = text(ColumnId::kLeader);
    a.origin = text(ColumnId::kOrigin);
    if (std::string ind = text(ColumnId::kIndustry); !ind.empty()) {
      auto v = field::industry(ind);
      if (!v) error(*cell(ColumnId::kIndustry), "industry '" + ind + "' is not primary, secondary or tertiary (一产/二产/三产)");
      a.industry = v.value_or("");
    }
    a.investment_wan = number(ColumnId::kInvestment, "investment_wan");
    a.fixed_asset_wan = number(ColumnId::kFixedAsset, "fixed_asset_wan");
    a.foreign_usd_wan = number(ColumnId::kForeign, "foreign_usd_wan");
    a.land_need_mu = number(ColumnId::kLandNeed, "land_need_mu");
    a.land_secured_mu = number(ColumnId::kLandSecured, "land_secured_mu");
    a.plan_wan = number(ColumnId::kPlan, "plan_wan");
    if (std::string st = text(ColumnId::kStage); !st.empty()) {
      if (wf_.find_stage(st)) {
        p.stage = st;
      } else {
        error(*cell(ColumnId::kStage), "unknown stage '" + st + "'");
      }
    }
    if (std::string since = text(ColumnId::kStageSince); !since.empty()) {
      p.on = cell(ColumnId::kStageSince)->number ? field::serial_date(since) : field::date(since);
      if (!p.on)
        error(*cell(ColumnId::kStageSince), "stage_since '" + since + "' is not " + kDateForm);
      else if (*p.on > today_)
        error(*cell(ColumnId::kStageSince), "stage_since " + since + " is in the future");
    }
    if (std::string key = text(ColumnId::kKey); !key.empty()) {
      auto v = field::yes_no(key);
      if (!v) error(*cell(ColumnId::kKey), "key '" + key + "' is not yes/no (是/否)");
      p.key = v.value_or(true);
    }
    // Evidence a stage needs, from its column (施工许可证号 → permit).
    for (const auto& [id, i] : evidence_)
      if (std::string v = field::text(rec.fields[i].text); !v.empty()) p.evidence[id] = v;
    if (errors_.size() != before) return std::nullopt;
    return row;
  }

 private:
  size_t width() const {
    int w = 0;
    for (const auto& [c, i] : positions_) w = std::max(w, i + 1);
    for (const auto& [id, i] : evidence_) w = std::max(w, i + 1);
    return static_cast<size_t>(w);
  }

  // A column of evidence the workflow declares: by its id, or either label
  // (施工许可证号, or 施工许可证 without the 号).
  const EvidenceDef* find_evidence(std::string_view header) const {
    const std::string h = normalize_header(header);
    for (const auto& stage : wf_.stages)
      for (const auto& e : stage.evidence) {
        const std::string zh = normalize_header(e.label.zh);
        const std::string zh_short =
            zh.size() > 3 && zh.compare(zh.size() - 3, 3, "号") == 0 ? zh.substr(0, zh.size() - 3) : zh;
        if (h == e.id || h == zh || h == zh_short || h == normalize_header(e.label.en)) return &e;
      }
    return nullptr;
  }

  const std::string& file_;
  const Workflow& wf_;
  Date today_;
  std::map<ColumnId, int> positions_;
  std::map<std::string, int> evidence_;  // evidence id → column
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
  if (!reader.has(ColumnId::kStage) || !p.stage) return done;
  const ProjectState& now = updated.project.project;
  const Workflow& wf = engine.workflow();
  const int to = wf.find_stage(*p.stage).value_or(now.stage);
  if (to == now.stage) return done;
  if (to < now.stage)
    return Status::BadInput("the file puts " + p.code + " back at " + wf.stages[to].id + " (it is at " +
                            wf.stages[now.stage].id + "): stages only move forward");
  AdvanceRequest a;
  a.code = p.code;
  a.to = wf.stages[to].id;
  // The file's stage date when it was edited to a day after the current
  // stage began; else the date of the import's changes.
  a.on = reader.has(ColumnId::kStageSince) && p.on && *p.on > now.stage_since ? p.on
                                                                                               : options.on;
  a.by = by;
  a.evidence = p.evidence;
  LUODI_RETURN_IF_ERROR(engine.execute(a).status());
  done.stage = {wf.stages[now.stage].id, wf.stages[to].id};
  return done;
}

Result<ImportSummary> import_projects(Engine& engine, std::string_view bytes, const std::string& file,
                                      const std::string& by, const ImportOptions& options) {
  RowReader reader(file, engine.workflow(), engine.today());
  std::vector<CsvRecord> records;
  if (looks_like_xlsx(bytes) || looks_like_xls(bytes)) {
    LUODI_ASSIGN_OR_RETURN(XlsxSheet sheet, looks_like_xls(bytes) ? read_xls(bytes, file, options.sheet)
                                                                  : read_xlsx(bytes, file, options.sheet));
    records = std::move(sheet.rows);
    reader.where = [&file, name = sheet.name](int line, int column) {
      return file + ":" + name + "!" + cell_name(line, column);
    };
    if (records.empty()) return Status::BadInput(file + ":" + sheet.name + "!A1: empty sheet: expected a header row");
  } else {
    if (options.sheet) return Status::BadInput(file + ": --sheet is for workbooks (.xlsx, .xls); this is a CSV file");
    LUODI_ASSIGN_OR_RETURN(std::string text, decode_spreadsheet_text(bytes, file));
    LUODI_ASSIGN_OR_RETURN(records, read_csv(text, file));
    if (records.empty()) return Status::BadInput(file + ":1:1: empty file: expected a header row");
  }
  // The header is the first row with a code column: title rows above it (a
  // sheet's "2026年重点项目推进情况表", as export writes) are skipped.
  size_t header = 0;
  for (size_t i = 0; i < records.size() && i < 20; ++i) {
    const bool has_code = std::any_of(records[i].fields.begin(), records[i].fields.end(), [](const CsvField& f) {
      const ColumnName* c = find_column(f.text);
      return c && c->column == ColumnId::kCode;
    });
    if (has_code) {
      header = i;
      break;
    }
  }
  if (!reader.read_header(records[header])) return joined(reader.errors());
  std::vector<Row> rows;
  for (size_t i = header + 1; i < records.size(); ++i) {
    if (records[i].blank()) continue;
    if (auto row = reader.read_row(records[i])) rows.push_back(std::move(*row));
  }
  if (!reader.errors().empty()) return joined(reader.errors());
  ImportSummary summary;
  Status s = engine.batch(
      [&]() -> Status {
        for (const auto& row : rows) {
          if (options.update && engine.project(row.project.code).ok()) {
            auto updated = update_from(engine, row, reader, by, options);
            if (!updated.ok()) {
              reader.error(row.line, row.code_column, updated.status().message());
            } else if (!updated->changes.fields.empty() || updated->stage) {
              ++summary.updated;
              summary.rows.push_back(*std::move(updated));
            }
            continue;
          }
          NewProject project = row.project;
          project.by = by;
          Status added = engine.execute(std::move(project)).status();
          if (!added.ok()) {
            reader.error(row.line, row.code_column, added.message());
            continue;
          }
          ++summary.projects;
          ++(row.project.key ? summary.key : summary.pipeline);
          summary.rows.push_back({row.project.code, true, {}, std::nullopt});
        }
        return reader.errors().empty() ? Status::Ok() : joined(reader.errors());
      },
      !options.dry_run);
  if (!s.ok()) return s;
  return summary;
}

}  // namespace luodi

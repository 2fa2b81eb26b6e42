#include "importer/project_import.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "importer/column_map.h"
#include "importer/columns.h"
#include "importer/csv_reader.h"
#include "importer/field_values.h"
#include "importer/problems.h"
#include "importer/text_encoding.h"
#include "importer/xls_reader.h"
#include "importer/xlsx_reader.h"

namespace luodi {

namespace {

// Headers typed with ASCII parentheses, stray spaces or a line break (Alt+Enter)
// still match.
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
    } else if (s.compare(i, 3, "／") == 0) {
      out += '/';
      i += 3;
    } else if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // the ideographic space
      i += 3;
    } else if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
      ++i;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// What a header names: a column of the sheet, or a piece of evidence.
struct Named {
  const ColumnName* column = nullptr;
  const EvidenceDef* evidence = nullptr;
  bool known() const { return column || evidence; }
};

// The header words the import knows: the one header table (columns.h, with
// its joined two-row forms), the workflow's evidence, and the city's own
// words (--columns).
class HeaderWords {
 public:
  HeaderWords(const Workflow& wf, const ColumnMap& map) : wf_(wf) {
    for (const auto& w : map) own_[normalize_header(w.header)] = w.field;
    auto child = [&](std::string_view joined) {
      const std::string j = normalize_header(joined);
      if (auto slash = j.rfind('/'); slash != std::string::npos)
        children_.insert(j.substr(slash + 1));
    };
    for (const auto& c : sheet_columns())
      for (auto j : c.joined) child(j);
    for (const auto& w : map) child(w.header);
  }

  Named find(std::string_view header) const {
    const std::string h = normalize_header(header);
    if (h.empty()) return {};
    if (auto it = own_.find(h); it != own_.end()) return by_id(it->second);
    for (const auto& c : sheet_columns()) {
      if (h == c.en || h == normalize_header(c.zh)) return {&c, nullptr};
      for (auto j : c.joined)
        if (h == normalize_header(j)) return {&c, nullptr};
    }
    return {nullptr, find_evidence(h)};
  }
  bool is_code(std::string_view header) const {
    const Named n = find(header);
    return n.column && n.column->en == "code";
  }
  // A child of a two-row header ("需求" under 用地情况（亩）).
  bool is_child(std::string_view word) const { return children_.count(normalize_header(word)) > 0; }

 private:
  Named by_id(const std::string& id) const {
    for (const auto& c : sheet_columns())
      if (c.en == id) return {&c, nullptr};
    for (const auto& stage : wf_.stages)
      for (const auto& e : stage.evidence)
        if (e.id == id) return {nullptr, &e};
    return {};
  }
  // A column of evidence the workflow declares: by its id, or either label
  // (施工许可证号, or 施工许可证 without the 号).
  const EvidenceDef* find_evidence(const std::string& h) const {
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

  const Workflow& wf_;
  std::map<std::string, std::string> own_;  // normalized header → field id
  std::set<std::string> children_;
};

// A total row's word: 合计, 小计, 总计 — alone, leading ("合计（12个）"), or
// ending ("全市合计"); not the start of another word (总计划).
bool says_total(std::string_view raw) {
  const std::string s = normalize_header(raw);
  for (std::string_view w : {"合计", "小计", "总计"}) {
    if (s == w) return true;
    if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) return true;
    if (s.compare(0, w.size(), w) == 0)
      for (std::string_view after : {"(", ":", "：", "【", "["})
        if (s.compare(w.size(), after.size(), after) == 0) return true;
  }
  return false;
}

struct Row {
  int line = 0;
  int code_column = 1;
  NewProject project;
};

class RowReader {
 public:
  RowReader(const std::string& file, const Workflow& wf, Date today, const ImportOptions& options)
      : file_(file), wf_(wf), today_(today), words_(wf, options.columns), strict_(options.strict) {}

  // Where a cell is, in errors: "file:line:col" for CSV, "FILE:SHEET!B12" for a workbook.
  std::function<std::string(int line, int column)> where = [this](int line, int column) {
    return file_ + ":" + std::to_string(line) + ":" + std::to_string(column);
  };
  // The same for a field: a cell of a merged range says so.
  Where at(const CsvField& f) const {
    const std::string w = where(f.line, f.column);
    if (f.merged.empty()) return {w, w};
    const Message m("import_merged_cell", {arg("cell", w), arg("range", range_name(f.merged))});
    return {catalogue::render(m, Lang::kZh), catalogue::render(m, Lang::kEn)};
  }

  void error(const CsvField& f, const std::string& message) { problems_.add(at(f), message); }
  void error(const CsvField& f, const Message& message) { problems_.add(at(f), message); }
  void error(int line, int column, const std::string& message) {
    const std::string w = where(line, column);
    problems_.add(Where{w, w}, message);
  }
  Problems& problems() { return problems_; }
  const HeaderWords& words() const { return words_; }
  Messages& warnings() { return warnings_; }

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
  bool sparse() const { return sparse_; }
  int position(const CsvRecord& rec, size_t i) const {
    return sparse_ ? rec.fields[i].column : static_cast<int>(i) + 1;
  }

  // Reads the header; a column it does not know is skipped with a warning
  // (refused with --strict). `columns` is the CSV's width (its widest
  // header row).
  bool read_header(const CsvRecord& header) {
    std::map<std::string_view, int> seen;
    std::set<int> skipped;
    for (size_t i = 0; i < header.fields.size(); ++i) {
      const auto& f = header.fields[i];
      const int at = position(header, i);
      if (f.uncalculated) {
        error(f, Message("import_formula_uncalculated"));
        continue;
      }
      const std::string word = field::trim(f.text);
      if (word.empty()) continue;  // no column: a value under it is an error
      const Named n = words_.find(f.text);
      if (n.evidence) {
        if (!evidence_.emplace(n.evidence->id, at).second)
          error(f, "column '" + n.evidence->id + "' appears twice");
        continue;
      }
      if (!n.column) {
        if (strict_) {
          error(f, "unknown column '" + word + "'");
        } else {
          skipped.insert(at);
          const std::string w = where(f.line, f.column);
          warnings_.push_back(
              Message("import_column_skipped", {arg("where", w), arg("column", word)}));
        }
        continue;
      }
      const ColumnName* c = n.column;
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
    width_ = sparse_ ? 0 : header.fields.size();
    for (const auto& [c, i] : positions_) width_ = std::max(width_, static_cast<size_t>(i));
    for (const auto& [id, i] : evidence_) width_ = std::max(width_, static_cast<size_t>(i));
    for (int i : skipped) width_ = std::max(width_, static_cast<size_t>(i));
    kind_.assign(width_ + 1, kNone);
    for (const auto& [c, i] : positions_) kind_[i] = kHeaded;
    for (const auto& [id, i] : evidence_) kind_[i] = kHeaded;
    for (int i : skipped) kind_[i] = kSkipped;
    return problems_.empty();
  }

  // The field at the column `c` of `rec`, if it has one.
  const CsvField* field_of(const CsvRecord& rec, std::string_view c) const {
    auto it = positions_.find(c);
    if (it == positions_.end()) return nullptr;
    for (size_t i = 0; i < rec.fields.size(); ++i)
      if (position(rec, i) == it->second) return &rec.fields[i];
    return nullptr;
  }

  // A row with nothing of its own in luodi's columns (a copy of a merged
  // cell above is not its own): skipped.
  bool blank(const CsvRecord& rec) const {
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const int pos = position(rec, i);
      const CsvField& f = rec.fields[i];
      if (f.copy) continue;
      const bool headed = pos >= 1 && static_cast<size_t>(pos) <= width_ && kind_[pos] == kHeaded;
      const bool unheaded = pos < 1 || static_cast<size_t>(pos) > width_ || kind_[pos] == kNone;
      if ((headed || unheaded) && (f.uncalculated || !field::trim(f.text).empty())) return false;
    }
    return true;
  }

  // A total row (合计, 小计, 总计 in its name or first cell, and no code):
  // the cell that says so.
  const CsvField* total(const CsvRecord& rec) const {
    const CsvField* code = field_of(rec, "code");
    const bool no_code = !code || field::trim(code->text).empty() || says_total(code->text);
    if (!no_code) return nullptr;
    if (const CsvField* name = field_of(rec, "name"); name && says_total(name->text)) return name;
    for (const auto& f : rec.fields)
      if (!field::trim(f.text).empty()) return says_total(f.text) ? &f : nullptr;
    return nullptr;
  }

  std::optional<Row> read_row(const CsvRecord& rec) {
    const size_t before = problems_.size();
    const size_t w = width_;
    if (!sparse_ && rec.fields.size() != w) {
      error(
          rec.line, 1,
          "expected " + std::to_string(w) + " fields, found " + std::to_string(rec.fields.size()));
      return std::nullopt;
    }
    // The field at each position the header names; a workbook's cell under
    // no header is an error at that cell (a CSV's extra field is a count).
    // Cells under a skipped column, and copies of a merged cell, are not read.
    std::vector<const CsvField*> at(w + 1, nullptr);
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const int pos = position(rec, i);
      const CsvField& f = rec.fields[i];
      if (pos >= 1 && static_cast<size_t>(pos) <= w && kind_[pos] == kHeaded) {
        at[pos] = &f;
        if (f.uncalculated) {
          error(f, Message("import_formula_uncalculated"));
        } else if (f.error_value) {
          error(f, Message("import_formula_error", {arg("value", field::trim(f.text))}));
        }
      } else if (pos >= 1 && static_cast<size_t>(pos) <= w && kind_[pos] == kSkipped) {
        continue;
      } else if (!f.copy && !field::trim(f.text).empty()) {
        error(f, "a value in column " + column_name(pos) + ", which has no header");
      }
    }
    if (problems_.size() != before) return std::nullopt;
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
    if (problems_.size() != before) return std::nullopt;
    return row;
  }

 private:
  enum Kind : char { kNone, kHeaded, kSkipped };

  const std::string& file_;
  const Workflow& wf_;
  Date today_;
  HeaderWords words_;
  bool strict_ = false;
  bool sparse_ = false;
  std::map<std::string_view, int> positions_;  // column (ColumnName::en) → position (1-based)
  std::map<std::string, int> evidence_;        // evidence id → position
  size_t width_ = 0;                           // the last position the header has
  std::vector<Kind> kind_;                     // by position: named, skipped, or no header
  Problems problems_;
  Messages warnings_;
};

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
        reader_(file, engine.workflow(), engine.today(), options) {}

  RowReader& reader() { return reader_; }
  ImportSummary& summary() {
    summary_.warnings = reader_.warnings();
    return summary_;
  }

  // Takes the next record of the file; a non-Ok status stops the reading.
  Status take(CsvRecord& rec) {
    ++records_;
    if (state_ == kSearching) {
      const bool has_code =
          std::any_of(rec.fields.begin(), rec.fields.end(),
                      [&](const CsvField& f) { return reader_.words().is_code(f.text); });
      if (has_code) {
        // A parent row above ("用地情况（亩）" over the header's "需求").
        if (prev_index_ == records_ - 1 && adjacent(prev_, rec) && parents(prev_, rec, false)) {
          state_ = kRows;
          return header(compose(prev_, rec), rec.line);
        }
        top_ = std::move(rec);
        state_ = kHeaderBelow;
        return Status::Ok();
      }
      if (records_ == 1) first_ = rec;
      prev_ = std::move(rec);
      prev_index_ = records_;
      // No header among the first rows: the first row is taken as one, and says what it lacks.
      if (records_ == kHeaderSearchRows) {
        state_ = kRows;
        return header(first_, first_.line);
      }
      return Status::Ok();
    }
    if (state_ == kHeaderBelow) {
      state_ = kRows;
      // A second header row: the children of the header's merged parents.
      if (adjacent(top_, rec) && parents(top_, rec, true))
        return header(compose(top_, rec), top_.line);
      LUODI_RETURN_IF_ERROR(header(top_, top_.line));
    }
    if (const CsvField* total = reader_.total(rec)) {
      // A copy of a merged cell (合计 over A8:C8) is named by the range's first cell.
      const bool copy = total->copy && !total->merged.empty();
      reader_.warnings().push_back(
          Message("import_total_row_skipped",
                  {arg("where", reader_.where(copy ? total->merged.first_row : total->line,
                                              copy ? total->merged.first_column : total->column)),
                   arg("text", field::one_line(total->text))}));
      return Status::Ok();
    }
    if (reader_.blank(rec)) return Status::Ok();
    auto row = reader_.read_row(rec);
    if (row && reader_.problems().empty()) write(*row);
    if (reader_.problems().size() >= kMaxProblems)
      return reader_.problems().status("(stopped after " + std::to_string(kMaxProblems) +
                                       " problems)");
    return Status::Ok();
  }

  // After the last record: `empty` is the error for a file without any.
  Status finish(const std::string& empty) {
    if (records_ == 0) return Status::BadInput(empty);
    if (state_ == kSearching) LUODI_RETURN_IF_ERROR(header(first_, first_.line));
    if (state_ == kHeaderBelow) LUODI_RETURN_IF_ERROR(header(top_, top_.line));
    return reader_.problems().status();
  }

 private:
  Status header(const CsvRecord& rec, int line) {
    state_ = kRows;
    CsvRecord h = rec;
    h.line = line;
    const bool read = reader_.read_header(h);
    first_ = prev_ = top_ = CsvRecord{};
    return read ? Status::Ok() : reader_.problems().status();
  }

  // `below` is the next row of the sheet after `above` (no row between).
  bool adjacent(const CsvRecord& above, const CsvRecord& below) const {
    return !above.fields.empty() && (!reader_.sparse() || below.line == above.line + 1);
  }

  // The header's words by position, a merged parent's carried over the
  // empty cells to its right that have a word below them (a CSV or an .xls
  // knows no merged ranges; a workbook's merged cells hold copies already).
  struct Column {
    const CsvField* top = nullptr;
    const CsvField* bottom = nullptr;
    std::string parent;  // the top word, or the one carried
    std::string child;   // the bottom word
  };
  std::map<int, Column> columns(const CsvRecord& top, const CsvRecord& bottom) const {
    std::map<int, Column> out;
    for (size_t i = 0; i < top.fields.size(); ++i) {
      Column& c = out[reader_.position(top, i)];
      c.top = &top.fields[i];
      c.parent = field::trim(top.fields[i].text);
    }
    for (size_t i = 0; i < bottom.fields.size(); ++i) {
      Column& c = out[reader_.position(bottom, i)];
      c.bottom = &bottom.fields[i];
      c.child = field::trim(bottom.fields[i].text);
    }
    std::string carried;
    for (auto& [pos, c] : out) {
      if (!c.parent.empty()) {
        carried = reader_.words().find(c.parent).known() ? std::string() : c.parent;
      } else if (!c.child.empty()) {
        c.parent = carried;
      } else {
        carried.clear();
      }
    }
    return out;
  }

  // Whether `bottom` holds the children of `top`'s parents: a word under a
  // parent luodi does not know that joins it into a known header
  // ("用地情况（亩）/需求") or is a known child word, or (when `bottom` may
  // be a data row) a header cell merged down into it; and, for a row below
  // the header, nothing of its own in the code column (a data row has a code).
  bool parents(const CsvRecord& top, const CsvRecord& bottom, bool bottom_may_be_data) const {
    const HeaderWords& words = reader_.words();
    bool merged_down = false, joins = false;
    for (const auto& f : top.fields)
      if (!f.merged.empty() && f.merged.first_row == top.line && f.merged.last_row > top.line)
        merged_down = true;
    for (const auto& [pos, c] : columns(top, bottom)) {
      if (bottom_may_be_data && c.top && words.is_code(c.top->text) && c.bottom &&
          !c.bottom->copy && !c.child.empty() &&
          normalize_header(c.child) != normalize_header(c.parent))
        return false;
      if (c.parent.empty() || c.child.empty() || words.find(c.parent).known()) continue;
      if (words.find(c.parent + "/" + c.child).known() ||
          (words.is_child(c.child) && !words.find(c.child).known()))
        joins = true;
    }
    return joins || (bottom_may_be_data && merged_down);
  }

  // One header of two rows: each column's parent joined to its child
  // ("用地情况（亩）/需求") when the header table knows that form; else the
  // child when it is a header by itself; else the parent alone (nothing
  // below it) or both joined (an unknown column).
  CsvRecord compose(const CsvRecord& top, const CsvRecord& bottom) const {
    const HeaderWords& words = reader_.words();
    CsvRecord out;
    out.line = bottom.line;
    for (const auto& [pos, c] : columns(top, bottom)) {
      CsvField f = c.bottom ? *c.bottom : *c.top;
      f.copy = false;
      const std::string joined = c.parent + "/" + c.child;
      if (c.child.empty() || normalize_header(c.child) == normalize_header(c.parent)) {
        f = c.top ? *c.top : f;
        f.text = c.parent;
      } else if (c.parent.empty()) {
        f.text = c.child;
      } else if (words.find(joined).known()) {
        f.text = joined;
      } else if (words.find(c.child).known()) {
        f.text = c.child;
      } else {
        f.text = joined;
      }
      f.copy = false;
      if (!reader_.sparse())
        while (out.fields.size() + 1 < static_cast<size_t>(pos))
          out.fields.push_back(CsvField{std::string(), bottom.line, 0, false});
      out.fields.push_back(std::move(f));
    }
    return out;
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
  // Looking for the header; the header read, the row below may be its
  // second row; the rows.
  enum { kSearching, kHeaderBelow, kRows } state_ = kSearching;
  CsvRecord first_;     // the first record, while searching
  CsvRecord prev_;      // the record before, while searching …
  int prev_index_ = 0;  // … and its number
  CsvRecord top_;       // the header's first row, while the next is not read
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

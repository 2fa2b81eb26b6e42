#include "importer/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <memory>

namespace luodi {

namespace {

using namespace xlsx_limits;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

// The local part of a (possibly prefixed) XML name: "x:row" → "row".
std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  const auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* attribute(const XML_Char** attrs, std::string_view name) {
  for (int i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

// A cell's text past Excel's limit: counted in characters (UTF-8 lead bytes).
bool too_long(std::string_view text) {
  if (text.size() <= kCellChars) return false;
  size_t chars = 0;
  for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars > kCellChars;
}
// What a text may grow to in bytes before it is surely too long (4 bytes a character).
constexpr size_t kCellBytes = 4 * kCellChars;

// Streams one part of the zip through an expat parser whose handlers are
// `start`, `end` and `text`. A handler stops the parse by setting `failed`
// (the whole status returned).
class PartParser {
 public:
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;
  Status failed = Status::Ok();

  void fail(Status s) {
    if (failed.ok()) failed = std::move(s);
  }

  Status parse(zip_t* zip, const std::string& part, const std::string& file) {
    zip_stat_t st;
    if (zip_stat(zip, part.c_str(), 0, &st) != 0)
      return Status::BadInput(file + ": the workbook has no " + part);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kPartBytes)
      return Status::BadInput(file + ": " + part + " unpacks to more than 512 MiB");
    std::unique_ptr<zip_file_t, FileCloser> in(zip_fopen(zip, part.c_str(), 0));
    if (!in)
      return Status::BadInput(file + ": cannot read " + part + " (" + zip_strerror(zip) + ")");
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate("UTF-8"));
    if (!parser) return Status::Internal("out of memory");
    parser_ = parser.get();
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(
        parser.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* p = static_cast<PartParser*>(self);
          if (p->start && p->failed.ok()) p->start(local(name), attrs);
          p->stop_if_failed();
        },
        [](void* self, const XML_Char* name) {
          auto* p = static_cast<PartParser*>(self);
          if (p->end && p->failed.ok()) p->end(local(name));
          p->stop_if_failed();
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* self, const XML_Char* s, int len) {
      auto* p = static_cast<PartParser*>(self);
      if (p->text && p->failed.ok()) p->text(std::string_view(s, static_cast<size_t>(len)));
      p->stop_if_failed();
    });
    char buf[64 * 1024];
    zip_uint64_t total = 0;
    for (;;) {
      const zip_int64_t n = zip_fread(in.get(), buf, sizeof buf);
      if (n < 0)
        return Status::BadInput(file + ": " + part + " is damaged (" + zip_file_strerror(in.get()) +
                                ")");
      total += static_cast<zip_uint64_t>(n);
      // The size in the zip's directory may lie: count what comes out.
      if (total > kPartBytes)
        return Status::BadInput(file + ": " + part + " unpacks to more than 512 MiB");
      const XML_Status parsed = XML_Parse(parser.get(), buf, static_cast<int>(n), n == 0);
      if (!failed.ok()) return failed;
      if (parsed == XML_STATUS_ERROR)
        return Status::BadInput(file + ": " + part + " is not well-formed XML (line " +
                                std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                                XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
      if (n == 0) return Status::Ok();
    }
  }

 private:
  void stop_if_failed() {
    if (!failed.ok() && !stopped_) {
      stopped_ = true;
      XML_StopParser(parser_, XML_FALSE);
    }
  }
  XML_Parser parser_ = nullptr;
  bool stopped_ = false;
};

// "B12" → column 2 (up to XFD, 16,384); 0 when it is not a cell reference.
int column_of(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return 0;
  }
  return i == 0 ? 0 : col;
}

struct SheetRef {
  std::string name;
  std::string part;  // e.g. xl/worksheets/sheet1.xml
};

// `stale_results`: the workbook asks to be recalculated when opened
// (<calcPr fullCalcOnLoad="1"/>, what libxlsxwriter, XlsxWriter and openpyxl
// write): its formulas' stored results are placeholders (libxlsxwriter's 0).
// Excel, WPS and LibreOffice calculate before saving and drop the flag.
Result<std::vector<SheetRef>> sheets_of(zip_t* zip, const std::string& file, bool& stale_results) {
  std::vector<std::pair<std::string, std::string>> named;  // (name, relationship id)
  PartParser book;
  book.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name == "calcPr") {
      const XML_Char* full = attribute(attrs, "fullCalcOnLoad");
      stale_results = full && (std::string_view(full) == "1" || std::string_view(full) == "true");
    }
    if (name != "sheet") return;
    const XML_Char* n = attribute(attrs, "name");
    const XML_Char* id = attribute(attrs, "id");
    if (n && id && named.size() < 4096) named.emplace_back(n, id);
  };
  LUODI_RETURN_IF_ERROR(book.parse(zip, "xl/workbook.xml", file));
  std::map<std::string, std::string> target;  // relationship id → part
  PartParser rels;
  rels.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name != "Relationship") return;
    const XML_Char* id = attribute(attrs, "Id");
    const XML_Char* t = attribute(attrs, "Target");
    if (!id || !t || target.size() >= 4096) return;
    std::string part = t;
    target[id] = part.rfind('/', 0) == 0 ? part.substr(1) : "xl/" + part;
  };
  LUODI_RETURN_IF_ERROR(rels.parse(zip, "xl/_rels/workbook.xml.rels", file));
  std::vector<SheetRef> out;
  for (const auto& [name, id] : named)
    if (auto it = target.find(id); it != target.end()) out.push_back({name, it->second});
  if (out.empty()) return Status::BadInput(file + ": the workbook has no sheets");
  return out;
}

// The workbook's shared strings, packed: each text NUL-terminated (XML holds
// no NUL) in 1 MiB blocks, found by a 32-bit position. About 4 bytes a string
// more than its text, and no block is ever copied to grow.
class SharedStrings {
 public:
  static constexpr size_t kBlock = 1 << 20;

  // False when the table would pass kSharedTextBytes.
  bool add(std::string_view s) {
    if (blocks_.empty() || used_ + s.size() + 1 > kBlock) {
      if ((blocks_.size() + 1) * kBlock > kSharedTextBytes) return false;
      blocks_.push_back(std::make_unique<char[]>(kBlock));  // a text is < kCellBytes + 1 < kBlock
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, s.data(), s.size());
    at[s.size()] = '\0';
    starts_.push_back(static_cast<std::uint32_t>((blocks_.size() - 1) * kBlock + used_));
    used_ += s.size() + 1;
    return true;
  }
  size_t size() const { return starts_.size(); }
  std::string_view operator[](size_t i) const {
    const std::uint32_t at = starts_[i];
    return blocks_[at / kBlock].get() + at % kBlock;
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;
  std::deque<std::uint32_t> starts_;
};

Status shared_strings(zip_t* zip, const std::string& file, SharedStrings& out) {
  const std::string part = "xl/sharedStrings.xml";
  if (zip_name_locate(zip, part.c_str(), 0) < 0) return Status::Ok();  // a workbook without text
  PartParser p;
  bool in_si = false, in_t = false, in_phonetic = false;
  std::string text;
  p.start = [&](std::string_view name, const XML_Char**) {
    if (name == "si") {
      in_si = true;
      text.clear();
      if (out.size() >= kSharedStrings)
        p.fail(Status::BadInput(file + ": " + part + ": more than " +
                                std::to_string(kSharedStrings) +
                                " shared strings; a project sheet has far fewer"));
    } else if (name == "rPh") {
      in_phonetic = true;  // furigana: not part of the text
    } else if (name == "t") {
      in_t = in_si;
    }
  };
  p.end = [&](std::string_view name) {
    if (name == "si") {
      in_si = false;
      if (too_long(text))
        p.fail(Status::BadInput(file + ": " + part + ": shared string " +
                                std::to_string(out.size()) +
                                " is longer than Excel's 32,767 characters"));
      else if (!out.add(text))
        p.fail(Status::BadInput(file + ": " + part + ": the shared strings hold more than " +
                                std::to_string(kSharedTextBytes >> 20) +
                                " MiB of text; a project sheet needs far less"));
    }
    if (name == "rPh") in_phonetic = false;
    if (name == "t") in_t = false;
  };
  p.text = [&](std::string_view s) {
    if (!in_t || in_phonetic) return;
    if (text.size() + s.size() > kCellBytes)
      p.fail(Status::BadInput(file + ": " + part + ": shared string " + std::to_string(out.size()) +
                              " is longer than Excel's 32,767 characters"));
    else
      text += s;
  };
  return p.parse(zip, part, file);
}

// "C3:C5" (or "C3" alone) → the range; empty when it is not one.
CellRange range_of(std::string_view ref) {
  auto cell = [](std::string_view c, int& row, int& column) {
    column = column_of(c);
    size_t i = 0;
    while (i < c.size() && c[i] >= 'A' && c[i] <= 'Z') ++i;
    if (column < 1 || i == c.size() || c.size() - i > 7) return false;
    row = 0;
    for (; i < c.size(); ++i) {
      if (c[i] < '0' || c[i] > '9') return false;
      row = row * 10 + (c[i] - '0');
    }
    return row >= 1 && row <= kRows;
  };
  CellRange r;
  const auto colon = ref.find(':');
  const std::string_view a = ref.substr(0, colon);
  const std::string_view b = colon == std::string_view::npos ? a : ref.substr(colon + 1);
  if (!cell(a, r.first_row, r.first_column) || !cell(b, r.last_row, r.last_column))
    return CellRange{};
  if (r.last_row < r.first_row) std::swap(r.first_row, r.last_row);
  if (r.last_column < r.first_column) std::swap(r.first_column, r.last_column);
  return r;
}

// The sheet's merged ranges (<mergeCells>, after its rows: a pass of its own
// before the rows are read), sorted by their first row; single cells and
// ranges that start past the last column read are left out.
Result<std::vector<CellRange>> merged_ranges(zip_t* zip, const std::string& part,
                                             const std::string& file) {
  std::vector<CellRange> out;
  PartParser p;
  p.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name != "mergeCell") return;
    const XML_Char* ref = attribute(attrs, "ref");
    const CellRange r = ref ? range_of(ref) : CellRange{};
    if (r.empty() || r.first_column > kColumns ||
        (r.first_row == r.last_row && r.first_column == r.last_column))
      return;
    if (out.size() >= kMergedRanges)
      p.fail(Status::BadInput(
          Message("import_merged_limit",
                  {arg("file", file), arg("limit", std::to_string(kMergedRanges))})));
    else
      out.push_back(r);
  };
  LUODI_RETURN_IF_ERROR(p.parse(zip, part, file));
  std::stable_sort(out.begin(), out.end(), [](const CellRange& a, const CellRange& b) {
    return a.first_row < b.first_row;
  });
  return out;
}

// Gives each row the values of the merged ranges it crosses: a range's first
// cell keeps its own and is marked merged; every other cell of the range
// (to the last column read) holds a copy of it, whatever the file put there.
class MergeFill {
 public:
  MergeFill(std::vector<CellRange> ranges, std::string file, std::string sheet)
      : ranges_(std::move(ranges)),
        file_(std::move(file)),
        sheet_(std::move(sheet)),
        owner_(kColumns + 1, -1) {}

  bool any() const { return !ranges_.empty(); }

  Status apply(CsvRecord& row) {
    // Ranges that end above the row are done; those that start by it begin.
    for (size_t i = 0; i < active_.size();) {
      if (ranges_[active_[i]].last_row < row.line) {
        release(active_[i]);
        active_[i] = active_.back();
        active_.pop_back();
      } else {
        ++i;
      }
    }
    for (; next_ < ranges_.size() && ranges_[next_].first_row <= row.line; ++next_) {
      const CellRange& r = ranges_[next_];
      if (r.last_row < row.line) continue;  // passed in a gap between rows
      const int last = std::min(r.last_column, kColumns);
      for (int c = r.first_column; c <= last; ++c) {
        if (owner_[c] >= 0) {
          return Status::BadInput(
              Message("import_merged_overlap",
                      {arg("where", file_ + ":" + sheet_), arg("range", range_name(r)),
                       arg("other", range_name(ranges_[static_cast<size_t>(owner_[c])]))}));
        }
      }
      for (int c = r.first_column; c <= last; ++c) owner_[c] = static_cast<int>(next_);
      active_.push_back(next_);
    }
    if (active_.empty()) return Status::Ok();
    std::vector<CsvField> kept;
    kept.reserve(row.fields.size());
    for (auto& f : row.fields) {
      const int m = f.column <= kColumns ? owner_[f.column] : -1;
      if (m < 0) {
        kept.push_back(std::move(f));
        continue;
      }
      const CellRange& r = ranges_[static_cast<size_t>(m)];
      if (r.first_row != row.line || r.first_column != f.column) continue;  // not the first cell
      f.merged = r;
      values_[static_cast<size_t>(m)] = f;
      held_ += f.text.size();
      if (held_ > kSharedTextBytes)
        return Status::BadInput(Message(
            "import_merged_limit",
            {arg("file", file_), arg("limit", std::to_string(kMergedRanges))}));  // its text
      kept.push_back(std::move(f));
    }
    size_t copied = 0;  // bytes: a row's copies stay within what one row of text may hold
    for (const size_t m : active_) {
      const CellRange& r = ranges_[m];
      auto it = values_.find(m);
      if (it == values_.end()) continue;  // its first cell is empty
      const int last = std::min(r.last_column, kColumns);
      for (int c = r.first_column; c <= last; ++c) {
        if (r.first_row == row.line && c == r.first_column) continue;
        copied += it->second.text.size();
        if (copied > kMergedRowBytes)
          return Status::BadInput(
              Message("import_merged_limit",
                      {arg("file", file_), arg("limit", std::to_string(kMergedRanges))}));
        CsvField copy = it->second;
        copy.line = row.line;
        copy.column = c;
        copy.copy = true;
        kept.push_back(std::move(copy));
      }
    }
    std::sort(kept.begin(), kept.end(),
              [](const CsvField& a, const CsvField& b) { return a.column < b.column; });
    row.fields = std::move(kept);
    return Status::Ok();
  }

 private:
  void release(size_t m) {
    const CellRange& r = ranges_[m];
    for (int c = r.first_column; c <= std::min(r.last_column, kColumns); ++c)
      if (owner_[c] == static_cast<int>(m)) owner_[c] = -1;
    if (auto it = values_.find(m); it != values_.end()) {
      held_ -= it->second.text.size();
      values_.erase(it);
    }
  }

  std::vector<CellRange> ranges_;
  std::string file_, sheet_;
  std::vector<int> owner_;  // by column: the active range covering it, or -1
  std::vector<size_t> active_;
  size_t next_ = 0;
  std::map<size_t, CsvField> values_;  // an active range's first cell
  size_t held_ = 0;                    // the bytes of their text
};

std::string with_separators(long n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

bool looks_like_xlsx(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

std::string column_name(int column) {
  std::string letters;
  for (int c = column; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters;
}

std::string cell_name(int row, int column) { return column_name(column) + std::to_string(row); }

std::string range_name(const CellRange& r) {
  return cell_name(r.first_row, r.first_column) + ":" + cell_name(r.last_row, r.last_column);
}

Result<std::string> each_xlsx_row(
    const XlsxSource& source, const std::string& file, const std::optional<std::string>& sheet,
    const std::function<Status(const std::string& sheet, CsvRecord& row)>& on_row) {
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_t, ZipCloser> zip;
  if (!source.path.empty()) {
    int code = 0;
    zip.reset(zip_open(source.path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!zip) zip_error_init_with_code(&err, code);
  } else {
    zip_source_t* src = zip_source_buffer_create(source.bytes.data(), source.bytes.size(), 0, &err);
    if (!src) return Status::Internal("out of memory");
    zip.reset(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err));
    if (!zip) zip_source_free(src);
  }
  if (!zip) {
    const std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return Status::BadInput(file + ": not an Excel workbook (" + why + ")");
  }
  zip_error_fini(&err);
  bool stale_results = false;
  LUODI_ASSIGN_OR_RETURN(auto sheets, sheets_of(zip.get(), file, stale_results));
  const SheetRef* chosen = &sheets.front();
  if (sheet) {
    chosen = nullptr;
    std::string names;
    for (const auto& s : sheets) {
      if (s.name == *sheet) chosen = &s;
      names += (names.empty() ? "" : ", ") + s.name;
    }
    if (!chosen)
      return Status::BadInput(file + ": no sheet '" + *sheet + "' (the workbook has " + names +
                              ")");
  }
  SharedStrings strings;
  LUODI_RETURN_IF_ERROR(shared_strings(zip.get(), file, strings));

  const std::string& name = chosen->name;
  LUODI_ASSIGN_OR_RETURN(auto merged, merged_ranges(zip.get(), chosen->part, file));
  MergeFill merges(std::move(merged), file, name);
  auto at = [&](int row, int column) {
    return file + ":" + name + "!" + cell_name(row, column) + ": ";
  };
  PartParser p;
  CsvRecord row;
  int last_line = 0;
  std::string type, value;
  int cell_column = 0, next_column = 1;
  bool in_value = false, has_formula = false, has_value = false;
  p.start = [&](std::string_view element, const XML_Char** attrs) {
    if (element == "row") {
      row.fields.clear();
      const XML_Char* r = attribute(attrs, "r");
      row.line = r ? std::atoi(r) : last_line + 1;
      if (row.line < 1 || row.line > kRows)
        p.fail(Status::BadInput(file + ":" + name + ": row " + std::string(r ? r : "") +
                                " is past Excel's last row (" + with_separators(kRows) + ")"));
      last_line = row.line;
      next_column = 1;
    } else if (element == "c") {
      const XML_Char* r = attribute(attrs, "r");
      const XML_Char* t = attribute(attrs, "t");
      cell_column = r ? column_of(r) : next_column;
      if (cell_column < 1) {
        p.fail(Status::BadInput(file + ":" + name + ": row " + std::to_string(row.line) + ": '" +
                                (r ? r : "") + "' is not a cell reference"));
      } else if (cell_column > kColumns) {
        p.fail(Status::BadInput(at(row.line, cell_column) + "column " + column_name(cell_column) +
                                " is past the last column a project sheet may use (" +
                                column_name(kColumns) + ", the " + std::to_string(kColumns) +
                                "th)"));
      }
      next_column = cell_column + 1;
      type = t ? t : "n";
      value.clear();
      has_formula = has_value = false;
    } else if (element == "f") {
      has_formula = true;
    } else if (element == "v" || element == "t") {
      in_value = true;
      has_value = has_value || element == "v";
    }
  };
  p.text = [&](std::string_view s) {
    if (!in_value) return;
    if (value.size() + s.size() > kCellBytes)
      p.fail(Status::BadInput(at(row.line, cell_column) +
                              "the cell holds more than Excel's 32,767 characters"));
    else
      value += s;
  };
  p.end = [&](std::string_view element) {
    if (element == "v" || element == "t") {
      in_value = false;
    } else if (element == "c") {
      // A formula's result is its <v>: none, or an empty one for a number,
      // is a formula never calculated (a text result may be empty).
      if (has_formula && (stale_results || !has_value || (value.empty() && type != "str"))) {
        CsvField f{std::string(), row.line, cell_column, false};
        f.uncalculated = true;
        row.fields.push_back(std::move(f));
        return;
      }
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        const unsigned long i = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || i >= strings.size()) {
          p.fail(Status::BadInput(at(row.line, cell_column) + "names shared string " + value +
                                  ", which is not there"));
          return;
        }
        text = strings[i];
      } else if (type == "b") {
        text = value == "1" ? "yes" : "no";
      } else {
        if (too_long(value)) {
          p.fail(Status::BadInput(at(row.line, cell_column) +
                                  "the cell holds more than Excel's 32,767 characters"));
          return;
        }
        text = std::move(value);
        value.clear();
      }
      if (text.empty()) return;
      CsvField f{std::move(text), row.line, cell_column, type == "n"};
      f.error_value = type == "e";
      row.fields.push_back(std::move(f));
    } else if (element == "row" && !row.fields.empty()) {
      if (merges.any()) {
        if (Status filled = merges.apply(row); !filled.ok()) return p.fail(std::move(filled));
        if (std::none_of(row.fields.begin(), row.fields.end(),
                         [](const CsvField& f) { return !f.copy; }))
          return;
      }
      p.fail(on_row(name, row));
    }
  };
  LUODI_RETURN_IF_ERROR(p.parse(zip.get(), chosen->part, file));
  return name;
}

Result<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& file,
                            const std::optional<std::string>& sheet) {
  XlsxSheet out;
  LUODI_ASSIGN_OR_RETURN(out.name, each_xlsx_row(XlsxSource{bytes, {}}, file, sheet,
                                                 [&](const std::string&, CsvRecord& row) {
                                                   out.rows.push_back(std::move(row));
                                                   return Status::Ok();
                                                 }));
  return out;
}

}  // namespace luodi

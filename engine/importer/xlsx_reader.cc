#include "importer/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <functional>
#include <map>
#include <memory>

namespace luodi {

namespace {

// No project sheet comes near these: past them a file is broken or hostile.
constexpr zip_uint64_t kMaxPartBytes = 512ull << 20;  // one uncompressed XML part
constexpr int kMaxColumns = 256;                      // a row's width
constexpr size_t kMaxSharedStrings = 10'000'000;

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

// Streams one part of the zip through an expat parser whose handlers are
// `start`, `end` and `text`; stops at the first error any of them reports.
class PartParser {
 public:
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;
  std::string error;  // set by a handler to stop

  Status parse(zip_t* zip, const std::string& part, const std::string& file) {
    zip_stat_t st;
    if (zip_stat(zip, part.c_str(), 0, &st) != 0) return Status::BadInput(file + ": the workbook has no " + part);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes)
      return Status::BadInput(file + ": " + part + " unpacks to more than 512 MiB");
    std::unique_ptr<zip_file_t, FileCloser> in(zip_fopen(zip, part.c_str(), 0));
    if (!in) return Status::BadInput(file + ": cannot read " + part + " (" + zip_strerror(zip) + ")");
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate("UTF-8"));
    if (!parser) return Status::Internal("out of memory");
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(
        parser.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* p = static_cast<PartParser*>(self);
          if (p->start) p->start(local(name), attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* p = static_cast<PartParser*>(self);
          if (p->end) p->end(local(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* self, const XML_Char* s, int len) {
      auto* p = static_cast<PartParser*>(self);
      if (p->text) p->text(std::string_view(s, static_cast<size_t>(len)));
    });
    char buf[64 * 1024];
    zip_uint64_t total = 0;
    for (;;) {
      const zip_int64_t n = zip_fread(in.get(), buf, sizeof buf);
      if (n < 0) return Status::BadInput(file + ": " + part + " is damaged (" + zip_file_strerror(in.get()) + ")");
      total += static_cast<zip_uint64_t>(n);
      // The size in the zip's directory may lie: count what comes out.
      if (total > kMaxPartBytes) return Status::BadInput(file + ": " + part + " unpacks to more than 512 MiB");
      if (XML_Parse(parser.get(), buf, static_cast<int>(n), n == 0) == XML_STATUS_ERROR)
        return Status::BadInput(file + ": " + part + " is not well-formed XML (line " +
                                std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                                XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
      if (!error.empty()) return Status::BadInput(file + ": " + part + ": " + error);
      if (n == 0) return Status::Ok();
    }
  }
};

// "B12" → column 2; 0 when it is not a cell reference.
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

Result<std::vector<SheetRef>> sheets_of(zip_t* zip, const std::string& file) {
  std::vector<std::pair<std::string, std::string>> named;  // (name, relationship id)
  PartParser book;
  book.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name != "sheet") return;
    const XML_Char* n = attribute(attrs, "name");
    const XML_Char* id = attribute(attrs, "id");
    if (n && id) named.emplace_back(n, id);
  };
  LUODI_RETURN_IF_ERROR(book.parse(zip, "xl/workbook.xml", file));
  std::map<std::string, std::string> target;  // relationship id → part
  PartParser rels;
  rels.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name != "Relationship") return;
    const XML_Char* id = attribute(attrs, "Id");
    const XML_Char* t = attribute(attrs, "Target");
    if (!id || !t) return;
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

Result<std::vector<std::string>> shared_strings(zip_t* zip, const std::string& file) {
  std::vector<std::string> out;
  if (zip_name_locate(zip, "xl/sharedStrings.xml", 0) < 0) return out;  // a workbook without text
  PartParser p;
  bool in_si = false, in_t = false, in_phonetic = false;
  p.start = [&](std::string_view name, const XML_Char**) {
    if (name == "si") {
      in_si = true;
      if (out.size() >= kMaxSharedStrings) p.error = "more than 10,000,000 shared strings";
      out.emplace_back();
    } else if (name == "rPh") {
      in_phonetic = true;  // furigana: not part of the text
    } else if (name == "t") {
      in_t = in_si;
    }
  };
  p.end = [&](std::string_view name) {
    if (name == "si") in_si = false;
    if (name == "rPh") in_phonetic = false;
    if (name == "t") in_t = false;
  };
  p.text = [&](std::string_view s) {
    if (in_t && !in_phonetic) out.back() += s;
  };
  LUODI_RETURN_IF_ERROR(p.parse(zip, "xl/sharedStrings.xml", file));
  return out;
}

}  // namespace

bool looks_like_xlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::string cell_name(int row, int column) {
  std::string letters;
  for (int c = column; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

Result<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& file,
                            const std::optional<std::string>& sheet) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return Status::Internal("out of memory");
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!zip) {
    zip_source_free(src);
    const std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return Status::BadInput(file + ": not an Excel workbook (" + why + ")");
  }
  zip_error_fini(&err);
  LUODI_ASSIGN_OR_RETURN(auto sheets, sheets_of(zip.get(), file));
  const SheetRef* chosen = &sheets.front();
  if (sheet) {
    chosen = nullptr;
    std::string names;
    for (const auto& s : sheets) {
      if (s.name == *sheet) chosen = &s;
      names += (names.empty() ? "" : ", ") + s.name;
    }
    if (!chosen) return Status::BadInput(file + ": no sheet '" + *sheet + "' (the workbook has " + names + ")");
  }
  LUODI_ASSIGN_OR_RETURN(auto strings, shared_strings(zip.get(), file));

  XlsxSheet out;
  out.name = chosen->name;
  PartParser p;
  CsvRecord row;
  std::string type, value;
  int cell_column = 0, next_column = 1;
  bool in_value = false;
  p.start = [&](std::string_view name, const XML_Char** attrs) {
    if (name == "row") {
      row = CsvRecord{};
      const XML_Char* r = attribute(attrs, "r");
      row.line = r ? std::atoi(r) : (out.rows.empty() ? 1 : out.rows.back().line + 1);
      if (row.line < 1 || row.line > 1048576) p.error = "a row number out of range";
      next_column = 1;
    } else if (name == "c") {
      const XML_Char* r = attribute(attrs, "r");
      const XML_Char* t = attribute(attrs, "t");
      cell_column = r ? column_of(r) : next_column;
      if (cell_column < 1) p.error = "a cell reference that is not a cell";
      if (cell_column > kMaxColumns)
        p.error = "row " + std::to_string(row.line) + " has a cell in column " + std::to_string(cell_column) +
                  ": a project sheet has far fewer columns";
      next_column = cell_column + 1;
      type = t ? t : "n";
      value.clear();
    } else if (name == "v" || name == "t") {
      in_value = true;
    }
  };
  p.text = [&](std::string_view s) {
    if (in_value) value += s;
  };
  p.end = [&](std::string_view name) {
    if (name == "v" || name == "t") {
      in_value = false;
    } else if (name == "c" && p.error.empty()) {
      std::string text = value;
      if (type == "s") {
        char* end = nullptr;
        const unsigned long i = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || i >= strings.size()) {
          p.error = cell_name(row.line, cell_column) + " names shared string " + value + ", which is not there";
          return;
        }
        text = strings[i];
      } else if (type == "b") {
        text = value == "1" ? "yes" : "no";
      }
      if (text.empty()) return;
      while (static_cast<int>(row.fields.size()) < cell_column)
        row.fields.push_back({"", row.line, static_cast<int>(row.fields.size()) + 1, false});
      row.fields[cell_column - 1].text = std::move(text);
      row.fields[cell_column - 1].number = type == "n";
    } else if (name == "row" && !row.fields.empty()) {
      out.rows.push_back(std::move(row));
    }
  };
  LUODI_RETURN_IF_ERROR(p.parse(zip.get(), chosen->part, file));
  pad_rows(out);
  return out;
}

void pad_rows(XlsxSheet& sheet) {
  size_t width = 0;
  for (const auto& r : sheet.rows) width = std::max(width, r.fields.size());
  for (auto& r : sheet.rows)
    while (r.fields.size() < width) r.fields.push_back({"", r.line, static_cast<int>(r.fields.size()) + 1, false});
}

}  // namespace luodi

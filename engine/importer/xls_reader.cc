#include "importer/xls_reader.h"

#include <freexl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace luodi {

namespace {

// FreeXL reads from a path: the bytes go to a private temporary file, removed
// as soon as FreeXL has opened it.
class TempCopy {
 public:
  explicit TempCopy(std::string_view bytes) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/luodi-xls-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ok_ = done == bytes.size();
    ::close(fd);
  }
  ~TempCopy() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

class Workbook {
 public:
  ~Workbook() {
    if (handle_) freexl_close(handle_);
  }
  const void** out() { return &handle_; }
  const void* get() const { return handle_; }

 private:
  const void* handle_ = nullptr;
};

// A numeric cell as text, the way a spreadsheet shows it (46082, 1369.28).
std::string number_text(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}

}  // namespace

bool looks_like_xls(std::string_view bytes) {
  return bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

Result<XlsxSheet> read_xls(std::string_view bytes, const std::string& file, const std::optional<std::string>& sheet) {
  TempCopy copy(bytes);
  if (!copy.ok()) return Status::Internal(file + ": cannot make a temporary copy for the .xls reader");
  Workbook book;
  if (freexl_open(copy.path().c_str(), book.out()) != FREEXL_OK)
    return Status::BadInput(file + ": not a readable Excel 97–2003 workbook (.xls)");
  unsigned int info = 0;
  if (freexl_get_info(book.get(), FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info != FREEXL_BIFF_PLAIN)
    return Status::BadInput(file + ": the workbook is password-protected; save it without a password");
  unsigned int sheets = 0;
  if (freexl_get_info(book.get(), FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK || sheets == 0)
    return Status::BadInput(file + ": the workbook has no worksheet");
  XlsxSheet out;
  std::optional<unsigned short> chosen;
  std::string names;
  for (unsigned short i = 0; i < sheets && i < 1024; ++i) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(book.get(), i, &name) != FREEXL_OK || !name) continue;
    names += (names.empty() ? "" : ", ") + std::string(name);
    if (!chosen && (!sheet || *sheet == name)) {
      chosen = i;
      out.name = name;
    }
  }
  if (!chosen) return Status::BadInput(file + ": no sheet '" + sheet.value_or("") + "' (the workbook has " + names + ")");
  unsigned int rows = 0;
  unsigned short columns = 0;
  if (freexl_select_active_worksheet(book.get(), *chosen) != FREEXL_OK ||
      freexl_worksheet_dimensions(book.get(), &rows, &columns) != FREEXL_OK)
    return Status::BadInput(file + ":" + out.name + ": the sheet cannot be read");
  for (unsigned int r = 0; r < rows; ++r) {
    CsvRecord record;
    record.line = static_cast<int>(r) + 1;
    for (unsigned short c = 0; c < columns; ++c) {
      FreeXL_CellValue v;
      if (freexl_get_cell_value(book.get(), r, c, &v) != FREEXL_OK)
        return Status::BadInput(file + ":" + out.name + "!" + cell_name(record.line, c + 1) + ": the cell cannot be read");
      CsvField f;
      f.line = record.line;
      f.column = c + 1;
      switch (v.type) {
        case FREEXL_CELL_INT: f.text = std::to_string(v.value.int_value), f.number = true; break;
        case FREEXL_CELL_DOUBLE: f.text = number_text(v.value.double_value), f.number = true; break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME: f.text = v.value.text_value ? v.value.text_value : ""; break;
        default: continue;  // empty
      }
      if (f.text.empty()) continue;
      while (static_cast<int>(record.fields.size()) + 1 < f.column)
        record.fields.push_back({"", record.line, static_cast<int>(record.fields.size()) + 1, false});
      record.fields.push_back(std::move(f));
    }
    if (!record.fields.empty()) out.rows.push_back(std::move(record));
  }
  pad_rows(out);
  return out;
}

}  // namespace luodi

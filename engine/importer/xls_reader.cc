#include "importer/xls_reader.h"

#include <freexl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

namespace {

// FreeXL itself, in the calling process.
Result<XlsxSheet> read_in_process(std::string_view bytes, const std::string& file,
                                  const std::optional<std::string>& sheet) {
  TempCopy copy(bytes);
  if (!copy.ok())
    return Status::Internal(file + ": cannot make a temporary copy for the .xls reader");
  Workbook book;
  if (freexl_open(copy.path().c_str(), book.out()) != FREEXL_OK)
    return Status::BadInput(file + ": not a readable Excel 97–2003 workbook (.xls)");
  unsigned int info = 0;
  if (freexl_get_info(book.get(), FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info != FREEXL_BIFF_PLAIN)
    return Status::BadInput(file +
                            ": the workbook is password-protected; save it without a password");
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
  if (!chosen)
    return Status::BadInput(file + ": no sheet '" + sheet.value_or("") + "' (the workbook has " +
                            names + ")");
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
        return Status::BadInput(file + ":" + out.name + "!" + cell_name(record.line, c + 1) +
                                ": the cell cannot be read");
      CsvField f;
      f.line = record.line;
      f.column = c + 1;
      switch (v.type) {
        case FREEXL_CELL_INT:
          f.text = std::to_string(v.value.int_value), f.number = true;
          break;
        case FREEXL_CELL_DOUBLE:
          f.text = number_text(v.value.double_value), f.number = true;
          break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME:
          f.text = v.value.text_value ? v.value.text_value : "";
          break;
        default:
          continue;  // empty
      }
      if (f.text.empty()) continue;
      record.fields.push_back(std::move(f));
    }
    if (!record.fields.empty()) out.rows.push_back(std::move(record));
  }
  return out;
}

// The child's answer on the pipe: a status byte (0 rows, 1 bad input,
// 2 internal) and then the rows or the message, as length-prefixed fields.
void put(std::string& out, std::string_view text) {
  const auto n = static_cast<std::uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(text);
}

void put(std::string& out, std::uint32_t n) {
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
}

std::string encode(const Result<XlsxSheet>& r) {
  std::string out;
  if (!r.ok()) {
    out += r.status().code() == ErrorCode::kBadInput ? '\1' : '\2';
    put(out, r.status().message());
    return out;
  }
  out += '\0';
  put(out, r->name);
  put(out, static_cast<std::uint32_t>(r->rows.size()));
  for (const auto& row : r->rows) {
    put(out, static_cast<std::uint32_t>(row.line));
    put(out, static_cast<std::uint32_t>(row.fields.size()));
    for (const auto& f : row.fields) {
      put(out, static_cast<std::uint32_t>(f.column));
      out += f.number ? '\1' : '\0';
      put(out, f.text);
    }
  }
  return out;
}

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}
  bool number(std::uint32_t& n) {
    if (bytes_.size() < sizeof n) return false;
    std::memcpy(&n, bytes_.data(), sizeof n);
    bytes_.remove_prefix(sizeof n);
    return true;
  }
  bool byte(char& c) {
    if (bytes_.empty()) return false;
    c = bytes_.front();
    bytes_.remove_prefix(1);
    return true;
  }
  bool text(std::string& s) {
    std::uint32_t n = 0;
    if (!number(n) || bytes_.size() < n) return false;
    s.assign(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return true;
  }

 private:
  std::string_view bytes_;
};

std::optional<Result<XlsxSheet>> decode(std::string_view bytes) {
  Decoder d(bytes);
  char kind = 0;
  if (!d.byte(kind)) return std::nullopt;
  if (kind != 0) {
    std::string message;
    if (!d.text(message)) return std::nullopt;
    return Result<XlsxSheet>(kind == 1 ? Status::BadInput(message) : Status::Internal(message));
  }
  XlsxSheet sheet;
  std::uint32_t rows = 0;
  if (!d.text(sheet.name) || !d.number(rows)) return std::nullopt;
  for (std::uint32_t r = 0; r < rows; ++r) {
    CsvRecord row;
    std::uint32_t line = 0, fields = 0;
    if (!d.number(line) || !d.number(fields)) return std::nullopt;
    row.line = static_cast<int>(line);
    for (std::uint32_t i = 0; i < fields; ++i) {
      CsvField f;
      std::uint32_t column = 0;
      char number = 0;
      if (!d.number(column) || !d.byte(number) || !d.text(f.text)) return std::nullopt;
      f.line = row.line;
      f.column = static_cast<int>(column);
      f.number = number != 0;
      row.fields.push_back(std::move(f));
    }
    sheet.rows.push_back(std::move(row));
  }
  return Result<XlsxSheet>(std::move(sheet));
}

}  // namespace

// FreeXL in a child process: the library has memory-safety bugs on damaged
// files (a fuzzed .xls overflows a stack buffer inside freexl_open), so it
// never runs in luodi's own process. The child sends the rows back on a pipe;
// a child that dies is a file luodi cannot read, not a crash of luodi.
Result<XlsxSheet> read_xls(std::string_view bytes, const std::string& file,
                           const std::optional<std::string>& sheet) {
  int fds[2];
  if (::pipe(fds) != 0) return Status::Internal(file + ": cannot start the .xls reader");
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Internal(file + ": cannot start the .xls reader");
  }
  if (child == 0) {
    ::close(fds[0]);
    const std::string answer = encode(read_in_process(bytes, file, sheet));
    size_t done = 0;
    while (done < answer.size()) {
      const ssize_t n = ::write(fds[1], answer.data() + done, answer.size() - done);
      if (n <= 0) ::_exit(1);
      done += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string answer;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    if (auto sheet_read = decode(answer)) return std::move(*sheet_read);
  return Status::BadInput(
      file +
      ": not a readable Excel 97–2003 workbook (.xls): the reader failed on it; "
      "save it as .xlsx and import that");
}

}  // namespace luodi

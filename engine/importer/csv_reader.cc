#include "importer/csv_reader.h"

namespace luodi {

bool CsvRecord::blank() const {
  for (const auto& f : fields)
    if (f.text.find_first_not_of(" \t") != std::string::npos) return false;
  return true;
}

Status each_csv_record(std::string_view text, const std::string& file,
                       const std::function<Status(CsvRecord& record)>& on_record) {
  int line = 1, column = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto where = [&](int l, int c) {
    return file + ":" + std::to_string(l) + ":" + std::to_string(c) + ": ";
  };
  // Advances one byte, keeping line and character column.
  auto take = [&]() -> char {
    const char c = text[i++];
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
    return c;
  };
  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    for (;;) {
      CsvField f;
      f.line = line;
      f.column = column;
      if (i < n && text[i] == '"') {
        take();
        for (;;) {
          if (i >= n)
            return Status::BadInput(where(f.line, f.column) + "unterminated quoted field");
          char c = take();
          if (c == '"') {
            if (i < n && text[i] == '"') {
              take();
              f.text += '"';
              continue;
            }
            break;
          }
          if (c == '\r' && i < n && text[i] == '\n') continue;  // CRLF inside a field → LF
          f.text += c;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return Status::BadInput(where(line, column) + "unexpected text after a closing quote");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') f.text += take();
      }
      rec.fields.push_back(std::move(f));
      if (i < n && text[i] == ',') {
        take();
        continue;
      }
      break;
    }
    if (i < n && text[i] == '\r') take();
    if (i < n && text[i] == '\n') take();
    LUODI_RETURN_IF_ERROR(on_record(rec));
  }
  return Status::Ok();
}

Result<std::vector<CsvRecord>> read_csv(std::string_view text, const std::string& file) {
  std::vector<CsvRecord> records;
  LUODI_RETURN_IF_ERROR(each_csv_record(text, file, [&](CsvRecord& r) {
    records.push_back(std::move(r));
    return Status::Ok();
  }));
  return records;
}

}  // namespace luodi

// libFuzzer target: the workbook readers — .xlsx (zip container, XML parts,
// shared strings, the sheet) and .xls (FreeXL). Zip bombs, broken XML, shared-string indexes out of
// range and sheets of 16,384 columns must all give a clear error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importer/xls_reader.h"
#include "importer/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (luodi::looks_like_xls(bytes)) {
    (void)luodi::read_xls(bytes, "fuzz.xls", std::nullopt);
  } else {
    (void)luodi::read_xlsx(bytes, "fuzz.xlsx", std::nullopt);
  }
  return 0;
}

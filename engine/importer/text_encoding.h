// Spreadsheet files come as UTF-8 (with or without BOM) or as GB18030/GBK,
// which Excel on Chinese Windows writes. Detected without a flag.
#pragma once

#include <string>
#include <string_view>

#include "luodi/status.h"

namespace luodi {

bool is_valid_utf8(std::string_view bytes);
// UTF-8 text without BOM; BadInput "file:1:1: …" when it is neither encoding.
Result<std::string> decode_spreadsheet_text(std::string_view bytes, const std::string& file);

}  // namespace luodi

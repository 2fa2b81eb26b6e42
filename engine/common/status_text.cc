// A Status's words in the reader's language.
#include "catalogue/catalogue.h"
#include "luodi/status.h"

namespace luodi {

Status::Status(ErrorCode c, Message m)
    : code_(c), message_(catalogue::render(m, Lang::kEn)), words_(std::move(m)) {}

std::string Status::text(Lang lang) const {
  if (words_.empty()) return message_;
  return prefix_ + catalogue::render(words_, lang);
}

}  // namespace luodi

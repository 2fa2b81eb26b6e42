// The report's words in Chinese and English, by id.
#pragma once

#include <string>

#include "luodi/lang.h"

namespace luodi::report_labels {

// The label of `id` in `lang`; the id itself when there is none.
std::string text(const std::string& id, Lang lang);

}  // namespace luodi::report_labels

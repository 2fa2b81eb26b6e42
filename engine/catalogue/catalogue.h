// The one catalogue of user-visible words: every id has a Chinese and an
// English form. Its tables are kept by subject (catalogue/tables.h: the
// report's labels, messages, the page's words) and read through one lookup.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "luodi/lang.h"
#include "luodi/message.h"

namespace luodi::catalogue {

struct Words {
  const char* zh;
  const char* en;
};

// The words of `id` in `lang`; the id itself when there are none.
std::string text(std::string_view id, Lang lang);
// The same with its {name} placeholders filled from `args`.
std::string text(std::string_view id, Lang lang, const std::vector<MessageArg>& args);
std::string render(const Message& m, Lang lang);
// Messages read as one: joined by "；" (zh) or "; " (en); a message whose
// words end in a colon leads the next one without a separator.
std::string render(const Messages& ms, Lang lang);
// Messages listed: joined by "、" (zh) or ", " (en).
std::string render_list(const Messages& ms, Lang lang);
// Every entry, by id (the test walks them; the page gets its words from them).
const std::map<std::string_view, Words>& entries();

}  // namespace luodi::catalogue

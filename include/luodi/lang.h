// The languages luodi speaks: every user-visible word has a zh and an en form
// in one catalogue (engine/catalogue/).
#pragma once

#include <optional>
#include <string_view>

namespace luodi {

enum class Lang { kZh, kEn };
// "zh" or "en"; none for anything else.
std::optional<Lang> parse_lang(std::string_view s);

}  // namespace luodi

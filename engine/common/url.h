// Percent-encoding of URL parts (RFC 3986): queries and paths luodi reads,
// and the signatures it adds to robots' URLs.
#pragma once

#include <string>
#include <string_view>

namespace luodi {

// %XX and '+' (a space) decoded; a malformed escape is kept as it is.
std::string url_decode(std::string_view s);
// Everything but letters, digits and -_.~ as %XX.
std::string url_encode(std::string_view s);

}  // namespace luodi

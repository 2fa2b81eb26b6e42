// Pages of a long list with keyset cursors: a page holds the rows after the
// cursor's key, in key order, and a cursor for the next page. A cursor names
// the last row's key, not a position, so it stays right while rows are added
// or removed meanwhile. Cursors are opaque text (hex) safe in URLs and shells.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "luodi/status.h"

namespace luodi {

struct PageRequest {
  std::optional<std::size_t> limit;   // Default: every row
  std::optional<std::string> cursor;  // Default: from the first row
  bool paged() const { return limit || cursor; }
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next;  // none: this was the last page
};

inline constexpr std::size_t kMaxPage = 100000;

// BadInput for a limit outside 1..kMaxPage or a cursor luodi did not make.
Status check_page(const PageRequest& request);

// A limit as typed (a flag's or a query parameter's text); BadInput otherwise.
Result<std::size_t> limit_of(std::string_view text);

// The key a cursor stands for, and back.
std::string cursor_of(const std::string& key);
std::optional<std::string> key_of_cursor(const std::string& cursor);

// The page of `rows` (sorted by `key`, ascending) that `request` asks for.
template <typename T>
Result<Page<T>> page_of(std::vector<T> rows, const PageRequest& request,
                        const std::function<std::string(const T&)>& key) {
  LUODI_RETURN_IF_ERROR(check_page(request));
  Page<T> page;
  const std::string after = request.cursor ? *key_of_cursor(*request.cursor) : std::string();
  for (auto& row : rows) {
    if (request.cursor && !(key(row) > after)) continue;
    if (request.limit && page.items.size() == *request.limit) {
      page.next = cursor_of(key(page.items.back()));
      break;
    }
    page.items.push_back(std::move(row));
  }
  return page;
}

}  // namespace luodi

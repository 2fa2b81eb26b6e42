#include "dashboard/assets.h"

namespace luodi::dashboard {

namespace {

std::string content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

std::optional<Page> file(std::string_view name) {
  for (const auto& a : assets())
    if (a.name == name) return Page{a.body, content_type_of(name)};
  return std::nullopt;
}

}  // namespace

std::optional<Page> page_for(std::string_view path) {
  if (path == "/" || path == "/index.html") return file("index.html");
  if (path == "/wall") return file("wall.html");
  constexpr std::string_view prefix = "/assets/";
  if (path.substr(0, prefix.size()) == prefix) {
    const auto name = path.substr(prefix.size());
    if (name == "index.html" || name == "wall.html") return std::nullopt;
    return file(name);
  }
  return std::nullopt;
}

}  // namespace luodi::dashboard

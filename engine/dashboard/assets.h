// The dashboard's static files (HTML, JavaScript, CSS), built into the binary
// from engine/dashboard/static: no build step, no network, nothing to install.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace luodi::dashboard {

struct Asset {
  std::string_view name;  // e.g. "app.js"
  std::string_view body;
};

const std::vector<Asset>& assets();  // generated

struct Page {
  std::string_view body;
  std::string content_type;
};

// The file for a URL path: "/" is the dashboard, "/wall" the wall chart,
// "/assets/NAME" a script or style sheet. None for anything else.
std::optional<Page> page_for(std::string_view path);

}  // namespace luodi::dashboard

// Static assets (the stylesheet) built into the binary and served under
// content-hashed names, so browsers and proxies may cache them forever.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald {

struct Asset {
  std::string path;  // e.g. "/static/site.3f9a1c2b.css".
  std::string content_type;
  std::string_view body;
};

// Returns every asset. Computed once; thread-safe.
const std::vector<Asset>& StaticAssets();

// Returns the asset at `path`, or nullptr.
const Asset* FindAsset(std::string_view path);

// Returns the hashed path of the site stylesheet.
const std::string& StylesheetPath();

// Returns the hashed URL path of the built-in asset `name` (a file under
// src/render/assets/, e.g. "demo/economy.svg"), or empty if there is none.
std::string AssetPath(std::string_view name);

}  // namespace herald

#include "render/assets.h"

#include <cstdio>

#include "render/embedded.h"

namespace herald {
namespace {

// FNV-1a: the name only has to change when the bytes change.
std::string ShortHash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 10);
}

// Every built-in asset: the stylesheet first, then the demo illustrations,
// the comment form's script, the publisher logo (scripts/make-logo.py) and
// the newsroom desk's stylesheet and script.
constexpr std::string_view kAssetNames[] = {
    "site.css",       "demo/politics.svg", "demo/economy.svg", "demo/science.svg",
    "demo/sport.svg", "demo/culture.svg",  "comments.js",      "logo.png",
    "desk.css",       "desk.js",
};

std::string_view ContentType(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

// "demo/economy.svg" -> "/static/demo/economy.<hash>.svg".
std::string HashedPath(std::string_view name, std::string_view body) {
  size_t dot = name.rfind('.');
  return "/static/" + std::string(name.substr(0, dot)) + "." + ShortHash(body) +
         std::string(name.substr(dot));
}

std::vector<Asset> BuildAssets() {
  std::vector<Asset> assets;
  for (std::string_view name : kAssetNames) {
    std::string_view body = RenderFile("assets/" + std::string(name));
    assets.push_back(Asset{HashedPath(name, body), std::string(ContentType(name)), body});
  }
  return assets;
}

}  // namespace

const std::vector<Asset>& StaticAssets() {
  static const std::vector<Asset> assets = BuildAssets();
  return assets;
}

const Asset* FindAsset(std::string_view path) {
  for (const Asset& a : StaticAssets()) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

const std::string& StylesheetPath() { return StaticAssets().front().path; }

std::string AssetPath(std::string_view name) {
  for (size_t i = 0; i < std::size(kAssetNames); ++i) {
    if (kAssetNames[i] == name) return StaticAssets()[i].path;
  }
  return {};
}

}  // namespace herald

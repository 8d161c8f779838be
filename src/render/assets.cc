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

std::vector<Asset> BuildAssets() {
  std::vector<Asset> assets;
  std::string_view css = RenderFile("assets/site.css");
  assets.push_back(
      Asset{"/static/site." + ShortHash(css) + ".css", "text/css; charset=utf-8", css});
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

}  // namespace herald

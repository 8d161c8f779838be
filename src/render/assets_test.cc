#include "render/assets.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(AssetsTest, EveryAssetHasAHashedPathAndItsBytes) {
  for (const Asset& a : StaticAssets()) {
    EXPECT_TRUE(a.path.starts_with("/static/")) << a.path;
    EXPECT_FALSE(a.body.empty()) << a.path;
    EXPECT_EQ(FindAsset(a.path), &a);
  }
  EXPECT_EQ(AssetPath("site.css"), StylesheetPath());
  EXPECT_EQ(FindAsset(StylesheetPath())->content_type, "text/css; charset=utf-8");
}

TEST(AssetsTest, DemoIllustrationsAreSafeSvg) {
  for (const char* section : {"politics", "economy", "science", "sport", "culture"}) {
    std::string path = AssetPath(std::string("demo/") + section + ".svg");
    ASSERT_TRUE(path.starts_with(std::string("/static/demo/") + section + ".")) << path;
    const Asset* asset = FindAsset(path);
    ASSERT_NE(asset, nullptr);
    EXPECT_EQ(asset->content_type, "image/svg+xml");
    EXPECT_NE(asset->body.find("<svg"), std::string::npos);
    EXPECT_EQ(asset->body.find("<script"), std::string::npos);
    EXPECT_EQ(asset->body.find("href"), std::string::npos);
  }
}

TEST(AssetsTest, ThePublisherLogoIsA512PixelPng) {
  std::string path = AssetPath("logo.png");
  ASSERT_TRUE(path.starts_with("/static/logo.") && path.ends_with(".png")) << path;
  const Asset* logo = FindAsset(path);
  ASSERT_NE(logo, nullptr);
  EXPECT_EQ(logo->content_type, "image/png");
  ASSERT_GT(logo->body.size(), 24u);
  EXPECT_EQ(logo->body.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // IHDR's width and height (big-endian), which pages.cc states in JSON-LD.
  EXPECT_EQ(logo->body.substr(16, 8), std::string_view("\0\0\x02\0\0\0\x02\0", 8));
}

TEST(AssetsTest, UnknownNamesHaveNoPath) {
  EXPECT_EQ(AssetPath("demo/weather.svg"), "");
  EXPECT_EQ(FindAsset("/static/site.css"), nullptr);
}

}  // namespace
}  // namespace herald

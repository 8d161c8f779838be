#include "web/http_cache.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace herald {
namespace {

std::string Gunzip(const std::string& packed) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(ChooseEncoding, PrefersBrotliThenGzipAndHonoursQValues) {
  EXPECT_EQ(ChooseEncoding(""), ContentEncoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br"), ContentEncoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip;q=0"), ContentEncoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br;q=0.5, gzip;q=0.8"), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("*"), ContentEncoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*;q=0, gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("GZIP"), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("identity"), ContentEncoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("gzip;q=banana"), ContentEncoding::kIdentity);
}

TEST(IsCompressible, TextYesImagesNo) {
  EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/json"));
  EXPECT_TRUE(IsCompressible("application/rss+xml; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/feed+json"));
  EXPECT_TRUE(IsCompressible("image/svg+xml"));
  EXPECT_FALSE(IsCompressible("image/png"));
  EXPECT_FALSE(IsCompressible("application/octet-stream"));
}

TEST(Compress, GzipRoundTripsAndBrotliShrinks) {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "<p>The minister said the budget would pass.</p>\n";
  for (auto effort : {CompressionEffort::kOnce, CompressionEffort::kPerRequest}) {
    auto gz = Compress(body, ContentEncoding::kGzip, effort);
    ASSERT_TRUE(gz.has_value());
    EXPECT_LT(gz->size(), body.size() / 4);
    EXPECT_EQ(Gunzip(*gz), body);
    auto br = Compress(body, ContentEncoding::kBrotli, effort);
    ASSERT_TRUE(br.has_value());
    EXPECT_LT(br->size(), body.size() / 4);
  }
  EXPECT_EQ(*Compress(body, ContentEncoding::kIdentity, CompressionEffort::kOnce), body);
}

TEST(EntityTag, WeakStableAndContentSensitive) {
  std::string a = EntityTag("one page");
  EXPECT_EQ(a, EntityTag("one page"));
  EXPECT_NE(a, EntityTag("one page."));
  EXPECT_TRUE(a.starts_with("W/\""));
  EXPECT_EQ(a.size(), 3 + 16 + 1);
}

TEST(EntityTagMatches, WeakComparisonListsAndStar) {
  std::string tag = EntityTag("x");
  std::string opaque = tag.substr(2);  // The same tag sent as strong.
  EXPECT_TRUE(EntityTagMatches(tag, tag));
  EXPECT_TRUE(EntityTagMatches(opaque, tag));
  EXPECT_TRUE(EntityTagMatches("\"other\", " + tag, tag));
  EXPECT_TRUE(EntityTagMatches("*", tag));
  EXPECT_FALSE(EntityTagMatches("\"other\"", tag));
  EXPECT_FALSE(EntityTagMatches("", tag));
}

TEST(HttpDate, FormatsAndParsesImfFixdate) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate(HttpDate(1795000000)), 1795000000);
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT").has_value());
  EXPECT_FALSE(ParseHttpDate("").has_value());
}

TEST(IsNotModified, EntityTagDecidesBeforeDate) {
  std::string tag = EntityTag("page");
  const int64_t modified = 1795000000;
  EXPECT_TRUE(IsNotModified(tag, "", tag, modified));
  EXPECT_FALSE(IsNotModified("\"stale\"", HttpDate(modified), tag, modified));
  EXPECT_TRUE(IsNotModified("", HttpDate(modified), tag, modified));
  EXPECT_TRUE(IsNotModified("", HttpDate(modified + 10), tag, modified));
  EXPECT_FALSE(IsNotModified("", HttpDate(modified - 1), tag, modified));
  EXPECT_FALSE(IsNotModified("", HttpDate(modified), tag, 0));
  EXPECT_FALSE(IsNotModified("", "yesterday", tag, modified));
  EXPECT_FALSE(IsNotModified("", "", tag, modified));
}

}  // namespace
}  // namespace herald

#include "feeds/syndication.h"

#include <gtest/gtest.h>

#include "feeds/feeds_testing.h"

namespace herald::feeds {
namespace {

using testing::IsWellFormedXml;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z, a Sunday.

const SiteFacts kSite{"Herald", "https://news.example"};

TEST(XmlTextTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(XmlText("a & b < c > d \"e\" 'f'"),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
}

TEST(XmlTextTest, KeepsTabsNewlinesAndEveryScript) {
  EXPECT_EQ(XmlText("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(XmlText("خبر — 新闻 😀"), "خبر — 新闻 😀");
}

TEST(XmlTextTest, DropsCharactersXmlForbidsOrDiscourages) {
  EXPECT_EQ(XmlText(std::string("a\x00"
                                "b\x01\x08\x0B\x0C\x1F"
                                "c",
                                9)),
            "abc");
  EXPECT_EQ(XmlText("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");    // U+FFFE, U+FFFF.
  EXPECT_EQ(XmlText("p\x7Fq\xC2\x80r\xC2\x9Fs"), "pqrs");      // DEL and C1 controls.
  EXPECT_EQ(XmlText("nbsp\xC2\xA0kept"), "nbsp\xC2\xA0kept");  // U+00A0 is text.
}

TEST(XmlTextTest, ReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(XmlText("a\xC3(b"), "a\xEF\xBF\xBD(b");
  EXPECT_EQ(XmlText("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(XmlText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // A surrogate.
}

TEST(XmlTextTest, AnyInputMakesWellFormedXml) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  for (const std::string& s : {testing::kHostile, all_bytes, std::string("]]>")}) {
    EXPECT_TRUE(IsWellFormedXml("<r a=\"" + XmlText(s) + "\">" + XmlText(s) + "</r>"));
  }
}

TEST(LinksTest, AbsoluteUrlsKeepFullUrlsAndPrefixSiteRelativeOnes) {
  EXPECT_EQ(AbsoluteUrl(kSite, "/static/a.png"), "https://news.example/static/a.png");
  EXPECT_EQ(AbsoluteUrl(kSite, "https://cdn.example/a.jpg"), "https://cdn.example/a.jpg");
  EXPECT_EQ(AbsoluteUrl(kSite, "http://cdn.example/a.jpg"), "http://cdn.example/a.jpg");
  EXPECT_EQ(AbsoluteUrl(kSite, "//cdn.example/a.jpg"), "https://cdn.example/a.jpg");
  EXPECT_EQ(AbsoluteUrl(kSite, "a.jpg"), "https://news.example/a.jpg");
}

TEST(LinksTest, ArticleUrlIsCanonicalAndPermalinkIsStable) {
  Article a;
  a.id = 425881;
  a.edition = "en";
  a.slug = "aleppo-truce";
  EXPECT_EQ(ArticleUrl(kSite, a), "https://news.example/en/news/425881/aleppo-truce");
  EXPECT_EQ(Permalink(kSite, a), "https://news.example/news/425881");
  a.slug = "a-new-headline";
  EXPECT_EQ(Permalink(kSite, a), "https://news.example/news/425881");
}

TEST(LinksTest, ImageTypeComesFromTheExtension) {
  EXPECT_EQ(ImageTypeOf("/static/demo/politics.3f2a.svg"), "image/svg+xml");
  EXPECT_EQ(ImageTypeOf("https://cdn.example/a.JPG?w=200#x"), "image/jpeg");
  EXPECT_EQ(ImageTypeOf("/a.jpeg"), "image/jpeg");
  EXPECT_EQ(ImageTypeOf("/a.png"), "image/png");
  EXPECT_EQ(ImageTypeOf("/a.webp"), "image/webp");
  EXPECT_EQ(ImageTypeOf("/a.gif"), "image/gif");
  EXPECT_EQ(ImageTypeOf("/image"), "");
  EXPECT_EQ(ImageTypeOf("https://cdn.example/v1.2/image"), "");
  EXPECT_EQ(ImageTypeOf("/a.tiff"), "");
}

TEST(LinksTest, AbsoluteHtmlPrefixesOnlySiteRelativeLinksAndImages) {
  EXPECT_EQ(AbsoluteHtml(kSite,
                         "<p><a href=\"/en/news/1/x\">x</a> <img src=\"/static/a.png\" "
                         "alt=\"\"> <a href=\"https://other.example/\">o</a> "
                         "<a href=\"//cdn.example/y\">y</a> <a href=\"#n\">n</a></p>"),
            "<p><a href=\"https://news.example/en/news/1/x\">x</a> <img "
            "src=\"https://news.example/static/a.png\" alt=\"\"> <a "
            "href=\"https://other.example/\">o</a> <a href=\"//cdn.example/y\">y</a> <a "
            "href=\"#n\">n</a></p>");
  EXPECT_EQ(AbsoluteHtml(kSite, ""), "");
  // In text the renderer escapes quotes, so text never looks like a link.
  EXPECT_EQ(AbsoluteHtml(kSite, "<p>write href=&quot;/x&quot;</p>"),
            "<p>write href=&quot;/x&quot;</p>");
}

TEST(DatesTest, Rfc822IsInEnglishAndUtc) {
  EXPECT_EQ(FormatRfc822(kT0), "Sun, 18 Dec 2016 14:04:00 +0000");
  EXPECT_EQ(FormatRfc822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FormatRfc822(951782400), "Tue, 29 Feb 2000 00:00:00 +0000");
}

}  // namespace
}  // namespace herald::feeds

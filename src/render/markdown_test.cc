#include "render/markdown.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/text.h"

namespace herald {
namespace {

testing::AssertionResult Has(const std::string& html, const std::string& needle) {
  if (html.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "missing: " << needle << "\n--- in:\n" << html;
}

testing::AssertionResult Lacks(const std::string& html, const std::string& needle) {
  if (AsciiLower(html).find(AsciiLower(needle)) == std::string::npos) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure() << "unexpected: " << needle << "\n--- in:\n" << html;
}

TEST(MarkdownTest, BlankLinesSeparateParagraphs) {
  EXPECT_EQ(MarkdownToHtml("Hello\n\nWorld"), "<p>Hello</p>\n<p>World</p>\n");
  EXPECT_EQ(MarkdownToHtml("One line\nwrapped"), "<p>One line\nwrapped</p>\n");
}

TEST(MarkdownTest, EmptyInputGivesEmptyOutput) { EXPECT_EQ(MarkdownToHtml(""), ""); }

TEST(MarkdownTest, EmphasisAndStrongEmphasis) {
  EXPECT_EQ(MarkdownToHtml("*em* and **strong** and _also em_"),
            "<p><em>em</em> and <strong>strong</strong> and <em>also em</em></p>\n");
}

TEST(MarkdownTest, PersianTextPassesThroughUnchanged) {
  EXPECT_EQ(MarkdownToHtml("بودجه *۱۴۰۲* تصویب شد"), "<p>بودجه <em>۱۴۰۲</em> تصویب شد</p>\n");
}

TEST(MarkdownTest, TextSpecialCharactersAreEscaped) {
  EXPECT_EQ(MarkdownToHtml("Tom & Jerry say \"5 > 3\""),
            "<p>Tom &amp; Jerry say &quot;5 &gt; 3&quot;</p>\n");
}

TEST(MarkdownTest, GfmTablesBecomeHtmlTables) {
  std::string html = MarkdownToHtml("| City | Votes |\n|------|------:|\n| Tehran | 120 |\n");
  EXPECT_TRUE(Has(html, "<table>"));
  EXPECT_TRUE(Has(html, "<th>City</th>"));
  EXPECT_TRUE(Has(html, "<th align=\"right\">Votes</th>"));
  EXPECT_TRUE(Has(html, "<td>Tehran</td>"));
  EXPECT_TRUE(Has(html, "<td align=\"right\">120</td>"));
  EXPECT_TRUE(Has(html, "</table>"));
}

TEST(MarkdownTest, GfmStrikethroughBecomesDel) {
  EXPECT_EQ(MarkdownToHtml("~~withdrawn~~ claim"), "<p><del>withdrawn</del> claim</p>\n");
}

TEST(MarkdownTest, GfmBareUrlsBecomeLinks) {
  std::string html = MarkdownToHtml("See https://example.com/report?id=7 and www.example.org.");
  EXPECT_TRUE(
      Has(html, "<a href=\"https://example.com/report?id=7\">https://example.com/report?id=7</a>"));
  EXPECT_TRUE(Has(html, "<a href=\"http://www.example.org\">www.example.org</a>"));
}

TEST(MarkdownTest, OrdinaryLinksAndImagesAreKept) {
  EXPECT_EQ(MarkdownToHtml("[report](https://example.com/r \"The report\")"),
            "<p><a href=\"https://example.com/r\" title=\"The report\">report</a></p>\n");
  EXPECT_TRUE(Has(MarkdownToHtml("[home](/en/)"), "<a href=\"/en/\">home</a>"));
  EXPECT_TRUE(Has(MarkdownToHtml("![Map](https://img.example/map.png)"),
                  "<img src=\"https://img.example/map.png\" alt=\"Map\" />"));
}

TEST(MarkdownTest, RawScriptBlockIsNotLiveHtml) {
  std::string html = MarkdownToHtml("<script>alert(1)</script>");
  EXPECT_TRUE(Lacks(html, "<script"));
  EXPECT_TRUE(Lacks(html, "</script"));
}

TEST(MarkdownTest, InlineRawScriptIsNotLiveHtml) {
  std::string html = MarkdownToHtml("Before <script>alert(1)</script> after");
  EXPECT_TRUE(Lacks(html, "<script"));
  EXPECT_TRUE(Has(html, "Before"));
  EXPECT_TRUE(Has(html, "after"));
}

TEST(MarkdownTest, RawImageWithEventHandlerIsNotLiveHtml) {
  for (const char* source :
       {"<img src=x onerror=alert(1)>", "Look: <img src=x onerror=\"alert(1)\"> here",
        "<IMG SRC=x ONERROR=alert(1)>"}) {
    SCOPED_TRACE(source);
    std::string html = MarkdownToHtml(source);
    EXPECT_TRUE(Lacks(html, "<img"));
    EXPECT_TRUE(Lacks(html, "onerror"));
  }
}

TEST(MarkdownTest, RawHtmlInsideATableCellIsNotLiveHtml) {
  std::string html = MarkdownToHtml("| a |\n|---|\n| <script>alert(1)</script> |\n");
  EXPECT_TRUE(Has(html, "<table>"));
  EXPECT_TRUE(Lacks(html, "<script"));
}

TEST(MarkdownTest, RawAnchorWithJavascriptIsNotLiveHtml) {
  std::string html = MarkdownToHtml("<a href=\"javascript:alert(1)\">click</a>");
  EXPECT_TRUE(Lacks(html, "<a "));
  EXPECT_TRUE(Lacks(html, "javascript:"));
}

TEST(MarkdownTest, JavascriptLinkLosesItsUrl) {
  std::string html = MarkdownToHtml("[x](javascript:alert(1))");
  EXPECT_TRUE(Lacks(html, "javascript:"));
  EXPECT_TRUE(Lacks(html, "alert(1)"));
  EXPECT_TRUE(Has(html, ">x</a>"));  // The link text stays.
}

TEST(MarkdownTest, DangerousLinkSchemesAreRemovedWhateverTheirSpelling) {
  for (const char* source :
       {"[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))", "[x]( javascript:alert(1) )",
        "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)", "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"}) {
    SCOPED_TRACE(source);
    std::string html = MarkdownToHtml(source);
    // The text may show, but never as a link target.
    EXPECT_TRUE(Has(html, "href=\"\""));
    EXPECT_TRUE(Lacks(html, "href=\"javascript:"));
    EXPECT_TRUE(Lacks(html, "href=\"vbscript:"));
    EXPECT_TRUE(Lacks(html, "href=\"data:"));
  }
}

TEST(MarkdownTest, DataImagesAreAllowed) {
  EXPECT_TRUE(Has(MarkdownToHtml("![dot](data:image/png;base64,iVBORw0KGgo=)"),
                  "src=\"data:image/png;base64,iVBORw0KGgo=\""));
}

TEST(MarkdownTest, LinkTitlesCannotBreakOutOfTheAttribute) {
  std::string html = MarkdownToHtml("[t](https://e.example \"a\\\" onmouseover=\\\"alert(1)\")");
  EXPECT_TRUE(Lacks(html, "\" onmouseover"));
  EXPECT_TRUE(Has(html, "&quot; onmouseover=&quot;"));
}

// MarkdownToHtml is documented as thread-safe; the server renders pages on
// many threads at once, so GFM syntax must not depend on what other threads
// are parsing at the same moment.
TEST(MarkdownTest, IsSafeToCallFromManyThreads) {
  const std::string source = "| a | b |\n|---|---|\n| ~~1~~ | https://example.com |\n";
  const std::string expected = MarkdownToHtml(source);
  ASSERT_TRUE(Has(expected, "<del>1</del>"));
  ASSERT_TRUE(Has(expected, "<a href=\"https://example.com\">"));
  std::mutex mu;
  int mismatches = 0;
  std::string example;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        std::string html = MarkdownToHtml(source);
        if (html == expected) continue;
        std::lock_guard lock(mu);
        ++mismatches;
        example = html;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, 0) << "expected:\n" << expected << "one result was:\n" << example;
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(RenderBodyTest, StoresTheRenderedBodyOnTheArticle) {
  Article a;
  a.body = "One *two*.";
  RenderBody(a);
  EXPECT_EQ(a.body_html, "<p>One <em>two</em>.</p>\n");
}

}  // namespace
}  // namespace herald

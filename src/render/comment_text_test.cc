#include "render/comment_text.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(CommentToHtmlTest, EscapesEverything) {
  EXPECT_EQ(CommentToHtml("<script>alert('x')</script> & \"q\""),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
  EXPECT_EQ(CommentToHtml("<img src=x onerror=alert(1)>"),
            "<p>&lt;img src=x onerror=alert(1)&gt;</p>");
}

TEST(CommentToHtmlTest, ParagraphsAndLineBreaks) {
  EXPECT_EQ(CommentToHtml("one\ntwo\n\nthree"), "<p>one<br>two</p><p>three</p>");
  EXPECT_EQ(CommentToHtml(""), "");
}

TEST(CommentToHtmlTest, LinksAreNofollowUgcAndKeepTrailingPunctuationOut) {
  EXPECT_EQ(CommentToHtml("see https://example.org/a?b=1&c=2."),
            "<p>see <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc "
            "noopener\">https://example.org/a?b=1&amp;c=2</a>.</p>");
  EXPECT_EQ(CommentToHtml("(http://x.org)"),
            "<p>(<a href=\"http://x.org\" rel=\"nofollow ugc noopener\">http://x.org</a>)</p>");
}

TEST(CommentToHtmlTest, OnlyHttpLinksAndNoBreakoutFromTheAttribute) {
  EXPECT_EQ(CommentToHtml("javascript:alert(1)"), "<p>javascript:alert(1)</p>");
  EXPECT_EQ(CommentToHtml("https://x.org/\"onmouseover=\"alert(1)"),
            "<p><a href=\"https://x.org/\" rel=\"nofollow ugc noopener\">https://x.org/</a>"
            "&quot;onmouseover=&quot;alert(1)</p>");
  EXPECT_EQ(CommentToHtml("xhttps://a.b http:// httpx"), "<p>xhttps://a.b http:// httpx</p>");
}

TEST(HighlightedCommentHtmlTest, MarksSpansAndEscapesTheRest) {
  EXPECT_EQ(HighlightedCommentHtml("you <b>idiot</b> & liar", {{7, 12}, {19, 23}}),
            "<p>you &lt;b&gt;<mark>idiot</mark>&lt;/b&gt; &amp; <mark>liar</mark></p>");
  EXPECT_EQ(HighlightedCommentHtml("no findings", {}), "<p>no findings</p>");
  EXPECT_EQ(HighlightedCommentHtml("", {{0, 3}}), "");
}

TEST(HighlightedCommentHtmlTest, MergesOverlapsAndClampsToTheText) {
  EXPECT_EQ(HighlightedCommentHtml("abcdefgh", {{4, 6}, {1, 3}, {2, 5}}),
            "<p>a<mark>bcdef</mark>gh</p>");
  EXPECT_EQ(HighlightedCommentHtml("abcdef", {{1, 2}, {2, 3}}), "<p>a<mark>bc</mark>def</p>");
  EXPECT_EQ(HighlightedCommentHtml("abc", {{1, 99}, {50, 60}, {2, 1}}), "<p>a<mark>bc</mark></p>");
  EXPECT_EQ(HighlightedCommentHtml("a<c", {{1, 2}}), "<p>a<mark>&lt;</mark>c</p>");
}

TEST(HighlightedCommentHtmlTest, NeverSplitsAUtf8Character) {
  // "سلام" is 8 bytes; a span from the middle of the first letter to the
  // middle of the third covers the three whole letters.
  std::string text = "سلام";
  EXPECT_EQ(HighlightedCommentHtml(text, {{1, 5}}), "<p><mark>سلا</mark>م</p>");
  EXPECT_EQ(HighlightedCommentHtml("x€y", {{2, 3}}), "<p>x<mark>€</mark>y</p>");
}

TEST(HighlightedCommentHtmlTest, KeepsParagraphsAndMarksEachLineOfASpan) {
  EXPECT_EQ(HighlightedCommentHtml("one two\nthree\n\nfour", {{4, 11}}),
            "<p>one <mark>two</mark><br><mark>thr</mark>ee</p><p>four</p>");
  EXPECT_EQ(HighlightedCommentHtml("ab\n\ncd", {{1, 5}}),
            "<p>a<mark>b</mark></p><p><mark>c</mark>d</p>");
}

TEST(HighlightedCommentHtmlTest, MakesNoLinks) {
  EXPECT_EQ(HighlightedCommentHtml("see https://x.org", {}), "<p>see https://x.org</p>");
}

}  // namespace
}  // namespace herald

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

}  // namespace
}  // namespace herald

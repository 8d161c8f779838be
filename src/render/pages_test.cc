#include "render/pages.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/edition_testing.h"
#include "render/assets.h"
#include "render/ui_strings.h"

namespace herald {
namespace {

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z, 17:34 in Tehran.

// Text that would be live markup if any template forgot to escape it.
constexpr const char* kHostile = "<script>alert(\"x\")</script> & 'q'";

// Returns success iff `html` contains `needle`, showing the page otherwise.
testing::AssertionResult Has(const std::string& html, const std::string& needle) {
  if (html.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "missing: " << needle << "\n--- in page:\n" << html;
}

// Returns success iff `html` does not contain `needle`.
testing::AssertionResult Lacks(const std::string& html, const std::string& needle) {
  size_t at = html.find(needle);
  if (at == std::string::npos) return testing::AssertionSuccess();
  size_t from = at < 200 ? 0 : at - 200;
  return testing::AssertionFailure() << "unexpected: " << needle << "\n--- near:\n"
                                     << html.substr(from, 400);
}

// Returns the page's JSON-LD block parsed, or null when it has none.
nlohmann::json JsonLd(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return nullptr;
  at += open.size();
  size_t end = html.find("</script>", at);
  if (end == std::string::npos) return nullptr;
  return nlohmann::json::parse(html.substr(at, end - at), nullptr, false);
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

std::vector<Edition> Editions() {
  Edition en = fixtures::EnglishEdition();
  en.house_rules = "Please type in your comments in English.\n\n   Be kind to each other.  \n";
  Edition fa = fixtures::PersianEdition();
  fa.house_rules = "لطفاً نظر خود را به زبان فارسی بنویسید.";
  return {en, fa};
}

Article MakeArticle(const std::string& edition, NewsId id, const std::string& headline) {
  Article a;
  a.id = id;
  a.edition = edition;
  a.section = "politics";
  a.headline = headline;
  a.slug = "story-" + std::to_string(id);
  a.lead = "The lead of " + headline + ".";
  a.body = "First paragraph.\n\nSecond *paragraph*.";
  a.status = ArticleStatus::kPublished;
  a.created_at = kT0 - 600;
  a.updated_at = kT0;
  a.published_at = kT0;
  return a;
}

class PagesTest : public testing::Test {
 protected:
  PagesTest() : editions_(Editions()) {
    sections_en_ = {Section{"en", "politics", "Politics", 1}, Section{"en", "world", "World", 2}};
    sections_fa_ = {Section{"fa", "politics", "سیاسی", 1}};
  }

  PageChrome Chrome(const std::string& code) {
    PageChrome c;
    c.site_name = "Herald News Agency";
    c.base_url = "https://news.example";
    c.edition = FindEdition(editions_, code);
    c.editions = &editions_;
    c.sections = code == "fa" ? sections_fa_ : sections_en_;
    c.default_edition = "en";
    return c;
  }

  std::string RenderArticle(const std::string& code, const Article& a,
                            std::vector<Article> related = {},
                            std::vector<Article> translations = {}, CommentsView comments = {}) {
    PageChrome chrome = Chrome(code);
    ArticleView view;
    view.article = &a;
    view.comments = std::move(comments);
    for (const Section& s : chrome.sections) {
      if (s.slug == a.section) view.section = &s;
    }
    view.related = std::move(related);
    view.translations = std::move(translations);
    return RenderArticlePage(chrome, view);
  }

  std::vector<Edition> editions_;
  std::vector<Section> sections_en_;
  std::vector<Section> sections_fa_;
};

// Article pages ----------------------------------------------------------

TEST_F(PagesTest, EnglishArticlePageIsLeftToRightEnglish) {
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  EXPECT_TRUE(Has(html, "<html lang=\"en\" dir=\"ltr\">"));
  EXPECT_TRUE(Lacks(html, "dir=\"rtl\">\n<head>"));
}

TEST_F(PagesTest, PersianArticlePageIsRightToLeftPersian) {
  std::string html = RenderArticle("fa", MakeArticle("fa", 425882, "تصویب بودجه"));
  EXPECT_TRUE(Has(html, "<html lang=\"fa\" dir=\"rtl\">"));
  EXPECT_TRUE(Has(html, "تصویب بودجه"));
  EXPECT_TRUE(Has(html, std::string(StringsFor("fa").news_id)));
  EXPECT_TRUE(Has(html, std::string(StringsFor("fa").comment_send)));
  EXPECT_TRUE(Has(html, std::string(StringsFor("fa").no_comments)));
  EXPECT_TRUE(Lacks(html, "News ID:"));  // JSON-LD's propertyID is for machines.
}

TEST_F(PagesTest, ArticlePageLinksTheHashedStylesheetAndCanonicalUrl) {
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  ASSERT_FALSE(StylesheetPath().empty());
  EXPECT_TRUE(Has(html, "<link rel=\"stylesheet\" href=\"" + StylesheetPath() + "\">"));
  EXPECT_TRUE(Has(
      html, "<link rel=\"canonical\" href=\"https://news.example/en/news/425881/story-425881\">"));
  EXPECT_TRUE(Has(html, "<title>Budget passes | Herald News Agency</title>"));
  EXPECT_TRUE(Lacks(html, "noindex"));
}

TEST_F(PagesTest, ArticlePageShowsHeadlineLeadBodyBylineAndSection) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  a.byline = "By Sara Ahmadi";
  std::string html = RenderArticle("en", a);
  EXPECT_TRUE(Has(html, "<h1 class=\"headline\">Budget passes</h1>"));
  EXPECT_TRUE(Has(html, "<p class=\"lead\">The lead of Budget passes.</p>"));
  EXPECT_TRUE(Has(html, "<p>First paragraph.</p>"));
  EXPECT_TRUE(Has(html, "<p>Second <em>paragraph</em>.</p>"));
  EXPECT_TRUE(Has(html, "<p class=\"byline\">By Sara Ahmadi</p>"));
  EXPECT_TRUE(Has(html, "<a href=\"/en/politics/\">Politics</a>"));
  EXPECT_TRUE(Has(html, "<meta name=\"description\" content=\"The lead of Budget passes.\">"));
}

TEST_F(PagesTest, ArticlePageEscapesEveryTextField) {
  Article a = MakeArticle("en", 425881, std::string("H ") + kHostile);
  a.lead = std::string("L ") + kHostile;
  a.byline = std::string("B ") + kHostile;
  a.image_url = "https://img.example/a.jpg?x=\"><script>alert(1)</script>";
  a.image_caption = std::string("C ") + kHostile;
  a.correction = std::string("K ") + kHostile;
  a.corrected_at = kT0 + 60;
  a.tags = {{"evil", std::string("T ") + kHostile}};
  a.body = "Body <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>";
  Article related = MakeArticle("en", 425880, std::string("R ") + kHostile);

  CommentsView comments;
  Comment c;
  c.id = 7;
  c.name = std::string("N ") + kHostile;
  c.body = std::string("Body ") + kHostile;
  c.status = CommentStatus::kPublished;
  comments.comments.push_back(c);
  comments.form.name = std::string("F ") + kHostile;
  comments.form.body = std::string("FB ") + kHostile;
  comments.notice = CommentNotice{"refused", {std::string("M ") + kHostile}, 0};
  std::string html = RenderArticle("en", a, {related}, {}, comments);

  // Two script elements: the JSON-LD data block, and the comment form's
  // own script by URL; nothing else opens or closes one.
  EXPECT_TRUE(Lacks(html, "<script>"));
  EXPECT_EQ(Count(html, "<script"), 2u);
  EXPECT_EQ(Count(html, "<script type=\"application/ld+json\">"), 1u);
  EXPECT_EQ(Count(html, "<script src=\"/static/comments."), 1u);
  EXPECT_EQ(Count(html, "</script>"), 2u);
  EXPECT_EQ(JsonLd(html)["headline"], a.headline);
  // The JSON-LD block keeps the text as JSON data (checked above); all the
  // rest is HTML-escaped.
  size_t ld = html.find("<script type=\"application/ld+json\">");
  html.erase(ld, html.find("</script>", ld) - ld);
  EXPECT_TRUE(Lacks(html, "alert(\"x\")"));
  EXPECT_TRUE(Lacks(html, "'q'"));
  EXPECT_TRUE(Lacks(html, "<img src=x"));
  EXPECT_TRUE(Lacks(html, "onerror=alert"));
  // The image URL stays inside its attribute.
  EXPECT_TRUE(Has(html,
                  "<img src=\"https://img.example/a.jpg?x=&quot;&gt;&lt;script&gt;alert(1)"
                  "&lt;/script&gt;\""));
  for (const char* prefix : {"H ", "L ", "B ", "C ", "K ", "T ", "R "}) {
    SCOPED_TRACE(prefix);
    EXPECT_TRUE(Has(html, std::string(prefix) + "&lt;script&gt;alert(&quot;x&quot;)"
                                                "&lt;/script&gt; &amp; "));
  }
}

TEST_F(PagesTest, TemplateSyntaxInArticleTextIsShownLiterally) {
  Article a = MakeArticle("en", 425881, "{{site_name}} and {{{content}}}");
  a.lead = "{{#t}}{{news_id}}{{/t}}";
  std::string html = RenderArticle("en", a);
  EXPECT_TRUE(Has(html, "<h1 class=\"headline\">{{site_name}} and {{{content}}}</h1>"));
  EXPECT_TRUE(Has(html, "<p class=\"lead\">{{#t}}{{news_id}}{{/t}}</p>"));
}

TEST_F(PagesTest, LongLeadIsShortenedForTheDescription) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  a.lead = std::string(150, 'a') + " " + std::string(100, 'b');
  std::string html = RenderArticle("en", a);
  std::string expected = a.lead.substr(0, 197) + "\xE2\x80\xA6";
  EXPECT_TRUE(Has(html, "<meta name=\"description\" content=\"" + expected + "\">"));
  EXPECT_TRUE(Has(html, "<p class=\"lead\">" + a.lead + "</p>"));
}

TEST_F(PagesTest, ArticlePageShowsTheDatelineInTheEditionsCalendar) {
  std::string en = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  EXPECT_TRUE(Has(en,
                  "<time class=\"dateline\" datetime=\"2016-12-18T14:04:00Z\">"
                  "18 December 2016 - 17:34</time>"));
  std::string fa = RenderArticle("fa", MakeArticle("fa", 425882, "تصویب بودجه"));
  EXPECT_TRUE(Has(fa, "datetime=\"2016-12-18T14:04:00Z\">۲۸ آذر ۱۳۹۵ - ۱۷:۳۴</time>"));
}

TEST_F(PagesTest, ArticlePageShowsTheNewsId) {
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  EXPECT_TRUE(Has(html, "News ID: <span dir=\"ltr\">425881</span>"));
}

TEST_F(PagesTest, CorrectionBlockAppearsOnlyWhenACorrectionIsSet) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  std::string plain = RenderArticle("en", a);
  EXPECT_TRUE(Lacks(plain, "class=\"correction\""));
  EXPECT_TRUE(Lacks(plain, "Correction"));

  a.correction = "An earlier version gave the wrong total.";
  a.corrected_at = kT0 + 3600;  // 18:34 in Tehran.
  std::string corrected = RenderArticle("en", a);
  EXPECT_EQ(Count(corrected, "class=\"correction\""), 1u);
  EXPECT_TRUE(Has(corrected, "<strong>Correction</strong>"));
  EXPECT_TRUE(Has(corrected, "An earlier version gave the wrong total."));
  EXPECT_TRUE(
      Has(corrected, "<time datetime=\"2016-12-18T15:04:00Z\">18 December 2016 - 18:34</time>"));
}

TEST_F(PagesTest, TagsAreListedInOrderWithTagLinks) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  std::string untagged = RenderArticle("en", a);
  EXPECT_TRUE(Lacks(untagged, "class=\"tags\""));

  a.tags = {{"parliament", "Parliament"}, {"budget", "Budget"}};
  std::string html = RenderArticle("en", a);
  EXPECT_TRUE(Has(html,
                  "<ul class=\"tags\" aria-label=\"Tags\">"
                  "<li><a href=\"/en/tag/parliament/\">Parliament</a></li>"
                  "<li><a href=\"/en/tag/budget/\">Budget</a></li></ul>"));
}

TEST_F(PagesTest, HouseRulesAreParagraphsOneLineEach) {
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  EXPECT_TRUE(Has(html,
                  "<div class=\"house-rules\">"
                  "<p>Please type in your comments in English.</p>"
                  "<p>Be kind to each other.</p></div>"));
  EXPECT_TRUE(Lacks(html, "<p></p>"));
}

TEST_F(PagesTest, CommentsAreClosed) {
  CommentsView closed;
  closed.mode = CommentMode::kClosed;
  std::string html =
      RenderArticle("en", MakeArticle("en", 425881, "Budget passes"), {}, {}, closed);
  EXPECT_TRUE(Has(html, "<p class=\"comments-closed\">Comments are closed.</p>"));
  EXPECT_TRUE(Lacks(html, "method=\"post\""));  // The masthead's search form is a GET.
  EXPECT_TRUE(Lacks(html, "<textarea"));
}

TEST_F(PagesTest, OpenArticlesHaveTheCommentFormWithTokenAndTrap) {
  CommentsView open;
  open.form_token = "123.abc";
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"), {}, {}, open);
  EXPECT_TRUE(Has(html,
                  "<form class=\"comment-form\" id=\"comment-form\" method=\"post\" "
                  "action=\"/en/news/425881/story-425881/comments\""));
  EXPECT_TRUE(Has(html, "<input type=\"hidden\" name=\"token\" value=\"123.abc\">"));
  EXPECT_TRUE(Has(html, "name=\"website\" tabindex=\"-1\""));
  EXPECT_TRUE(Has(html, "<textarea id=\"comment-body\" name=\"body\""));
  EXPECT_TRUE(Has(html, "Please type in your comments in English."));
  EXPECT_TRUE(Lacks(html, "comments-closed"));
  EXPECT_TRUE(Has(html, "Comments <span class=\"comment-count\">(0)</span>"));
}

TEST_F(PagesTest, CommentsShowAsThreadsWithRepliesUnderTheirParent) {
  CommentsView view;
  auto make = [](CommentId id, CommentId parent, std::string body) {
    Comment c;
    c.id = id;
    c.parent_id = parent;
    c.name = "Reader " + std::to_string(id);
    c.body = std::move(body);
    c.status = CommentStatus::kPublished;
    c.created_at = kT0 + id;
    return c;
  };
  view.comments = {make(1, 0, "First\n\nsecond para"), make(2, 0, "Other"),
                   make(3, 1, "Reply https://x.org")};
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"), {}, {}, view);
  size_t first = html.find("id=\"comment-1\"");
  size_t reply = html.find("id=\"comment-3\"");
  size_t other = html.find("id=\"comment-2\"");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, reply);
  EXPECT_LT(reply, other);
  EXPECT_TRUE(Has(html, "<div class=\"comment-body\"><p>First</p><p>second para</p></div>"));
  EXPECT_TRUE(Has(html, "rel=\"nofollow ugc noopener\""));
  EXPECT_TRUE(Has(html, "Comments <span class=\"comment-count\">(3)</span>"));
}

TEST_F(PagesTest, TheNoticeTellsTheCommenterWhatHappenedAndWhy) {
  CommentsView view;
  view.notice = CommentNotice{"pending", {"It may contain insults."}, 9};
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"), {}, {}, view);
  EXPECT_TRUE(Has(html, std::string(StringsFor("en").outcome_pending)));
  EXPECT_TRUE(Has(html, "<li>It may contain insults.</li>"));
  CommentsView fa_view;
  fa_view.notice = CommentNotice{"rejected", {}, 0};
  std::string fa = RenderArticle("fa", MakeArticle("fa", 425882, "بودجه"), {}, {}, fa_view);
  EXPECT_TRUE(Has(fa, std::string(StringsFor("fa").outcome_rejected)));
}

TEST_F(PagesTest, TranslationsLinkOnlyPublicVersionsInOtherEditions) {
  Article a = MakeArticle("en", 100, "Budget passes");
  a.translation_group = 100;
  Article fa = MakeArticle("fa", 101, "تصویب بودجه");
  fa.translation_group = 100;
  Article fa_draft = MakeArticle("fa", 102, "پیش‌نویس");
  fa_draft.status = ArticleStatus::kDraft;
  fa_draft.translation_group = 100;
  Article unknown_edition = MakeArticle("de", 103, "Haushalt");
  unknown_edition.translation_group = 100;

  std::string html = RenderArticle("en", a, {}, {a, fa, fa_draft, unknown_edition});
  EXPECT_EQ(Count(html, "class=\"translations\""), 1u);
  EXPECT_TRUE(Has(html,
                  "Also in: <a href=\"/fa/news/101/story-101\" lang=\"fa\" "
                  "hreflang=\"fa\" dir=\"rtl\">فارسی</a>"));
  EXPECT_TRUE(Lacks(html, "/fa/news/102/"));
  EXPECT_TRUE(Lacks(html, "/de/news/103/"));
  EXPECT_TRUE(Lacks(html, "href=\"/en/news/100/story-100\""));

  std::string alone = RenderArticle("en", a, {}, {a, fa_draft});
  EXPECT_TRUE(Lacks(alone, "class=\"translations\""));
  EXPECT_TRUE(Lacks(alone, "Also in:"));
}

TEST_F(PagesTest, AnotherArticleInTheSameEditionIsNotLinkedAsATranslation) {
  Article a = MakeArticle("en", 100, "Budget passes");
  a.translation_group = 100;
  Article fa = MakeArticle("fa", 101, "تصویب بودجه");
  fa.translation_group = 100;
  Article en_other = MakeArticle("en", 104, "Budget passes (follow-up)");
  en_other.translation_group = 100;

  std::string html = RenderArticle("en", a, {}, {a, fa, en_other});
  EXPECT_TRUE(Has(html, "href=\"/fa/news/101/story-101\""));
  EXPECT_TRUE(Lacks(html, "href=\"/en/news/104/story-104\" lang=\"en\""));

  // With no other edition in the group there is no translations line at all.
  std::string only_same = RenderArticle("en", a, {}, {a, en_other});
  EXPECT_TRUE(Lacks(only_same, "class=\"translations\""));
}

TEST_F(PagesTest, RelatedStoriesAreListedWithLinksAndDatelines) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  std::string none = RenderArticle("en", a);
  EXPECT_TRUE(Lacks(none, "class=\"related\""));

  Article r1 = MakeArticle("en", 425880, "Oil exports rise");
  Article r2 = MakeArticle("en", 425879, "Talks resume");
  r2.published_at = kT0 - 3600;
  std::string html = RenderArticle("en", a, {r1, r2});
  EXPECT_TRUE(Has(html, "<h2 id=\"related-heading\">Latest stories</h2>"));
  EXPECT_TRUE(Has(html,
                  "<li><a href=\"/en/news/425880/story-425880\">Oil exports rise</a> "
                  "<time datetime=\"2016-12-18T14:04:00Z\">18 December 2016 - 17:34</time></li>"));
  EXPECT_TRUE(Has(html,
                  "<a href=\"/en/news/425879/story-425879\">Talks resume</a> "
                  "<time datetime=\"2016-12-18T13:04:00Z\">18 December 2016 - 16:34</time>"));
  EXPECT_LT(html.find("Oil exports rise"), html.find("Talks resume"));
}

TEST_F(PagesTest, EditionSwitcherListsEveryEditionAndMarksTheCurrentOne) {
  std::string html = RenderArticle("fa", MakeArticle("fa", 425882, "تصویب بودجه"));
  EXPECT_TRUE(Has(html, "<a href=\"/en/\" lang=\"en\" hreflang=\"en\" dir=\"ltr\">English</a>"));
  EXPECT_TRUE(Has(html,
                  "<a href=\"/fa/\" lang=\"fa\" hreflang=\"fa\" dir=\"rtl\" "
                  "aria-current=\"true\">فارسی</a>"));
}

// Page metadata: OpenGraph, Twitter cards, JSON-LD, hreflang, feeds -------

TEST_F(PagesTest, ArticleHeadCarriesOpenGraphAndTwitterTags) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  a.image_url = "/static/demo/politics.abc.svg";
  a.image_caption = "The chamber at dusk";
  a.tags = {{"parliament", "Parliament"}, {"budget", "Budget"}};
  a.updated_at = kT0 + 120;
  std::string html = RenderArticle("en", a);
  const std::string url = "https://news.example/en/news/425881/story-425881";
  const std::string image = "https://news.example/static/demo/politics.abc.svg";
  for (const std::string& tag : std::vector<std::string>{
           "<meta property=\"og:type\" content=\"article\">",
           "<meta property=\"og:site_name\" content=\"Herald News Agency\">",
           "<meta property=\"og:title\" content=\"Budget passes\">",
           "<meta property=\"og:description\" content=\"The lead of Budget passes.\">",
           "<meta property=\"og:url\" content=\"" + url + "\">",
           "<meta property=\"og:locale\" content=\"en_US\">",
           "<meta property=\"og:image\" content=\"" + image + "\">",
           "<meta property=\"og:image:alt\" content=\"The chamber at dusk\">",
           "<meta property=\"article:published_time\" content=\"2016-12-18T17:34:00+03:30\">",
           "<meta property=\"article:modified_time\" content=\"2016-12-18T17:36:00+03:30\">",
           "<meta property=\"article:section\" content=\"Politics\">",
           "<meta property=\"article:tag\" content=\"Parliament\">",
           "<meta property=\"article:tag\" content=\"Budget\">",
           "<meta name=\"twitter:card\" content=\"summary_large_image\">",
           "<meta name=\"twitter:title\" content=\"Budget passes\">",
           "<meta name=\"twitter:description\" content=\"The lead of Budget passes.\">",
           "<meta name=\"twitter:image\" content=\"" + image + "\">",
           "<meta name=\"twitter:image:alt\" content=\"The chamber at dusk\">",
       }) {
    EXPECT_TRUE(Has(html, tag));
  }
  EXPECT_TRUE(Lacks(html, "og:locale:alternate"));
  // Everything is in the head.
  EXPECT_LT(html.find("twitter:image:alt"), html.find("</head>"));
}

TEST_F(PagesTest, ArticleWithoutAnImageIsSharedWithTheLogoAsASmallCard) {
  std::string html = RenderArticle("en", MakeArticle("en", 425881, "Budget passes"));
  std::string logo = "https://news.example" + AssetPath("logo.png");
  ASSERT_TRUE(logo.ends_with(".png")) << logo;
  EXPECT_TRUE(Has(html, "<meta name=\"twitter:card\" content=\"summary\">"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:image\" content=\"" + logo + "\">"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:image:alt\" content=\"Herald News Agency\">"));
  EXPECT_TRUE(Has(html, "<meta name=\"twitter:image\" content=\"" + logo + "\">"));
  EXPECT_TRUE(Lacks(html, "article:section\" content=\"\""));
  EXPECT_TRUE(Lacks(html, "article:tag"));
  nlohmann::json ld = JsonLd(html);
  EXPECT_FALSE(ld.contains("image"));
  EXPECT_EQ(ld["publisher"]["logo"]["url"], logo);
  EXPECT_EQ(ld["publisher"]["logo"]["width"], 512);
}

TEST_F(PagesTest, ArticleHeadEmbedsTheNewsArticleJsonLd) {
  Article a = MakeArticle("fa", 425882, "تصویب بودجه");
  a.byline = "سپیده آذرنوش";
  a.correction = "رقم اصلاح شد.";
  a.corrected_at = kT0 + 3600;
  PageChrome chrome = Chrome("fa");
  chrome.logo_url = "/media/logo.png";
  chrome.logo_width = 600;
  chrome.logo_height = 60;
  ArticleView view;
  view.article = &a;
  view.section = &sections_fa_[0];
  std::string html = RenderArticlePage(chrome, view);
  size_t script = html.find("<script type=\"application/ld+json\">");
  ASSERT_NE(script, std::string::npos);
  EXPECT_LT(script, html.find("</head>"));
  nlohmann::json ld = JsonLd(html);
  ASSERT_TRUE(ld.is_object()) << html;
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_EQ(ld["headline"], "تصویب بودجه");
  EXPECT_EQ(ld["url"], "https://news.example/fa/news/425882/story-425882");
  EXPECT_EQ(ld["inLanguage"], "fa");
  EXPECT_EQ(ld["articleSection"], "سیاسی");
  EXPECT_EQ(ld["author"]["name"], "سپیده آذرنوش");
  EXPECT_EQ(ld["dateModified"], "2016-12-18T18:34:00+03:30");
  EXPECT_EQ(ld["correction"]["@type"], "CorrectionComment");
  EXPECT_EQ(ld["publisher"]["logo"]["url"], "https://news.example/media/logo.png");
  EXPECT_EQ(ld["publisher"]["logo"]["width"], 600);
  EXPECT_EQ(ld["publisher"]["logo"]["height"], 60);
  EXPECT_TRUE(Has(html, "<meta property=\"og:locale\" content=\"fa_IR\">"));
}

TEST_F(PagesTest, AHeadlineCannotBreakOutOfTheJsonLd) {
  Article a = MakeArticle("en", 425881, "</script><script>alert(1)</script>");
  std::string html = RenderArticle("en", a);
  EXPECT_EQ(Count(html, "</script>"), 2u);  // The JSON-LD's and the comment script's.
  EXPECT_TRUE(Lacks(html, "<script>"));
  EXPECT_TRUE(Has(html, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
  EXPECT_EQ(JsonLd(html)["headline"], "</script><script>alert(1)</script>");
}

TEST_F(PagesTest, TranslatedArticlesListEveryPublishedVersionWithXDefault) {
  Article en = MakeArticle("en", 100, "Budget passes");
  en.translation_group = 100;
  Article fa = MakeArticle("fa", 101, "تصویب بودجه");
  fa.translation_group = 100;
  Article fa_draft = MakeArticle("fa", 102, "پیش‌نویس");
  fa_draft.status = ArticleStatus::kDraft;
  fa_draft.translation_group = 100;
  std::vector<Article> group = {en, fa, fa_draft};
  const std::string expected =
      "<link rel=\"alternate\" hreflang=\"en\" "
      "href=\"https://news.example/en/news/100/story-100\">\n"
      "<link rel=\"alternate\" hreflang=\"fa\" "
      "href=\"https://news.example/fa/news/101/story-101\">\n"
      "<link rel=\"alternate\" hreflang=\"x-default\" "
      "href=\"https://news.example/en/news/100/story-100\">\n";
  // Both versions carry the same set: the links are reciprocal.
  std::string en_html = RenderArticle("en", en, {}, group);
  std::string fa_html = RenderArticle("fa", fa, {}, group);
  EXPECT_TRUE(Has(en_html, expected));
  EXPECT_TRUE(Has(fa_html, expected));
  EXPECT_EQ(Count(en_html, "hreflang=\"x-default\""), 1u);
  EXPECT_TRUE(Lacks(en_html, "/fa/news/102/"));
  EXPECT_TRUE(Has(en_html, "<meta property=\"og:locale:alternate\" content=\"fa_IR\">"));
  EXPECT_TRUE(Has(fa_html, "<meta property=\"og:locale:alternate\" content=\"en_US\">"));

  // A story alone in its edition has no alternates.
  std::string alone = RenderArticle("en", en, {}, {en, fa_draft});
  EXPECT_TRUE(Lacks(alone, "hreflang=\"x-default\""));
  EXPECT_TRUE(Lacks(alone, "<link rel=\"alternate\" hreflang="));
  EXPECT_TRUE(Lacks(alone, "og:locale:alternate"));
}

TEST_F(PagesTest, XDefaultFallsBackToTheFounderThenTheEarliestPublicVersion) {
  Edition ar;
  ar.code = "ar";
  ar.name = "العربية";
  ar.language = "ar";
  ar.locale = "ar_EG";
  ar.direction = TextDirection::kRtl;
  ar.time_zone = "Africa/Cairo";
  ar.date_format = "d MMMM yyyy - HH:mm";
  editions_.push_back(ar);
  // Founded in Persian; the default edition (English) has no public version.
  Article fa = MakeArticle("fa", 300, "تصویب بودجه");
  Article en = MakeArticle("en", 301, "Budget passes");
  en.status = ArticleStatus::kUnpublished;
  en.translation_group = 300;
  Article ar_version = MakeArticle("ar", 302, "الميزانية");
  ar_version.translation_group = 300;
  std::string html = RenderArticle("ar", ar_version, {}, {fa, en, ar_version});
  EXPECT_TRUE(Has(html,
                  "<link rel=\"alternate\" hreflang=\"x-default\" "
                  "href=\"https://news.example/fa/news/300/story-300\">"));
  EXPECT_TRUE(Lacks(html, "/en/news/301/"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:locale\" content=\"ar_EG\">"));
  // Without the founder: the earliest public version.
  fa.status = ArticleStatus::kUnpublished;
  Article fa_later = MakeArticle("fa", 303, "تصویب بودجه");
  fa_later.translation_group = 300;
  std::string later = RenderArticle("ar", ar_version, {}, {fa, en, ar_version, fa_later});
  EXPECT_TRUE(Has(later,
                  "<link rel=\"alternate\" hreflang=\"x-default\" "
                  "href=\"https://news.example/ar/news/302/story-302\">"));
  EXPECT_TRUE(Has(later,
                  "<link rel=\"alternate\" hreflang=\"fa\" "
                  "href=\"https://news.example/fa/news/303/story-303\">"));
}

TEST_F(PagesTest, EveryPageNamesTheEditionsFeeds) {
  PageChrome chrome = Chrome("en");
  chrome.current_section = "politics";  // As on an article page: no section feeds.
  ArticleView view;
  Article a = MakeArticle("en", 425881, "Budget passes");
  view.article = &a;
  std::string html = RenderArticlePage(chrome, view);
  EXPECT_TRUE(Has(html,
                  "<link rel=\"alternate\" type=\"application/rss+xml\" "
                  "title=\"Herald News Agency: English (RSS)\" href=\"/en/rss.xml\">\n"
                  "<link rel=\"alternate\" type=\"application/atom+xml\" "
                  "title=\"Herald News Agency: English (Atom)\" href=\"/en/atom.xml\">\n"
                  "<link rel=\"alternate\" type=\"application/feed+json\" "
                  "title=\"Herald News Agency: English (JSON Feed)\" href=\"/en/feed.json\">\n"));
  EXPECT_TRUE(Lacks(html, "/en/politics/rss.xml"));

  std::string fa_error = RenderErrorPage(Chrome("fa"), "x", "y");
  EXPECT_TRUE(Has(fa_error,
                  "type=\"application/rss+xml\" title=\"Herald News Agency: فارسی "
                  "(RSS)\" href=\"/fa/rss.xml\""));
  EXPECT_TRUE(Has(fa_error, "href=\"/fa/atom.xml\""));
  EXPECT_TRUE(Has(fa_error, "href=\"/fa/feed.json\""));
}

// List pages -------------------------------------------------------------

class ListPageTest : public PagesTest {
 protected:
  ListView View(std::vector<Article> items) {
    ListView v;
    v.heading = "Politics";
    v.title = "Politics";
    v.canonical_path = "/en/politics/";
    v.items = std::move(items);
    return v;
  }
};

TEST_F(ListPageTest, ListsItemsNewestFirstAsGiven) {
  PageChrome chrome = Chrome("en");
  std::string html = RenderListPage(
      chrome, View({MakeArticle("en", 2, "Second story"), MakeArticle("en", 1, "First story")}));
  EXPECT_TRUE(Has(html, "<h1 class=\"page-title\">Politics</h1>"));
  EXPECT_TRUE(Has(html, "<h2><a href=\"/en/news/2/story-2\">Second story</a></h2>"));
  EXPECT_TRUE(Has(html, "<h2><a href=\"/en/news/1/story-1\">First story</a></h2>"));
  EXPECT_LT(html.find("Second story"), html.find("First story"));
  EXPECT_TRUE(Has(html, "<link rel=\"canonical\" href=\"https://news.example/en/politics/\">"));
  EXPECT_TRUE(Has(html, "<link rel=\"stylesheet\" href=\"" + StylesheetPath() + "\">"));
  EXPECT_TRUE(Lacks(html, "No stories here yet."));
}

TEST_F(ListPageTest, PagerLinksAppearOnlyWhenSet) {
  PageChrome chrome = Chrome("en");
  ListView only = View({MakeArticle("en", 1, "Only story")});
  std::string single = RenderListPage(chrome, only);
  EXPECT_TRUE(Lacks(single, "class=\"pager\""));
  EXPECT_TRUE(Lacks(single, "rel=\"prev\""));
  EXPECT_TRUE(Lacks(single, "rel=\"next\""));

  ListView first = only;
  first.older_path = "/en/politics/?page=2";
  std::string first_html = RenderListPage(chrome, first);
  EXPECT_TRUE(Has(first_html, "<a rel=\"next\" href=\"/en/politics/?page=2\">Older stories</a>"));
  EXPECT_TRUE(Lacks(first_html, "rel=\"prev\""));

  ListView last = only;
  last.newer_path = "/en/politics/?page=2";
  std::string last_html = RenderListPage(chrome, last);
  EXPECT_TRUE(Has(last_html, "<a rel=\"prev\" href=\"/en/politics/?page=2\">Newer stories</a>"));
  EXPECT_TRUE(Lacks(last_html, "rel=\"next\""));

  ListView middle = only;
  middle.newer_path = "/en/politics/";
  middle.older_path = "/en/politics/?page=3";
  std::string middle_html = RenderListPage(chrome, middle);
  EXPECT_TRUE(Has(middle_html, "rel=\"prev\" href=\"/en/politics/\""));
  EXPECT_TRUE(Has(middle_html, "rel=\"next\" href=\"/en/politics/?page=3\""));
}

TEST_F(ListPageTest, EmptyListShowsTheNoStoriesMessage) {
  std::string en = RenderListPage(Chrome("en"), View({}));
  EXPECT_TRUE(Has(en, "<p class=\"empty\">No stories here yet.</p>"));
  EXPECT_TRUE(Lacks(en, "class=\"story-list\""));

  std::string fa = RenderListPage(Chrome("fa"), View({}));
  EXPECT_TRUE(Has(fa, std::string(StringsFor("fa").no_stories)));
  EXPECT_TRUE(Has(fa, "<html lang=\"fa\" dir=\"rtl\">"));
}

TEST_F(ListPageTest, ListPageEscapesHeadingAndItems) {
  ListView v = View({MakeArticle("en", 1, kHostile)});
  v.heading = kHostile;
  v.title = kHostile;
  std::string html = RenderListPage(Chrome("en"), v);
  EXPECT_TRUE(Lacks(html, "<script"));
  EXPECT_TRUE(Has(html, "&lt;script&gt;"));
}

TEST_F(ListPageTest, SectionPagesAlsoNameTheSectionsFeeds) {
  PageChrome chrome = Chrome("en");
  chrome.current_section = "politics";
  std::string html = RenderListPage(chrome, View({MakeArticle("en", 1, "Only story")}));
  EXPECT_TRUE(Has(html, "href=\"/en/rss.xml\""));
  EXPECT_TRUE(Has(html,
                  "<link rel=\"alternate\" type=\"application/rss+xml\" "
                  "title=\"Herald News Agency: Politics (RSS)\" href=\"/en/politics/rss.xml\">"));
  EXPECT_TRUE(Has(html,
                  "type=\"application/atom+xml\" title=\"Herald News Agency: Politics "
                  "(Atom)\" href=\"/en/politics/atom.xml\">"));
  EXPECT_TRUE(Has(html,
                  "type=\"application/feed+json\" title=\"Herald News Agency: Politics "
                  "(JSON Feed)\" href=\"/en/politics/feed.json\">"));
  // A section page is shared as a website page, and is not the front.
  EXPECT_TRUE(Has(html, "<meta property=\"og:type\" content=\"website\">"));
  EXPECT_TRUE(
      Has(html, "<meta property=\"og:url\" content=\"https://news.example/en/politics/\">"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:title\" content=\"Politics\">"));
  EXPECT_TRUE(Has(html, "<meta name=\"twitter:card\" content=\"summary\">"));
  EXPECT_TRUE(Lacks(html, "hreflang=\"x-default\""));
  EXPECT_TRUE(Lacks(html, "application/ld+json"));
  EXPECT_TRUE(Lacks(html, "article:"));

  chrome.current_section = "";  // A tag page.
  std::string tag = RenderListPage(chrome, View({MakeArticle("en", 1, "Only story")}));
  EXPECT_TRUE(Has(tag, "href=\"/en/rss.xml\""));
  EXPECT_TRUE(Lacks(tag, "/en/politics/rss.xml"));
}

TEST_F(ListPageTest, EditionFrontsAreEachOthersAlternatesAndDescribeTheSite) {
  ListView front = View({MakeArticle("fa", 1, "Only story")});
  front.title = "";
  front.canonical_path = "/fa/";
  std::string html = RenderListPage(Chrome("fa"), front);
  EXPECT_TRUE(Has(html,
                  "<link rel=\"alternate\" hreflang=\"en\" href=\"https://news.example/en/\">\n"
                  "<link rel=\"alternate\" hreflang=\"fa\" href=\"https://news.example/fa/\">\n"
                  "<link rel=\"alternate\" hreflang=\"x-default\" "
                  "href=\"https://news.example/en/\">\n"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:title\" content=\"Herald News Agency\">"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:locale\" content=\"fa_IR\">"));
  EXPECT_TRUE(Has(html, "<meta property=\"og:locale:alternate\" content=\"en_US\">"));
  nlohmann::json ld = JsonLd(html);
  ASSERT_TRUE(ld.is_object()) << html;
  EXPECT_EQ(ld["@graph"][0]["@type"], "WebSite");
  EXPECT_EQ(ld["@graph"][0]["url"], "https://news.example/fa/");
  EXPECT_EQ(ld["@graph"][1]["@type"], "Organization");

  // Later pages of the front are lists like any other.
  front.canonical_path = "/fa/?page=2";
  std::string second = RenderListPage(Chrome("fa"), front);
  EXPECT_TRUE(Lacks(second, "hreflang=\"x-default\""));
  EXPECT_TRUE(Lacks(second, "application/ld+json"));
}

// Error pages ------------------------------------------------------------

TEST_F(PagesTest, ErrorPageIsNotIndexed) {
  std::string html =
      RenderErrorPage(Chrome("en"), "Page not found", "We could not find that page.");
  EXPECT_TRUE(Has(html, "<meta name=\"robots\" content=\"noindex\">"));
  EXPECT_TRUE(Has(html, "<h1 class=\"page-title\">Page not found</h1>"));
  EXPECT_TRUE(Has(html, "<p>We could not find that page.</p>"));
  EXPECT_TRUE(Has(html, "<a href=\"/en/\">Go to the front page</a>"));
  EXPECT_TRUE(Lacks(html, "rel=\"canonical\""));
  EXPECT_TRUE(Lacks(html, "og:"));
  EXPECT_TRUE(Lacks(html, "twitter:"));
  EXPECT_TRUE(Lacks(html, "application/ld+json"));
}

TEST_F(PagesTest, ErrorPageEscapesHeadingAndMessage) {
  std::string html = RenderErrorPage(Chrome("en"), kHostile, kHostile);
  EXPECT_TRUE(Lacks(html, "<script"));
  EXPECT_EQ(Count(html, "&lt;script&gt;"), 3u);  // <title>, <h1> and <p>.
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST_F(PagesTest, APhotoCreditIsShownWithTheCaptionInTheEditionsWords) {
  Article a = MakeArticle("en", 425881, "Budget passes");
  a.image_url = "/media/x.png";
  a.image_caption = "The chamber at dusk";
  a.image_credit = "Jane <Doe>/HWA";
  std::string html = RenderArticle("en", a);
  EXPECT_TRUE(Has(html,
                  "<figcaption>The chamber at dusk <span class=\"credit\">Photo: Jane "
                  "&lt;Doe&gt;/HWA</span></figcaption>"));
  Article fa = MakeArticle("fa", 425882, "بودجه");
  fa.image_credit = "ایرنا";
  EXPECT_TRUE(Has(RenderArticle("fa", fa), "<span class=\"credit\">عکس: ایرنا</span>"));
  a.image_credit.clear();
  EXPECT_TRUE(Lacks(RenderArticle("en", a), "class=\"credit\""));
}

}  // namespace
}  // namespace herald

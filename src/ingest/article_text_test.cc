#include "ingest/article_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/text.h"
#include "core/edition_testing.h"
#include "core/slug.h"
#include "render/markdown.h"

namespace herald {
namespace {

using fixtures::EnglishEdition;

constexpr const char* kFile = "wire/kestrel.txt";
constexpr UnixTime kFixtureDateline = 1614750300;  // 2021-03-03T05:45:00Z, 09:15 in Tehran.
const std::string kNbsp = "\xC2\xA0";

// An invented wire story in the agency's plain-text page format.
const std::string kFixture =
    "3 March 2021 - 09:15\n"
    "News ID: 512345\n"
    "Harbor Wire - Fishermen in the northern port of Kestrel Bay returned to sea on Wednesday "
    "after a week of storms kept the whole fleet in harbour.\n"
    "Trawlers leave Kestrel Bay at dawn  \n"
    "\n"
    "HW -" +
    kNbsp +
    "The storms, which brought gusts of more than 100 kilometres an hour, "
    "damaged two piers and cut power to the fish market for three days, the harbour master "
    "said.\n"
    "\n"
    "\n"
    "Local officials said repairs to the eastern pier would take until the end of the month.   \n"
    "Until then, boats will unload at the old ferry quay.\n"
    "\n"
    "\n"
    "The regional weather office expects calmer seas for the rest of the week.\n"
    "\n"
    "\n"
    "Send comment\n"
    "Please type in your comments in English.\n"
    "Comments that break the rules will not be published\n"
    "\n"
    "Name\n";

Result<ArticleText> Parse(const std::string& text) {
  return ParseArticleText(text, EnglishEdition(), kFile);
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// Expects `text` to fail to parse with an InvalidArgument error whose
// message starts with "wire/kestrel.txt:LINE: ".
void ExpectErrorAtLine(const std::string& text, size_t line) {
  auto parsed = Parse(text);
  ASSERT_FALSE(parsed.has_value()) << "parsed without error";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << parsed.error().message;
  std::string prefix = std::string(kFile) + ":" + std::to_string(line) + ": ";
  EXPECT_EQ(parsed.error().message.rfind(prefix, 0), 0u)
      << "expected prefix '" << prefix << "' in: " << parsed.error().message;
}

TEST(ParseArticleTextTest, ReadsDatelineAndNewsId) {
  auto parsed = Parse(kFixture);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->dateline, kFixtureDateline);
  EXPECT_EQ(parsed->id, 512345);
}

TEST(ParseArticleTextTest, ReadsLeadAndTrimmedCaption) {
  auto parsed = Parse(kFixture);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->lead,
            "Harbor Wire - Fishermen in the northern port of Kestrel Bay returned to sea on "
            "Wednesday after a week of storms kept the whole fleet in harbour.");
  EXPECT_EQ(parsed->caption, "Trawlers leave Kestrel Bay at dawn");
}

TEST(ParseArticleTextTest, ReadsParagraphsSeparatedByBlankLines) {
  auto parsed = Parse(kFixture);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->paragraphs.size(), 3u);
  EXPECT_EQ(parsed->paragraphs[1],
            "Local officials said repairs to the eastern pier would take until the end of the "
            "month.\nUntil then, boats will unload at the old ferry quay.");
  EXPECT_EQ(parsed->paragraphs[2],
            "The regional weather office expects calmer seas for the rest of the week.");
}

TEST(ParseArticleTextTest, AgencyTagKeepsItsNoBreakSpace) {
  auto parsed = Parse(kFixture);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_FALSE(parsed->paragraphs.empty());
  EXPECT_EQ(parsed->paragraphs[0],
            "HW -" + kNbsp +
                "The storms, which brought gusts of more than 100 kilometres an hour, damaged "
                "two piers and cut power to the fish market for three days, the harbour master "
                "said.");
}

TEST(ParseArticleTextTest, IgnoresCommentBoxAndEverythingAfter) {
  auto parsed = Parse(kFixture + "\nA paragraph-like line after the comment box\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->paragraphs.size(), 3u);
  for (const std::string& p : parsed->paragraphs) {
    EXPECT_EQ(p.find("Send comment"), std::string::npos) << p;
    EXPECT_EQ(p.find("comments in English"), std::string::npos) << p;
    EXPECT_EQ(p.find("after the comment box"), std::string::npos) << p;
  }
}

TEST(ParseArticleTextTest, WorksWithoutCommentBoxOrCaption) {
  std::string text =
      "3 March 2021 - 09:15\n"
      "News ID: 7\n"
      "Harbor Wire - A short item.\n"
      "\n"
      "Only paragraph.";
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->id, 7);
  EXPECT_EQ(parsed->caption, "");
  ASSERT_EQ(parsed->paragraphs.size(), 1u);
  EXPECT_EQ(parsed->paragraphs[0], "Only paragraph.");
}

TEST(ParseArticleTextTest, AcceptsCrlfLineEndingsAndByteOrderMark) {
  auto lf = Parse(kFixture);
  ASSERT_TRUE(lf.has_value()) << lf.error().message;
  auto crlf = Parse("\xEF\xBB\xBF" + Replace(kFixture, "\n", "\r\n"));
  ASSERT_TRUE(crlf.has_value()) << crlf.error().message;
  EXPECT_EQ(crlf->dateline, lf->dateline);
  EXPECT_EQ(crlf->id, lf->id);
  EXPECT_EQ(crlf->lead, lf->lead);
  EXPECT_EQ(crlf->caption, lf->caption);
  EXPECT_EQ(crlf->paragraphs, lf->paragraphs);
  for (const std::string& p : crlf->paragraphs) {
    EXPECT_EQ(p.find('\r'), std::string::npos) << p;
  }
}

TEST(ParseArticleTextTest, BadDatelineIsReportedOnLineOne) {
  ExpectErrorAtLine(Replace(kFixture, "3 March 2021 - 09:15", "Wednesday morning"), 1);
  ExpectErrorAtLine(Replace(kFixture, "3 March 2021 - 09:15", "3 March 2021 - 09:15 local"), 1);
}

TEST(ParseArticleTextTest, BadDatelineAfterBlankLinesIsReportedOnItsOwnLine) {
  ExpectErrorAtLine("\n\n" + Replace(kFixture, "3 March 2021 - 09:15", "soon"), 3);
}

TEST(ParseArticleTextTest, MissingNewsIdIsReportedOnLineTwo) {
  ExpectErrorAtLine(Replace(kFixture, "News ID: 512345\n", ""), 2);
}

TEST(ParseArticleTextTest, GarbledNewsIdIsReportedOnLineTwo) {
  for (const char* garbled : {"News ID: 5123x5", "News ID:", "News ID: 0", "News ID: -4",
                              "News ID 512345", "ID: 512345"}) {
    SCOPED_TRACE(garbled);
    ExpectErrorAtLine(Replace(kFixture, "News ID: 512345", garbled), 2);
  }
}

TEST(ParseArticleTextTest, ToleratesSpacesAroundNewsId) {
  auto parsed = Parse(Replace(kFixture, "News ID: 512345", "  News ID:   512345 "));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->id, 512345);
}

TEST(ParseArticleTextTest, ArticleWithoutParagraphsIsRejected) {
  std::string text =
      "3 March 2021 - 09:15\n"
      "News ID: 512345\n"
      "Harbor Wire - A lead with nothing after it.\n"
      "A caption";
  ExpectErrorAtLine(text, 4);
  std::string only_comments =
      "3 March 2021 - 09:15\n"
      "News ID: 512345\n"
      "Harbor Wire - A lead with nothing after it.\n"
      "\n"
      "Send comment\n"
      "Please type in your comments in English.";
  auto parsed = Parse(only_comments);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("paragraph"), std::string::npos) << parsed.error().message;
}

// A file that ends with a newline has no line after it; the error must name
// the file's last line, not one past it.
TEST(ParseArticleTextTest, NoParagraphsErrorNamesALineThatExists) {
  std::string text =
      "3 March 2021 - 09:15\n"
      "News ID: 512345\n"
      "Harbor Wire - A lead with nothing after it.\n"
      "A caption\n";
  ExpectErrorAtLine(text, 4);
}

TEST(ParseArticleTextTest, LineGluedToCaptionIsRejectedOnItsLine) {
  ExpectErrorAtLine(Replace(kFixture, "at dawn  \n\n", "at dawn\nA line glued to the caption\n\n"),
                    5);
}

TEST(ParseArticleTextTest, InvalidUtf8IsReportedOnItsLine) {
  ExpectErrorAtLine(Replace(kFixture, "the fish market", "the fish \xFF market"), 6);
  ExpectErrorAtLine(Replace(kFixture, "Harbor Wire -", "Harbor \xC3 Wire -"), 3);
}

TEST(ParseArticleTextTest, CrlfErrorsStillNameTheRightLine) {
  ExpectErrorAtLine(Replace(Replace(kFixture, "\n", "\r\n"), "the fish market", "the \xFF"), 6);
}

TEST(ParseArticleTextTest, EmptyFileIsRejected) {
  ExpectErrorAtLine("", 1);
  auto blank = Parse("\n\n  \n");
  EXPECT_FALSE(blank.has_value());
}

TEST(ParseArticleTextTest, FileOverOneMebibyteIsRejectedOnLineOne) {
  std::string padding = "\n\n" + std::string(kMaxArticleTextBytes, 'x') + "\n";
  ExpectErrorAtLine(kFixture + padding, 1);
}

TEST(ParseArticleTextTest, FileOfExactlyOneMebibyteIsAccepted) {
  std::string text =
      "3 March 2021 - 09:15\n"
      "News ID: 512345\n"
      "Harbor Wire - A lead.\n"
      "\n";
  text += std::string(kMaxArticleTextBytes - text.size(), 'x');
  ASSERT_EQ(text.size(), kMaxArticleTextBytes);
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message.substr(0, 200);
  ASSERT_EQ(parsed->paragraphs.size(), 1u);
}

// Strips tags from cmark's HTML and decodes its entities, leaving the text a
// reader sees. Every tag name is appended to `tags`.
std::string VisibleText(const std::string& html, std::vector<std::string>& tags) {
  std::string out;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      size_t end = html.find('>', i);
      std::string tag = html.substr(i + 1, end - i - 1);
      tags.push_back(tag.substr(0, tag.find(' ')));
      i = end;
    } else if (html[i] == '&') {
      size_t end = html.find(';', i);
      std::string entity = html.substr(i, end - i + 1);
      if (entity == "&lt;")
        out += '<';
      else if (entity == "&gt;")
        out += '>';
      else if (entity == "&amp;")
        out += '&';
      else if (entity == "&quot;")
        out += '"';
      else
        out += entity;
      i = end;
    } else {
      out += html[i];
    }
  }
  return out;
}

// Renders `paragraphs` through Markdown and expects each to come back as one
// plain <p> with exactly its own text.
void ExpectRendersLiterally(const std::vector<std::string>& paragraphs) {
  std::string html = MarkdownToHtml(ParagraphsToMarkdown(paragraphs));
  std::vector<std::string> tags;
  std::string visible = VisibleText(html, tags);
  std::string expected;
  for (const std::string& p : paragraphs) expected += std::string(Trim(p)) + "\n";
  EXPECT_EQ(visible, expected) << "HTML: " << html;
  for (const std::string& tag : tags) {
    EXPECT_TRUE(tag == "p" || tag == "/p") << "unexpected <" << tag << "> in HTML: " << html;
  }
  EXPECT_EQ(tags.size(), 2 * paragraphs.size()) << "HTML: " << html;
}

TEST(ParagraphsToMarkdownTest, EscapesInlineSyntax) {
  ExpectRendersLiterally({"*not bold* and **not strong** and _not em_",
                          "`not code` and ~~not struck~~ and [not](a-link) and ![not](an-image)",
                          "<b>not bold</b> & &amp; stays, as does a\\b and | a | b |"});
}

TEST(ParagraphsToMarkdownTest, EscapesBlockSyntaxAtLineStarts) {
  ExpectRendersLiterally({"1. not a list", "2) not a list either", "# not a heading",
                          "- not an item", "+ not an item", "> not a quote",
                          "Not a setext heading\n===", "Not one either\n---",
                          "2016. A year, not a list"});
}

TEST(ParagraphsToMarkdownTest, RendersSeedStyleParagraphsUnchanged) {
  auto parsed = Parse(kFixture);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ExpectRendersLiterally(parsed->paragraphs);
}

TEST(ParagraphsToMarkdownTest, SeparatesParagraphsWithBlankLines) {
  EXPECT_EQ(ParagraphsToMarkdown({"One.", "Two."}), "One.\n\nTwo.");
  EXPECT_EQ(ParagraphsToMarkdown({}), "");
}

// ParseArticleText keeps a paragraph's leading spaces, and up to three
// spaces of indentation do not stop Markdown reading a heading or a list.
TEST(ParagraphsToMarkdownTest, EscapesBlockSyntaxAfterIndentation) {
  ExpectRendersLiterally({"   # not a heading", "  - not an item", " 1. not a list"});
}

TEST(HeadlineFromLeadTest, DropsAgencyPrefixAndFinalPeriod) {
  EXPECT_EQ(HeadlineFromLead("Harbor Wire - Fishermen return to sea after storms."),
            "Fishermen return to sea after storms");
  EXPECT_EQ(HeadlineFromLead("  HW - Fishermen return to sea  "), "Fishermen return to sea");
  EXPECT_EQ(HeadlineFromLead("ایسنا - ماهیگیران به دریا بازگشتند."), "ماهیگیران به دریا بازگشتند");
}

TEST(HeadlineFromLeadTest, KeepsLeadWithoutPrefix) {
  EXPECT_EQ(HeadlineFromLead("Fishermen return to sea"), "Fishermen return to sea");
  // A dash far into the sentence is not an agency prefix.
  std::string late_dash = "Fishermen in the northern port of Kestrel Bay - at last - return to sea";
  EXPECT_EQ(HeadlineFromLead(late_dash), late_dash);
}

TEST(HeadlineFromLeadTest, CapsLongLeadAtWordBoundaryWithEllipsis) {
  std::string words;
  for (int i = 0; i < 40; ++i) words += "word" + std::to_string(i) + " ";
  std::string lead = "Harbor Wire - " + words;
  std::string headline = HeadlineFromLead(lead);
  const std::string kEllipsis = "\xE2\x80\xA6";
  ASSERT_TRUE(headline.ends_with(kEllipsis)) << headline;
  EXPECT_LE(CountCodePoints(headline), 110u) << headline;
  EXPECT_GT(CountCodePoints(headline), 60u) << headline;
  std::string cut = headline.substr(0, headline.size() - kEllipsis.size());
  // A prefix of the lead (agency dropped) ending where a word ends.
  ASSERT_EQ(words.compare(0, cut.size(), cut), 0) << headline;
  EXPECT_EQ(words[cut.size()], ' ') << headline;
}

TEST(HeadlineFromLeadTest, PrefersClauseBoundaryWhenCapping) {
  std::string first_clause =
      "Fishermen in the northern port of Kestrel Bay returned to sea on Wednesday";
  std::string lead = "Harbor Wire - " + first_clause +
                     ", after a week of storms that kept the whole fleet in harbour and damaged "
                     "two piers.";
  EXPECT_EQ(HeadlineFromLead(lead), first_clause + "\xE2\x80\xA6");
}

TEST(HeadlineFromLeadTest, CountsCodePointsNotBytes) {
  // Eight words of ten two-byte letters: 167 bytes but only 87 code points.
  std::string lead;
  for (int i = 0; i < 8; ++i)
    lead += std::string(i ? " " : "") +
            "خبرخبر"
            "خبرخ";
  ASSERT_EQ(CountCodePoints(lead), 87u);
  ASSERT_GT(lead.size(), 110u);
  EXPECT_EQ(HeadlineFromLead(lead), lead);
}

ArticleText FixtureText() {
  auto parsed = Parse(kFixture);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  return parsed.value_or(ArticleText{});
}

ImportOptions Options(UnixTime now) {
  ImportOptions o;
  o.edition = "en";
  o.section = "economy";
  o.now = now;
  return o;
}

void ExpectSameArticle(const Article& a, const Article& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.edition, b.edition);
  EXPECT_EQ(a.section, b.section);
  ASSERT_EQ(a.tags.size(), b.tags.size());
  for (size_t i = 0; i < a.tags.size(); ++i) {
    EXPECT_EQ(a.tags[i].slug, b.tags[i].slug);
    EXPECT_EQ(a.tags[i].name, b.tags[i].name);
  }
  EXPECT_EQ(a.headline, b.headline);
  EXPECT_EQ(a.slug, b.slug);
  EXPECT_EQ(a.lead, b.lead);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.image_url, b.image_url);
  EXPECT_EQ(a.image_caption, b.image_caption);
  EXPECT_EQ(a.byline, b.byline);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.published_at, b.published_at);
  EXPECT_EQ(a.correction, b.correction);
  EXPECT_EQ(a.corrected_at, b.corrected_at);
  EXPECT_EQ(a.translation_group, b.translation_group);
}

TEST(ArticleFromTextTest, BuildsNewPublishedArticle) {
  ArticleText text = FixtureText();
  Article a = ArticleFromText(text, std::nullopt, Options(1700000000));
  EXPECT_EQ(a.id, 512345);
  EXPECT_EQ(a.edition, "en");
  EXPECT_EQ(a.section, "economy");
  EXPECT_EQ(a.headline, HeadlineFromLead(text.lead));
  EXPECT_EQ(a.headline.rfind("Fishermen in the northern port", 0), 0u) << a.headline;
  EXPECT_EQ(a.slug, MakeSlug(a.headline));
  EXPECT_EQ(a.lead, text.lead);
  EXPECT_EQ(a.image_caption, "Trawlers leave Kestrel Bay at dawn");
  EXPECT_EQ(a.body, ParagraphsToMarkdown(text.paragraphs));
  EXPECT_EQ(a.status, ArticleStatus::kPublished);
  EXPECT_EQ(a.published_at, kFixtureDateline);
  EXPECT_EQ(a.created_at, 1700000000);
  EXPECT_EQ(a.updated_at, 1700000000);
  EXPECT_TRUE(a.tags.empty());
}

TEST(ArticleFromTextTest, GivenHeadlineReplacesTheDerivedOne) {
  ImportOptions o = Options(1700000000);
  o.headline = "Kestrel Bay fleet back at sea";
  Article a = ArticleFromText(FixtureText(), std::nullopt, o);
  EXPECT_EQ(a.headline, "Kestrel Bay fleet back at sea");
  EXPECT_EQ(a.slug, "kestrel-bay-fleet-back-at-sea");
}

TEST(ArticleFromTextTest, ImportingTheSameTextTwiceChangesNothing) {
  ArticleText text = FixtureText();
  Article first = ArticleFromText(text, std::nullopt, Options(1700000000));
  Article second = ArticleFromText(text, first, Options(1800000000));
  ExpectSameArticle(second, first);
  EXPECT_EQ(second.updated_at, 1700000000);
}

TEST(ArticleFromTextTest, ExistingArticleKeepsEditorialFields) {
  ArticleText text = FixtureText();
  Article existing = ArticleFromText(text, std::nullopt, Options(1700000000));
  existing.headline = "Editor's headline";
  existing.slug = MakeSlug(existing.headline);
  existing.section = "politics";
  existing.tags = {Tag{"kestrel-bay", "Kestrel Bay"}, Tag{"fishing", "Fishing"}};
  existing.byline = "Harbour desk";
  existing.translation_group = 512300;
  existing.updated_at = 1750000000;

  Article again = ArticleFromText(text, existing, Options(1800000000));
  ExpectSameArticle(again, existing);
  EXPECT_EQ(again.headline, "Editor's headline");
  EXPECT_EQ(again.updated_at, 1750000000);
}

TEST(ArticleFromTextTest, ChangedTextUpdatesTimestampButKeepsTheRest) {
  ArticleText text = FixtureText();
  Article existing = ArticleFromText(text, std::nullopt, Options(1700000000));
  existing.headline = "Editor's headline";
  existing.slug = MakeSlug(existing.headline);
  existing.tags = {Tag{"fishing", "Fishing"}};

  ArticleText revised = text;
  revised.paragraphs.push_back("Update: the eastern pier reopened early.");
  Article a = ArticleFromText(revised, existing, Options(1800000000));
  EXPECT_EQ(a.updated_at, 1800000000);
  EXPECT_EQ(a.created_at, 1700000000);
  EXPECT_EQ(a.headline, "Editor's headline");
  ASSERT_EQ(a.tags.size(), 1u);
  EXPECT_EQ(a.tags[0].slug, "fishing");
  EXPECT_NE(a.body.find("reopened early"), std::string::npos);
}

TEST(ArticleFromTextTest, GivenHeadlineReplacesExistingAndCountsAsChange) {
  ArticleText text = FixtureText();
  Article existing = ArticleFromText(text, std::nullopt, Options(1700000000));
  ImportOptions o = Options(1800000000);
  o.headline = "A new headline";
  Article a = ArticleFromText(text, existing, o);
  EXPECT_EQ(a.headline, "A new headline");
  EXPECT_EQ(a.slug, "a-new-headline");
  EXPECT_EQ(a.updated_at, 1800000000);
}

}  // namespace
}  // namespace herald

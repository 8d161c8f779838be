#include "core/search_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace herald {
namespace {

TEST(NormaliseForSearchTest, ArabicLettersBecomePersian) {
  EXPECT_EQ(NormaliseForSearch("علي"), "علی");      // Arabic yeh.
  EXPECT_EQ(NormaliseForSearch("مصطفى"), "مصطفی");  // Alef maksura.
  EXPECT_EQ(NormaliseForSearch("كتاب"), "کتاب");    // Arabic kaf.
  EXPECT_EQ(NormaliseForSearch("مدرسة"), "مدرسه");  // Teh marbuta.
  EXPECT_EQ(NormaliseForSearch("خانۀ"), "خانه");    // Heh with yeh above.
  EXPECT_EQ(NormaliseForSearch("مسؤول"), "مسوول");  // Waw with hamza.
  EXPECT_EQ(NormaliseForSearch("پائیز"), "پاییز");  // Yeh with hamza.
}

TEST(NormaliseForSearchTest, HamzaAlefsBecomeAlef) {
  EXPECT_EQ(NormaliseForSearch("أحمد"), "احمد");
  EXPECT_EQ(NormaliseForSearch("إسلام"), "اسلام");
  EXPECT_EQ(NormaliseForSearch("آب"), "اب");
  EXPECT_EQ(NormaliseForSearch("ٱلله"), "الله");
  // Alef followed by a combining madda composes first, then maps.
  EXPECT_EQ(NormaliseForSearch("ا\u0653ب"), "اب");
}

TEST(NormaliseForSearchTest, HarakatAndTatweelAreRemoved) {
  EXPECT_EQ(NormaliseForSearch("كَتَبَ"), "کتب");
  EXPECT_EQ(NormaliseForSearch("مُحَمَّد"), "محمد");
  EXPECT_EQ(NormaliseForSearch("رحمٰن"), "رحمن");  // Superscript alef.
  EXPECT_EQ(NormaliseForSearch("کـــتاب"), "کتاب");
  EXPECT_EQ(NormaliseForSearch("خانهٔ"), "خانه");  // Hamza above as a mark.
}

TEST(NormaliseForSearchTest, DigitsBecomeAscii) {
  EXPECT_EQ(NormaliseForSearch("۱۳۹۵"), "1395");  // Persian.
  EXPECT_EQ(NormaliseForSearch("٢٠١٦"), "2016");  // Arabic-Indic.
}

TEST(NormaliseForSearchTest, CompatibilityFormsAreUnfolded) {
  EXPECT_EQ(NormaliseForSearch("ﻻ"), "لا");       // Lam-alef ligature.
  EXPECT_EQ(NormaliseForSearch("ﻛﺘﺎﺏ"), "کتاب");  // Presentation forms.
  EXPECT_EQ(NormaliseForSearch("ＡＢＣ ﬁne"), "ABC fine");
}

TEST(NormaliseForSearchTest, LatinTextKeepsCaseAndComposedAccentsForTheTokenizer) {
  // unicode61 folds case and accents; the normaliser only composes.
  EXPECT_EQ(NormaliseForSearch("Cafe\u0301 Teheran"), "Caf\u00e9 Teheran");
  EXPECT_EQ(NormaliseForSearch("Plain ASCII, stays."), "Plain ASCII, stays.");
}

TEST(NormaliseForSearchTest, KeepsZwnjDropsZwjSoftHyphenAndMarkers) {
  EXPECT_EQ(NormaliseForSearch("می‌خواهم"), "می\u200Cخواهم");
  EXPECT_EQ(NormaliseForSearch("co\u00ADoperate"), "cooperate");
  EXPECT_EQ(NormaliseForSearch("a\u200Db"), "ab");
  EXPECT_EQ(NormaliseForSearch("x\uE000y\uE001z"), "xyz");
}

TEST(NormaliseForSearchTest, IsIdempotent) {
  for (std::string s : {"كَتَبَ أحمد ۱۳۹۵", "می‌خواهم", "Café ﬁne", "مدرسة"}) {
    std::string once = NormaliseForSearch(s);
    EXPECT_EQ(NormaliseForSearch(once), once) << s;
  }
}

TEST(NormaliseForSearchMappedTest, MapsEveryByteBackToWholeCharacters) {
  std::string input = "كَتَبَ ok";
  MappedSearchText m = NormaliseForSearchMapped(input);
  ASSERT_EQ(m.text, "کتب ok");
  ASSERT_EQ(m.from.size(), m.text.size());
  ASSERT_EQ(m.to.size(), m.text.size());
  // "ک" (2 bytes) came from "كَ" (4 bytes): the letter and its mark.
  EXPECT_EQ(m.from[0], 0u);
  EXPECT_EQ(m.to[0], 4u);
  EXPECT_EQ(m.to[1], 4u);
  // "ب" came from "بَ", bytes 8..12; the space from byte 12.
  EXPECT_EQ(m.from[4], 8u);
  EXPECT_EQ(m.to[5], 12u);
  EXPECT_EQ(m.from[6], 12u);
  // "ok" maps one to one.
  EXPECT_EQ(input.substr(m.from[7], m.to[8] - m.from[7]), "ok");
}

TEST(NormaliseForSearchMappedTest, RemovedCharactersLeaveNoBytes) {
  MappedSearchText m = NormaliseForSearchMapped("کـتاب");
  EXPECT_EQ(m.text, "کتاب");
  for (size_t i = 1; i < m.from.size(); ++i) EXPECT_LE(m.from[i - 1], m.from[i]);
}

TEST(HtmlToSearchableTextTest, StripsTagsDecodesReferencesAndKeepsWordsApart) {
  EXPECT_EQ(HtmlToSearchableText("<p>First <em>para</em>graph.</p>\n<p>Second &amp; last&#33;</p>"),
            "First paragraph.\nSecond & last!");
  EXPECT_EQ(HtmlToSearchableText("<ul><li>one</li><li>two</li></ul>"), "one\ntwo");
  EXPECT_EQ(HtmlToSearchableText("a<br>b &lt;script&gt; &#x41;&nbsp;c"), "a\nb <script> A c");
  EXPECT_EQ(HtmlToSearchableText("<!-- raw HTML omitted -->text"), "text");
}

TEST(HtmlToSearchableTextTest, RemovesForgedMarkers) {
  EXPECT_EQ(HtmlToSearchableText("<p>a\uE000b&#xE001;c</p>"), "abc");
  EXPECT_EQ(SearchableText("x\uE000y\uE001"), "xy");
}

std::vector<std::vector<std::string>> Parts(const std::vector<SearchTerm>& terms) {
  std::vector<std::vector<std::string>> out;
  for (const SearchTerm& t : terms) out.push_back(t.parts);
  return out;
}

TEST(SearchTermsTest, SplitsAtEverythingButLettersAndDigits) {
  auto terms = SearchTerms(R"( "Tehran" -protest NEAR(x y) a:b *** c++ )");
  EXPECT_EQ(Parts(terms),
            (std::vector<std::vector<std::string>>{
                {"Tehran"}, {"protest"}, {"NEAR"}, {"x"}, {"y"}, {"a"}, {"b"}, {"c"}}));
}

TEST(SearchTermsTest, LastTermIsAPrefixWhenAtLeastTwoCharacters) {
  auto terms = SearchTerms("oil pri");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_FALSE(terms[0].prefix);
  EXPECT_TRUE(terms[1].prefix);
  EXPECT_FALSE(SearchTerms("oil p").back().prefix);
  EXPECT_TRUE(SearchTerms("ای").back().prefix);
}

TEST(SearchTermsTest, EmptyAndPunctuationOnlyQueriesHaveNoTerms) {
  EXPECT_TRUE(SearchTerms("").empty());
  EXPECT_TRUE(SearchTerms("   \t ").empty());
  EXPECT_TRUE(SearchTerms("\"*()-:^").empty());
  EXPECT_TRUE(SearchTerms("\u0301").empty());  // A lone combining mark.
}

TEST(SearchTermsTest, KeepsAtMostMaxTerms) { EXPECT_EQ(SearchTerms("a b c d e", 3).size(), 3u); }

TEST(SearchTermsTest, ZwnjMakesACompound) {
  auto terms = SearchTerms("می‌خواهم");
  EXPECT_EQ(Parts(terms), (std::vector<std::vector<std::string>>{{"می", "خواهم"}}));
}

TEST(SearchTermsTest, PersianPrefixesAndSuffixesTypedApartJoinTheirWord) {
  EXPECT_EQ(Parts(SearchTerms("مي خواهم")),  // Arabic yeh, normalised first.
            (std::vector<std::vector<std::string>>{{"می", "خواهم"}}));
  EXPECT_EQ(Parts(SearchTerms("کتاب ها خوب")),
            (std::vector<std::vector<std::string>>{{"کتاب", "ها"}, {"خوب"}}));
  EXPECT_EQ(Parts(SearchTerms("نمی روم")), (std::vector<std::vector<std::string>>{{"نمی", "روم"}}));
  // Only beside Persian words.
  EXPECT_EQ(Parts(SearchTerms("می oil")), (std::vector<std::vector<std::string>>{{"می"}, {"oil"}}));
}

TEST(Fts5MatchExpressionTest, QuotesEveryTermAndJoinsWithAnd) {
  EXPECT_EQ(Fts5MatchExpression(SearchTerms("oil NEAR price")), R"("oil" AND "NEAR" AND "price"*)");
  EXPECT_EQ(Fts5MatchExpression(SearchTerms("\"unbalanced")), R"("unbalanced"*)");
  EXPECT_EQ(Fts5MatchExpression({}), "");
}

TEST(Fts5MatchExpressionTest, ACompoundMatchesJoinedOrInARow) {
  EXPECT_EQ(Fts5MatchExpression(SearchTerms("می‌خواهم بروم")),
            R"(("میخواهم" OR "می خواهم") AND "بروم"*)");
  EXPECT_EQ(Fts5MatchExpression(SearchTerms("کتاب ها")), R"(("کتابها"* OR "کتاب ها"*))");
}

TEST(Fts5MatchExpressionTest, DoublesQuotesInsideTerms) {
  EXPECT_EQ(Fts5MatchExpression({SearchTerm{{"a\"b"}, false}}), R"("a""b")");
}

TEST(HighlightToHtmlTest, EscapesThenMarks) {
  std::string marked = "<script>alert(1)</script> \uE000Tehran\uE001 & co";
  EXPECT_EQ(HighlightToHtml(marked),
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Tehran</mark> &amp; co");
  EXPECT_EQ(StripHighlight(marked), "<script>alert(1)</script> Tehran & co");
}

TEST(HighlightToHtmlTest, UnbalancedMarkersStayWellFormed) {
  EXPECT_EQ(HighlightToHtml("a\uE001b\uE000c\uE000d"), "ab<mark>cd</mark>");
  EXPECT_EQ(HighlightToHtml(""), "");
}

}  // namespace
}  // namespace herald

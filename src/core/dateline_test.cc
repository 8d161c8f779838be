#include "core/dateline.h"

#include <gtest/gtest.h>

#include <string>

#include "core/edition_testing.h"

namespace herald {
namespace {

using fixtures::EnglishEdition;
using fixtures::PersianEdition;

constexpr UnixTime kSeedTime = 1482069840;  // 2016-12-18T14:04:00Z.

bool HasAsciiDigit(const std::string& s) {
  return s.find_first_of("0123456789") != std::string::npos;
}

// Extended Arabic-Indic (Persian) digits are U+06F0..U+06F9: DB B0..DB B9.
bool HasPersianDigit(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) return true;
  }
  return false;
}

TEST(DatelineTest, FormatsSeedTimeInTehran) {
  EXPECT_EQ(FormatDateline(EnglishEdition(), kSeedTime), "18 December 2016 - 17:34");
}

TEST(DatelineTest, FormatsSummerTimeWithTheSummerOffset) {
  // 2016-07-01T10:00:00Z; Tehran observed +04:30 in summer 2016.
  EXPECT_EQ(FormatDateline(EnglishEdition(), 1467367200), "1 July 2016 - 14:30");
}

TEST(DatelineTest, FormatDropsSeconds) {
  EXPECT_EQ(FormatDateline(EnglishEdition(), kSeedTime + 59), "18 December 2016 - 17:34");
}

TEST(DatelineTest, ParsesSeedDateline) {
  auto t = ParseDateline(EnglishEdition(), "18 December 2016 - 17:34");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(*t, kSeedTime);
}

TEST(DatelineTest, ParseToleratesSurroundingWhitespace) {
  auto t = ParseDateline(EnglishEdition(), "  18 December 2016 - 17:34 \t");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(*t, kSeedTime);
}

TEST(DatelineTest, EnglishRoundTripsAtMinuteResolution) {
  const Edition en = EnglishEdition();
  for (UnixTime t : {kSeedTime, UnixTime{1467367200}, UnixTime{1711929600}, UnixTime{946684800},
                     UnixTime{1735689540}}) {
    std::string text = FormatDateline(en, t);
    auto back = ParseDateline(en, text);
    ASSERT_TRUE(back.has_value()) << text << ": " << back.error().message;
    EXPECT_EQ(*back, t) << text;
  }
}

TEST(DatelineTest, PersianEditionUsesPersianCalendarAndDigits) {
  std::string text = FormatDateline(PersianEdition(), kSeedTime);
  EXPECT_EQ(text, "۲۸ آذر ۱۳۹۵ - ۱۷:۳۴");
  EXPECT_TRUE(HasPersianDigit(text)) << text;
  EXPECT_FALSE(HasAsciiDigit(text)) << text;
}

TEST(DatelineTest, PersianRoundTrips) {
  const Edition fa = PersianEdition();
  for (UnixTime t : {kSeedTime, UnixTime{1467367200}, UnixTime{1711929600}}) {
    std::string text = FormatDateline(fa, t);
    auto back = ParseDateline(fa, text);
    ASSERT_TRUE(back.has_value()) << text << ": " << back.error().message;
    EXPECT_EQ(*back, t) << text;
  }
}

TEST(DatelineTest, ParseRejectsGarbage) {
  const Edition en = EnglishEdition();
  for (const char* text :
       {"", "   ", "garbage", "News ID: 425881", "2016-12-18T14:04:00Z", "32 December 2016 - 17:34",
        "18 December 2016 - 25:34", "18 Smarch 2016 - 17:34", "18 December 2016 17:34"}) {
    auto t = ParseDateline(en, text);
    ASSERT_FALSE(t.has_value()) << "accepted '" << text << "' as " << *t;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

TEST(DatelineTest, ParseRejectsTrailingText) {
  auto t = ParseDateline(EnglishEdition(), "18 December 2016 - 17:34 Tehran time");
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(t.error().message.find("d MMMM yyyy - HH:mm"), std::string::npos) << t.error().message;
}

TEST(DatelineTest, ParseRejectsEnglishTextInPersianEdition) {
  EXPECT_FALSE(ParseDateline(PersianEdition(), "18 December 2016 - 17:34").has_value());
}

TEST(DatelineTest, EditionsDifferingOnlyInZoneFormatDifferently) {
  Edition tehran = EnglishEdition();
  Edition utc = EnglishEdition();
  utc.time_zone = "UTC";
  EXPECT_EQ(FormatDateline(tehran, kSeedTime), "18 December 2016 - 17:34");
  EXPECT_EQ(FormatDateline(utc, kSeedTime), "18 December 2016 - 14:04");
}

// An edition without a locale formats in its language. Formatters are cached
// per thread, so two such editions must not share one.
TEST(DatelineTest, EditionWithoutLocaleUsesItsOwnLanguage) {
  Edition english = EnglishEdition();
  english.locale = "";
  english.time_zone = "UTC";
  english.date_format = "d MMMM yyyy";
  Edition persian = english;
  persian.code = "fa";
  persian.language = "fa";

  std::string english_text = FormatDateline(english, kSeedTime);
  std::string persian_text = FormatDateline(persian, kSeedTime);
  EXPECT_EQ(english_text, "18 December 2016");
  EXPECT_NE(persian_text, english_text);
  EXPECT_TRUE(HasPersianDigit(persian_text)) << persian_text;
  EXPECT_FALSE(HasAsciiDigit(persian_text)) << persian_text;
}

TEST(Rfc3339Test, FormatsUtcWithZ) {
  EXPECT_EQ(FormatRfc3339(kSeedTime), "2016-12-18T14:04:00Z");
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1735689599), "2024-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
}

TEST(Rfc3339Test, ParsesZuluTime) {
  auto t = ParseRfc3339("2016-12-18T14:04:00Z");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(*t, kSeedTime);
  auto lower = ParseRfc3339("2016-12-18t14:04:00z");
  ASSERT_TRUE(lower.has_value()) << lower.error().message;
  EXPECT_EQ(*lower, kSeedTime);
}

TEST(Rfc3339Test, AppliesPositiveAndNegativeOffsets) {
  auto tehran = ParseRfc3339("2016-12-18T17:34:00+03:30");
  ASSERT_TRUE(tehran.has_value()) << tehran.error().message;
  EXPECT_EQ(*tehran, kSeedTime);
  auto new_york = ParseRfc3339("2016-12-18T09:04:00-05:00");
  ASSERT_TRUE(new_york.has_value()) << new_york.error().message;
  EXPECT_EQ(*new_york, kSeedTime);
  auto zero = ParseRfc3339("2016-12-18T14:04:00+00:00");
  ASSERT_TRUE(zero.has_value()) << zero.error().message;
  EXPECT_EQ(*zero, kSeedTime);
}

TEST(Rfc3339Test, OffsetCanCrossMidnight) {
  auto t = ParseRfc3339("2016-12-19T01:00:00+10:56");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(*t, kSeedTime);
}

TEST(Rfc3339Test, DropsFractionalSeconds) {
  for (const char* text :
       {"2016-12-18T14:04:00.123456Z", "2016-12-18T14:04:00.9Z", "2016-12-18T17:34:00.500+03:30"}) {
    auto t = ParseRfc3339(text);
    ASSERT_TRUE(t.has_value()) << text << ": " << t.error().message;
    EXPECT_EQ(*t, kSeedTime) << text;
  }
}

TEST(Rfc3339Test, AcceptsLeapDay) {
  auto t = ParseRfc3339("2024-02-29T00:00:00Z");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(*t, 1709164800);
}

TEST(Rfc3339Test, RejectsImpossibleDatesAndTimes) {
  for (const char* text :
       {"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z",
        "2024-01-01T24:00:00Z", "2024-01-01T12:60:00Z", "2024-01-01T12:00:61Z"}) {
    auto t = ParseRfc3339(text);
    ASSERT_FALSE(t.has_value()) << "accepted " << text;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

TEST(Rfc3339Test, RejectsMissingOrMalformedZone) {
  for (const char* text :
       {"2016-12-18T14:04:00", "2016-12-18T14:04:00.5", "2016-12-18T14:04:00+0330",
        "2016-12-18T14:04:00+03", "2016-12-18T14:04:00+03:", "2016-12-18T14:04:00+24:00",
        "2016-12-18T14:04:00+03:60", "2016-12-18T14:04:00 UTC", "2016-12-18T14:04:00ZZ",
        "2016-12-18T14:04:00+03:30 "}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << "accepted " << text;
  }
}

TEST(Rfc3339Test, RejectsMalformedText) {
  for (const char* text : {"", "Z", "2016-12-18", "2016-12-18T14:04Z", "2016/12/18T14:04:00Z",
                           " 2016-12-18T14:04:00Z", "2016-12-18X14:04:00Z", "16-12-18T14:04:00Z",
                           "2016-1a-18T14:04:00Z", "18 December 2016 - 17:34"}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << "accepted '" << text << "'";
  }
}

// RFC 3339: time-secfrac = "." 1*DIGIT, so a bare '.' is not a time.
TEST(Rfc3339Test, RejectsDecimalPointWithoutDigits) {
  EXPECT_FALSE(ParseRfc3339("2016-12-18T14:04:00.Z").has_value());
  EXPECT_FALSE(ParseRfc3339("2016-12-18T14:04:00.+03:30").has_value());
}

TEST(Rfc3339Test, RoundTrips) {
  for (UnixTime t : {UnixTime{0}, kSeedTime, UnixTime{951782400}, UnixTime{4102444799}}) {
    auto back = ParseRfc3339(FormatRfc3339(t));
    ASSERT_TRUE(back.has_value()) << FormatRfc3339(t);
    EXPECT_EQ(*back, t);
  }
}

TEST(TimeZoneTest, KnowsIanaZones) {
  EXPECT_TRUE(IsKnownTimeZone("Asia/Tehran"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Paris"));
  EXPECT_TRUE(IsKnownTimeZone("America/New_York"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
}

TEST(TimeZoneTest, RejectsUnknownZones) {
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsKnownTimeZone("Asia/Tehrann"));
  EXPECT_FALSE(IsKnownTimeZone("Tehran"));
}

// ICU's placeholder for "no zone" is not an IANA zone; accepting it lets a
// config silently fall back to GMT.
TEST(TimeZoneTest, RejectsIcuUnknownZoneName) { EXPECT_FALSE(IsKnownTimeZone("Etc/Unknown")); }

TEST(DatePatternTest, AcceptsEditionPatterns) {
  EXPECT_TRUE(IsUsableDatePattern("en", "d MMMM yyyy - HH:mm"));
  EXPECT_TRUE(IsUsableDatePattern("fa_IR@calendar=persian", "d MMMM yyyy - HH:mm"));
  EXPECT_TRUE(IsUsableDatePattern("en", "yyyy-MM-dd 'at' HH:mm"));
}

TEST(DatePatternTest, RejectsEmptyPattern) { EXPECT_FALSE(IsUsableDatePattern("en", "")); }

// 't' is not an ICU pattern letter: formatting with such a pattern silently
// drops the rest of the dateline ("18 " for "d ttt").
TEST(DatePatternTest, RejectsPatternWithUnknownLetters) {
  EXPECT_FALSE(IsUsableDatePattern("en", "d ttt"));
  EXPECT_FALSE(IsUsableDatePattern("en", "d MMMM yyyy - HH:mm ttt"));
}

TEST(FormatRfc3339InZoneTest, UsesTheOffsetTheZoneHadAtThatInstant) {
  constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z, 17:34 in Tehran.
  EXPECT_EQ(FormatRfc3339(kT0, "Asia/Tehran"), "2016-12-18T17:34:00+03:30");
  // Iran kept summer time until 2022.
  EXPECT_EQ(FormatRfc3339(1464782400, "Asia/Tehran"), "2016-06-01T16:30:00+04:30");
  EXPECT_EQ(FormatRfc3339(kT0, "America/New_York"), "2016-12-18T09:04:00-05:00");
  // Summer time: New York is four hours behind in July.
  EXPECT_EQ(FormatRfc3339(1468339200, "America/New_York"), "2016-07-12T12:00:00-04:00");
  EXPECT_EQ(FormatRfc3339(kT0, "Asia/Kathmandu"), "2016-12-18T19:49:00+05:45");
  EXPECT_EQ(FormatRfc3339(kT0, "UTC"), "2016-12-18T14:04:00+00:00");
  EXPECT_EQ(FormatRfc3339(kT0, "No/Such_Zone"), "2016-12-18T14:04:00+00:00");
  // Across midnight and a year's end in the local zone.
  EXPECT_EQ(FormatRfc3339(1483221600, "Asia/Tehran"), "2017-01-01T01:30:00+03:30");
}

}  // namespace
}  // namespace herald

#include "moderation/house_rules.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "moderation/phase_testing.h"

namespace herald::moderation {
namespace {

HouseRule Rule(std::string name, std::string pattern,
               CommentStatus outcome = CommentStatus::kPending) {
  HouseRule rule;
  rule.name = std::move(name);
  rule.pattern = std::move(pattern);
  rule.outcome = outcome;
  return rule;
}

class HouseRuleTest : public testing::PhaseTest {
 protected:
  HouseRuleTest() : PhaseTest(&MakeHouseRulesPhase) {}
};

TEST_F(HouseRuleTest, NoRulesNoFindings) {
  Build();
  Screening s = Screen("Call me on 0712 345 678");
  EXPECT_TRUE(s.findings.empty());
  EXPECT_FALSE(s.stop);
}

TEST_F(HouseRuleTest, MatchHoldsWithRuleNameAndSpans) {
  policy_.house_rules = {Rule("no phone numbers", R"(\b\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b)")};
  Build();
  const std::string text = "Call me on 0712 345 678 or 020-555-1234.";
  Screening s = Screen(text);
  ASSERT_EQ(s.findings.size(), 1U);
  const Finding& f = s.findings[0];
  EXPECT_EQ(f.reason, Reason::kHouseRule);
  EXPECT_EQ(f.outcome, CommentStatus::kPending);
  EXPECT_EQ(f.detail, "no phone numbers");
  ASSERT_EQ(f.spans.size(), 2U);
  EXPECT_EQ(text.substr(f.spans[0].begin, f.spans[0].end - f.spans[0].begin), "0712 345 678");
  EXPECT_EQ(text.substr(f.spans[1].begin, f.spans[1].end - f.spans[1].begin), "020-555-1234");
  EXPECT_FALSE(s.stop);
}

TEST_F(HouseRuleTest, RejectingRuleStops) {
  policy_.house_rules = {
      Rule("no crypto shilling", R"(\b(bitcoin|crypto)\s+giveaway\b)", CommentStatus::kRejected)};
  Build();
  Screening s = Screen("Huge BITCOIN  Giveaway today");
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].outcome, CommentStatus::kRejected);
  EXPECT_TRUE(s.stop);
  EXPECT_TRUE(Screen("a giveaway of bitcoin").findings.empty());
}

TEST_F(HouseRuleTest, CaseInsensitiveAndUnicodeAware) {
  policy_.house_rules = {Rule("strasse", "straße"), Rule("greek", "ΣΟΦΊΑ"),
                         Rule("persian", "تبلیغات"), Rule("word", R"(\w+stan\b)")};
  Build();
  Screening s = Screen("STRASSE und Straße; σοφία; تبلیغات؛ Kazakhstan");
  ASSERT_EQ(s.findings.size(), 4U);
  EXPECT_EQ(s.findings[0].detail, "strasse");
  EXPECT_EQ(s.findings[1].detail, "greek");
  EXPECT_EQ(s.findings[2].detail, "persian");
  EXPECT_EQ(s.findings[3].detail, "word");
}

TEST_F(HouseRuleTest, SpansAreUtf8ByteOffsets) {
  policy_.house_rules = {Rule("cats", "cat")};
  Build();
  // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
  const std::string text = "é😀 cat 😀cat";
  Screening s = Screen(text);
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].spans, (std::vector<Span>{{7, 10}, {15, 18}}));
}

TEST_F(HouseRuleTest, EveryMatchingRuleIsReported) {
  policy_.house_rules = {Rule("links to rivals", R"(rival-news\.example)"),
                         Rule("all caps", R"(\b[A-Z]{12,}\b)", CommentStatus::kRejected),
                         Rule("never matches", "zzzzqqqq")};
  policy_.house_rules[1].pattern = R"((?-i)\b[A-Z]{12,}\b)";  // A rule may turn case back on.
  Build();
  Screening s = Screen("see rival-news.example: UNBELIEVABLEEE");
  ASSERT_EQ(s.findings.size(), 2U);
  EXPECT_EQ(s.findings[0].detail, "links to rivals");
  EXPECT_EQ(s.findings[1].detail, "all caps");
  EXPECT_TRUE(s.stop);
  EXPECT_EQ(Screen("unbelievableee").findings.size(), 0U);
}

TEST_F(HouseRuleTest, EmptyMatchesDoNotCount) {
  policy_.house_rules = {Rule("optional", "x*")};
  Build();
  EXPECT_TRUE(Screen("no letter of that kind here").findings.empty());
  EXPECT_EQ(Screen("xx marks").findings.size(), 1U);
}

TEST_F(HouseRuleTest, CatastrophicPatternTimesOut) {
  policy_.house_rules = {Rule("evil", "(a+)+$", CommentStatus::kRejected), Rule("fine", "b")};
  Build();
  const std::string text = std::string(5000, 'a') + "!b";
  const auto start = std::chrono::steady_clock::now();
  Screening s = Screen(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  ASSERT_EQ(s.findings.size(), 2U);
  EXPECT_EQ(s.findings[0].detail, "evil: timed out");
  EXPECT_EQ(s.findings[0].outcome, CommentStatus::kPending);  // Not the rule's reject.
  EXPECT_EQ(s.findings[1].detail, "fine");
  EXPECT_FALSE(s.stop);
}

TEST_F(HouseRuleTest, ManyMatchesAreCapped) {
  policy_.house_rules = {Rule("digits", R"(\d)")};
  Build();
  Screening s = Screen(std::string(1000, '7'));
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].spans.size(), 32U);
}

TEST_F(HouseRuleTest, SafeAcrossThreads) {
  policy_.house_rules = {Rule("spam", R"(buy\s+now)")};
  Build();
  std::vector<std::thread> threads;
  std::vector<int> hits(8, 0);
  threads.reserve(hits.size());
  for (size_t t = 0; t < hits.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        hits[t] += static_cast<int>(Screen("Buy now! " + std::to_string(i)).findings.size());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int h : hits) EXPECT_EQ(h, 200);
}

TEST(HouseRulePolicyTest, BadRulesAreNamed) {
  Policy policy;
  policy.house_rules = {Rule("good", "fine"), Rule("broken", "(unclosed")};
  auto phase = MakeHouseRulesPhase(policy);
  ASSERT_FALSE(phase.has_value());
  EXPECT_EQ(phase.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(phase.error().message.find("house rule 2 'broken'"), std::string::npos)
      << phase.error().message;
  EXPECT_NE(phase.error().message.find("U_REGEX_"), std::string::npos) << phase.error().message;

  policy.house_rules = {Rule("empty", "")};
  EXPECT_FALSE(MakeHouseRulesPhase(policy).has_value());
  policy.house_rules = {Rule("", "x")};
  EXPECT_FALSE(MakeHouseRulesPhase(policy).has_value());
  policy.house_rules = {Rule("publish", "x", CommentStatus::kPublished)};
  auto published = MakeHouseRulesPhase(policy);
  ASSERT_FALSE(published.has_value());
  EXPECT_NE(published.error().message.find("outcome"), std::string::npos);
}

TEST(HouseRulePolicyTest, NothingIsBuiltIn) {
  Policy policy;
  auto phase = MakeHouseRulesPhase(policy);
  ASSERT_TRUE(phase.has_value());
  Screening s;
  Context context;
  Submission submission;
  s.policy = &policy;
  s.context = &context;
  s.submission = &submission;
  s.text = "God, Allah, Israel, Palestine, Iran, Trump, Labour, the Pope, abortion";
  (*phase)->Run(s);
  EXPECT_TRUE(s.findings.empty());
}

TEST_F(HouseRuleTest, FastEnough) {
  policy_.house_rules = {Rule("phone", R"(\b\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b)"),
                         Rule("links", R"(rival-news\.example)"),
                         Rule("shouting", R"((?-i)\b[A-Z]{12,}\b)")};
  Build();
  const std::string text(300, 'x');
  const int runs = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) ASSERT_TRUE(Screen(text).findings.empty());
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      runs;
  RecordProperty("us_per_comment", std::to_string(us));
  EXPECT_LT(us, 2000.0);
}

}  // namespace
}  // namespace herald::moderation

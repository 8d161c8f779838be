#include "moderation/spam.h"

#include <gtest/gtest.h>

#include "moderation/normalise.h"

namespace herald::moderation {
namespace {

struct SpamCase {
  Submission sub{"Ann", "", "A fair point about the budget.", "", 30};
  Context context;
  Policy policy;

  Screening Run() {
    Screening s;
    s.submission = &sub;
    s.context = &context;
    s.policy = &policy;
    MakeNormalisePhase()->Run(s);
    MakeSpamPhase()->Run(s);
    return s;
  }
};

TEST(SpamTest, AnOrdinaryCommentPasses) {
  SpamCase c;
  EXPECT_TRUE(c.Run().findings.empty());
}

TEST(SpamTest, AFilledHoneypotIsRefused) {
  SpamCase c;
  c.sub.honeypot = "http://cheap.example";
  Screening s = c.Run();
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].reason, Reason::kSpam);
  EXPECT_EQ(s.findings[0].outcome, CommentStatus::kRejected);
  EXPECT_TRUE(s.stop);
}

TEST(SpamTest, RateLimitsRefuse) {
  SpamCase c;
  c.context.over_address_limit = true;
  EXPECT_EQ(c.Run().findings.at(0).reason, Reason::kRateLimit);
  SpamCase d;
  d.context.over_identity_limit = true;
  EXPECT_EQ(d.Run().findings.at(0).reason, Reason::kRateLimit);
}

TEST(SpamTest, ARepostOfTheSameTextIsADuplicate) {
  SpamCase c;
  c.context.recent_body_hashes = {BodyHash(FoldForMatching("a FAIR point, about the budget"))};
  Screening s = c.Run();
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].reason, Reason::kDuplicate);
}

TEST(SpamTest, FastFormsAndLinkFarmsAreHeldNotRefused) {
  SpamCase fast;
  fast.sub.form_age_seconds = 1;
  Screening s = fast.Run();
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].outcome, CommentStatus::kPending);

  SpamCase api;  // The API sends no form: age unknown, not held.
  api.sub.form_age_seconds = -1;
  EXPECT_TRUE(api.Run().findings.empty());

  SpamCase links;
  links.sub.body = "see https://a.example http://b.example and www.c.example";
  s = links.Run();
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].reason, Reason::kSpam);
  EXPECT_EQ(s.findings[0].outcome, CommentStatus::kPending);
}

TEST(SpamTest, CountsLinks) {
  EXPECT_EQ(CountLinks("no links here, www is a word"), 0);
  EXPECT_EQ(CountLinks("http://www.a.org and https://b.org (www.c.org)"), 3);
  EXPECT_EQ(CountLinks("httpx://nope awww.no"), 0);
}

}  // namespace
}  // namespace herald::moderation

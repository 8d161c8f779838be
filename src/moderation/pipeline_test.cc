#include "moderation/pipeline.h"

#include <gtest/gtest.h>

namespace herald::moderation {
namespace {

// Phases that need no model file: everything but language and abuse.
Policy ModelFreePolicy() {
  Policy p;
  p.phases = {"normalise", "spam", "word_list", "libel", "house_rules"};
  return p;
}

TEST(PipelineTest, UnknownPhasesAndMissingModelsAreErrors) {
  Policy p = ModelFreePolicy();
  p.phases.push_back("telepathy");
  auto bad = Pipeline::Build(p, Models{});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("telepathy"), std::string::npos);

  Policy needs_model = ModelFreePolicy();
  needs_model.phases.push_back("abuse");
  auto missing = Pipeline::Build(needs_model, Models{});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
}

TEST(PipelineTest, ACleanCommentIsPublishedWithItsStoredText) {
  auto pipeline = Pipeline::Build(ModelFreePolicy(), Models{});
  ASSERT_TRUE(pipeline) << pipeline.error().message;
  Verdict v = (*pipeline)->Screen(Submission{" Ann ", "", "  A fair   point. ", "", -1}, Context{});
  EXPECT_EQ(v.status, CommentStatus::kPublished);
  EXPECT_TRUE(v.findings.empty());
  EXPECT_EQ(v.text, "A fair point.");
  EXPECT_EQ(v.name, "Ann");
}

TEST(PipelineTest, ARefusalStopsTheLaterPhases) {
  auto pipeline = Pipeline::Build(ModelFreePolicy(), Models{});
  ASSERT_TRUE(pipeline);
  Verdict v = (*pipeline)->Screen(Submission{"Ann", "", "   ", "", -1}, Context{});
  EXPECT_EQ(v.status, CommentStatus::kRejected);
  ASSERT_EQ(v.findings.size(), 1U);
  EXPECT_EQ(v.findings[0].reason, Reason::kEmpty);
}

TEST(PipelineTest, PolicyHoldsPreModeratedArticlesAndNewCommenters) {
  Policy p = ModelFreePolicy();
  p.trusted_after = 2;
  auto pipeline = Pipeline::Build(p, Models{});
  ASSERT_TRUE(pipeline);
  Submission sub{"Ann", "", "A fair point.", "", -1};
  Context newcomer;
  newcomer.approved_before = 1;
  Verdict v = (*pipeline)->Screen(sub, newcomer);
  EXPECT_EQ(v.status, CommentStatus::kPending);
  EXPECT_TRUE(HasReason(v.findings, Reason::kPremoderation));

  Context trusted;
  trusted.approved_before = 2;
  EXPECT_EQ((*pipeline)->Screen(sub, trusted).status, CommentStatus::kPublished);
  trusted.article_mode = CommentMode::kPre;
  EXPECT_EQ((*pipeline)->Screen(sub, trusted).status, CommentStatus::kPending);
  trusted.article_mode = CommentMode::kPost;
  trusted.always_premoderate = true;
  EXPECT_EQ((*pipeline)->Screen(sub, trusted).status, CommentStatus::kPending);
}

TEST(PipelineTest, HouseRulesFromThePolicyApply) {
  Policy p = ModelFreePolicy();
  p.house_rules.push_back(
      HouseRule{"no phone numbers", "\\+?[0-9][0-9 ()-]{7,}[0-9]", CommentStatus::kPending, ""});
  auto pipeline = Pipeline::Build(p, Models{});
  ASSERT_TRUE(pipeline) << pipeline.error().message;
  Verdict v =
      (*pipeline)->Screen(Submission{"Ann", "", "Call me on +44 20 7946 0958", "", -1}, Context{});
  EXPECT_EQ(v.status, CommentStatus::kPending);
  EXPECT_TRUE(HasReason(v.findings, Reason::kHouseRule));
}

}  // namespace
}  // namespace herald::moderation

namespace herald::moderation {
namespace {

TEST(PipelineTest, AnInsultedNamedPersonIsForAModeratorNotTheModel) {
  auto models = LoadModels("", false, true);
  ASSERT_TRUE(models) << models.error().message;
  Policy p = ModelFreePolicy();
  p.phases = {"normalise", "spam", "word_list", "abuse", "libel", "house_rules"};
  auto pipeline = Pipeline::Build(p, *models);
  ASSERT_TRUE(pipeline) << pipeline.error().message;
  Context article;
  article.headline = "Iran's security chief Ali Shamkhani calls for guarantees";
  Verdict v = (*pipeline)->Screen(
      Submission{"Ann", "", "Shamkhani is a thief and a liar and a disgusting pig", "", -1},
      article);
  EXPECT_EQ(v.status, CommentStatus::kPending);
  EXPECT_TRUE(HasReason(v.findings, Reason::kLibelRisk));
  EXPECT_GT(v.scores.abuse, 0.5f);
}

}  // namespace
}  // namespace herald::moderation

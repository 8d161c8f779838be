#include "moderation/training.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace herald::moderation {
namespace {

TEST(AbuseRocAucTest, HandMadeCases) {
  EXPECT_DOUBLE_EQ(RocAuc({0.1f, 0.2f, 0.8f, 0.9f}, {false, false, true, true}), 1.0);
  EXPECT_DOUBLE_EQ(RocAuc({0.9f, 0.8f, 0.2f, 0.1f}, {false, false, true, true}), 0.0);
  // One of the four positive-negative pairs is ordered wrongly.
  EXPECT_DOUBLE_EQ(RocAuc({0.1f, 0.4f, 0.35f, 0.8f}, {false, false, true, true}), 0.75);
  // Ties count half.
  EXPECT_DOUBLE_EQ(RocAuc({0.5f, 0.5f, 0.5f, 0.5f}, {false, true, false, true}), 0.5);
  EXPECT_DOUBLE_EQ(RocAuc({0.1f, 0.5f, 0.5f}, {false, false, true}), 0.75);
}

TEST(AbuseRocAucTest, OneClassIsUndefined) {
  EXPECT_EQ(RocAuc({0.1f, 0.2f}, {true, true}), -1);
  EXPECT_EQ(RocAuc({0.1f, 0.2f}, {false, false}), -1);
  EXPECT_EQ(RocAuc({}, {}), -1);
}

TEST(AbusePrecisionRecallTest, AtThreshold) {
  std::vector<float> scores = {0.1f, 0.6f, 0.7f, 0.9f, 0.95f};
  std::vector<bool> labels = {false, true, false, true, true};
  PrecisionRecall pr = PrecisionRecallAt(scores, labels, 0.7f);
  EXPECT_EQ(pr.flagged, 3u);
  EXPECT_DOUBLE_EQ(pr.precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(pr.recall, 2.0 / 3.0);
  PrecisionRecall none = PrecisionRecallAt(scores, labels, 0.99f);
  EXPECT_EQ(none.flagged, 0u);
  EXPECT_DOUBLE_EQ(none.precision, 1.0);
  EXPECT_DOUBLE_EQ(none.recall, 0.0);
}

TEST(AbuseParseTsvTest, ReadsLabelsAndText) {
  auto r = ParseLabelledTsv("1\tyou idiot\r\n\n0\tnice day \n", "t.tsv");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_TRUE((*r)[0].abusive);
  EXPECT_EQ((*r)[0].text, "you idiot");
  EXPECT_FALSE((*r)[1].abusive);
  EXPECT_EQ((*r)[1].text, "nice day");
}

TEST(AbuseParseTsvTest, NamesTheBadLine) {
  auto no_tab = ParseLabelledTsv("1\tok\n0 no tab here\n", "t.tsv");
  ASSERT_FALSE(no_tab);
  EXPECT_EQ(no_tab.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(no_tab.error().message.find("t.tsv:2"), std::string::npos) << no_tab.error().message;

  auto bad_label = ParseLabelledTsv("0\tok\n\n2\tbad\n", "t.tsv");
  ASSERT_FALSE(bad_label);
  EXPECT_NE(bad_label.error().message.find("t.tsv:3"), std::string::npos);

  EXPECT_FALSE(ParseLabelledTsv("1\t   \n", "t.tsv"));
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("herald-training-test-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::filesystem::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::filesystem::path dir_;
};

using AbuseReadFileTest = TempDir;

TEST_F(AbuseReadFileTest, MissingFileIsNotFound) {
  auto r = ReadLabelledFile((dir_ / "missing.tsv").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(AbuseReadFileTest, ReadsDavidsonCsvWithQuotedNewlines) {
  std::string path = Write("labeled_data.csv",
                           ",count,hate_speech,offensive_language,neither,class,tweet\n"
                           "0,3,0,0,3,2,\"a calm, \"\"quoted\"\"\nline\"\n"
                           "1,3,3,0,0,0,hate tweet\n"
                           "2,3,0,3,0,1,rude tweet\n");
  auto r = ReadLabelledFile(path);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].text, "a calm, \"quoted\"\nline");
  EXPECT_FALSE((*r)[0].abusive);
  EXPECT_TRUE((*r)[1].abusive && (*r)[1].identity_attack);
  EXPECT_TRUE((*r)[2].abusive && (*r)[2].insult && !(*r)[2].identity_attack);

  std::string bad = Write("bad.csv",
                          ",count,hate_speech,offensive_language,neither,class,tweet\n"
                          "0,3,0,0,3,7,x\n");
  auto e = ReadLabelledFile(bad);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("bad.csv:2"), std::string::npos) << e.error().message;
}

TEST_F(AbuseReadFileTest, ReadsOlidSubtasks) {
  std::string path = Write("olid.tsv",
                           "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n"
                           "1\t@USER you fool\tOFF\tTIN\tIND\n"
                           "2\tthose people\tOFF\tTIN\tGRP\n"
                           "3\tdamn it\tOFF\tUNT\tNULL\n"
                           "4\tlovely\tNOT\tNULL\tNULL\n");
  auto r = ReadLabelledFile(path);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE((*r)[0].insult);
  EXPECT_TRUE((*r)[1].identity_attack);
  EXPECT_TRUE((*r)[2].abusive && !(*r)[2].insult && !(*r)[2].identity_attack);
  EXPECT_FALSE((*r)[3].abusive);
}

TEST(AbuseTrainingLabelsTest, DerivesCategories) {
  LabelledText t;
  t.abusive = true;
  std::string insult = TrainingLabels(t, AbuseModelText("you fucking idiot"));
  EXPECT_NE(insult.find("__label__insult"), std::string::npos);
  EXPECT_NE(insult.find("__label__obscene"), std::string::npos);
  EXPECT_EQ(insult.find("__label__identity"), std::string::npos);
  std::string group = TrainingLabels(t, AbuseModelText("kill all the immigrants"));
  EXPECT_NE(group.find("__label__identity"), std::string::npos);
  EXPECT_NE(group.find("__label__threat"), std::string::npos);
  t.abusive = false;
  EXPECT_EQ(TrainingLabels(t, AbuseModelText("holy shit")), "__label__clean __label__obscene");
  EXPECT_EQ(TrainingLabels(t, "a nice day"), "__label__clean");
}

TEST(AbuseHoldoutTest, FixedAndBlindToSpacing) {
  EXPECT_EQ(InHoldout("some text here", 15), InHoldout("  some\ttext \n here ", 15));
  int held = 0;
  for (int i = 0; i < 2000; ++i) held += InHoldout("comment " + std::to_string(i), 15) ? 1 : 0;
  EXPECT_GT(held, 200);
  EXPECT_LT(held, 400);
  EXPECT_FALSE(InHoldout("anything", 0));
}

TEST(AbuseSyntheticTest, BothClassesAndNoEmptyText) {
  std::vector<LabelledText> s = SyntheticExamples();
  size_t abusive = 0;
  for (const LabelledText& t : s) {
    EXPECT_FALSE(AbuseModelText(t.text).empty()) << t.text;
    abusive += t.abusive ? 1 : 0;
  }
  EXPECT_GT(abusive, 100u);
  EXPECT_GT(s.size() - abusive, 100u);
}

using AbuseTrainTest = TempDir;

TEST_F(AbuseTrainTest, TrainsATinyModelThatScores) {
  std::vector<LabelledText> examples;
  const char* bad[] = {"you are an idiot",     "stupid moron",      "shut up you idiot",
                       "what a moron you are", "idiot idiot idiot", "you stupid fool"};
  const char* good[] = {"what a nice day",    "thanks for the article",
                        "the park is lovely", "good reporting on the budget",
                        "nice work everyone", "lovely weather"};
  for (const char* t : bad) examples.push_back(LabelledText{t, true, true, false, false, true, 20});
  for (const char* t : good)
    examples.push_back(LabelledText{t, false, false, false, false, true, 20});
  TrainOptions options;
  options.epoch = 10;
  options.dim = 8;
  options.bucket = 1000;
  options.minn = 0;
  options.maxn = 0;
  options.min_count = 1;
  options.holdout_percent = 0;
  options.synthetic = false;
  std::string out = (dir_ / "tiny.ftz").string();
  auto trained = TrainAbuseModel(examples, options, out);
  ASSERT_TRUE(trained) << trained.error().message;
  auto model = LoadAbuseModel(out);
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_GT((*model)->Score("you idiot").abuse, (*model)->Score("a lovely day").abuse);

  Evaluation e = Evaluate(**model, examples, 0.7f, 0.97f);
  EXPECT_EQ(e.examples, examples.size());
  EXPECT_EQ(e.positives, 6u);
  EXPECT_GT(e.roc_auc, 0.9);
  EXPECT_GT(e.micros_per_comment, 0);
}

TEST_F(AbuseTrainTest, OneClassIsAnError) {
  std::vector<LabelledText> examples = {LabelledText{"you idiot", true}};
  TrainOptions options;
  options.synthetic = false;
  auto r = TrainAbuseModel(examples, options, (dir_ / "m.ftz").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace herald::moderation

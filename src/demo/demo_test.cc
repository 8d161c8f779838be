#include "demo/demo.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace herald {
namespace {

// A wire page of our own in the reference format, with the reference's ID.
constexpr const char* kReference =
    "18 December 2016 - 17:34\n"
    "News ID: 425881\n"
    "Herald Wire - Envoys met in Port Aster on Sunday.\n"
    "The envoys before the meeting\n"
    "\n"
    "HWA -\xC2\xA0The talks lasted three hours.\n"
    "\n"
    "Send comment\n";

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("herald-demo-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = OpenStore((dir_ / "herald.db").string());
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  int Count(const std::string& edition) {
    ArticleQuery q;
    q.edition = edition;
    q.limit = 100;
    auto page = store_->ListArticles(q);
    return page ? static_cast<int>(page->items.size()) : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Config config_ = DefaultConfig();
};

TEST_F(DemoTest, LoadsBothEditionsAndTheReferenceAndLoadingAgainDuplicatesNothing) {
  auto first = LoadDemo(*store_, config_, std::string(kReference), 1'800'000'000);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->reference_loaded);
  EXPECT_GE(Count("en"), 31);
  EXPECT_GE(Count("fa"), 10);
  int en = Count("en"), fa = Count("fa");
  auto second = LoadDemo(*store_, config_, std::string(kReference), 1'800'000'600);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(Count("en"), en);
  EXPECT_EQ(Count("fa"), fa);
  auto reference = store_->GetArticle(425881);
  ASSERT_TRUE(reference.has_value());
  EXPECT_EQ(reference->image_caption, "The envoys before the meeting");
  EXPECT_FALSE(reference->body_html.empty());
}

TEST_F(DemoTest, DemoStoriesAreMarkedAndIllustrated) {
  ASSERT_TRUE(LoadDemo(*store_, config_, std::nullopt, 1'800'000'000).has_value());
  ArticleQuery q;
  q.edition = "en";
  q.limit = 100;
  auto page = store_->ListArticles(q);
  ASSERT_TRUE(page.has_value());
  for (const Article& a : page->items) {
    EXPECT_NE(a.body.find("*Demo content: this story was written for the Herald demo site"),
              std::string::npos)
        << a.id;
    EXPECT_TRUE(a.image_url.starts_with("/static/demo/" + a.section + ".")) << a.image_url;
  }
}

TEST_F(DemoTest, RefusesToOverwriteANewsroomsOwnArticle) {
  ASSERT_TRUE(store_->PutSection(Section{"en", "politics", "Politics", 0}).has_value());
  Article own;
  own.id = 425880;
  own.edition = "en";
  own.section = "politics";
  own.headline = "A real story";
  own.slug = "a-real-story";
  own.body = "Real reporting.";
  ASSERT_TRUE(store_->CreateArticle(own).has_value());
  auto loaded = LoadDemo(*store_, config_, std::nullopt, 1'800'000'000);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("en"), 1);
  EXPECT_EQ(store_->GetArticle(425880)->headline, "A real story");
}

TEST_F(DemoTest, AMalformedReferenceLoadsNothing) {
  auto loaded = LoadDemo(*store_, config_, std::string("not a wire page\n"), 1'800'000'000);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(Count("en"), 0);
  auto sections = store_->ListSections("en");
  ASSERT_TRUE(sections.has_value());
  EXPECT_TRUE(sections->empty());
}

}  // namespace
}  // namespace herald

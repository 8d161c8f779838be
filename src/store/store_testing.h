// The storage suite's shared fixture: every Store backend must pass the
// suites built on it (store_test.cc, desk_store_test.cc) unchanged.
//
// StoreTest is value-parameterised by a StoreBackend, which knows how to make
// a fresh, empty database and name it by URL. Today only SQLite exists; a
// PostgreSQL backend joins a suite with one more INSTANTIATE_TEST_SUITE_P
// line at the bottom of each file.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace herald {

inline constexpr UnixTime kDay = 24 * 60 * 60;
inline constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z.

// A database the suite can run against.
struct StoreBackend {
  std::string name;  // Test-name suffix: letters and digits only.
  // Returns the URL of a new, empty database. `scratch` is an empty
  // directory owned by the test and removed after it.
  std::function<std::string(const std::filesystem::path& scratch)> fresh_url;
  // The schema version a freshly migrated database reports.
  int latest_schema_version = 0;
  // Drops whatever fresh_url created outside `scratch` (server databases).
  std::function<void(const std::string& url)> drop;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const testing::TestParamInfo<StoreBackend>& param_info) {
  return param_info.param.name;
}

inline StoreBackend SqliteBackend() {
  StoreBackend b;
  b.name = "Sqlite";
  b.fresh_url = [](const std::filesystem::path& scratch) {
    return (scratch / "herald.db").string();
  };
  b.latest_schema_version = sqlite::LatestSchemaVersion();
  return b;
}

// Returns a new empty directory under the system temp directory.
inline std::filesystem::path MakeScratchDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("herald-store-test-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter++) + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(dir)) return dir;
  }
  throw std::runtime_error("cannot create a scratch directory");
}

template <typename T>
testing::AssertionResult IsOk(const Result<T>& r) {
  if (r) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "failed with " << ErrorCodeName(r.error().code) << ": " << r.error().message;
}

template <typename T>
testing::AssertionResult FailsWith(const Result<T>& r, ErrorCode code) {
  if (r) return testing::AssertionFailure() << "succeeded; expected " << ErrorCodeName(code);
  if (r.error().code != code) {
    return testing::AssertionFailure()
           << "failed with " << ErrorCodeName(r.error().code) << " (" << r.error().message
           << "); expected " << ErrorCodeName(code);
  }
  return testing::AssertionSuccess();
}

inline std::vector<NewsId> Ids(const std::vector<Article>& articles) {
  std::vector<NewsId> ids;
  for (const Article& a : articles) ids.push_back(a.id);
  return ids;
}

inline std::vector<std::string> TagSlugs(const Article& a) {
  std::vector<std::string> slugs;
  for (const Tag& t : a.tags) slugs.push_back(t.slug);
  return slugs;
}

// A published English politics story; tests change what they need.
inline Article MakeArticle(std::string headline, UnixTime published_at = kT0) {
  Article a;
  a.edition = "en";
  a.section = "politics";
  a.headline = std::move(headline);
  a.slug = "story";
  a.lead = "The lead.";
  a.body = "The body.";
  a.status = ArticleStatus::kPublished;
  a.created_at = published_at - 60;
  a.updated_at = published_at;
  a.published_at = published_at;
  return a;
}

class StoreTest : public testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    scratch_ = MakeScratchDir();
    url_ = GetParam().fresh_url(scratch_);
    auto opened = OpenStore(url_);
    ASSERT_TRUE(IsOk(opened));
    store_ = std::move(*opened);
    ASSERT_TRUE(IsOk(store_->PutSection(Section{"en", "politics", "Politics", 1})));
    ASSERT_TRUE(IsOk(store_->PutSection(Section{"en", "world", "World", 2})));
    ASSERT_TRUE(IsOk(store_->PutSection(Section{"fa", "politics", "سیاسی", 1})));
  }

  void TearDown() override {
    store_.reset();
    if (GetParam().drop) GetParam().drop(url_);
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
  }

  Store& store() { return *store_; }

  // Creates `a` and returns its News ID, failing the test on error.
  NewsId Create(const Article& a) {
    auto created = store_->CreateArticle(a);
    EXPECT_TRUE(IsOk(created));
    return created ? created->id : 0;
  }

  // Lists every article of `edition` in store order (at most 100).
  std::vector<Article> All(const std::string& edition = "en") {
    ArticleQuery q;
    q.edition = edition;
    q.limit = 100;
    auto page = store_->ListArticles(q);
    EXPECT_TRUE(IsOk(page));
    return page ? page->items : std::vector<Article>{};
  }

  std::filesystem::path scratch_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

// A comment on `article` by the commenter `key`, as screening left it.
inline CommentDraft MakeDraft(NewsId article, std::string key, std::string body,
                              CommentStatus status = CommentStatus::kPublished) {
  CommentDraft d;
  d.comment.article_id = article;
  d.comment.name = "Reader";
  d.comment.body = std::move(body);
  d.comment.status = status;
  d.comment.created_at = kT0 + 100;
  d.comment.ip_hash = std::string("\x01\x02\x00\x03", 4);
  d.commenter_key = std::move(key);
  d.body_hash = "hash-" + d.comment.body;
  return d;
}

}  // namespace herald

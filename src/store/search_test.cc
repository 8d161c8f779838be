// Store::SearchArticles against a temporary SQLite store: what is found,
// in which order, how it is highlighted, and that the index follows every
// write (and is built for a site migrated from before search existed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/search_text.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald {
namespace {

namespace fs = std::filesystem;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z.
const std::string kOpen(kSearchMarkOpen);
const std::string kClose(kSearchMarkClose);

fs::path MakeScratchDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path dir =
        fs::temp_directory_path() / ("herald-search-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(rd()));
    if (fs::create_directory(dir)) return dir;
  }
  throw std::runtime_error("cannot create a scratch directory");
}

template <typename T>
testing::AssertionResult IsOk(const Result<T>& r) {
  if (r) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "failed with " << ErrorCodeName(r.error().code) << ": " << r.error().message;
}

Article MakeArticle(std::string edition, std::string headline, std::string lead = "A lead.",
                    std::string body_html = "<p>A body.</p>", UnixTime published_at = kT0) {
  Article a;
  a.edition = std::move(edition);
  a.section = "politics";
  a.headline = std::move(headline);
  a.slug = "story";
  a.lead = std::move(lead);
  a.body_html = std::move(body_html);
  a.body = "(markdown)";
  a.status = ArticleStatus::kPublished;
  a.created_at = published_at - 60;
  a.updated_at = published_at;
  a.published_at = published_at;
  return a;
}

class SearchTest : public testing::Test {
 protected:
  void SetUp() override {
    scratch_ = MakeScratchDir();
    path_ = (scratch_ / "herald.db").string();
    Open();
    ASSERT_TRUE(IsOk(store_->PutSection(Section{"en", "politics", "Politics", 1})));
    ASSERT_TRUE(IsOk(store_->PutSection(Section{"fa", "politics", "سیاسی", 1})));
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(scratch_, ec);
  }

  void Open() {
    auto opened = OpenStore(path_);
    ASSERT_TRUE(IsOk(opened));
    store_ = std::move(*opened);
  }

  NewsId Create(const Article& a) {
    auto created = store_->CreateArticle(a);
    EXPECT_TRUE(IsOk(created));
    return created ? created->id : 0;
  }

  SearchPage Search(const std::string& text, const std::string& edition = "en", int limit = 20,
                    int offset = 0) {
    auto page = store_->SearchArticles(SearchQuery{edition, text, limit, offset});
    EXPECT_TRUE(IsOk(page)) << text;
    return page ? *page : SearchPage{};
  }

  std::vector<NewsId> Found(const std::string& text, const std::string& edition = "en") {
    std::vector<NewsId> ids;
    for (const SearchHit& h : Search(text, edition, 100).hits) ids.push_back(h.article.id);
    return ids;
  }

  fs::path scratch_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

using Ids = std::vector<NewsId>;

TEST_F(SearchTest, FindsOnlyPublishedArticlesOfTheEdition) {
  NewsId published = Create(MakeArticle("en", "Zanzibar talks resume"));
  Article draft = MakeArticle("en", "Zanzibar draft");
  draft.status = ArticleStatus::kDraft;
  Create(draft);
  Article scheduled = MakeArticle("en", "Zanzibar later");
  scheduled.status = ArticleStatus::kScheduled;
  scheduled.published_at = kT0 + 3600;
  Create(scheduled);
  Create(MakeArticle("fa", "Zanzibar in Persian"));

  EXPECT_EQ(Found("zanzibar"), Ids{published});
  SearchPage page = Search("zanzibar");
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.has_more);
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].article.headline, "Zanzibar talks resume");
  EXPECT_EQ(page.hits[0].article.slug, "story");
  EXPECT_EQ(page.hits[0].article.published_at, kT0);
  EXPECT_EQ(Found("zanzibar", "fa").size(), 1u);

  // Scheduled stories appear once PublishDue makes them public.
  ASSERT_TRUE(IsOk(store_->PublishDue(kT0 + 7200)));
  EXPECT_EQ(Found("zanzibar").size(), 2u);
}

TEST_F(SearchTest, EveryWordMustMatchAndTheLastIsAPrefix) {
  NewsId both = Create(MakeArticle("en", "Oil prices fall", "Brent crude drops."));
  Create(MakeArticle("en", "Oil output steady"));
  EXPECT_EQ(Found("oil pric"), Ids{both});
  EXPECT_EQ(Found("oil crude"), Ids{both});
  EXPECT_TRUE(Found("oil pr x").empty());
}

TEST_F(SearchTest, HeadlineRanksAboveLeadAboveBodyThenNewestFirst) {
  NewsId in_body =
      Create(MakeArticle("en", "Markets today", "Nothing here.", "<p>The harvest was late.</p>"));
  NewsId in_lead = Create(MakeArticle("en", "Farm report", "The harvest begins.", "<p>x</p>"));
  NewsId in_headline = Create(MakeArticle("en", "Harvest festival", "A fair.", "<p>y</p>"));
  NewsId older_tie = Create(MakeArticle("en", "Pasta", "Noodles.", "<p>z</p>", kT0 - 100));
  NewsId newer_tie = Create(MakeArticle("en", "Pasta", "Noodles.", "<p>z</p>", kT0 + 100));
  EXPECT_EQ(Found("harvest"), (Ids{in_headline, in_lead, in_body}));
  EXPECT_EQ(Found("pasta"), (Ids{newer_tie, older_tie}));
}

TEST_F(SearchTest, PagesCarryTheTotalAndWhetherMoreFollow) {
  for (int i = 0; i < 5; ++i) {
    Create(MakeArticle("en", "Election " + std::to_string(i), "A lead.", "<p>b</p>", kT0 + i));
  }
  SearchPage first = Search("election", "en", 2, 0);
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(first.hits.size(), 2u);
  EXPECT_TRUE(first.has_more);
  EXPECT_EQ(first.hits[0].article.headline, "Election 4");
  SearchPage last = Search("election", "en", 2, 4);
  EXPECT_EQ(last.hits.size(), 1u);
  EXPECT_FALSE(last.has_more);
  EXPECT_EQ(last.hits[0].article.headline, "Election 0");
  SearchPage beyond = Search("election", "en", 2, 10);
  EXPECT_TRUE(beyond.hits.empty());
  EXPECT_EQ(beyond.total, 5);
  EXPECT_FALSE(beyond.has_more);
}

TEST_F(SearchTest, LatinCaseAndAccentsAreFolded) {
  NewsId id = Create(MakeArticle("en", "Café owners in Zürich", "Crème brûlée."));
  EXPECT_EQ(Found("cafe zurich"), Ids{id});
  EXPECT_EQ(Found("CAFÉ"), Ids{id});
  EXPECT_EQ(Found("creme brulee"), Ids{id});
  EXPECT_EQ(Found("Cafe\u0301"), Ids{id});  // Decomposed accent.
}

TEST_F(SearchTest, PersianAndArabicSpellingsFindEachOther) {
  NewsId zwnj = Create(
      MakeArticle("fa", "گفت‌وگو", "ما می‌خواهیم صلح برقرار شود."));
  NewsId joined = Create(MakeArticle("fa", "دیدار", "آنها میخواهند بروند."));
  NewsId spaced = Create(MakeArticle("fa", "سفر", "آنها می خواهند بمانند."));
  NewsId arabic = Create(MakeArticle("fa", "كتابخانه ملي", "مُحَمَّد در سال ۱۳۹۵ آمد."));
  NewsId hamza = Create(MakeArticle("fa", "أمنیت", "مسئله مدرسة."));

  // A compound with ZWNJ: found joined, with ZWNJ, with a space, in Arabic letters.
  for (std::string q :
       {"میخواهیم", "می‌خواهیم", "می خواهیم", "مي‌خواهيم", "خواهیم"}) {
    EXPECT_EQ(Found(q, "fa"), Ids{zwnj}) << q;
  }
  // Written joined: found joined and with ZWNJ or a space.
  for (std::string q : {"میخواهند", "می‌خواهند", "می خواهند"}) {
    auto ids = Found(q, "fa");
    EXPECT_NE(std::find(ids.begin(), ids.end(), joined), ids.end()) << q;
  }
  // Written with a space: found with ZWNJ or a space.
  for (std::string q : {"می‌خواهند", "می خواهند"}) {
    auto ids = Found(q, "fa");
    EXPECT_NE(std::find(ids.begin(), ids.end(), spaced), ids.end()) << q;
  }
  EXPECT_EQ(Found("کتابخانه ملی", "fa"), Ids{arabic});  // Arabic kaf and yeh.
  EXPECT_EQ(Found("محمد", "fa"), Ids{arabic});          // Harakat.
  EXPECT_EQ(Found("1395", "fa"), Ids{arabic});          // Persian digits.
  EXPECT_EQ(Found("۱۳۹۵", "fa"), Ids{arabic});
  EXPECT_EQ(Found("امنیت", "fa"), Ids{hamza});  // Hamza on alef.
  EXPECT_EQ(Found("مدرسه", "fa"), Ids{hamza});  // Teh marbuta.
}

TEST_F(SearchTest, HighlightsMarkTheOriginalText) {
  Create(MakeArticle("fa", "كَتَبَ الوزير", "ما می‌خواهیم صلح برقرار شود."));
  SearchPage page = Search("کتب", "fa");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].headline_marked, kOpen + "كَتَبَ" + kClose + " الوزير");

  page = Search("میخواهیم", "fa");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked,
            "ما " + kOpen + "می‌خواهیم" + kClose + " صلح برقرار شود.");
  page = Search("خواهیم", "fa");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_NE(page.hits[0].snippet_marked.find(kOpen + "می‌خواهیم" + kClose),
            std::string::npos);
}

TEST_F(SearchTest, SnippetComesFromTheLeadOrTheBodyWhereTheyMatch) {
  Create(MakeArticle("en", "Rain", "Storm warning issued.",
                     "<p>Officials said the <em>levee</em> would hold.</p>"));
  SearchPage page = Search("levee");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked,
            "Officials said the " + kOpen + "levee" + kClose + " would hold.");
  page = Search("storm");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked, kOpen + "Storm" + kClose + " warning issued.");
  page = Search("rain");  // Headline only: the lead's start.
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked, "Storm warning issued.");
  EXPECT_EQ(page.hits[0].headline_marked, kOpen + "Rain" + kClose);
}

TEST_F(SearchTest, StoredTextCannotForgeHighlights) {
  Create(MakeArticle("en", "Forged " + kOpen + "mark" + kClose, "Lead <script>alert(1)</script>",
                     "<p>&lt;b&gt;" + kOpen + "bold" + kClose + "</p>"));
  SearchPage page = Search("forged");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].headline_marked, kOpen + "Forged" + kClose + " mark");
  EXPECT_EQ(HighlightToHtml(page.hits[0].snippet_marked),
            "Lead &lt;script&gt;alert(1)&lt;/script&gt;");
  page = Search("bold");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked, "<b>" + kOpen + "bold" + kClose);
}

TEST_F(SearchTest, QuerySyntaxIsNeverInterpreted) {
  Create(MakeArticle("en", "Near the border", "Talks and more."));
  for (std::string q : {"\"", "\"near", "near*", "NEAR(border talks)", "-border", "border:talks",
                        "AND", "border OR", "NOT talks", "(", "^near", "{headline}: near",
                        "near + border", "\"\"\"", "***"}) {
    auto page = store_->SearchArticles(SearchQuery{"en", q, 20, 0});
    EXPECT_TRUE(IsOk(page)) << q;
  }
  EXPECT_EQ(Found("\"near border").size(), 1u);
  EXPECT_EQ(Found("NOT talks").size(), 0u);  // "not" is a word here, and absent.
  EXPECT_EQ(Found("border:talks").size(), 1u);
}

TEST_F(SearchTest, TextWithoutWordsFindsNothing) {
  Create(MakeArticle("en", "Anything"));
  for (std::string q : {"", "   ", "*", "\"\"", "..."}) {
    SearchPage page = Search(q);
    EXPECT_TRUE(page.hits.empty()) << q;
    EXPECT_EQ(page.total, 0) << q;
  }
}

TEST_F(SearchTest, TheIndexFollowsEveryWrite) {
  Article a = MakeArticle("en", "Volcano erupts", "Ash cloud.");
  a.tags = {Tag{"iceland", "Iceland"}};
  auto created = store_->CreateArticle(a);
  ASSERT_TRUE(IsOk(created));
  EXPECT_EQ(Found("iceland"), Ids{created->id});  // Tags are searchable.

  Article edited = *created;
  edited.headline = "Geyser erupts";
  edited.tags = {};
  auto updated = store_->UpdateArticle(edited);
  ASSERT_TRUE(IsOk(updated));
  EXPECT_TRUE(Found("volcano").empty());
  EXPECT_TRUE(Found("iceland").empty());
  EXPECT_EQ(Found("geyser"), Ids{created->id});

  Article withdrawn = *updated;
  withdrawn.status = ArticleStatus::kUnpublished;
  auto unpublished = store_->UpdateArticle(withdrawn);
  ASSERT_TRUE(IsOk(unpublished));
  EXPECT_TRUE(Found("geyser").empty());

  Article imported = MakeArticle("en", "Glacier retreats");
  imported.id = 9000;
  Article replaced = *unpublished;
  replaced.headline = "Fjord report";
  replaced.status = ArticleStatus::kPublished;
  ASSERT_TRUE(IsOk(store_->PutArticles({imported, replaced})));
  EXPECT_EQ(Found("glacier"), Ids{9000});
  EXPECT_EQ(Found("fjord"), Ids{created->id});
  EXPECT_TRUE(Found("geyser").empty());
}

TEST_F(SearchTest, AFailedWriteLeavesTheIndexAsItWas) {
  NewsId id = Create(MakeArticle("en", "Original words"));
  auto got = store_->GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  Article stale = *got;
  stale.revision = got->revision + 5;  // Someone else's revision: a conflict.
  stale.headline = "Replacement words";
  EXPECT_FALSE(store_->UpdateArticle(stale).has_value());
  EXPECT_EQ(Found("original"), Ids{id});
  EXPECT_TRUE(Found("replacement").empty());
}

TEST_F(SearchTest, ASiteMigratedFromBeforeSearchIsSearchable) {
  store_.reset();
  fs::path old_path = scratch_ / "old.db";
  {
    auto conn = sqlite::Connection::Open(old_path.string());
    ASSERT_TRUE(IsOk(conn));
    ASSERT_TRUE(IsOk(sqlite::MigrateTo(**conn, 2)));
    ASSERT_TRUE(IsOk((*conn)->Exec(
        "INSERT INTO sections (edition, slug, name) VALUES ('en', 'politics', 'Politics');"
        "INSERT INTO articles (id, edition, section, headline, slug, lead, body, body_html, "
        "status, created_at, updated_at, published_at) VALUES "
        "(7, 'en', 'politics', 'Old harbour story', 'old', 'Lead.', 'md', "
        "'<p>The <em>lighthouse</em> keeper.</p>', 'published', 1, 1, 1),"
        "(8, 'en', 'politics', 'Unrendered', 'un', 'Lead.', 'A *lighthouse* too.', '', "
        "'published', 1, 1, 2);"
        "INSERT INTO article_tags (article_id, slug, name, position) VALUES "
        "(7, 'maritime', 'Maritime', 0);")));
  }
  path_ = old_path.string();
  Open();
  auto version = store_->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, sqlite::LatestSchemaVersion());
  EXPECT_EQ(Found("harbour"), Ids{7});
  EXPECT_EQ(Found("maritime"), Ids{7});
  Ids both = Found("lighthouse");
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (Ids{7, 8}));
  SearchPage page = Search("keeper");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].snippet_marked, "The lighthouse " + kOpen + "keeper" + kClose + ".");
}

}  // namespace
}  // namespace herald

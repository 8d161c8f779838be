// The storage suite: every Store backend must pass it unchanged.
//
// StoreTest (store_testing.h) is value-parameterised by a StoreBackend, which
// knows how to make a fresh, empty database and name it by URL. Today only
// SQLite exists; a PostgreSQL backend joins the suite with one more
// INSTANTIATE_TEST_SUITE_P line at the bottom of this file.
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <ostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/store_testing.h"

namespace herald {
namespace {

namespace fs = std::filesystem;

// Schema -----------------------------------------------------------------

TEST_P(StoreTest, SchemaIsAtTheLatestVersionAfterOpening) {
  auto version = store().SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, GetParam().latest_schema_version);
  EXPECT_GE(*version, 1);
}

TEST_P(StoreTest, ReopeningKeepsTheDataAndDoesNotMigrateAgain) {
  NewsId id = Create(MakeArticle("Kept across restarts"));
  store_.reset();

  auto reopened = OpenStore(url_);
  ASSERT_TRUE(IsOk(reopened));
  store_ = std::move(*reopened);
  auto version = store().SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, GetParam().latest_schema_version);
  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, "Kept across restarts");
  auto sections = store().ListSections("en");
  ASSERT_TRUE(IsOk(sections));
  EXPECT_EQ(sections->size(), 2u);

  // A second store on the same database while the first is open.
  auto second = OpenStore(url_);
  ASSERT_TRUE(IsOk(second));
  auto again = (*second)->SchemaVersion();
  ASSERT_TRUE(IsOk(again));
  EXPECT_EQ(*again, GetParam().latest_schema_version);
}

// Sections ---------------------------------------------------------------

TEST_P(StoreTest, ListSectionsOrdersByPositionThenSlugWithinOneEdition) {
  ASSERT_TRUE(IsOk(store().PutSection(Section{"en", "economy", "Economy", 2})));
  ASSERT_TRUE(IsOk(store().PutSection(Section{"en", "sport", "Sport", 0})));

  auto sections = store().ListSections("en");
  ASSERT_TRUE(IsOk(sections));
  std::vector<std::string> slugs;
  for (const Section& s : *sections) {
    EXPECT_EQ(s.edition, "en");
    slugs.push_back(s.slug);
  }
  EXPECT_EQ(slugs, (std::vector<std::string>{"sport", "politics", "economy", "world"}));

  auto fa = store().ListSections("fa");
  ASSERT_TRUE(IsOk(fa));
  ASSERT_EQ(fa->size(), 1u);
  EXPECT_EQ((*fa)[0].name, "سیاسی");

  auto none = store().ListSections("de");
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreTest, PutSectionRenamesAndReordersAnExistingSection) {
  ASSERT_TRUE(IsOk(store().PutSection(Section{"en", "world", "International", 0})));

  auto sections = store().ListSections("en");
  ASSERT_TRUE(IsOk(sections));
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[0].slug, "world");
  EXPECT_EQ((*sections)[0].name, "International");
  EXPECT_EQ((*sections)[0].position, 0);
  EXPECT_EQ((*sections)[1].slug, "politics");
  EXPECT_EQ((*sections)[1].name, "Politics");
}

// Creating articles ------------------------------------------------------

TEST_P(StoreTest, CreateArticleAssignsIncreasingNewsIds) {
  NewsId first = Create(MakeArticle("First"));
  NewsId second = Create(MakeArticle("Second"));
  NewsId third = Create(MakeArticle("Third"));
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  EXPECT_GT(third, second);
}

TEST_P(StoreTest, CreateArticleReturnsTheArticleAsStored) {
  Article a = MakeArticle("Returned");
  a.tags = {{"iran", "Iran"}};
  auto created = store().CreateArticle(a);
  ASSERT_TRUE(IsOk(created));
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->headline, "Returned");
  EXPECT_EQ(TagSlugs(*created), (std::vector<std::string>{"iran"}));
}

TEST_P(StoreTest, CreateArticleKeepsAnExplicitId) {
  Article a = MakeArticle("Imported");
  a.id = 425881;
  auto created = store().CreateArticle(a);
  ASSERT_TRUE(IsOk(created));
  EXPECT_EQ(created->id, 425881);
  auto got = store().GetArticle(425881);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, "Imported");
}

TEST_P(StoreTest, CreateArticleWithATakenIdIsAConflictAndChangesNothing) {
  Article a = MakeArticle("Original");
  a.id = 1000;
  ASSERT_TRUE(IsOk(store().CreateArticle(a)));

  Article clash = MakeArticle("Impostor");
  clash.id = 1000;
  clash.tags = {{"impostor", "Impostor"}};
  EXPECT_TRUE(FailsWith(store().CreateArticle(clash), ErrorCode::kConflict));

  auto got = store().GetArticle(1000);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, "Original");
  EXPECT_TRUE(got->tags.empty());
  EXPECT_EQ(All().size(), 1u);
}

TEST_P(StoreTest, NextAssignedIdIsAboveAnImportedId) {
  Create(MakeArticle("Before import"));
  Article imported = MakeArticle("Imported");
  imported.id = 900000;
  ASSERT_TRUE(IsOk(store().CreateArticle(imported)));

  NewsId next = Create(MakeArticle("After import"));
  EXPECT_GT(next, 900000);
}

TEST_P(StoreTest, NextAssignedIdStaysAboveAnImportedIdAfterReopening) {
  Article imported = MakeArticle("Imported");
  imported.id = 900000;
  ASSERT_TRUE(IsOk(store().CreateArticle(imported)));
  store_.reset();
  auto reopened = OpenStore(url_);
  ASSERT_TRUE(IsOk(reopened));
  store_ = std::move(*reopened);

  EXPECT_GT(Create(MakeArticle("After restart")), 900000);
}

TEST_P(StoreTest, CreateArticleInAMissingSectionIsInvalidArgument) {
  Article a = MakeArticle("Nowhere");
  a.section = "no-such-section";
  EXPECT_TRUE(FailsWith(store().CreateArticle(a), ErrorCode::kInvalidArgument));

  // A section of the same slug in another edition does not count.
  Article b = MakeArticle("Wrong edition");
  b.edition = "fa";
  b.section = "world";
  EXPECT_TRUE(FailsWith(store().CreateArticle(b), ErrorCode::kInvalidArgument));

  EXPECT_TRUE(All("en").empty());
  EXPECT_TRUE(All("fa").empty());
}

// Reading articles -------------------------------------------------------

TEST_P(StoreTest, GetArticleReturnsEveryFieldAndTheTagsInOrder) {
  Article a = MakeArticle("Every field");
  a.section = "world";
  a.tags = {{"zebra", "Zebra"}, {"apple", "Apple"}, {"mango", "Mango"}};
  a.slug = "every-field";
  a.lead = "Lead text.";
  a.body = "# Body\n\nMarkdown *text*.";
  a.body_html = "<h1>Body</h1>\n<p>Markdown <em>text</em>.</p>\n";
  a.image_url = "https://img.example/1.jpg";
  a.image_caption = "A caption";
  a.byline = "By A. Reporter";
  a.status = ArticleStatus::kUnpublished;
  a.created_at = kT0 - 100;
  a.updated_at = kT0 + 100;
  a.published_at = kT0;
  a.correction = "An earlier version misspelt a name.";
  a.corrected_at = kT0 + 50;
  a.translation_group = 77;
  NewsId id = Create(a);

  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->edition, "en");
  EXPECT_EQ(got->section, "world");
  EXPECT_EQ(TagSlugs(*got), (std::vector<std::string>{"zebra", "apple", "mango"}));
  ASSERT_EQ(got->tags.size(), 3u);
  EXPECT_EQ(got->tags[0].name, "Zebra");
  EXPECT_EQ(got->headline, a.headline);
  EXPECT_EQ(got->slug, a.slug);
  EXPECT_EQ(got->lead, a.lead);
  EXPECT_EQ(got->body, a.body);
  EXPECT_EQ(got->body_html, a.body_html);
  EXPECT_EQ(got->image_url, a.image_url);
  EXPECT_EQ(got->image_caption, a.image_caption);
  EXPECT_EQ(got->byline, a.byline);
  EXPECT_EQ(got->status, ArticleStatus::kUnpublished);
  EXPECT_EQ(got->created_at, a.created_at);
  EXPECT_EQ(got->updated_at, a.updated_at);
  EXPECT_EQ(got->published_at, a.published_at);
  EXPECT_EQ(got->correction, a.correction);
  EXPECT_EQ(got->corrected_at, a.corrected_at);
  EXPECT_EQ(got->translation_group, 77);
}

TEST_P(StoreTest, UnsetTimesAndGroupReadBackAsZero) {
  Article a = MakeArticle("Draft");
  a.status = ArticleStatus::kDraft;
  a.published_at = 0;
  a.corrected_at = 0;
  a.translation_group = 0;
  auto got = store().GetArticle(Create(a));
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->status, ArticleStatus::kDraft);
  EXPECT_EQ(got->published_at, 0);
  EXPECT_EQ(got->corrected_at, 0);
  EXPECT_EQ(got->translation_group, 0);
}

TEST_P(StoreTest, GetArticleOfAnUnknownIdIsNotFound) {
  EXPECT_TRUE(FailsWith(store().GetArticle(424242), ErrorCode::kNotFound));
  Create(MakeArticle("Exists"));
  EXPECT_TRUE(FailsWith(store().GetArticle(424242), ErrorCode::kNotFound));
}

// Updating articles ------------------------------------------------------

TEST_P(StoreTest, UpdateArticleReplacesFieldsAndTags) {
  Article a = MakeArticle("Before");
  a.tags = {{"old-one", "Old one"}, {"old-two", "Old two"}};
  a.correction = "";
  auto created = store().CreateArticle(a);
  ASSERT_TRUE(IsOk(created));

  Article changed = *created;
  changed.headline = "After";
  changed.section = "world";
  changed.lead = "New lead.";
  changed.status = ArticleStatus::kUnpublished;
  changed.tags = {{"new", "New"}};
  changed.correction = "Fixed the headline.";
  changed.corrected_at = kT0 + 10;
  changed.updated_at = kT0 + 10;
  auto updated = store().UpdateArticle(changed);
  ASSERT_TRUE(IsOk(updated));
  EXPECT_EQ(updated->id, created->id);
  EXPECT_EQ(updated->headline, "After");

  auto got = store().GetArticle(created->id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, "After");
  EXPECT_EQ(got->section, "world");
  EXPECT_EQ(got->lead, "New lead.");
  EXPECT_EQ(got->status, ArticleStatus::kUnpublished);
  EXPECT_EQ(TagSlugs(*got), (std::vector<std::string>{"new"}));
  EXPECT_EQ(got->correction, "Fixed the headline.");
  EXPECT_EQ(got->corrected_at, kT0 + 10);
  EXPECT_EQ(got->updated_at, kT0 + 10);

  // Clearing the tags clears them.
  Article cleared = *updated;
  cleared.tags.clear();
  ASSERT_TRUE(IsOk(store().UpdateArticle(cleared)));
  got = store().GetArticle(created->id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_TRUE(got->tags.empty());
}

TEST_P(StoreTest, UpdateFromAStaleReadIsAConflictAndChangesNothing) {
  NewsId id = Create(MakeArticle("Shared"));
  auto first = store().GetArticle(id);
  auto second = store().GetArticle(id);
  ASSERT_TRUE(IsOk(first) && IsOk(second));
  first->status = ArticleStatus::kUnpublished;
  auto withdrawn = store().UpdateArticle(*first);
  ASSERT_TRUE(IsOk(withdrawn));
  EXPECT_EQ(withdrawn->revision, first->revision + 1);
  // The second editor read before the withdrawal; their save must not
  // quietly republish the story.
  second->headline = "Edited";
  EXPECT_TRUE(FailsWith(store().UpdateArticle(*second), ErrorCode::kConflict));
  auto now = store().GetArticle(id);
  ASSERT_TRUE(IsOk(now));
  EXPECT_EQ(now->status, ArticleStatus::kUnpublished);
  EXPECT_EQ(now->headline, "Shared");
  EXPECT_EQ(now->revision, withdrawn->revision);
}

TEST_P(StoreTest, UpdateArticleOfAnUnknownIdIsNotFoundAndCreatesNothing) {
  Article ghost = MakeArticle("Ghost");
  ghost.id = 31337;
  ghost.tags = {{"ghost", "Ghost"}};
  EXPECT_TRUE(FailsWith(store().UpdateArticle(ghost), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().GetArticle(31337), ErrorCode::kNotFound));
  EXPECT_TRUE(All().empty());
}

TEST_P(StoreTest, UpdateArticleIntoAMissingSectionIsInvalidArgument) {
  NewsId id = Create(MakeArticle("Stays put"));
  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  Article moved = *got;
  moved.section = "no-such-section";
  EXPECT_TRUE(FailsWith(store().UpdateArticle(moved), ErrorCode::kInvalidArgument));
  auto after = store().GetArticle(id);
  ASSERT_TRUE(IsOk(after));
  EXPECT_EQ(after->section, "politics");
}

// Batches ----------------------------------------------------------------

TEST_P(StoreTest, PutArticlesCreatesNewAndReplacesExistingArticles) {
  NewsId existing = Create(MakeArticle("Existing"));
  Article replaced = MakeArticle("Replaced");
  replaced.id = existing;
  Article fresh = MakeArticle("Fresh");
  Article imported = MakeArticle("Imported");
  imported.id = 500000;
  imported.tags = {{"imported", "Imported"}};

  auto stored = store().PutArticles({replaced, fresh, imported});
  ASSERT_TRUE(IsOk(stored));
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_EQ((*stored)[0].id, existing);
  EXPECT_GT((*stored)[1].id, 0);
  EXPECT_NE((*stored)[1].id, existing);
  EXPECT_EQ((*stored)[2].id, 500000);

  auto got = store().GetArticle(existing);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, "Replaced");
  auto imp = store().GetArticle(500000);
  ASSERT_TRUE(IsOk(imp));
  EXPECT_EQ(TagSlugs(*imp), (std::vector<std::string>{"imported"}));
  EXPECT_EQ(All().size(), 3u);
}

TEST_P(StoreTest, PutArticlesWritesNothingWhenTheLastArticleIsBad) {
  NewsId existing = Create(MakeArticle("Untouched"));
  Article replaced = MakeArticle("Would replace");
  replaced.id = existing;
  Article fresh = MakeArticle("Would be new");
  fresh.tags = {{"new", "New"}};
  Article imported = MakeArticle("Would be imported");
  imported.id = 600000;
  Article bad = MakeArticle("Bad section");
  bad.section = "no-such-section";

  EXPECT_TRUE(FailsWith(store().PutArticles({replaced, fresh, imported, bad}),
                        ErrorCode::kInvalidArgument));

  std::vector<Article> all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, existing);
  EXPECT_EQ(all[0].headline, "Untouched");
  EXPECT_TRUE(FailsWith(store().GetArticle(600000), ErrorCode::kNotFound));

  // The store is still usable after the rollback.
  EXPECT_GT(Create(MakeArticle("Afterwards")), existing);
}

// Listing ----------------------------------------------------------------

TEST_P(StoreTest, ListArticlesIsNewestFirstByPublishedAtThenId) {
  NewsId old_story = Create(MakeArticle("Old", kT0 - kDay));
  NewsId tie_a = Create(MakeArticle("Tie A", kT0));
  NewsId newest = Create(MakeArticle("Newest", kT0 + kDay));
  NewsId tie_b = Create(MakeArticle("Tie B", kT0));
  // An explicit low id published late still sorts by its time.
  Article late = MakeArticle("Late import", kT0 + 2 * kDay);
  late.id = 5;
  NewsId late_id = Create(late);

  EXPECT_EQ(Ids(All()), (std::vector<NewsId>{late_id, newest, tie_b, tie_a, old_story}));
}

TEST_P(StoreTest, ListArticlesPutsArticlesWithoutADatelineLast) {
  Article draft = MakeArticle("Undated draft");
  draft.status = ArticleStatus::kDraft;
  draft.published_at = 0;
  NewsId undated = Create(draft);
  NewsId dated = Create(MakeArticle("Dated", kT0));

  EXPECT_EQ(Ids(All()), (std::vector<NewsId>{dated, undated}));
}

TEST_P(StoreTest, ListArticlesFiltersByEditionSectionTagStatusAndExclusion) {
  Article p1 = MakeArticle("Politics one", kT0 + 1);
  p1.tags = {{"iran", "Iran"}, {"oil", "Oil"}};
  NewsId politics1 = Create(p1);
  Article w1 = MakeArticle("World one", kT0 + 2);
  w1.section = "world";
  w1.tags = {{"oil", "Oil"}};
  NewsId world1 = Create(w1);
  Article d1 = MakeArticle("Draft politics", kT0 + 3);
  d1.status = ArticleStatus::kDraft;
  d1.tags = {{"iran", "Iran"}};
  NewsId draft1 = Create(d1);
  Article fa = MakeArticle("خبر فارسی", kT0 + 4);
  fa.edition = "fa";
  fa.tags = {{"iran", "ایران"}};
  NewsId persian = Create(fa);

  auto list = [this](ArticleQuery q) {
    auto page = store().ListArticles(q);
    EXPECT_TRUE(IsOk(page));
    return page ? Ids(page->items) : std::vector<NewsId>{};
  };

  ArticleQuery q;
  q.edition = "en";
  EXPECT_EQ(list(q), (std::vector<NewsId>{draft1, world1, politics1}));

  ArticleQuery by_section = q;
  by_section.section = "politics";
  EXPECT_EQ(list(by_section), (std::vector<NewsId>{draft1, politics1}));

  ArticleQuery by_tag = q;
  by_tag.tag = "oil";
  EXPECT_EQ(list(by_tag), (std::vector<NewsId>{world1, politics1}));

  ArticleQuery by_status = q;
  by_status.status = ArticleStatus::kPublished;
  EXPECT_EQ(list(by_status), (std::vector<NewsId>{world1, politics1}));

  ArticleQuery drafts = q;
  drafts.status = ArticleStatus::kDraft;
  EXPECT_EQ(list(drafts), (std::vector<NewsId>{draft1}));

  ArticleQuery excluding = q;
  excluding.exclude = world1;
  EXPECT_EQ(list(excluding), (std::vector<NewsId>{draft1, politics1}));

  ArticleQuery combined = q;
  combined.section = "politics";
  combined.tag = "iran";
  combined.status = ArticleStatus::kPublished;
  EXPECT_EQ(list(combined), (std::vector<NewsId>{politics1}));

  ArticleQuery persian_tag;
  persian_tag.edition = "fa";
  persian_tag.tag = "iran";
  EXPECT_EQ(list(persian_tag), (std::vector<NewsId>{persian}));

  ArticleQuery unknown_tag = q;
  unknown_tag.tag = "no-such-tag";
  EXPECT_TRUE(list(unknown_tag).empty());
}

TEST_P(StoreTest, ListArticlesLoadsTagsOnlyWhenAsked) {
  Article a = MakeArticle("Tagged");
  a.tags = {{"b", "B"}, {"a", "A"}};
  Create(a);

  ArticleQuery q;
  q.edition = "en";
  q.with_tags = true;
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(TagSlugs(page->items[0]), (std::vector<std::string>{"b", "a"}));

  // Filtering by one tag still loads all of the article's tags.
  q.tag = "a";
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(TagSlugs(page->items[0]), (std::vector<std::string>{"b", "a"}));
}

TEST_P(StoreTest, ListArticlesPagesWithLimitAndOffset) {
  std::vector<NewsId> newest_first;
  for (int i = 0; i < 7; ++i) {
    newest_first.insert(newest_first.begin(), Create(MakeArticle("Story", kT0 + i)));
  }

  ArticleQuery q;
  q.edition = "en";
  q.limit = 3;
  std::vector<NewsId> seen;
  std::vector<bool> more;
  for (int offset = 0; offset < 9; offset += 3) {
    q.offset = offset;
    auto page = store().ListArticles(q);
    ASSERT_TRUE(IsOk(page));
    for (const Article& a : page->items) seen.push_back(a.id);
    more.push_back(page->has_more);
  }
  EXPECT_EQ(seen, newest_first);
  EXPECT_EQ(more, (std::vector<bool>{true, true, false}));

  // A page that ends exactly at the last article has nothing more.
  q.offset = 4;
  auto exact = store().ListArticles(q);
  ASSERT_TRUE(IsOk(exact));
  EXPECT_EQ(exact->items.size(), 3u);
  EXPECT_FALSE(exact->has_more);

  // Past the end: empty, nothing more.
  q.offset = 30;
  auto past = store().ListArticles(q);
  ASSERT_TRUE(IsOk(past));
  EXPECT_TRUE(past->items.empty());
  EXPECT_FALSE(past->has_more);
}

TEST_P(StoreTest, ListTranslationsReturnsTheWholeGroupInAnyStatus) {
  Article en = MakeArticle("Original");
  en.id = 100;
  en.translation_group = 100;
  Create(en);
  Article fa = MakeArticle("ترجمه");
  fa.edition = "fa";
  fa.translation_group = 100;
  fa.status = ArticleStatus::kDraft;
  NewsId fa_id = Create(fa);
  Article unrelated = MakeArticle("Unrelated");
  Create(unrelated);
  Article other_group = MakeArticle("Other group");
  other_group.translation_group = 999;
  Create(other_group);

  auto group = store().ListTranslations(100);
  ASSERT_TRUE(IsOk(group));
  std::vector<NewsId> ids = Ids(*group);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<NewsId>{100, fa_id}));

  // A founder that never had its own group set is still part of it.
  Article founder = MakeArticle("Founder");
  founder.id = 200;
  Create(founder);
  Article version = MakeArticle("نسخه");
  version.edition = "fa";
  version.translation_group = 200;
  NewsId version_id = Create(version);
  auto founded = store().ListTranslations(200);
  ASSERT_TRUE(IsOk(founded));
  EXPECT_EQ(Ids(*founded), (std::vector<NewsId>{200, version_id}));

  auto empty = store().ListTranslations(123456);
  ASSERT_TRUE(IsOk(empty));
  EXPECT_TRUE(empty->empty());
}

// Syndication listings (feeds, sitemaps, the ninjs change list) ----------

TEST_P(StoreTest, ListArticlesAcrossEditionsWithinAPublishedRange) {
  NewsId before = Create(MakeArticle("Before", kT0 - 1));
  NewsId first = Create(MakeArticle("First", kT0));
  Article fa = MakeArticle("فارسی", kT0 + 10);
  fa.edition = "fa";
  NewsId persian = Create(fa);
  Article draft = MakeArticle("Draft", kT0 + 20);
  draft.status = ArticleStatus::kDraft;
  Create(draft);
  NewsId at_end = Create(MakeArticle("At the end", kT0 + kDay));

  ArticleQuery q;  // No edition: every edition.
  q.status = ArticleStatus::kPublished;
  q.published_from = kT0;
  q.published_before = kT0 + kDay;
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(Ids(page->items), (std::vector<NewsId>{persian, first}));

  q.published_from.reset();
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(Ids(page->items), (std::vector<NewsId>{persian, first, before}));

  q.published_before.reset();
  q.published_from = kT0 + 11;
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(Ids(page->items), (std::vector<NewsId>{at_end}));
}

TEST_P(StoreTest, ListArticlesTakesSeveralStatusesAndPagesBeyondAHundred) {
  Article gone = MakeArticle("Withdrawn", kT0 + 1);
  gone.status = ArticleStatus::kUnpublished;
  NewsId withdrawn = Create(gone);
  Article draft = MakeArticle("Draft", kT0 + 2);
  draft.status = ArticleStatus::kDraft;
  Create(draft);
  NewsId live = Create(MakeArticle("Live", kT0));

  ArticleQuery q;
  q.edition = "en";
  q.statuses = {ArticleStatus::kPublished, ArticleStatus::kUnpublished};
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(Ids(page->items), (std::vector<NewsId>{withdrawn, live}));

  // Feeds take up to 500 items and sitemaps up to 50,000 in one page.
  for (int i = 0; i < 120; ++i) Create(MakeArticle("Many", kT0 - 10 - i));
  q.statuses.clear();
  q.status = ArticleStatus::kPublished;
  q.limit = 500;
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(page->items.size(), 121u);
  EXPECT_FALSE(page->has_more);
}

TEST_P(StoreTest, ListArticlesLoadsTheTagsOfEveryArticleOnThePage) {
  Article a = MakeArticle("A", kT0);
  a.tags = {{"z", "Z"}, {"y", "Y"}};
  NewsId a_id = Create(a);
  NewsId bare = Create(MakeArticle("No tags", kT0 + 1));
  Article b = MakeArticle("B", kT0 + 2);
  b.tags = {{"y", "Y"}};
  NewsId b_id = Create(b);

  ArticleQuery q;
  q.edition = "en";
  q.with_tags = true;
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(Ids(page->items), (std::vector<NewsId>{b_id, bare, a_id}));
  EXPECT_EQ(TagSlugs(page->items[0]), (std::vector<std::string>{"y"}));
  EXPECT_TRUE(page->items[1].tags.empty());
  EXPECT_EQ(TagSlugs(page->items[2]), (std::vector<std::string>{"z", "y"}));
}

TEST_P(StoreTest, ListArticlesReadsOnlyTheFieldsAsked) {
  Article a = MakeArticle("Headline");
  a.body_html = "<p>The body.</p>";
  a.image_url = "/static/x.png";
  a.byline = "A. Writer";
  a.correction = "Fixed a name.";
  a.corrected_at = kT0 + 5;
  a.translation_group = 0;
  Create(a);

  ArticleQuery q;
  q.edition = "en";
  q.fields = ArticleFields::kNoBody;
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].body, "");
  EXPECT_EQ(page->items[0].body_html, "");
  EXPECT_EQ(page->items[0].lead, "The lead.");
  EXPECT_EQ(page->items[0].byline, "A. Writer");

  q.fields = ArticleFields::kLinkOnly;
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(page->items.size(), 1u);
  const Article& link = page->items[0];
  EXPECT_EQ(link.headline, "Headline");
  EXPECT_EQ(link.slug, "story");
  EXPECT_EQ(link.edition, "en");
  EXPECT_EQ(link.lead, "");
  EXPECT_EQ(link.byline, "");
  EXPECT_EQ(link.correction, "");
  EXPECT_EQ(link.published_at, kT0);
  EXPECT_EQ(link.corrected_at, kT0 + 5);
}

TEST_P(StoreTest, ListArticlesOfStoriesFindsFoundersAndTranslations) {
  NewsId founder = Create(MakeArticle("Founder", kT0));
  Article translation = MakeArticle("ترجمه", kT0 + 1);
  translation.edition = "fa";
  translation.translation_group = founder;
  NewsId translated = Create(translation);
  NewsId alone = Create(MakeArticle("Alone", kT0 + 2));
  Create(MakeArticle("Not asked for", kT0 + 3));

  ArticleQuery q;
  q.status = ArticleStatus::kPublished;
  q.fields = ArticleFields::kLinkOnly;
  q.stories = std::vector<NewsId>{founder, alone};
  auto page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(Ids(page->items), (std::vector<NewsId>{alone, translated, founder}));

  q.stories = std::vector<NewsId>{};
  page = store().ListArticles(q);
  ASSERT_TRUE(IsOk(page));
  EXPECT_TRUE(page->items.empty());
}

TEST_P(StoreTest, ChangeOrderPagesThroughEveryChangeOnceWithACursor) {
  // Changes at kT0+10 (two of them), kT0+20 (by correction) and kT0+30 (a
  // later publication), and one too recent to list yet.
  Article a = MakeArticle("A", kT0);
  a.updated_at = kT0 + 10;
  NewsId a_id = Create(a);
  Article b = MakeArticle("B", kT0);
  b.updated_at = kT0 + 10;
  NewsId b_id = Create(b);
  Article c = MakeArticle("C", kT0);
  c.updated_at = kT0 + 1;
  c.corrected_at = kT0 + 20;
  NewsId c_id = Create(c);
  Article d = MakeArticle("D", kT0 + 30);
  d.updated_at = kT0 + 5;
  NewsId d_id = Create(d);
  Article e = MakeArticle("E", kT0);
  e.updated_at = kT0 + 100;
  Create(e);

  ArticleQuery q;
  q.order = ArticleOrder::kOldestChangeFirst;
  q.changed_until = kT0 + 99;
  q.limit = 2;
  q.changed_after = ChangeCursor{kT0 + 10, 0};  // Changes since kT0+10.
  std::vector<NewsId> seen;
  std::vector<bool> more;
  for (int i = 0; i < 3; ++i) {
    auto page = store().ListArticles(q);
    ASSERT_TRUE(IsOk(page));
    for (const Article& x : page->items) seen.push_back(x.id);
    more.push_back(page->has_more);
    if (page->items.empty()) break;
    q.changed_after = ChangeCursor{ChangedAt(page->items.back()), page->items.back().id};
  }
  EXPECT_EQ(seen, (std::vector<NewsId>{a_id, b_id, c_id, d_id}));
  EXPECT_EQ(more, (std::vector<bool>{true, false, false}));

  // Changing an article moves it after the cursor: it is listed again.
  Article changed = *store().GetArticle(a_id);
  changed.updated_at = kT0 + 40;
  ASSERT_TRUE(IsOk(store().UpdateArticle(changed)));
  auto again = store().ListArticles(q);
  ASSERT_TRUE(IsOk(again));
  EXPECT_EQ(Ids(again->items), (std::vector<NewsId>{a_id}));
}

TEST_P(StoreTest, ListPublishedMonthsCountsEachMonthWithItsLastChange) {
  constexpr UnixTime kDec1 = 1480550400;  // 2016-12-01T00:00:00Z.
  constexpr UnixTime kJan1 = 1483228800;  // 2017-01-01T00:00:00Z.
  Create(MakeArticle("Last second of November", kDec1 - 1));
  Article dec = MakeArticle("December", kDec1);
  dec.corrected_at = kJan1 + 500;  // Corrected in January; still December's.
  Create(dec);
  Create(MakeArticle("Late December", kJan1 - 1));
  Article fa = MakeArticle("ژانویه", kJan1);
  fa.edition = "fa";
  Create(fa);
  Article draft = MakeArticle("Draft in February", kJan1 + 40 * kDay);
  draft.status = ArticleStatus::kDraft;
  Create(draft);

  auto months = store().ListPublishedMonths();
  ASSERT_TRUE(IsOk(months));
  ASSERT_EQ(months->size(), 3u);
  EXPECT_EQ((*months)[0].year, 2016);
  EXPECT_EQ((*months)[0].month, 11);
  EXPECT_EQ((*months)[0].count, 1);
  EXPECT_EQ((*months)[0].last_changed, kDec1 - 1);
  EXPECT_EQ((*months)[1].year, 2016);
  EXPECT_EQ((*months)[1].month, 12);
  EXPECT_EQ((*months)[1].count, 2);
  EXPECT_EQ((*months)[1].last_changed, kJan1 + 500);
  EXPECT_EQ((*months)[2].year, 2017);
  EXPECT_EQ((*months)[2].month, 1);
  EXPECT_EQ((*months)[2].count, 1);
}

// Scheduling -------------------------------------------------------------

TEST_P(StoreTest, PublishDuePublishesOnlyDueScheduledArticles) {
  Article due = MakeArticle("Due", kT0 - 10);
  due.status = ArticleStatus::kScheduled;
  NewsId due_id = Create(due);
  Article exactly = MakeArticle("Exactly now", kT0);
  exactly.status = ArticleStatus::kScheduled;
  NewsId exactly_id = Create(exactly);
  Article later = MakeArticle("Later", kT0 + 10);
  later.status = ArticleStatus::kScheduled;
  NewsId later_id = Create(later);
  Article draft = MakeArticle("Draft with a past date", kT0 - 100);
  draft.status = ArticleStatus::kDraft;
  NewsId draft_id = Create(draft);
  Article withdrawn = MakeArticle("Withdrawn", kT0 - 100);
  withdrawn.status = ArticleStatus::kUnpublished;
  NewsId withdrawn_id = Create(withdrawn);

  auto published = store().PublishDue(kT0);
  ASSERT_TRUE(IsOk(published));
  std::vector<NewsId> ids = *published;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<NewsId>{due_id, exactly_id}));

  auto status_of = [this](NewsId id) {
    auto a = store().GetArticle(id);
    EXPECT_TRUE(IsOk(a));
    return a ? a->status : ArticleStatus::kDraft;
  };
  EXPECT_EQ(status_of(due_id), ArticleStatus::kPublished);
  EXPECT_EQ(status_of(exactly_id), ArticleStatus::kPublished);
  EXPECT_EQ(status_of(later_id), ArticleStatus::kScheduled);
  EXPECT_EQ(status_of(draft_id), ArticleStatus::kDraft);
  EXPECT_EQ(status_of(withdrawn_id), ArticleStatus::kUnpublished);
  auto due_after = store().GetArticle(due_id);
  ASSERT_TRUE(IsOk(due_after));
  EXPECT_EQ(due_after->published_at, kT0 - 10);  // The planned dateline is kept.

  // Nothing is published twice.
  auto again = store().PublishDue(kT0);
  ASSERT_TRUE(IsOk(again));
  EXPECT_TRUE(again->empty());

  auto later_run = store().PublishDue(kT0 + 10);
  ASSERT_TRUE(IsOk(later_run));
  EXPECT_EQ(*later_run, (std::vector<NewsId>{later_id}));
}

// API tokens -------------------------------------------------------------

TEST_P(StoreTest, ApiTokensAreFoundByTheirHash) {
  // Hashes are raw bytes: embedded NULs and high bytes must survive.
  std::string hash("\x00\x01\xfe\xff' OR '1'='1", 15);
  auto created = store().CreateApiToken(ApiToken{0, "newsroom", hash, kT0});
  ASSERT_TRUE(IsOk(created));
  EXPECT_GT(created->id, 0);
  auto other = store().CreateApiToken(ApiToken{0, "desk", std::string(32, 'x'), kT0 + 1});
  ASSERT_TRUE(IsOk(other));
  EXPECT_NE(other->id, created->id);

  auto found = store().FindApiToken(hash);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->name, "newsroom");
  EXPECT_EQ(found->token_hash, hash);
  EXPECT_EQ(found->created_at, kT0);
}

TEST_P(StoreTest, FindApiTokenOfAnUnknownHashIsNotFound) {
  ASSERT_TRUE(IsOk(store().CreateApiToken(ApiToken{0, "newsroom", std::string(32, 'a'), kT0})));
  EXPECT_TRUE(FailsWith(store().FindApiToken(std::string(32, 'b')), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().FindApiToken(""), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().FindApiToken("' OR '1'='1"), ErrorCode::kNotFound));
  // A prefix of a stored hash is not that hash.
  EXPECT_TRUE(FailsWith(store().FindApiToken(std::string(31, 'a')), ErrorCode::kNotFound));
}

// Values -----------------------------------------------------------------

TEST_P(StoreTest, QuotesSqlMetacharactersAndPersianRoundTripExactly) {
  const std::string kInjection = "'; DROP TABLE articles; --";
  ASSERT_TRUE(IsOk(store().PutSection(
      Section{"fa", "world", "جهان \"بین‌الملل\" 'O''Reilly'", 3})));

  Article a = MakeArticle(kInjection);
  a.edition = "fa";
  a.section = "world";
  a.slug = "robert'); DROP TABLE students;--";
  a.lead = "He said \"no\" and 'yes' \\ back\\slash % _ ? ?1 :name @x $1";
  a.body =
      "پیش‌نویس قانون بودجه ۱۴۰۲ — «نقل قول» و \"quotes\"\n\n`SELECT * FROM t;` ٪۱۰";
  a.byline = "خبرنگار: علی‌رضا";
  a.image_caption = "<script>alert('x')</script>";
  a.correction = "' OR 1=1 --";
  a.tags = {{"iran-s-oil", "Iran's \"oil\""}, {"budget", "بودجه"}};
  NewsId id = Create(a);
  ASSERT_GT(id, 0);

  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->headline, kInjection);
  EXPECT_EQ(got->slug, a.slug);
  EXPECT_EQ(got->lead, a.lead);
  EXPECT_EQ(got->body, a.body);
  EXPECT_EQ(got->body.size(), a.body.size());
  EXPECT_EQ(got->byline, a.byline);
  EXPECT_EQ(got->image_caption, a.image_caption);
  EXPECT_EQ(got->correction, a.correction);
  ASSERT_EQ(got->tags.size(), 2u);
  EXPECT_EQ(got->tags[0].name, "Iran's \"oil\"");
  EXPECT_EQ(got->tags[1].name, "بودجه");

  auto sections = store().ListSections("fa");
  ASSERT_TRUE(IsOk(sections));
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[1].name, "جهان \"بین‌الملل\" 'O''Reilly'");

  // Metacharacters in query values are values, not SQL.
  ArticleQuery q;
  q.edition = "fa' OR '1'='1";
  auto none = store().ListArticles(q);
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->items.empty());
  q.edition = "fa";
  q.tag = "' OR 1=1 --";
  none = store().ListArticles(q);
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->items.empty());

  // And the table the headline names is still there.
  Create(MakeArticle("Still here"));
  EXPECT_EQ(All("en").size(), 1u);
  EXPECT_EQ(All("fa").size(), 1u);
}

// Concurrency ------------------------------------------------------------

TEST_P(StoreTest, ConcurrentReadersSeeConsistentDataWhileOneThreadWrites) {
  constexpr int kInitial = 5;
  constexpr int kWrites = 40;
  constexpr int kReaders = 4;
  NewsId pinned = 0;
  for (int i = 0; i < kInitial; ++i) {
    Article a = MakeArticle("Initial", kT0 + i);
    a.tags = {{"t", "T"}};
    pinned = Create(a);
  }

  std::atomic<bool> writer_done{false};
  std::atomic<int> errors{0};
  std::atomic<int> inconsistencies{0};
  std::atomic<int> reads{0};

  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      Article a = MakeArticle("Written " + std::to_string(i), kT0 + kInitial + i);
      a.tags = {{"t", "T"}};
      if (!store().CreateArticle(a)) errors++;
    }
    writer_done = true;
  });

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      size_t last_count = 0;
      // Keep reading until the writer is done, and at least a few times.
      for (int round = 0; round < 5 || !writer_done; ++round) {
        ArticleQuery q;
        q.edition = "en";
        q.limit = 100;
        q.with_tags = true;
        auto page = store().ListArticles(q);
        if (!page) {
          errors++;
          continue;
        }
        size_t count = page->items.size();
        // Counts only grow and stay within what was written.
        if (count < last_count || count < static_cast<size_t>(kInitial) ||
            count > static_cast<size_t>(kInitial + kWrites)) {
          inconsistencies++;
        }
        last_count = count;
        // Newest first, each with its tag, and ids distinct.
        std::set<NewsId> distinct;
        for (size_t i = 0; i < page->items.size(); ++i) {
          const Article& a = page->items[i];
          distinct.insert(a.id);
          if (a.tags.size() != 1) inconsistencies++;
          if (i > 0 && a.published_at > page->items[i - 1].published_at) inconsistencies++;
        }
        if (distinct.size() != count) inconsistencies++;
        auto one = store().GetArticle(pinned);
        if (!one || one->headline != "Initial") errors++;
        reads++;
      }
    });
  }
  writer.join();
  for (std::thread& t : readers) t.join();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(inconsistencies.load(), 0);
  EXPECT_GE(reads.load(), 5 * kReaders);
  EXPECT_EQ(All().size(), static_cast<size_t>(kInitial + kWrites));
}

// Comments -----------------------------------------------------------------

TEST_P(StoreTest, CommentRoundTripsWithFindingsScoresAndHistory) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  CommentDraft d = MakeDraft(a->id, "key-1", "Thief! says O'Brien; DROP TABLE comments;--",
                             CommentStatus::kPending);
  d.comment.language = "en";
  d.comment.scores.abuse = 0.75f;
  d.comment.scores.insult = 0.5f;
  d.comment.findings.push_back(
      Finding{Reason::kLibelRisk, CommentStatus::kPending, "O'Brien: thief", {{0, 5}, {12, 19}}});
  auto created = store().CreateComment(d);
  ASSERT_TRUE(IsOk(created));
  EXPECT_GT(created->id, 0);

  auto got = store().GetComment(created->id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->body, d.comment.body);
  EXPECT_EQ(got->status, CommentStatus::kPending);
  EXPECT_EQ(got->language, "en");
  EXPECT_FLOAT_EQ(got->scores.abuse, 0.75f);
  EXPECT_EQ(got->ip_hash, d.comment.ip_hash);
  ASSERT_EQ(got->findings.size(), 1U);
  EXPECT_EQ(got->findings[0].reason, Reason::kLibelRisk);
  EXPECT_EQ(got->findings[0].detail, "O'Brien: thief");
  EXPECT_EQ(got->findings[0].spans, (std::vector<Span>{{0, 5}, {12, 19}}));

  auto history = store().CommentHistory(created->id);
  ASSERT_TRUE(IsOk(history));
  ASSERT_EQ(history->size(), 1U);
  EXPECT_EQ((*history)[0].status, CommentStatus::kPending);
  EXPECT_EQ((*history)[0].reason, "libel_risk");
}

TEST_P(StoreTest, CommentOnAMissingArticleIsNotFound) {
  EXPECT_TRUE(
      FailsWith(store().CreateComment(MakeDraft(424242, "k", "Hello")), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().GetComment(999), ErrorCode::kNotFound));
}

TEST_P(StoreTest, RepliesGoOneLevelDeepOnTheSameArticle) {
  auto a = store().CreateArticle(MakeArticle("One"));
  auto b = store().CreateArticle(MakeArticle("Two"));
  ASSERT_TRUE(IsOk(a) && IsOk(b));
  auto top = store().CreateComment(MakeDraft(a->id, "k", "Top"));
  ASSERT_TRUE(IsOk(top));
  CommentDraft reply = MakeDraft(a->id, "k2", "Reply");
  reply.comment.parent_id = top->id;
  auto r = store().CreateComment(reply);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r->parent_id, top->id);

  CommentDraft nested = MakeDraft(a->id, "k3", "Nested");
  nested.comment.parent_id = r->id;
  EXPECT_TRUE(FailsWith(store().CreateComment(nested), ErrorCode::kInvalidArgument));
  CommentDraft elsewhere = MakeDraft(b->id, "k3", "Elsewhere");
  elsewhere.comment.parent_id = top->id;
  EXPECT_TRUE(FailsWith(store().CreateComment(elsewhere), ErrorCode::kInvalidArgument));
}

TEST_P(StoreTest, CommenterRecordCountsDecisionsAndRecentBodies) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  EXPECT_TRUE(FailsWith(store().FindCommenter("key", 0), ErrorCode::kNotFound));
  auto c1 = store().CreateComment(MakeDraft(a->id, "key", "First", CommentStatus::kPublished));
  auto c2 = store().CreateComment(MakeDraft(a->id, "key", "Second", CommentStatus::kPending));
  ASSERT_TRUE(IsOk(c1) && IsOk(c2));
  EXPECT_EQ(c1->commenter_id, c2->commenter_id);

  auto rec = store().FindCommenter("key", 0);
  ASSERT_TRUE(IsOk(rec));
  EXPECT_EQ(rec->approved, 1);
  EXPECT_EQ(rec->rejected, 0);
  EXPECT_EQ(rec->recent_body_hashes.size(), 2U);
  auto none_recent = store().FindCommenter("key", kT0 + 101);
  ASSERT_TRUE(IsOk(none_recent));
  EXPECT_TRUE(none_recent->recent_body_hashes.empty());

  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{c2->id, CommentStatus::kRejected, "mod", "abuse", "Rude", kT0 + 200})));
  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{c1->id, CommentStatus::kRejected, "mod", "spam", "", kT0 + 201})));
  rec = store().FindCommenter("key", 0);
  ASSERT_TRUE(IsOk(rec));
  EXPECT_EQ(rec->approved, 0);
  EXPECT_EQ(rec->rejected, 2);
}

TEST_P(StoreTest, DecisionsAreHistoryAndLabels) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  auto c = store().CreateComment(MakeDraft(a->id, "k", "You fool", CommentStatus::kPending));
  ASSERT_TRUE(IsOk(c));
  auto decided = store().DecideComment(
      CommentDecision{c->id, CommentStatus::kRejected, "mod@example.org", "abuse", "", kT0 + 300});
  ASSERT_TRUE(IsOk(decided));
  EXPECT_EQ(decided->status, CommentStatus::kRejected);
  EXPECT_EQ(store().GetComment(c->id)->status, CommentStatus::kRejected);

  auto history = store().CommentHistory(c->id);
  ASSERT_TRUE(IsOk(history));
  ASSERT_EQ(history->size(), 2U);
  EXPECT_EQ((*history)[1].actor, "mod@example.org");
  EXPECT_EQ((*history)[1].status, CommentStatus::kRejected);

  auto labels = store().ListModerationLabels();
  ASSERT_TRUE(IsOk(labels));
  ASSERT_EQ(labels->size(), 1U);
  EXPECT_EQ((*labels)[0].text, "You fool");
  EXPECT_EQ((*labels)[0].edition, "en");
  EXPECT_TRUE((*labels)[0].abusive);
  EXPECT_EQ((*labels)[0].reason, "abuse");

  // A moderator changing their mind replaces the label.
  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{c->id, CommentStatus::kPublished, "mod2", "", "", kT0 + 400})));
  labels = store().ListModerationLabels();
  ASSERT_EQ(labels->size(), 1U);
  EXPECT_FALSE((*labels)[0].abusive);
  EXPECT_TRUE(FailsWith(store().DecideComment(CommentDecision{777, CommentStatus::kPublished}),
                        ErrorCode::kNotFound));
}

TEST_P(StoreTest, ListsAndCountsPublishedCommentsPerArticle) {
  auto a = store().CreateArticle(MakeArticle("One"));
  auto b = store().CreateArticle(MakeArticle("Two"));
  ASSERT_TRUE(IsOk(a) && IsOk(b));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(IsOk(store().CreateComment(MakeDraft(a->id, "k", "Yes " + std::to_string(i)))));
  }
  ASSERT_TRUE(IsOk(store().CreateComment(MakeDraft(a->id, "k", "Held", CommentStatus::kPending))));
  auto list = store().ListComments(CommentQuery{a->id, CommentStatus::kPublished});
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3U);
  EXPECT_EQ((*list)[0].body, "Yes 0");  // Oldest first.
  CommentQuery newest{a->id, CommentStatus::kPublished, 2, 0, true};
  auto latest = store().ListComments(newest);
  ASSERT_TRUE(IsOk(latest));
  ASSERT_EQ(latest->size(), 2U);
  EXPECT_EQ((*latest)[0].body, "Yes 2");
  auto counts = store().CountPublishedComments({a->id, b->id});
  ASSERT_TRUE(IsOk(counts));
  EXPECT_EQ(*counts, (std::vector<std::pair<NewsId, int>>{{a->id, 3}}));
}

TEST_P(StoreTest, EachReaderReportsACommentOnce) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  auto c = store().CreateComment(MakeDraft(a->id, "k", "Hmm"));
  ASSERT_TRUE(IsOk(c));
  EXPECT_EQ(store().ReportComment(c->id, "reader-1", kT0).value_or(-1), 1);
  EXPECT_TRUE(FailsWith(store().ReportComment(c->id, "reader-1", kT0), ErrorCode::kConflict));
  EXPECT_EQ(store().ReportComment(c->id, "reader-2", kT0).value_or(-1), 2);
  EXPECT_EQ(store().GetComment(c->id)->reports, 2);
  EXPECT_TRUE(FailsWith(store().ReportComment(4242, "reader-1", kT0), ErrorCode::kNotFound));
}

TEST_P(StoreTest, ForgettingACommenterDeletesEverythingTheyWrote) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  CommentDraft mine = MakeDraft(a->id, "me", "Mine");
  mine.email = "me@example.org";
  mine.email_hash = "email-hash";
  auto c1 = store().CreateComment(mine);
  ASSERT_TRUE(IsOk(c1));
  CommentDraft reply = MakeDraft(a->id, "other", "A reply to mine");
  reply.comment.parent_id = c1->id;
  ASSERT_TRUE(IsOk(store().CreateComment(reply)));
  auto other = store().CreateComment(MakeDraft(a->id, "other", "Someone else"));
  ASSERT_TRUE(IsOk(other));
  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{c1->id, CommentStatus::kRejected, "mod", "abuse", "", kT0})));

  auto forgotten = store().ForgetCommenter("email-hash");
  ASSERT_TRUE(IsOk(forgotten));
  EXPECT_EQ(*forgotten, 1);
  EXPECT_TRUE(FailsWith(store().GetComment(c1->id), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().FindCommenter("me", 0), ErrorCode::kNotFound));
  EXPECT_TRUE(store().ListModerationLabels()->empty());
  // Replies to a forgotten comment go with it; other comments stay.
  auto left = store().ListComments(CommentQuery{a->id});
  ASSERT_TRUE(IsOk(left));
  ASSERT_EQ(left->size(), 1U);
  EXPECT_EQ((*left)[0].id, other->id);
  EXPECT_TRUE(FailsWith(store().ForgetCommenter("email-hash"), ErrorCode::kNotFound));
}

TEST_P(StoreTest, ArticleCommentModeRoundTrips) {
  Article a = MakeArticle("Story");
  a.comment_mode = CommentMode::kClosed;
  auto created = store().CreateArticle(a);
  ASSERT_TRUE(IsOk(created));
  EXPECT_EQ(store().GetArticle(created->id)->comment_mode, CommentMode::kClosed);
  Article changed = *store().GetArticle(created->id);
  changed.comment_mode.reset();
  ASSERT_TRUE(IsOk(store().UpdateArticle(changed)));
  EXPECT_FALSE(store().GetArticle(created->id)->comment_mode.has_value());
}

TEST_P(StoreTest, MaintenanceRunsBesideReadersAndWriters) {
  auto a = store().CreateArticle(MakeArticle("Story"));
  ASSERT_TRUE(IsOk(a));
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) ASSERT_TRUE(IsOk(store().GetArticle(a->id)));
  });
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(IsOk(store().CreateComment(MakeDraft(a->id, "k", "Comment " + std::to_string(i)))));
    ASSERT_TRUE(IsOk(store().Maintain()));
  }
  stop = true;
  reader.join();
  EXPECT_EQ(store().ListComments(CommentQuery{a->id})->size(), 50U);
}

TEST_P(StoreTest, SecretsAreCreatedOnceAndShared) {
  auto first = store().GetOrCreateSecret("ip", "aaa");
  ASSERT_TRUE(IsOk(first));
  EXPECT_EQ(*first, "aaa");
  EXPECT_EQ(store().GetOrCreateSecret("ip", "bbb").value_or(""), "aaa");
  EXPECT_EQ(store().GetOrCreateSecret("form", "ccc").value_or(""), "ccc");
}

// Every backend the suite runs against. To add one, add one line, e.g.
//   INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest, testing::Values(PostgresBackend()));
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, testing::Values(SqliteBackend()), BackendName);

// OpenStore's URL handling (backend independent) -------------------------

class OpenStoreTest : public testing::Test {
 protected:
  void SetUp() override { scratch_ = MakeScratchDir(); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(scratch_, ec);
  }
  fs::path scratch_;
};

TEST_F(OpenStoreTest, SqlitePrefixNamesTheSameFileAsAPlainPath) {
  std::string path = (scratch_ / "prefixed.db").string();
  {
    auto store = OpenStore("sqlite:" + path);
    ASSERT_TRUE(IsOk(store));
    ASSERT_TRUE(IsOk((*store)->PutSection(Section{"en", "politics", "Politics", 0})));
  }
  EXPECT_TRUE(fs::exists(path));
  auto plain = OpenStore(path);
  ASSERT_TRUE(IsOk(plain));
  auto sections = (*plain)->ListSections("en");
  ASSERT_TRUE(IsOk(sections));
  ASSERT_EQ(sections->size(), 1u);
  EXPECT_EQ((*sections)[0].slug, "politics");
}

TEST_F(OpenStoreTest, PlainPathCreatesTheFileAndMigrates) {
  std::string path = (scratch_ / "new.db").string();
  ASSERT_FALSE(fs::exists(path));
  auto store = OpenStore(path);
  ASSERT_TRUE(IsOk(store));
  EXPECT_TRUE(fs::exists(path));
  auto version = (*store)->SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, sqlite::LatestSchemaVersion());
}

TEST_F(OpenStoreTest, UnknownSchemeIsInvalidArgument) {
  auto store = OpenStore("mysql://x");
  EXPECT_TRUE(FailsWith(store, ErrorCode::kInvalidArgument));
  if (!store) {
    EXPECT_NE(store.error().message.find("mysql://x"), std::string::npos) << store.error().message;
  }
  // Nothing named like the URL was created in the working directory.
  EXPECT_FALSE(fs::exists("mysql:"));
}

TEST_F(OpenStoreTest, PostgresqlUrlIsInvalidArgumentWithAClearMessage) {
  for (const std::string url : {"postgresql://herald@localhost/herald", "postgres://db/herald"}) {
    SCOPED_TRACE(url);
    auto store = OpenStore(url);
    ASSERT_TRUE(FailsWith(store, ErrorCode::kInvalidArgument));
    EXPECT_NE(store.error().message.find("PostgreSQL"), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("not supported"), std::string::npos)
        << store.error().message;
  }
}

TEST_F(OpenStoreTest, EmptyPathIsInvalidArgument) {
  EXPECT_TRUE(FailsWith(OpenStore("sqlite:"), ErrorCode::kInvalidArgument));
  EXPECT_TRUE(FailsWith(OpenStore(""), ErrorCode::kInvalidArgument));
}

TEST_F(OpenStoreTest, PathInANonexistentDirectoryIsUnavailable) {
  std::string path = (scratch_ / "missing" / "deeper" / "herald.db").string();
  EXPECT_TRUE(FailsWith(OpenStore(path), ErrorCode::kUnavailable));
  EXPECT_TRUE(FailsWith(OpenStore("sqlite:" + path), ErrorCode::kUnavailable));
  EXPECT_FALSE(fs::exists(scratch_ / "missing"));
}

}  // namespace
}  // namespace herald

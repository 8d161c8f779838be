#include "web/page_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace herald {
namespace {

constexpr int64_t kStart = 1'795'000'000;

Response Page(std::string body, std::vector<std::string> tags) {
  Response r = Response::Html(200, std::move(body));
  r.AddHeader("Cache-Control", "public, max-age=60");
  r.cache_tags = std::move(tags);
  return r;
}

TEST(PageCache, KeepsAPageUntilATagOfItChanges) {
  PageCache cache(PageCacheOptions{}, kStart);
  EXPECT_EQ(cache.Find("/en/", kStart), nullptr);
  cache.Store("/en/", Page("front", {"e:en", "a:1"}), cache.Epoch(), kStart);
  cache.Store("/fa/", Page("fa front", {"e:fa"}), cache.Epoch(), kStart);
  auto hit = cache.Find("/en/", kStart + 1);
  ASSERT_NE(hit, nullptr);
  ContentEncoding used;
  EXPECT_EQ(*hit->Body(ContentEncoding::kIdentity, used), "front");

  EXPECT_EQ(cache.Invalidate({"a:2"}, kStart + 2), 0u);
  EXPECT_NE(cache.Find("/en/", kStart + 2), nullptr);
  EXPECT_EQ(cache.Invalidate({"a:1"}, kStart + 3), 1u);
  EXPECT_EQ(cache.Find("/en/", kStart + 3), nullptr);
  EXPECT_NE(cache.Find("/fa/", kStart + 3), nullptr);
  // The page a hit handed out stays whole after the cache drops it.
  EXPECT_EQ(*hit->Body(ContentEncoding::kIdentity, used), "front");
}

TEST(PageCache, LastModifiedIsTheLatestChangeOfTheTags) {
  PageCache cache(PageCacheOptions{}, kStart);
  EXPECT_EQ(cache.LastModified({"a:1"}), kStart);
  cache.Invalidate({"a:1"}, kStart + 50);
  cache.Invalidate({"e:en"}, kStart + 70);
  EXPECT_EQ(cache.LastModified({"a:1"}), kStart + 50);
  EXPECT_EQ(cache.LastModified({"a:1", "e:en"}), kStart + 70);
  auto page = cache.Store("/x", Page("x", {"a:1"}), cache.Epoch(), kStart + 80);
  EXPECT_EQ(page->last_modified(), kStart + 50);
}

TEST(PageCache, ARenderThatBeganBeforeAChangeIsNotKept) {
  PageCache cache(PageCacheOptions{}, kStart);
  uint64_t before = cache.Epoch();
  cache.Invalidate({"a:1"}, kStart + 1);  // The change lands mid-render.
  auto page = cache.Store("/en/news/1/x", Page("old", {"a:1"}), before, kStart + 1);
  EXPECT_NE(page, nullptr);  // Still answers the request that rendered it.
  EXPECT_EQ(cache.Find("/en/news/1/x", kStart + 1), nullptr);
  // A render of another article is unaffected by the change.
  cache.Store("/en/news/2/y", Page("other", {"a:2"}), before, kStart + 1);
  EXPECT_NE(cache.Find("/en/news/2/y", kStart + 1), nullptr);
  // Nor is one that began after it.
  cache.Store("/en/news/1/x", Page("new", {"a:1"}), cache.Epoch(), kStart + 1);
  EXPECT_NE(cache.Find("/en/news/1/x", kStart + 1), nullptr);
}

TEST(PageCache, ClearDropsEverythingAndOutdatesRendersInFlight) {
  PageCache cache(PageCacheOptions{}, kStart);
  cache.Store("/a", Page("a", {"a:1"}), cache.Epoch(), kStart);
  uint64_t before = cache.Epoch();
  cache.Clear(kStart + 5);
  EXPECT_EQ(cache.Find("/a", kStart + 5), nullptr);
  cache.Store("/b", Page("b", {"a:9"}), before, kStart + 5);
  EXPECT_EQ(cache.Find("/b", kStart + 5), nullptr);
  EXPECT_EQ(cache.LastModified({"a:9"}), kStart + 5);
  EXPECT_EQ(cache.Stats().pages, 0u);
}

TEST(PageCache, PagesExpireAfterTheirTimeToLive) {
  PageCacheOptions options;
  options.ttl_seconds = 10;
  PageCache cache(options, kStart);
  cache.Store("/a", Page("a", {"a:1"}), cache.Epoch(), kStart);
  EXPECT_NE(cache.Find("/a", kStart + 9), nullptr);
  EXPECT_EQ(cache.Find("/a", kStart + 10), nullptr);
}

TEST(PageCache, EvictsPagesNotAskedForFirstWhenFull) {
  PageCacheOptions options;
  options.max_bytes = 4000;
  PageCache cache(options, kStart);
  const std::string body(900, 'x');
  for (int i = 0; i < 4; ++i) {
    cache.Store("/p" + std::to_string(i), Page(body, {"a:1"}), cache.Epoch(), kStart);
  }
  ASSERT_NE(cache.Find("/p0", kStart), nullptr);  // Asked for: gets a second chance.
  cache.Store("/p4", Page(body, {"a:1"}), cache.Epoch(), kStart);
  EXPECT_NE(cache.Find("/p0", kStart), nullptr);
  EXPECT_EQ(cache.Find("/p1", kStart), nullptr);
  EXPECT_LE(cache.Stats().bytes, options.max_bytes);
  EXPECT_EQ(cache.Stats().evicted, 1u);
}

TEST(PageCache, ValidatorsOnlyModeKeepsNoPages) {
  PageCacheOptions options;
  options.store_pages = false;
  PageCache cache(options, kStart);
  auto page = cache.Store("/a", Page("a", {"a:1"}), cache.Epoch(), kStart);
  ASSERT_NE(page, nullptr);
  EXPECT_FALSE(page->etag().empty());
  EXPECT_EQ(cache.Find("/a", kStart), nullptr);
  cache.Invalidate({"a:1"}, kStart + 3);
  EXPECT_EQ(cache.LastModified({"a:1"}), kStart + 3);
}

TEST(CachedPage, CompressesOncePerEncodingAndCountsTheBytes) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "<p>A paragraph of the story.</p>";
  PageCache cache(PageCacheOptions{}, kStart);
  auto page = cache.Store("/a", Page(body, {"a:1"}), cache.Epoch(), kStart);
  ASSERT_TRUE(page->compressible());
  size_t before = cache.Stats().bytes;
  ContentEncoding used;
  auto gz = page->Body(ContentEncoding::kGzip, used);
  EXPECT_EQ(used, ContentEncoding::kGzip);
  EXPECT_EQ(page->Body(ContentEncoding::kGzip, used), gz);  // The same bytes, not made again.
  EXPECT_EQ(cache.Stats().bytes, before + gz->size());
  page->Body(ContentEncoding::kBrotli, used);
  EXPECT_EQ(used, ContentEncoding::kBrotli);

  auto small = cache.Store("/s", Page("tiny", {"a:2"}), cache.Epoch(), kStart);
  EXPECT_FALSE(small->compressible());
  EXPECT_EQ(*small->Body(ContentEncoding::kGzip, used), "tiny");
  EXPECT_EQ(used, ContentEncoding::kIdentity);
}

}  // namespace
}  // namespace herald

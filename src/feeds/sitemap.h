// Sitemaps (sitemaps.org 0.9), the Google News sitemap and robots.txt.
//
// /sitemap.xml is an index of one sitemap per calendar month (UTC) with
// published articles, /sitemaps/YYYY-MM.xml; a month with more articles
// than one file may list is split into /sitemaps/YYYY-MM-2.xml and so on.
// Each article URL carries its last modification and hreflang alternates
// to the story's other published editions. /sitemap-news.xml lists the
// articles of the last 48 hours for Google News.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/article.h"
#include "core/edition.h"
#include "feeds/syndication.h"

namespace herald::feeds {

// URLs per sitemap file. The protocol allows 50,000 URLs and 50 MB; with
// hreflang alternates 50,000 URLs can pass 50 MB, and since every publish
// makes each sitemap be rendered afresh, smaller files cost less too.
inline constexpr int kSitemapUrlsPerFile = 10'000;

// Google News: at most 1,000 URLs, of articles published in the last two days.
inline constexpr int kNewsSitemapMaxUrls = 1'000;
inline constexpr UnixTime kNewsSitemapWindow = UnixTime{48} * 60 * 60;

// A month with published articles (the store's PublishedMonth).
struct SitemapMonth {
  int year = 0;
  int month = 0;  // 1..12.
  int count = 0;  // Published articles.
  UnixTime last_changed = 0;
};

// One sitemap file: a month, or the part-th slice of one (1-based).
struct SitemapFile {
  int year = 0;
  int month = 0;
  int part = 1;
};

// Returns the path of a sitemap file: "/sitemaps/2016-12.xml" for part 1,
// "/sitemaps/2016-12-2.xml" for part 2.
std::string SitemapFilePath(const SitemapFile& file);

// Parses a file name under /sitemaps/ ("2016-12.xml", "2016-12-2.xml").
// Returns nullopt for anything else, "-1" included (part 1 has one name).
std::optional<SitemapFile> ParseSitemapFileName(std::string_view name);

// Returns [start, end) of the UTC calendar month, in Unix seconds.
std::pair<UnixTime, UnixTime> MonthRange(int year, int month);

// Returns the sitemap index: every file of every month, each with the
// month's last modification. `urls_per_file` is kSitemapUrlsPerFile except
// in tests.
std::string RenderSitemapIndex(const SiteFacts& site, const std::vector<SitemapMonth>& months,
                               int urls_per_file = kSitemapUrlsPerFile);

// Returns one month's sitemap: a <url> per article of `articles` in an
// edition of `editions` (others have no pages) with its last modification
// and, when the story has other published versions among `versions`, an
// xhtml:link alternate per version, itself included, by the edition's
// language.
std::string RenderMonthSitemap(const SiteFacts& site, const std::vector<Edition>& editions,
                               const std::vector<Article>& articles,
                               const std::vector<Article>& versions);

// Returns the Google News sitemap of `articles` (published, newest first;
// at most kNewsSitemapMaxUrls are listed): publication name and language,
// publication date in the edition's time zone, and title.
std::string RenderNewsSitemap(const SiteFacts& site, const std::vector<Edition>& editions,
                              const std::vector<Article>& articles);

// Returns robots.txt: the site open to crawlers except /api/ and /desk/,
// and absolute Sitemap: lines for the index and the news sitemap.
std::string RenderRobotsTxt(const SiteFacts& site);

}  // namespace herald::feeds

// Syndication over HTTP: robots.txt, sitemaps, the Google News sitemap, the
// feeds of editions and sections, and the ninjs API for partner agencies.
// Each reads what it needs from the store in a fixed number of queries (the
// edition's sections, one page of articles, their tags in one more; never a
// query per article) and asks feeds/ to render it.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "common/text.h"
#include "core/dateline.h"
#include "feeds/feed.h"
#include "feeds/ninjs.h"
#include "feeds/sitemap.h"
#include "web/handlers.h"

namespace herald {
namespace {

using nlohmann::json;

// The ninjs change list leaves out changes younger than this. A change is
// stamped with the time its request began but becomes visible only when it
// commits; a partner whose cursor passed that time in between would never
// see it. Writes commit well within this (the store's busy timeout).
constexpr UnixTime kNinjsSettleSeconds = 10;
constexpr int kNinjsDefaultLimit = 20;
constexpr int kNinjsMaxLimit = 100;

feeds::SiteFacts Site(const HandlerContext& ctx) {
  return feeds::SiteFacts{ctx.config.site.name, ctx.config.site.base_url};
}

// A public document: a front cache may keep it a minute, and the page cache
// until what `tag` names changes.
Response Public(std::string_view content_type, std::string body, std::string tag) {
  Response r{200, std::string(content_type), {}, std::move(body)};
  r.AddHeader("Cache-Control", "public, max-age=60");
  r.cache_tags.push_back(std::move(tag));
  return r;
}

Response Unavailable(const HandlerContext& ctx, std::string_view what, const Error& e) {
  spdlog::error("{}: {}", what, e.message);
  return ErrorPage(ctx, 503);
}

constexpr std::string_view kXmlType = "application/xml; charset=utf-8";

Response SitemapIndex(const HandlerContext& ctx) {
  auto months = ctx.store.ListPublishedMonths();
  if (!months) return Unavailable(ctx, "sitemap index", months.error());
  std::vector<feeds::SitemapMonth> in;
  in.reserve(months->size());
  for (const PublishedMonth& m : *months) {
    in.push_back(feeds::SitemapMonth{m.year, m.month, m.count, m.last_changed});
  }
  return Public(kXmlType, feeds::RenderSitemapIndex(Site(ctx), in), std::string(kSiteCacheTag));
}

Response MonthSitemap(const HandlerContext& ctx, const feeds::SitemapFile& file) {
  auto [from, before] = feeds::MonthRange(file.year, file.month);
  ArticleQuery q;
  q.status = ArticleStatus::kPublished;
  q.published_from = from;
  q.published_before = before;
  q.fields = ArticleFields::kLinkOnly;
  q.limit = feeds::kSitemapUrlsPerFile;
  q.offset = (file.part - 1) * feeds::kSitemapUrlsPerFile;
  auto page = ctx.store.ListArticles(q);
  if (!page) return Unavailable(ctx, "month sitemap", page.error());
  if (page->items.empty()) return NotFoundPage(ctx, "");
  // The second query: every published version of the stories listed, for
  // their hreflang alternates.
  ArticleQuery versions;
  versions.status = ArticleStatus::kPublished;
  versions.fields = ArticleFields::kLinkOnly;
  versions.limit = 50'000;
  versions.stories.emplace();
  for (const Article& a : page->items) versions.stories->push_back(StoryOf(a));
  auto found = ctx.store.ListArticles(versions);
  if (!found) return Unavailable(ctx, "month sitemap versions", found.error());
  return Public(
      kXmlType,
      feeds::RenderMonthSitemap(Site(ctx), ctx.config.editions, page->items, found->items),
      std::string(kSiteCacheTag));
}

Response NewsSitemap(const HandlerContext& ctx) {
  ArticleQuery q;
  q.status = ArticleStatus::kPublished;
  q.published_from = ctx.now - feeds::kNewsSitemapWindow;
  q.fields = ArticleFields::kLinkOnly;
  q.limit = feeds::kNewsSitemapMaxUrls;
  auto page = ctx.store.ListArticles(q);
  if (!page) return Unavailable(ctx, "news sitemap", page.error());
  return Public(kXmlType, feeds::RenderNewsSitemap(Site(ctx), ctx.config.editions, page->items),
                std::string(kSiteCacheTag));
}

Response Feed(const HandlerContext& ctx, const Edition& edition,
              const std::vector<Section>& sections, const Section* section,
              feeds::FeedFormat format) {
  ArticleQuery q;
  q.edition = edition.code;
  if (section != nullptr) q.section = section->slug;
  q.status = ArticleStatus::kPublished;
  q.limit = ctx.config.feeds.items;
  q.with_tags = true;
  // Summaries need no bodies; leave them in the database.
  q.fields = ctx.config.feeds.full_content ? ArticleFields::kAll : ArticleFields::kNoBody;
  auto page = ctx.store.ListArticles(q);
  if (!page) return Unavailable(ctx, "feed", page.error());
  feeds::SiteFacts site = Site(ctx);
  feeds::FeedInput in{
      &site, &edition, section, &sections, &page->items, ctx.config.feeds.full_content, ctx.now};
  return Public(feeds::FeedContentType(format), feeds::RenderFeed(format, in),
                EditionCacheTag(edition.code));
}

// Parses a ninjs list cursor, "{at}-{id}" as next_cursor gives it.
std::optional<ChangeCursor> ParseCursor(std::string_view text) {
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  long long at = 0, id = 0;
  if (!ParseNonNegative(text.substr(0, dash), at) || !ParseNonNegative(text.substr(dash + 1), id)) {
    return std::nullopt;
  }
  return ChangeCursor{at, id};
}

std::string FormatCursor(const ChangeCursor& c) {
  return std::to_string(c.at) + "-" + std::to_string(c.id);
}

// Parses ?since=: RFC 3339 or Unix seconds.
std::optional<UnixTime> ParseSince(std::string_view text) {
  long long seconds = 0;
  if (ParseNonNegative(text, seconds)) return seconds;
  auto parsed = ParseRfc3339(text);
  if (!parsed) return std::nullopt;
  return *parsed;
}

Response NinjsList(const HandlerContext& ctx, const Request& request) {
  ArticleQuery q;
  q.order = ArticleOrder::kOldestChangeFirst;
  q.statuses = {ArticleStatus::kPublished, ArticleStatus::kUnpublished};
  q.with_tags = true;
  q.changed_until = ctx.now - kNinjsSettleSeconds;
  if (auto e = request.Query("edition")) {
    if (FindEdition(ctx.config.editions, *e) == nullptr) {
      return ApiError(400, "invalid_argument",
                      "'edition' must be a configured edition code, not '" +
                          std::string(PrefixCodePoints(*e, 40)) + "'");
    }
    q.edition = std::string(*e);
  }
  long long limit = kNinjsDefaultLimit;
  if (auto l = request.Query("limit");
      l && (!ParseNonNegative(*l, limit) || limit < 1 || limit > kNinjsMaxLimit)) {
    return ApiError(400, "invalid_argument",
                    "'limit' must be a whole number from 1 to " + std::to_string(kNinjsMaxLimit));
  }
  q.limit = static_cast<int>(limit);
  // Where to start: after the cursor of the previous page, or at the first
  // change at or after `since`, or at the beginning.
  ChangeCursor start{0, 0};
  if (auto c = request.Query("cursor")) {
    auto cursor = ParseCursor(*c);
    if (!cursor) {
      return ApiError(400, "invalid_argument",
                      "'cursor' must be a next_cursor value from an earlier page");
    }
    start = *cursor;
  } else if (auto s = request.Query("since")) {
    auto since = ParseSince(*s);
    if (!since) {
      return ApiError(400, "invalid_argument",
                      "'since' must be an RFC 3339 time (2016-12-18T14:04:00Z) or Unix seconds");
    }
    start = ChangeCursor{*since, 0};
  }
  q.changed_after = start;

  auto page = ctx.store.ListArticles(q);
  if (!page) return FromError(page.error());
  feeds::SiteFacts site = Site(ctx);
  std::map<std::string, std::vector<Section>> sections;  // By edition, read once each.
  json items = json::array();
  ChangeCursor next = start;
  for (const Article& a : page->items) {
    next = ChangeCursor{ChangedAt(a), a.id};
    const Edition* edition = FindEdition(ctx.config.editions, a.edition);
    if (edition == nullptr) continue;  // Its edition is gone; so is its page.
    auto known = sections.find(a.edition);
    if (known == sections.end()) {
      auto listed = ctx.store.ListSections(a.edition);
      if (!listed) return FromError(listed.error());
      known = sections.emplace(a.edition, std::move(*listed)).first;
    }
    items.push_back(feeds::NinjsItem(site, *edition, known->second, a));
  }
  return Json(200, json{{"items", std::move(items)},
                        {"next_cursor", FormatCursor(next)},
                        {"has_more", page->has_more}});
}

Response NinjsArticle(const HandlerContext& ctx, std::string_view id_text) {
  long long id = 0;
  if (!ParseNonNegative(id_text, id) || id == 0) {
    return ApiError(404, "not_found",
                    "no article with id '" + std::string(PrefixCodePoints(id_text, 40)) + "'");
  }
  auto article = ctx.store.GetArticle(id);
  if (!article && article.error().code != ErrorCode::kNotFound) {
    return FromError(article.error());
  }
  const Edition* edition = article ? FindEdition(ctx.config.editions, article->edition) : nullptr;
  if (!article || !IsPublic(*article) || edition == nullptr) {
    return ApiError(404, "not_found", "article " + std::to_string(id) + " not found");
  }
  auto sections = ctx.store.ListSections(article->edition);
  if (!sections) return FromError(sections.error());
  json item = feeds::NinjsItem(Site(ctx), *edition, *sections, *article);
  Response r = Json(200, item);
  // Json() forbids caching; one public item may be kept until it changes.
  std::erase_if(r.headers, [](const auto& h) { return AsciiLower(h.first) == "cache-control"; });
  r.AddHeader("Cache-Control", "public, max-age=60");
  r.cache_tags.push_back(ArticleCacheTag(article->id));
  return r;
}

// /.well-known/security.txt (RFC 9116): where to report a vulnerability in
// this site. Its Expires is always half a year ahead, so the file never
// goes stale while the site runs.
Response SecurityTxt(const HandlerContext& ctx) {
  const SiteConfig& site = ctx.config.site;
  if (site.security_contact.empty()) return NotFoundPage(ctx, "");
  constexpr int64_t kHalfYear = int64_t{182} * 24 * 3600;
  std::string languages;
  for (const Edition& e : ctx.config.editions) {
    if (languages.find(e.language) != std::string::npos) continue;
    if (!languages.empty()) languages += ", ";
    languages += e.language;
  }
  std::string body = "Contact: " + site.security_contact + "\n";
  body += "Expires: " + FormatRfc3339(ctx.now - ctx.now % 86400 + kHalfYear) + "\n";
  if (!languages.empty()) body += "Preferred-Languages: " + languages + "\n";
  body += "Canonical: " + site.base_url + "/.well-known/security.txt\n";
  if (!site.security_policy.empty()) body += "Policy: " + site.security_policy + "\n";
  return Public("text/plain; charset=utf-8", std::move(body), std::string(kSiteCacheTag));
}

}  // namespace

std::optional<Response> HandleSiteDocument(const HandlerContext& ctx, const Request& request,
                                           const std::vector<std::string_view>& segments) {
  const bool document =
      (segments.size() == 1 && (segments[0] == "robots.txt" || segments[0] == "sitemap.xml" ||
                                segments[0] == "sitemap-news.xml")) ||
      (segments.size() == 2 && (segments[0] == "sitemaps" ||
                                (segments[0] == ".well-known" && segments[1] == "security.txt")));
  if (!document || request.path.ends_with('/')) return std::nullopt;
  if (request.method != Method::kGet && request.method != Method::kHead) {
    Response r = Response::Text(405, "Only GET and HEAD are allowed here.\n");
    r.AddHeader("Allow", "GET, HEAD");
    return r;
  }
  if (segments[0] == "robots.txt") {
    return Public("text/plain; charset=utf-8", feeds::RenderRobotsTxt(Site(ctx)),
                  std::string(kSiteCacheTag));
  }
  if (segments[0] == ".well-known") return SecurityTxt(ctx);
  if (segments[0] == "sitemap.xml") return SitemapIndex(ctx);
  if (segments[0] == "sitemap-news.xml") return NewsSitemap(ctx);
  auto file = feeds::ParseSitemapFileName(segments[1]);
  if (!file) return NotFoundPage(ctx, "");
  return MonthSitemap(ctx, *file);
}

std::optional<Response> HandleEditionFeed(const HandlerContext& ctx, const Request& request,
                                          const Edition& edition,
                                          const std::vector<std::string_view>& segments) {
  if (segments.size() != 2 && segments.size() != 3) return std::nullopt;
  auto format = feeds::FeedFormatForFileName(segments.back());
  if (!format || request.path.ends_with('/')) return std::nullopt;
  auto sections = ctx.store.ListSections(edition.code);
  if (!sections) return Unavailable(ctx, "feed sections", sections.error());
  if (segments.size() == 2) return Feed(ctx, edition, *sections, nullptr, *format);
  for (const Section& s : *sections) {
    if (s.slug == segments[1]) return Feed(ctx, edition, *sections, &s, *format);
  }
  return NotFoundPage(ctx, edition.code);
}

Response HandleNinjsApi(const HandlerContext& ctx, const Request& request,
                        const std::vector<std::string_view>& rest) {
  if (rest.size() > 1) return ApiError(404, "not_found", "no such API endpoint");
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  if (rest.empty()) return NinjsList(ctx, request);
  return NinjsArticle(ctx, rest[0]);
}

}  // namespace herald

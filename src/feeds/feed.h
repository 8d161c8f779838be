// News feeds of an edition or one of its sections, in the three formats
// readers and aggregators poll: RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed
// 1.1. All three say the same things: the latest published articles with
// their canonical links, stable ids, publication and update dates, the
// edition's language, section and tags as categories, the byline, the
// image, and either the full sanitised body or the lead.
//
//   FeedInput in{&site, &edition, nullptr, &sections, &articles, true, now};
//   std::string xml = RenderFeed(FeedFormat::kAtom, in);
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/edition.h"
#include "feeds/syndication.h"

namespace herald::feeds {

enum class FeedFormat { kRss, kAtom, kJsonFeed };

// Returns the file name a feed is served under: "rss.xml", "atom.xml" or
// "feed.json".
std::string_view FeedFileName(FeedFormat format);

// Returns the format served under `file_name`, or nullopt.
std::optional<FeedFormat> FeedFormatForFileName(std::string_view file_name);

// Returns the Content-Type of a feed, with its charset.
std::string_view FeedContentType(FeedFormat format);

// Returns the path of the feed of `edition_code` (or of its section
// `section_slug` when not empty): "/en/rss.xml", "/en/politics/atom.xml".
std::string FeedPath(std::string_view edition_code, std::string_view section_slug,
                     FeedFormat format);

// What a feed is made of. The pointers must be non-null, except `section`.
struct FeedInput {
  const SiteFacts* site = nullptr;
  const Edition* edition = nullptr;
  const Section* section = nullptr;                // The section's feed; null for the edition's.
  const std::vector<Section>* sections = nullptr;  // The edition's, to name each article's.
  const std::vector<Article>* articles = nullptr;  // Published, newest first, tags loaded.
  bool full_content = true;                        // The body as HTML; otherwise only the lead.
  UnixTime now = 0;                                // The feed's "updated" when it has no articles.
};

// Returns the feed in `format`: a well-formed XML document (RSS, Atom) or a
// JSON object (JSON Feed), whatever UTF-8 the articles hold.
std::string RenderFeed(FeedFormat format, const FeedInput& input);

}  // namespace herald::feeds

// IPTC ninjs 2.1 ("News in JSON"): articles as news items for partner
// agencies.
//
// A public article becomes a full item: uri (the permalink), type "text",
// headlines, the lead as description, the sanitised HTML body, dates, the
// byline, section and tags as subjects, the web page as a rendition, the
// image as an associated picture, and the News ID in altids. A withdrawn
// article becomes a partial item with pubstatus "withheld", so partners
// that took it learn to stop using it.
//
// Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/edition.h"
#include "feeds/syndication.h"

namespace herald::feeds {

inline constexpr std::string_view kNinjsVersion = "2.1";
inline constexpr std::string_view kNinjsSchema =
    "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json";

// Returns the ninjs item of `a`, an article of `edition` whose sections are
// `sections` (for the section's name). Published articles give a full item;
// any other status a partial "withheld" one that carries no content.
nlohmann::json NinjsItem(const SiteFacts& site, const Edition& edition,
                         const std::vector<Section>& sections, const Article& a);

}  // namespace herald::feeds

// Structured data for search engines and social sites: schema.org JSON-LD
// (NewsArticle on article pages, WebSite and Organization on edition fronts)
// and the helpers its values need (absolute URLs, ISO 8601 times with the
// edition's UTC offset, OpenGraph locales).
//
// The JSON-LD functions return text ready to sit inside
// <script type="application/ld+json">: every '<', '>' and '&' (and U+2028,
// U+2029) is written as a \u escape, so no article text can close the
// element or start markup, whatever it contains. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/edition.h"

namespace herald {

// The organisation behind the site, as search engines show it.
struct Publisher {
  std::string name;      // site.name.
  std::string base_url;  // site.base_url: absolute, no trailing '/'.
  std::string logo_url;  // Absolute.
  int logo_width = 0;    // Pixels; 0 when unknown (then left out).
  int logo_height = 0;
};

// Returns `url` as an absolute URL: an http(s) URL unchanged, a
// site-relative path ("/static/x.png") joined to `base_url`. Empty stays
// empty, and so does anything else (a relative or protocol-relative URL),
// which no consumer of structured data could resolve.
std::string AbsoluteUrl(std::string_view base_url, std::string_view url);

// Returns the OpenGraph locale (language_TERRITORY) of an edition's ICU
// locale: "fa_IR@calendar=persian" gives "fa_IR"; a bare language takes its
// likely territory ("en" gives "en_US").
std::string OpenGraphLocale(const Edition& edition);

// Returns the schema.org NewsArticle for `a`, published in `edition`, as
// script-safe JSON. `section_name` is empty when the section is unknown.
// Carries headline, description (the lead), image (absolute URLs), the
// dates with the edition's offset, author (a Person from the byline, else
// the publisher), publisher with its logo, inLanguage, the News ID as an
// identifier, url and mainEntityOfPage (the canonical URL), articleSection,
// keywords (the tags) and, when the article has one, its correction.
std::string NewsArticleJsonLd(const Publisher& publisher, const Edition& edition, const Article& a,
                              std::string_view section_name);

// Returns a schema.org graph of the WebSite (the edition's front, in its
// language) and the Organization that publishes it, as script-safe JSON.
std::string WebSiteJsonLd(const Publisher& publisher, const Edition& edition);

}  // namespace herald

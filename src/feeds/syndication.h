// What every machine-readable output (feeds, sitemaps, ninjs) shares: the
// site's facts, absolute links, the dates formats those specifications
// require, and XML text that stays well-formed whatever UTF-8 it is given.
//
// Pure functions of their arguments; thread-safe. No I/O.
#pragma once

#include <string>
#include <string_view>

#include "core/article.h"
#include "core/edition.h"

namespace herald::feeds {

// The facts about the site that outputs name it by.
struct SiteFacts {
  std::string name;      // "Herald News Agency".
  std::string base_url;  // "https://news.example"; no trailing '/'.
};

// Returns `url` made absolute against the site: http(s) URLs as they are,
// site-relative ones ("/static/a.png") prefixed with the base URL.
std::string AbsoluteUrl(const SiteFacts& site, std::string_view url);

// Returns the article's canonical URL: base URL + CanonicalPath(a). It
// changes when the headline (and so the slug) does.
std::string ArticleUrl(const SiteFacts& site, const Article& a);

// Returns the article's permanent URL, base URL + "/news/{id}", which
// redirects to the canonical one and never changes: the stable identifier
// feeds and ninjs give an article (Atom id, RSS guid, ninjs uri).
std::string Permalink(const SiteFacts& site, const Article& a);

// Returns the media type an image URL's extension names ("image/jpeg"),
// or "" when the extension is missing or unknown.
std::string_view ImageTypeOf(std::string_view url);

// Returns sanitised article HTML with site-relative links and images
// (href="/...", src="/...") made absolute, so the HTML reads the same
// wherever a feed reader shows it.
std::string AbsoluteHtml(const SiteFacts& site, std::string_view html);

// Formats `t` as RFC 822 (RSS 2.0) in UTC: "Sun, 18 Dec 2016 14:04:00 +0000".
std::string FormatRfc822(UnixTime t);

// Appends `s` as XML 1.0 character data or attribute text: &, <, >, " and
// ' become entities; characters XML 1.0 forbids (C0 controls other than
// tab, newline and carriage return, U+FFFE, U+FFFF) and C1 controls, which
// it discourages, are dropped; bytes that are not UTF-8 become U+FFFD. The
// result is well-formed whatever `s` holds.
void AppendXmlText(std::string& out, std::string_view s);
std::string XmlText(std::string_view s);

}  // namespace herald::feeds

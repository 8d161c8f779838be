#include "feeds/sitemap.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "common/text.h"
#include "core/dateline.h"

namespace herald::feeds {
namespace {

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// Parses exactly `digits` decimal digits.
std::optional<int> Digits(std::string_view s, size_t digits) {
  if (s.size() != digits) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

void Loc(std::string& out, std::string_view url) {
  out += "<loc>";
  AppendXmlText(out, url);
  out += "</loc>\n";
}

}  // namespace

std::string SitemapFilePath(const SitemapFile& file) {
  char buf[64];
  if (file.part <= 1) {
    std::snprintf(buf, sizeof buf, "/sitemaps/%04d-%02d.xml", file.year, file.month);
  } else {
    std::snprintf(buf, sizeof buf, "/sitemaps/%04d-%02d-%d.xml", file.year, file.month, file.part);
  }
  return buf;
}

std::optional<SitemapFile> ParseSitemapFileName(std::string_view name) {
  if (!name.ends_with(".xml")) return std::nullopt;
  name.remove_suffix(4);
  std::vector<std::string_view> parts = Split(name, '-');
  if (parts.size() != 2 && parts.size() != 3) return std::nullopt;
  auto year = Digits(parts[0], 4);
  auto month = Digits(parts[1], 2);
  if (!year || !month || *month < 1 || *month > 12) return std::nullopt;
  SitemapFile file{*year, *month, 1};
  if (parts.size() == 3) {
    long long part = 0;
    // Part 1 is only ever named without a suffix, and no leading zeros, so
    // each file has exactly one URL.
    if (parts[2].empty() || parts[2].size() > 6 || parts[2][0] == '0' ||
        !ParseNonNegative(parts[2], part) || part < 2) {
      return std::nullopt;
    }
    file.part = static_cast<int>(part);
  }
  return file;
}

std::pair<UnixTime, UnixTime> MonthRange(int year, int month) {
  using namespace std::chrono;
  year_month first{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)}};
  auto start = sys_days{first / 1};
  auto end = sys_days{(first + months{1}) / 1};
  return {start.time_since_epoch().count() * UnixTime{86400},
          end.time_since_epoch().count() * UnixTime{86400}};
}

std::string RenderSitemapIndex(const SiteFacts& site, const std::vector<SitemapMonth>& months,
                               int urls_per_file) {
  std::string out = kXmlDeclaration;
  out += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const SitemapMonth& m : months) {
    int files = m.count <= 0 ? 1 : (m.count + urls_per_file - 1) / urls_per_file;
    for (int part = 1; part <= files; ++part) {
      out += "<sitemap>\n";
      Loc(out, site.base_url + SitemapFilePath(SitemapFile{m.year, m.month, part}));
      out += "<lastmod>" + FormatRfc3339(m.last_changed) + "</lastmod>\n";
      out += "</sitemap>\n";
    }
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string RenderMonthSitemap(const SiteFacts& site, const std::vector<Edition>& editions,
                               const std::vector<Article>& articles,
                               const std::vector<Article>& versions) {
  std::map<NewsId, std::vector<const Article*>> by_story;
  for (const Article& v : versions) {
    if (IsPublic(v) && FindEdition(editions, v.edition) != nullptr) {
      by_story[StoryOf(v)].push_back(&v);
    }
  }
  std::string out = kXmlDeclaration;
  out +=
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const Article& a : articles) {
    // An edition no longer configured has no pages to list.
    if (FindEdition(editions, a.edition) == nullptr) continue;
    out += "<url>\n";
    Loc(out, ArticleUrl(site, a));
    out += "<lastmod>" + FormatRfc3339(ChangedAt(a)) + "</lastmod>\n";
    auto story = by_story.find(StoryOf(a));
    if (story != by_story.end() && story->second.size() >= 2) {
      // Every version names all of them, itself included; one per language.
      std::vector<std::string> languages;
      for (const Article* v : story->second) {
        const std::string& language = FindEdition(editions, v->edition)->language;
        if (std::find(languages.begin(), languages.end(), language) != languages.end()) continue;
        languages.push_back(language);
        out += "<xhtml:link rel=\"alternate\" hreflang=\"";
        AppendXmlText(out, language);
        out += "\" href=\"";
        AppendXmlText(out, ArticleUrl(site, *v));
        out += "\"/>\n";
      }
    }
    out += "</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RenderNewsSitemap(const SiteFacts& site, const std::vector<Edition>& editions,
                              const std::vector<Article>& articles) {
  std::string out = kXmlDeclaration;
  out +=
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  int listed = 0;
  for (const Article& a : articles) {
    const Edition* edition = FindEdition(editions, a.edition);
    if (edition == nullptr || !IsPublic(a)) continue;
    if (++listed > kNewsSitemapMaxUrls) break;
    out += "<url>\n";
    Loc(out, ArticleUrl(site, a));
    out += "<news:news>\n<news:publication>\n<news:name>";
    AppendXmlText(out, site.name);
    out += "</news:name>\n<news:language>";
    AppendXmlText(out, edition->language);
    out += "</news:language>\n</news:publication>\n<news:publication_date>";
    out += FormatRfc3339(a.published_at, edition->time_zone);
    out += "</news:publication_date>\n<news:title>";
    AppendXmlText(out, a.headline);
    out += "</news:title>\n</news:news>\n</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RenderRobotsTxt(const SiteFacts& site) {
  return "# Crawlers may read the public site; the JSON API and the newsroom's desk\n"
         "# are not pages to index.\n"
         "User-agent: *\n"
         "Allow: /\n"
         "Disallow: /api/\n"
         "Disallow: /desk/\n"
         "\n"
         "Sitemap: " +
         site.base_url + "/sitemap.xml\n" + "Sitemap: " + site.base_url + "/sitemap-news.xml\n";
}

}  // namespace herald::feeds

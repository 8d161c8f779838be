#include "render/structured_data.h"

#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "common/text.h"

namespace herald {
namespace {

// Keys in the order a person reading the page source expects them.
using Json = nlohmann::ordered_json;

// JSON is inserted raw into the page, where the HTML parser, not a JSON
// parser, decides where the <script> element ends: "</script>" or "<!--"
// inside a string would end it or change how it is read. Outside strings
// JSON never contains these characters, so escaping every one of them keeps
// the data identical and the element closed only by its own end tag.
// U+2028/U+2029 are escaped too, for consumers that evaluate JSON as script.
std::string ScriptSafe(const Json& j) {
  // Stored text is valid UTF-8; `replace` keeps a stray byte from throwing.
  std::string raw = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 32);
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// A zone per thread: icu::TimeZone is costly to build and its getOffset is
// not documented as safe to share.
const icu::TimeZone& ThreadZone(std::string_view zone) {
  thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>> cache;
  auto it = cache.find(zone);
  if (it == cache.end()) {
    auto id = icu::UnicodeString::fromUTF8(
        icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())));
    it = cache.emplace(std::string(zone), icu::TimeZone::createTimeZone(id)).first;
  }
  return *it->second;
}

// The byline names the author; "By " is how English bylines are printed,
// not part of the name.
std::string AuthorName(std::string_view byline) {
  std::string_view name = Trim(byline);
  if (name.size() > 3 && AsciiLower(name.substr(0, 3)) == "by ") name = Trim(name.substr(3));
  return std::string(name);
}

Json ImageObject(const Publisher& p) {
  Json logo = {{"@type", "ImageObject"}, {"url", p.logo_url}};
  if (p.logo_width > 0 && p.logo_height > 0) {
    logo["width"] = p.logo_width;
    logo["height"] = p.logo_height;
  }
  return logo;
}

Json Organization(const Publisher& p) {
  return Json{{"@type", "Organization"},
              {"@id", p.base_url + "/#organization"},
              {"name", p.name},
              {"url", p.base_url + "/"},
              {"logo", ImageObject(p)}};
}

}  // namespace

std::string AbsoluteUrl(std::string_view base_url, std::string_view url) {
  if (url.starts_with("https://") || url.starts_with("http://")) return std::string(url);
  if (url.starts_with("/") && !url.starts_with("//"))
    return std::string(base_url) + std::string(url);
  return {};
}

std::string FormatIso8601(UnixTime t, std::string_view zone) {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  ThreadZone(zone).getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  int64_t offset = U_SUCCESS(status) ? (int64_t{raw} + dst) / 1000 : 0;
  // ISO 8601 offsets are whole minutes; old local mean times are not.
  if (offset % 60 != 0) offset = 0;

  using namespace std::chrono;
  sys_seconds local{seconds{t + offset}};
  auto day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss hms{local - day};
  int64_t minutes = std::abs(offset) / 60;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02ld:%02ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                offset < 0 ? '-' : '+', static_cast<long>(minutes / 60),
                static_cast<long>(minutes % 60));
  return buf;
}

std::string OpenGraphLocale(const Edition& edition) {
  const std::string& name = edition.locale.empty() ? edition.language : edition.locale;
  icu::Locale locale(name.c_str());
  if (locale.getCountry()[0] == '\0') {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale likely = locale;
    likely.addLikelySubtags(status);
    if (U_SUCCESS(status)) locale = likely;
  }
  std::string out = locale.getLanguage();
  if (out.empty()) return edition.language;
  if (locale.getCountry()[0] != '\0') out += std::string("_") + locale.getCountry();
  return out;
}

UnixTime ModifiedAt(const Article& a) {
  return std::max({a.published_at, a.updated_at, a.corrected_at});
}

std::string NewsArticleJsonLd(const Publisher& publisher, const Edition& edition, const Article& a,
                              std::string_view section_name) {
  std::string url = publisher.base_url + CanonicalPath(a);
  Json j = {{"@context", "https://schema.org"},
            {"@type", "NewsArticle"},
            {"@id", url + "#article"},
            {"headline", a.headline}};
  if (!Trim(a.lead).empty()) j["description"] = std::string(Trim(a.lead));
  if (std::string image = AbsoluteUrl(publisher.base_url, a.image_url); !image.empty()) {
    j["image"] = Json::array({image});
  }
  j["datePublished"] = FormatIso8601(a.published_at, edition.time_zone);
  j["dateModified"] = FormatIso8601(ModifiedAt(a), edition.time_zone);
  if (std::string author = AuthorName(a.byline); !author.empty()) {
    j["author"] = {{"@type", "Person"}, {"name", author}};
  } else {
    j["author"] = {
        {"@type", "Organization"}, {"name", publisher.name}, {"url", publisher.base_url + "/"}};
  }
  j["publisher"] = Organization(publisher);
  j["inLanguage"] = edition.language;
  j["identifier"] = {
      {"@type", "PropertyValue"}, {"propertyID", "News ID"}, {"value", std::to_string(a.id)}};
  j["url"] = url;
  j["mainEntityOfPage"] = {{"@type", "WebPage"}, {"@id", url}};
  if (!section_name.empty()) j["articleSection"] = section_name;
  if (!a.tags.empty()) {
    Json keywords = Json::array();
    for (const Tag& t : a.tags) keywords.push_back(t.name);
    j["keywords"] = keywords;
  }
  if (!a.correction.empty()) {
    j["correction"] = {
        {"@type", "CorrectionComment"},
        {"text", a.correction},
        {"datePublished",
         FormatIso8601(a.corrected_at != 0 ? a.corrected_at : a.updated_at, edition.time_zone)}};
  }
  return ScriptSafe(j);
}

std::string WebSiteJsonLd(const Publisher& publisher, const Edition& edition) {
  std::string front = publisher.base_url + "/" + edition.code + "/";
  Json website = {{"@type", "WebSite"},
                  {"@id", front + "#website"},
                  {"url", front},
                  {"name", publisher.name},
                  {"inLanguage", edition.language},
                  {"publisher", {{"@id", publisher.base_url + "/#organization"}}}};
  Json j = {{"@context", "https://schema.org"},
            {"@graph", Json::array({website, Organization(publisher)})}};
  return ScriptSafe(j);
}

}  // namespace herald

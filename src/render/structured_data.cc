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
#include "core/dateline.h"
#include "render/layout.h"

namespace herald {
namespace {

// Keys in the order a person reading the page source expects them.
using Json = nlohmann::ordered_json;

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
  j["datePublished"] = FormatRfc3339(a.published_at, edition.time_zone);
  j["dateModified"] = FormatRfc3339(ChangedAt(a), edition.time_zone);
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
         FormatRfc3339(a.corrected_at != 0 ? a.corrected_at : a.updated_at, edition.time_zone)}};
  }
  return ScriptSafeJson(j);
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
  return ScriptSafeJson(j);
}

// JSON-LD is inserted raw into the page, where the HTML parser, not a JSON
// parser, decides where the <script> element ends: "</script>" or "<!--"
// inside a string would end it or change how it is read. Outside strings
// JSON never contains these characters, so escaping every one of them keeps
// the data identical and the element closed only by its own end tag.
// U+2028/U+2029 are escaped too, for consumers that evaluate JSON as script.
std::string ScriptSafeJson(const nlohmann::ordered_json& j) {
  // Stored text is valid UTF-8; `replace` keeps a stray byte from throwing.
  std::string raw = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
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

}  // namespace herald

#include "feeds/syndication.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>

#include "common/text.h"

namespace herald::feeds {
namespace {

struct Civil {
  int year = 1970;
  unsigned month = 1, day = 1, weekday = 4;  // weekday: 0 = Sunday.
  long hour = 0, minute = 0, second = 0;
};

Civil ToCivil(UnixTime t) {
  using namespace std::chrono;
  sys_seconds tp{seconds{t}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  return Civil{static_cast<int>(ymd.year()),
               static_cast<unsigned>(ymd.month()),
               static_cast<unsigned>(ymd.day()),
               weekday{day}.c_encoding(),
               static_cast<long>(hms.hours().count()),
               static_cast<long>(hms.minutes().count()),
               static_cast<long>(hms.seconds().count())};
}

}  // namespace

std::string AbsoluteUrl(const SiteFacts& site, std::string_view url) {
  if (url.starts_with("http://") || url.starts_with("https://")) return std::string(url);
  if (url.starts_with("//")) {
    // Protocol-relative: take the site's own scheme.
    return site.base_url.substr(0, site.base_url.find(':') + 1) + std::string(url);
  }
  if (url.starts_with('/')) return site.base_url + std::string(url);
  return site.base_url + "/" + std::string(url);
}

std::string ArticleUrl(const SiteFacts& site, const Article& a) {
  return site.base_url + CanonicalPath(a);
}

std::string Permalink(const SiteFacts& site, const Article& a) {
  return site.base_url + "/news/" + std::to_string(a.id);
}

std::string_view ImageTypeOf(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  size_t dot = url.rfind('.');
  if (dot == std::string_view::npos || url.find('/', dot) != std::string_view::npos) return "";
  std::string ext = AsciiLower(url.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "avif") return "image/avif";
  if (ext == "svg") return "image/svg+xml";
  return "";
}

std::string AbsoluteHtml(const SiteFacts& site, std::string_view html) {
  // The renderer (cmark-gfm, then the sanitiser) always writes attributes
  // as name="value", so these two spellings are the only ones to find.
  std::string out;
  out.reserve(html.size() + 256);
  size_t pos = 0;
  while (pos < html.size()) {
    size_t href = html.find(" href=\"/", pos);
    size_t src = html.find(" src=\"/", pos);
    size_t at = std::min(href, src);
    if (at == std::string_view::npos) break;
    size_t value = html.find('"', at) + 1;  // At the '/'.
    out.append(html.substr(pos, value - pos));
    // "//host/..." is protocol-relative, already absolute enough.
    if (value + 1 >= html.size() || html[value + 1] != '/') out += site.base_url;
    pos = value;
  }
  out.append(html.substr(pos));
  return out;
}

std::string FormatRfc822(UnixTime t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Civil c = ToCivil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", kDays[c.weekday % 7],
                c.day, kMonths[(c.month + 11) % 12], c.year, c.hour, c.minute, c.second);
  return buf;
}

void AppendXmlText(std::string& out, std::string_view s) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8.
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&apos;";
        continue;
      case '\t':
      case '\n':
      case '\r':
        out += static_cast<char>(c);
        continue;
      default:
        break;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) continue;
    out.append(s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
}

std::string XmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendXmlText(out, s);
  return out;
}

}  // namespace herald::feeds

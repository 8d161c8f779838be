#include "web/http_cache.h"

#include <brotli/encode.h>
#include <xxhash.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <ctime>

#include "common/text.h"

namespace herald {
namespace {

constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Parses a q-value ("q=0.5"); 1 when absent, -1 when malformed.
double QValue(std::string_view params) {
  for (std::string_view p : Split(params, ';')) {
    p = Trim(p);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    std::string_view v = p.substr(2);
    if (v.empty() || v.size() > 5) return -1;
    if (v[0] == '1') return 1;
    if (v[0] != '0') return -1;
    double q = 0;
    double scale = 0.1;
    for (size_t i = 2; i < v.size(); ++i) {
      if (v[1] != '.' || v[i] < '0' || v[i] > '9') return -1;
      q += (v[i] - '0') * scale;
      scale /= 10;
    }
    return q;
  }
  return 1;
}

std::optional<std::string> Gzip(std::string_view body, int level) {
  z_stream z{};
  // 15 window bits + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, body.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> Brotli(std::string_view body, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                            reinterpret_cast<const uint8_t*>(body.data()), &size,
                            reinterpret_cast<uint8_t*>(out.data())) != BROTLI_TRUE) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

int ParseDigits(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return s.empty() ? -1 : n;
}

}  // namespace

std::string_view EncodingName(ContentEncoding e) {
  switch (e) {
    case ContentEncoding::kGzip:
      return "gzip";
    case ContentEncoding::kBrotli:
      return "br";
    case ContentEncoding::kIdentity:
      break;
  }
  return "";
}

ContentEncoding ChooseEncoding(std::string_view accept_encoding) {
  double gzip = -1;
  double br = -1;
  double any = -1;
  for (std::string_view item : Split(accept_encoding, ',')) {
    item = Trim(item);
    size_t semi = item.find(';');
    std::string coding = AsciiLower(Trim(item.substr(0, semi)));
    double q = semi == std::string_view::npos ? 1 : QValue(item.substr(semi + 1));
    if (q < 0) continue;
    if (coding == "gzip" || coding == "x-gzip") gzip = q;
    if (coding == "br") br = q;
    if (coding == "*") any = q;
  }
  if (br < 0) br = any;
  if (gzip < 0) gzip = any;
  if (br > 0 && br >= gzip) return ContentEncoding::kBrotli;
  if (gzip > 0) return ContentEncoding::kGzip;
  return ContentEncoding::kIdentity;
}

bool IsCompressible(std::string_view content_type) {
  std::string type = AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
  return type.starts_with("text/") || type == "application/json" ||
         type == "application/javascript" || type == "application/xml" || type.ends_with("+xml") ||
         type.ends_with("+json");
}

std::optional<std::string> Compress(std::string_view body, ContentEncoding encoding,
                                    CompressionEffort effort) {
  // Once-per-page compression can take its time (milliseconds, repaid by
  // every hit); per-request compression must stay far below a page render.
  const bool once = effort == CompressionEffort::kOnce;
  switch (encoding) {
    case ContentEncoding::kGzip:
      return Gzip(body, once ? 9 : 1);
    case ContentEncoding::kBrotli:
      return Brotli(body, once ? 9 : 2);
    case ContentEncoding::kIdentity:
      break;
  }
  return std::string(body);
}

std::string EntityTag(std::string_view body) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(body.data(), body.size())));
  return std::string("W/\"") + buf + "\"";
}

bool EntityTagMatches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view tag) {
    tag = Trim(tag);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  std::string_view mine = opaque(etag);
  for (std::string_view candidate : Split(if_none_match, ',')) {
    candidate = Trim(candidate);
    if (candidate == "*") return true;
    if (!candidate.empty() && opaque(candidate) == mine) return true;
  }
  return false;
}

std::string HttpDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 characters.
  text = Trim(text);
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_mday = ParseDigits(text.substr(5, 2));
  tm.tm_mon = -1;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (text.substr(8, 3) == kMonths[m]) tm.tm_mon = static_cast<int>(m);
  }
  int year = ParseDigits(text.substr(12, 4));
  tm.tm_hour = ParseDigits(text.substr(17, 2));
  tm.tm_min = ParseDigits(text.substr(20, 2));
  tm.tm_sec = ParseDigits(text.substr(23, 2));
  if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || year < 1970 || tm.tm_hour > 23 ||
      tm.tm_hour < 0 || tm.tm_min > 59 || tm.tm_min < 0 || tm.tm_sec > 60 || tm.tm_sec < 0) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  return static_cast<int64_t>(timegm(&tm));
}

bool IsNotModified(std::string_view if_none_match, std::string_view if_modified_since,
                   std::string_view etag, int64_t last_modified) {
  if (!Trim(if_none_match).empty()) return !etag.empty() && EntityTagMatches(if_none_match, etag);
  if (last_modified <= 0 || Trim(if_modified_since).empty()) return false;
  auto since = ParseHttpDate(if_modified_since);
  return since && last_modified <= *since;
}

}  // namespace herald

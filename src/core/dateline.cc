#include "core/dateline.h"

#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "common/text.h"

namespace herald {
namespace {

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

icu::UnicodeString ToUnicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::unique_ptr<icu::SimpleDateFormat> NewFormat(std::string_view locale, std::string_view zone,
                                                 std::string_view pattern) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc(std::string(locale).c_str());
  auto fmt = std::make_unique<icu::SimpleDateFormat>(ToUnicode(pattern), loc, status);
  if (U_FAILURE(status)) return nullptr;
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone(ToUnicode(zone)));
  fmt->setLenient(false);
  return fmt;
}

// ICU formatters are expensive to build and not safe to share across
// threads, so each thread keeps one per (locale, zone, pattern).
icu::SimpleDateFormat* ThreadFormat(const Edition& e) {
  thread_local std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> cache;
  const std::string& locale = e.locale.empty() ? e.language : e.locale;
  std::string key = locale + '\n' + e.time_zone + '\n' + e.date_format;
  auto it = cache.find(key);
  if (it == cache.end())
    it = cache.emplace(key, NewFormat(locale, e.time_zone, e.date_format)).first;
  return it->second.get();
}

// ICU accepts any letter in a pattern and silently prints nothing for the
// ones it does not know, so the letters are checked here.
bool HasOnlyKnownPatternLetters(std::string_view pattern) {
  constexpr std::string_view kKnown = "GyYuUrQqMLlwWdDFgEecabBhHKkjJCmsSAzZOvVXx";
  bool quoted = false;
  for (char c : pattern) {
    if (c == '\'') {
      quoted = !quoted;
      continue;
    }
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!quoted && letter && kKnown.find(c) == std::string_view::npos) return false;
  }
  return !quoted;
}

}  // namespace

std::string FormatDateline(const Edition& edition, UnixTime t) {
  icu::SimpleDateFormat* fmt = ThreadFormat(edition);
  if (fmt == nullptr) return FormatRfc3339(t);
  icu::UnicodeString out;
  fmt->format(static_cast<UDate>(t) * 1000.0, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

Result<UnixTime> ParseDateline(const Edition& edition, std::string_view text) {
  icu::SimpleDateFormat* fmt = ThreadFormat(edition);
  if (fmt == nullptr) return Fail(ErrorCode::kInternal, "edition date format is unusable");
  icu::UnicodeString u = ToUnicode(Trim(text));
  icu::ParsePosition pos(0);
  UDate d = fmt->parse(u, pos);
  if (pos.getErrorIndex() >= 0 || pos.getIndex() != u.length()) {
    return Fail(ErrorCode::kInvalidArgument, "dateline '" + std::string(Trim(text)) +
                                                 "' does not match the pattern '" +
                                                 edition.date_format + "'");
  }
  return static_cast<UnixTime>(d / 1000.0);
}

bool IsKnownTimeZone(std::string_view zone) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool is_system_id = false;
  icu::TimeZone::getCanonicalID(ToUnicode(zone), canonical, is_system_id, status);
  // "Etc/Unknown" is ICU's placeholder for a failed lookup, not a zone.
  return U_SUCCESS(status) && is_system_id && canonical != UNICODE_STRING_SIMPLE("Etc/Unknown");
}

bool IsUsableDatePattern(std::string_view locale, std::string_view pattern) {
  return !pattern.empty() && HasOnlyKnownPatternLetters(pattern) &&
         NewFormat(locale, "UTC", pattern) != nullptr;
}

std::string FormatRfc3339(UnixTime t) {
  using namespace std::chrono;
  sys_seconds tp{seconds{t}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

Result<UnixTime> ParseRfc3339(std::string_view text) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument, "time '" + std::string(text.substr(0, 64)) +
                                                 "' is not RFC 3339 (e.g. 2024-05-01T09:30:00Z)");
  };
  auto digits = [&](size_t pos, size_t n, int& out) {
    if (pos + n > text.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(5, 2, mo) ||
      text[7] != '-' || !digits(8, 2, d) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(11, 2, h) ||
      text[13] != ':' || !digits(14, 2, mi) || text[16] != ':' || !digits(17, 2, s)) {
    return bad();
  }
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    size_t first_digit = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first_digit) return bad();
  }
  int offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!digits(pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad();
    }
    offset_seconds = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return bad();
  auto t = sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s};
  return static_cast<UnixTime>(duration_cast<seconds>(t).count()) - offset_seconds;
}

std::string FormatRfc3339(UnixTime t, std::string_view zone) {
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

}  // namespace herald

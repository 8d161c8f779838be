// Datelines and timestamps: formatting and parsing times for people (in an
// edition's zone, calendar and pattern) and for machines (ISO 8601 / RFC 3339).
// Thread-safe; formatters are cached per thread.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "core/article.h"
#include "core/edition.h"

namespace herald {

// Formats `t` as the edition's dateline, e.g. "18 December 2016 - 17:34" for
// pattern "d MMMM yyyy - HH:mm" in Asia/Tehran.
std::string FormatDateline(const Edition& edition, UnixTime t);

// Parses a dateline written in the edition's pattern and zone. Returns
// InvalidArgument when `text` does not match the pattern exactly.
Result<UnixTime> ParseDateline(const Edition& edition, std::string_view text);

// Returns true iff ICU knows the IANA zone `zone` (e.g. "Europe/Paris").
bool IsKnownTimeZone(std::string_view zone);

// Returns true iff `pattern` is a usable ICU date pattern in `locale`.
bool IsUsableDatePattern(std::string_view locale, std::string_view pattern);

// Formats `t` as RFC 3339 in UTC: "2016-12-18T14:04:00Z".
std::string FormatRfc3339(UnixTime t);

// Formats `t` as RFC 3339 in the IANA zone `zone`, with the offset the zone
// had at that instant: "2016-12-18T17:34:00+03:30". An unknown zone, or an
// offset that is not whole minutes (old local mean time), formats as UTC
// ("+00:00").
std::string FormatRfc3339(UnixTime t, std::string_view zone);

// Parses RFC 3339 ("2016-12-18T17:34:00+03:30", "...Z", fractional seconds
// allowed and dropped). Returns InvalidArgument otherwise.
Result<UnixTime> ParseRfc3339(std::string_view text);

}  // namespace herald

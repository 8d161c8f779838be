// Small text helpers shared by every layer: UTF-8 validation, trimming,
// splitting and HTML escaping. Pure functions, no I/O, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald {

// Returns true iff `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// Returns the number of Unicode code points in well-formed UTF-8 `s`.
size_t CountCodePoints(std::string_view s);

// Returns the longest prefix of well-formed UTF-8 `s` with at most `n` code
// points, never splitting one.
std::string_view PrefixCodePoints(std::string_view s, size_t n);

// Returns `s` without leading and trailing ASCII whitespace and no-break spaces.
std::string_view Trim(std::string_view s);

// Splits `s` at every occurrence of `sep`; empty pieces are kept.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Returns `s` with ASCII letters lowered; other bytes are unchanged.
std::string AsciiLower(std::string_view s);

// Appends `s` to `out` with &, <, >, " and ' replaced by entities, so the
// result is safe in HTML text and in quoted attribute values.
void AppendHtmlEscaped(std::string& out, std::string_view s);
std::string HtmlEscape(std::string_view s);

// Percent-encodes every byte outside RFC 3986's unreserved set and '/', for
// putting a path into a query parameter.
std::string PercentEncode(std::string_view s);

// Parses a decimal integer that fits in int64 and is >= 0; no sign, no spaces.
bool ParseNonNegative(std::string_view s, long long& out);

}  // namespace herald

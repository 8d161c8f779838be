// Slugs: the readable part of an article URL, made from its headline.
#pragma once

#include <string>
#include <string_view>

namespace herald {

inline constexpr size_t kMaxSlugLength = 80;

// Returns a URL slug for `text`: transliterated to ASCII (so Persian, Arabic,
// Cyrillic or Greek headlines still give readable Latin slugs), lowercased,
// with runs of anything but [a-z0-9] turned into one '-', trimmed of '-', and
// cut at a word boundary to at most kMaxSlugLength characters. Returns
// "article" when nothing usable is left. Thread-safe.
std::string MakeSlug(std::string_view text);

// Returns true iff `s` has the form MakeSlug produces: 1-100 characters of
// [a-z0-9-]. Checking this before use keeps request text out of redirects.
bool IsSlugShaped(std::string_view s);

}  // namespace herald

// Edition: one language version of the site (English, Persian, ...), with the
// conventions its pages follow. Section: a desk within an edition.
//
// Editions are configuration (see config/config.h); sections live in the
// store. Both are plain values with no behaviour beyond validation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald {

enum class TextDirection { kLtr, kRtl };

struct Edition {
  std::string code;      // URL prefix, e.g. "en", "fa". Lowercase ASCII.
  std::string name;      // Shown in the edition switcher, in its own language.
  std::string language;  // BCP 47 tag for <html lang>, e.g. "en", "fa".
  std::string locale;    // ICU locale for dates, e.g. "fa_IR@calendar=persian".
  TextDirection direction = TextDirection::kLtr;
  std::string time_zone;    // IANA zone for datelines, e.g. "Asia/Tehran".
  std::string date_format;  // ICU pattern for datelines, e.g. "d MMMM yyyy - HH:mm".
  std::vector<std::string> comment_languages;  // Languages comments may be in.
  std::string house_rules;                     // Shown above the comment box; one rule per line.
};

struct Section {
  std::string edition;  // Edition code the section belongs to.
  std::string slug;     // URL segment, lowercase ASCII, e.g. "politics".
  std::string name;     // Display name in the edition's language.
  int position = 0;     // Order in navigation, ascending.
};

// Returns "ltr" or "rtl".
const char* DirectionName(TextDirection d);

// Returns OK iff `code` is a usable edition code: 2-8 chars of [a-z0-9-],
// starting with a letter.
Result<void> ValidateEditionCode(std::string_view code);

// Returns OK iff `slug` is a usable section slug (1-64 chars of [a-z0-9-],
// not starting or ending with '-') that is not a reserved path word such as
// "news", "tag" or "page".
Result<void> ValidateSectionSlug(std::string_view slug);

// Returns the edition with `code`, or nullptr.
const Edition* FindEdition(const std::vector<Edition>& editions, std::string_view code);

}  // namespace herald

#include "core/edition.h"

#include <array>

namespace herald {
namespace {

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Path words the site uses directly under /{edition}/; a section with one of
// these names would shadow a route.
constexpr std::array<std::string_view, 9> kReservedSlugs = {
    "news", "tag", "page", "search", "comments", "static", "feed", "api", "desk"};

}  // namespace

const char* DirectionName(TextDirection d) { return d == TextDirection::kRtl ? "rtl" : "ltr"; }

Result<void> ValidateEditionCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 8 || code.front() < 'a' || code.front() > 'z') {
    return Fail(ErrorCode::kInvalidArgument,
                "edition code must be 2-8 lowercase characters starting with a letter");
  }
  for (char c : code) {
    if (!IsSlugChar(c)) {
      return Fail(ErrorCode::kInvalidArgument, "edition code may contain only a-z, 0-9 and '-'");
    }
  }
  return {};
}

Result<void> ValidateSectionSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') {
    return Fail(ErrorCode::kInvalidArgument,
                "section slug must be 1-64 characters and not start or end with '-'");
  }
  for (char c : slug) {
    if (!IsSlugChar(c)) {
      return Fail(ErrorCode::kInvalidArgument, "section slug may contain only a-z, 0-9 and '-'");
    }
  }
  for (std::string_view reserved : kReservedSlugs) {
    if (slug == reserved) {
      return Fail(ErrorCode::kInvalidArgument,
                  "section slug '" + std::string(slug) + "' is reserved for site paths");
    }
  }
  return {};
}

const Edition* FindEdition(const std::vector<Edition>& editions, std::string_view code) {
  for (const Edition& e : editions) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace herald

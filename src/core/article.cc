#include "core/article.h"

#include <algorithm>

#include "common/text.h"
#include "core/slug.h"

namespace herald {
namespace {

// True for a C0 control other than tab, line feed and carriage return, or DEL.
bool HasControlCharacter(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  });
}

Result<void> CheckText(std::string_view field, std::string_view value, size_t max_code_points) {
  if (!IsValidUtf8(value)) {
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is not valid UTF-8");
  }
  if (CountCodePoints(value) > max_code_points) {
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is longer than " +
                                                 std::to_string(max_code_points) + " characters");
  }
  // Control characters print as nothing, and some (NUL) cut the text short
  // wherever C strings take over (search highlighting, some feed readers).
  if (HasControlCharacter(value)) {
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " contains a control character");
  }
  return {};
}

bool IsAcceptableImageUrl(std::string_view url) {
  if (url.empty()) return true;
  if (url.find_first_of(" \t\r\n\"'<>\\") != std::string_view::npos) return false;
  return url.starts_with("https://") || url.starts_with("http://") ||
         (url.starts_with("/") && !url.starts_with("//"));
}

}  // namespace

const char* StatusName(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft:
      return "draft";
    case ArticleStatus::kScheduled:
      return "scheduled";
    case ArticleStatus::kPublished:
      return "published";
    case ArticleStatus::kUnpublished:
      return "unpublished";
  }
  return "draft";
}

std::optional<ArticleStatus> ParseStatus(std::string_view name) {
  if (name == "draft") return ArticleStatus::kDraft;
  if (name == "scheduled") return ArticleStatus::kScheduled;
  if (name == "published") return ArticleStatus::kPublished;
  if (name == "unpublished") return ArticleStatus::kUnpublished;
  return std::nullopt;
}

Result<void> ValidateArticle(const Article& a, const std::vector<Edition>& editions) {
  if (a.id < 0 || a.id > kMaxNewsId || a.translation_group < 0 ||
      a.translation_group > kMaxNewsId) {
    return Fail(ErrorCode::kInvalidArgument,
                "News IDs must be between 1 and " + std::to_string(kMaxNewsId));
  }
  if (FindEdition(editions, a.edition) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "edition '" + a.edition + "' does not exist");
  }
  if (auto ok = ValidateSectionSlug(a.section); !ok) {
    return Fail(ErrorCode::kInvalidArgument, "section: " + ok.error().message);
  }
  HERALD_RETURN_IF_ERROR(CheckText("headline", a.headline, kMaxHeadline));
  if (Trim(a.headline).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "headline must not be empty");
  }
  HERALD_RETURN_IF_ERROR(CheckText("lead", a.lead, kMaxLead));
  HERALD_RETURN_IF_ERROR(CheckText("image_caption", a.image_caption, kMaxCaption));
  HERALD_RETURN_IF_ERROR(CheckText("image_credit", a.image_credit, kMaxCredit));
  HERALD_RETURN_IF_ERROR(CheckText("byline", a.byline, 200));
  HERALD_RETURN_IF_ERROR(CheckText("correction", a.correction, kMaxLead));
  HERALD_RETURN_IF_ERROR(CheckText("image_url", a.image_url, 2000));
  if (!IsValidUtf8(a.body)) {
    return Fail(ErrorCode::kInvalidArgument, "body is not valid UTF-8");
  }
  if (HasControlCharacter(a.body)) {
    return Fail(ErrorCode::kInvalidArgument, "body contains a control character");
  }
  if (a.body.size() > kMaxBodyBytes) {
    return Fail(ErrorCode::kTooLarge,
                "body is larger than " + std::to_string(kMaxBodyBytes / 1024) + " KiB");
  }
  if (!IsAcceptableImageUrl(a.image_url)) {
    return Fail(ErrorCode::kInvalidArgument,
                "image_url must be an http(s) URL or a path starting with '/'");
  }
  if (a.tags.size() > kMaxTags) {
    return Fail(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxTags) + " tags");
  }
  for (const Tag& t : a.tags) {
    HERALD_RETURN_IF_ERROR(CheckText("tag", t.name, 100));
    if (Trim(t.name).empty() || t.slug.empty() || !IsValidUtf8(t.slug)) {
      return Fail(ErrorCode::kInvalidArgument, "tags must have a name and a slug");
    }
  }
  return {};
}

Result<std::vector<Tag>> MakeTags(const std::vector<std::string>& names) {
  std::vector<Tag> tags;
  for (const std::string& raw : names) {
    HERALD_RETURN_IF_ERROR(CheckText("tag", raw, 100));
    std::string name(Trim(raw));
    if (name.empty()) continue;
    Tag tag{MakeSlug(name), name};
    bool seen = false;
    for (const Tag& t : tags) seen = seen || t.slug == tag.slug;
    if (!seen) tags.push_back(std::move(tag));
  }
  if (tags.size() > kMaxTags) {
    return Fail(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxTags) + " tags");
  }
  return tags;
}

std::string CanonicalPath(const Article& a) {
  std::string path = "/" + a.edition + "/news/" + std::to_string(a.id);
  if (!a.slug.empty()) path += "/" + a.slug;
  return path;
}

}  // namespace herald

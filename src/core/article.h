// Article: one story in one edition, identified by its News ID.
//
// The same story in several editions shares a translation group (the News
// ID of the first version). Times are Unix seconds, UTC; 0 means "not set".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/edition.h"

namespace herald {

using NewsId = int64_t;
using UnixTime = int64_t;

enum class ArticleStatus {
  kDraft,        // Being written; not public.
  kScheduled,    // Will become public at published_at.
  kPublished,    // Public.
  kUnpublished,  // Was public, withdrawn; not public.
};

// How an article (or a whole edition) takes reader comments.
enum class CommentMode {
  kPost,    // Publish what screening passes; moderators look afterwards.
  kPre,     // Hold every comment for a moderator.
  kClosed,  // Take no new comments.
};

struct Tag {
  std::string slug;  // URL form, from the name (see MakeSlug).
  std::string name;  // As the editor typed it.
};

struct Article {
  NewsId id = 0;  // 0 until the store assigns one.
  std::string edition;
  std::string section;  // Section slug within the edition.
  std::vector<Tag> tags;
  std::string headline;
  std::string slug;  // Derived from the headline by the store's caller.
  std::string lead;
  std::string body;       // Markdown.
  std::string body_html;  // `body` rendered (RenderBody), kept so pages need not re-render.
  std::string image_url;
  std::string image_caption;
  std::string image_credit;  // Who took the photo ("Reuters/Jane Doe"), shown with the caption.
  std::string byline;
  ArticleStatus status = ArticleStatus::kDraft;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  UnixTime published_at = 0;  // The dateline; the planned time when scheduled.
  std::string correction;     // Shown on the page when not empty.
  UnixTime corrected_at = 0;
  NewsId translation_group = 0;             // 0 when the story has no translations.
  int64_t revision = 0;                     // Set by the store; bumped by every update.
  std::optional<CommentMode> comment_mode;  // Unset: the edition's policy decides.
  // The desk's workflow. `author` is who created the article and
  // `updated_by` who saved it last: a user's email, "token:NAME" or "import".
  std::string author;
  std::string updated_by;
  UnixTime submitted_at = 0;  // A draft sent for an editor's review; 0 when not.
};

// Limits on article fields, in code points (bytes for the body).
inline constexpr size_t kMaxHeadline = 300;
inline constexpr size_t kMaxLead = 2000;
inline constexpr size_t kMaxCaption = 1000;
inline constexpr size_t kMaxCredit = 200;
inline constexpr size_t kMaxBodyBytes = size_t{512} * 1024;
inline constexpr size_t kMaxTags = 20;
// News IDs stay far below int64's limit, so a careless import cannot push
// the store's ID sequence to its end.
inline constexpr NewsId kMaxNewsId = 999'999'999'999;

// Returns "draft", "scheduled", "published" or "unpublished".
const char* StatusName(ArticleStatus s);

// Parses a status name; nullopt for anything else.
std::optional<ArticleStatus> ParseStatus(std::string_view name);

// Returns true iff readers may see the article.
inline bool IsPublic(const Article& a) { return a.status == ArticleStatus::kPublished; }

// Checks that every field of `a` is well-formed: valid UTF-8, within limits,
// a non-empty headline, an edition in `editions`, a valid section slug and
// image URL (http(s) or site-relative). Returns InvalidArgument naming the
// first bad field.
Result<void> ValidateArticle(const Article& a, const std::vector<Edition>& editions);

// Builds tags from names as typed: trims, drops empties and duplicates (by
// slug), keeps order. Returns InvalidArgument for invalid UTF-8 or too many.
Result<std::vector<Tag>> MakeTags(const std::vector<std::string>& names);

// Returns the News ID of the story `a` belongs to: its translation group, or
// its own ID when it founded the group (a founder is never rewritten to name
// itself) or has no translations.
inline NewsId StoryOf(const Article& a) {
  return a.translation_group != 0 ? a.translation_group : a.id;
}

// When an article last changed for its readers: the latest of its update,
// correction and publication times, so it is never before publication.
// Feeds' "updated", structured data's dateModified and the ninjs change
// list all use it (the store orders changes by the same expression).
inline UnixTime ChangedAt(const Article& a) {
  UnixTime t = a.updated_at > a.corrected_at ? a.updated_at : a.corrected_at;
  return t > a.published_at ? t : a.published_at;
}

// Returns the canonical path of a published article: /{edition}/news/{id}/{slug}.
std::string CanonicalPath(const Article& a);

}  // namespace herald

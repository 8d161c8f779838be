// Renders the public site's pages to HTML from domain values.
//
// Rendering is pure: the caller fetches articles and sections and passes them
// in; nothing here touches the store or the network. Every value is
// HTML-escaped by the templates except the Markdown body, which
// MarkdownToHtml has made safe. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/article.h"
#include "core/comment.h"
#include "core/edition.h"

namespace herald {

// What every page shows around its content.
struct PageChrome {
  std::string site_name;
  std::string base_url;                            // For canonical links, no trailing '/'.
  const Edition* edition = nullptr;                // Required.
  const std::vector<Edition>* editions = nullptr;  // Required: the switcher.
  std::vector<Section> sections;                   // The edition's navigation.
  std::string current_section;                     // Slug, highlighted in navigation.
};

// What to tell a commenter after they sent the form.
struct CommentNotice {
  // published, pending, rejected, refused, nudge, invalid, rate_limited,
  // closed, banned, expired, reported.
  std::string kind;
  std::vector<std::string> messages;  // Plain text: the reasons.
  CommentId comment_id = 0;           // The comment, when it was kept.
};

// The form as the commenter filled it in, shown again after an error.
struct CommentForm {
  std::string name;
  std::string email;
  std::string body;
  CommentId parent_id = 0;
  bool confirm = false;  // They saw the nudge: the next send posts as it is.
};

struct CommentsView {
  std::vector<Comment> comments;  // Published, oldest first; replies after their parents.
  CommentMode mode = CommentMode::kPost;
  std::string form_token;  // Signed; proves the form came from this page.
  std::optional<CommentNotice> notice;
  CommentForm form;
};

struct ArticleView {
  const Article* article = nullptr;   // Required.
  const Section* section = nullptr;   // Its section, when known.
  std::vector<Article> related;       // Latest other stories.
  std::vector<Article> translations;  // Published versions in other editions.
  CommentsView comments;
};

struct ListView {
  std::string heading;         // <h1>.
  std::string title;           // <title>, without the site name.
  std::string canonical_path;  // e.g. "/en/politics/?page=2".
  std::vector<Article> items;
  std::vector<std::pair<NewsId, int>> comment_counts;  // Published comments per item.
  std::string newer_path;                              // Empty when on the first page.
  std::string older_path;                              // Empty when on the last page.
};

std::string RenderArticlePage(const PageChrome& chrome, const ArticleView& view);
std::string RenderListPage(const PageChrome& chrome, const ListView& view);
// An error page; `heading` and `message` are plain text.
std::string RenderErrorPage(const PageChrome& chrome, std::string_view heading,
                            std::string_view message);

}  // namespace herald

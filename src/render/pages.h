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
  std::string default_edition;  // Code of the site's default edition: hreflang x-default.
  // The publisher logo for structured data (site.logo_url): an http(s) URL
  // or a site path; empty for the built-in one. Its size is left out when 0.
  std::string logo_url;
  int logo_width = 0;
  int logo_height = 0;
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
  const Article* article = nullptr;  // Required.
  const Section* section = nullptr;  // Its section, when known.
  std::vector<Article> related;      // Latest other stories.
  // Every version of the story (Store::ListTranslations: any status, this
  // article included); only published ones in known editions are linked.
  std::vector<Article> translations;
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

// An article page. Its head carries the NewsArticle JSON-LD, OpenGraph and
// Twitter card tags, the canonical link, hreflang alternates for every
// published version of the story (with x-default: the default edition's
// version, else the founder's, else the first) and the edition's feeds.
std::string RenderArticlePage(const PageChrome& chrome, const ArticleView& view);
// A list page (front, section, tag). Its head carries OpenGraph tags and
// the edition's feeds; a section page adds the section's feeds, and the
// edition front (canonical path "/{edition}/") adds hreflang alternates for
// every edition's front and the WebSite/Organization JSON-LD.
std::string RenderListPage(const PageChrome& chrome, const ListView& view);
// An error page; `heading` and `message` are plain text.
std::string RenderErrorPage(const PageChrome& chrome, std::string_view heading,
                            std::string_view message);

// One article a search found.
struct SearchResult {
  Article article;  // Summary fields: id, edition, section, headline, slug, published_at.
  // Headline and snippet with matches between kSearchMarkOpen and
  // kSearchMarkClose (core/search_text.h); HighlightToHtml escapes them and
  // marks the matches, so they are the only other text inserted raw.
  std::string headline_marked;
  std::string snippet_marked;
};

// The search page: a form, and the results when the reader searched.
struct SearchView {
  std::string query;      // As the reader typed it, shown in the form.
  bool searched = false;  // A search ran: say how many were found.
  std::string message;    // Plain text shown instead of results ("too long"), or "".
  int64_t total = 0;      // Found in all.
  int first_rank = 1;     // The rank of results[0], for the list's numbering.
  std::vector<SearchResult> results;
  std::string previous_path;  // Empty on the first page.
  std::string next_path;      // Empty on the last page.
};

// The search page (never indexed by search engines: robots noindex).
std::string RenderSearchPage(const PageChrome& chrome, const SearchView& view);

}  // namespace herald

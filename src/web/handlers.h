// Internal to web/: the handler functions App routes to. Each translates a
// request into calls on the store and the renderer, and back into a response.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/comment_service.h"
#include "config/config.h"
#include "render/pages.h"
#include "store/store.h"
#include "web/http.h"

namespace herald {

struct HandlerContext {
  const Config& config;
  Store& store;
  int64_t now;               // Unix seconds at the start of the request.
  CommentService* comments;  // Null when comments are not set up (some tests).
};

// Public HTML pages. `segments` are the non-empty path segments.
Response HandleSite(const HandlerContext& ctx, const Request& request,
                    const std::vector<std::string_view>& segments);

// A real 404 page in the language of `edition_code` (or the default edition).
Response NotFoundPage(const HandlerContext& ctx, std::string_view edition_code);

// A 500 page for a failure the reader cannot fix.
Response ErrorPage(const HandlerContext& ctx, int status);

// A JSON API error: {"error": {"code", "message"}} with `status`.
Response ApiError(int status, std::string_view code, std::string_view message);

// JSON API helpers shared by the API handler files --------------------------

// A JSON response, never cached.
Response Json(int status, const nlohmann::json& body);
// The HTTP status for an error code.
int HttpStatusFor(ErrorCode code);
// The JSON error response for `e` (5xx details go to the log, not the client).
Response FromError(const Error& e);
Response Unauthorized();
Response MethodNotAllowed(std::string_view allow);
Result<bool> IsAuthenticated(const HandlerContext& ctx, const Request& request);
Result<std::optional<std::string>> TokenName(const HandlerContext& ctx, const Request& request);
// Parses the body as a JSON object (size, content type, syntax checked).
Result<nlohmann::json> JsonBody(const HandlerContext& ctx, const Request& request,
                                bool allow_empty);
nlohmann::json TimeOrNull(UnixTime t);

// Comments (comment_handlers.cc) -------------------------------------------

// POST /{edition}/news/{id}/comments: the no-JavaScript form.
Response HandleCommentForm(const HandlerContext& ctx, const Request& request,
                           const Edition& edition, const Article& article);
// POST /{edition}/comments/{id}/report: a reader's report, from the form.
Response HandleReportForm(const HandlerContext& ctx, const Request& request, const Edition& edition,
                          std::string_view comment_id);
// /api/v1/articles/{id}/comments: GET the published ones, POST a new one.
Response HandleArticleCommentsApi(const HandlerContext& ctx, const Request& request,
                                  std::string_view article_id);
// /api/v1/comments/{id}[/report|/approve|/reject].
Response HandleCommentsApi(const HandlerContext& ctx, const Request& request,
                           const std::vector<std::string_view>& rest);

// Renders the article page; `comments` carries the form's state when the
// page answers a form post (status 200 otherwise).
Response ArticlePage(const HandlerContext& ctx, const Edition& edition, const Article& article,
                     CommentsView comments, int status);

// /api/v1/...; `segments` start after "v1".
Response HandleApi(const HandlerContext& ctx, const Request& request,
                   const std::vector<std::string_view>& segments);

// Syndication (feed_handlers.cc) --------------------------------------------

// The site-wide documents for machines: /robots.txt, /sitemap.xml (an index
// of monthly sitemaps), /sitemaps/YYYY-MM[-N].xml and /sitemap-news.xml.
// Returns nullopt when `segments` name none of them.
std::optional<Response> HandleSiteDocument(const HandlerContext& ctx, const Request& request,
                                           const std::vector<std::string_view>& segments);

// The feeds of `edition` and its sections: /{edition}/rss.xml, atom.xml and
// feed.json, and /{edition}/{section}/ with the same names (404 for an
// unknown section). Returns nullopt when the path names no feed.
std::optional<Response> HandleEditionFeed(const HandlerContext& ctx, const Request& request,
                                          const Edition& edition,
                                          const std::vector<std::string_view>& segments);

// /api/v1/ninjs/{id}: a public article as IPTC ninjs; /api/v1/ninjs: the
// articles changed since a time or cursor, oldest change first, for
// partners to poll (?edition=, since=, cursor=, limit=). `rest` follows
// "ninjs".
Response HandleNinjsApi(const HandlerContext& ctx, const Request& request,
                        const std::vector<std::string_view>& rest);

// Search (search_handlers.cc) ----------------------------------------------

// The page frame (site name, editions, the edition's sections) every HTML
// page of `edition` is rendered in (site_handlers.cc).
PageChrome SiteChrome(const HandlerContext& ctx, const Edition& edition);

// GET /{edition}/search?q=...&page=N: the search page. An empty query shows
// the form alone (without searching); one over kMaxSearchQueryChars answers
// 400 with the form and a message; a malformed page number 400.
Response HandleSearchPage(const HandlerContext& ctx, const Request& request,
                          const Edition& edition);

// GET /api/v1/search?q=...&edition=...&page=N (edition defaults to the
// site's default): {"query", "edition", "total", "page", "page_size",
// "has_more", "results": [{"id", "headline", "url", "published_at",
// "section", "headline_html", "snippet"}]}; "headline_html" and "snippet"
// are escaped HTML with matches in <mark>. 400 for a query over
// kMaxSearchQueryChars or a bad page, 404 for an unknown edition.
Response HandleSearchApi(const HandlerContext& ctx, const Request& request);

}  // namespace herald

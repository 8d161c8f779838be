// Internal to web/: the handler functions App routes to. Each translates a
// request into calls on the store and the renderer, and back into a response.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/comment_service.h"
#include "common/result.h"
#include "config/config.h"
#include "render/pages.h"
#include "store/store.h"
#include "web/http.h"

namespace herald {

struct UiStrings;

// The site's secrets the desk needs, loaded once from the store (so every
// node has the same ones).
struct DeskKeys {
  std::string address_key;  // Keys the hashes of client addresses in sessions and the audit log.
  std::string login_key;    // Signs the login form's CSRF token.
};

struct HandlerContext {
  const Config& config;
  Store& store;
  int64_t now;                     // Unix seconds at the start of the request.
  CommentService* comments;        // Null when comments are not set up (some tests).
  const DeskKeys* keys = nullptr;  // Null: the desk's login answers 503 (some tests).
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
// /api/v1/comments/{id}[/report|/approve|/reject|/status|/appeal]. /status
// (GET, ?key=) and /appeal (POST {"key", "text"}) are the JSON twins of the
// status page; a wrong key answers 404, as a missing comment does.
Response HandleCommentsApi(const HandlerContext& ctx, const Request& request,
                           const std::vector<std::string_view>& rest);

// GET /{edition}/comments/{id}/status?key=KEY: the commenter's private page
// for one comment (status, reasons, the moderator's note, the appeal, and
// the appeal form for a rejected comment not yet appealed). 404 for a
// missing comment, a wrong key, or another edition's comment. Never cached,
// never indexed, no referrer.
Response HandleCommentStatusPage(const HandlerContext& ctx, const Request& request,
                                 const Edition& edition, std::string_view comment_id);
// POST /{edition}/comments/{id}/appeal (fields key, token, appeal): records
// the appeal and answers 303 back to the status page, or the page again
// with the error (400 expired form or bad text, 409 not appealable).
Response HandleAppealForm(const HandlerContext& ctx, const Request& request, const Edition& edition,
                          std::string_view comment_id);

// The interface words of edition `edition_code` (the default edition's
// when there is no such edition).
const UiStrings& StringsOf(const HandlerContext& ctx, std::string_view edition_code);

// The reasons a commenter is shown for `findings`, each once, in pipeline
// order: [{"code", "message"}] in the words of `strings`.
nlohmann::json ReasonsJson(const UiStrings& strings, const std::vector<Finding>& findings);

// A moderator's reason code and note for the commenter, from a decision's
// JSON body ("reason", "note", both optional).
struct DecisionText {
  std::string reason;  // "" or a reason code (core/comment.h).
  std::string note;    // Normalised, at most kMaxModeratorNote characters.
};
inline constexpr size_t kMaxModeratorNote = 1000;

// Reads and checks "reason" and "note" of `body`; kInvalidArgument names
// the field at fault.
Result<DecisionText> DecisionFields(const nlohmann::json& body);

// Moves comment `id` to `status` on `actor`'s decision (approve or reject,
// one at a time or in bulk: both come here), logs it and records it in
// the audit log. Returns the comment as it now is; kNotFound if it is gone.
Result<Comment> ModerateComment(const HandlerContext& ctx, const Request& request,
                                const std::string& actor, CommentId id, CommentStatus status,
                                const DecisionText& text);

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

// The desk (desk_handlers.cc) --------------------------------------------

// /desk/login (GET the form, POST to sign in), /desk/logout (POST), and
// every other GET under /desk/: the shell desk.js draws into, or a 303 to
// the login form without a session. `segments` start with "desk".
Response HandleDesk(const HandlerContext& ctx, const Request& request,
                    const std::vector<std::string_view>& segments);

// /api/v1/me, /api/v1/me/password, /api/v1/users[/{id}] and /api/v1/audit;
// nullopt for other paths. `segments` start after "v1".
std::optional<Response> HandleAccountsApi(const HandlerContext& ctx, const Request& request,
                                          const std::vector<std::string_view>& segments);

// Images (media_handlers.cc) -------------------------------------------------

// POST /api/v1/media: stores an uploaded image under its content hash.
Response HandleMediaUpload(const HandlerContext& ctx, const Request& request);

// GET /media/{sha256}.{ext}: an uploaded image, cached for good.
Response HandleMediaFile(const HandlerContext& ctx, std::string_view name);

// Moderation (moderation_handlers.cc) --------------------------------------

// Every endpoint needs Permission::kModerateComments (web/access.h).

// GET /api/v1/moderation/queue?kind=held|reported|appeals&edition=&limit=&offset=:
// {"kind", "counts": {"held", "reported", "appeals"}, "items": [QueueItem]},
// riskiest first; each comment's "body_html" is escaped text with the
// findings' words in <mark>. POST /api/v1/moderation/bulk {"ids": [at most
// 200], "action": "approve"|"reject", "reason", "note"}: {"results": [{"id",
// "status"} or {"id", "error": {"code", "message"}}]}. `rest` follows
// "moderation".
Response HandleModerationApi(const HandlerContext& ctx, const Request& request,
                             const std::vector<std::string_view>& rest);

// GET /api/v1/commenters/{id}: {"commenter", "comments": [their latest 20]};
// POST .../warn {"note"}, /suspend {"days": 1..365}, /premoderate {"on"},
// /ban, /unban: {"commenter"}, each recorded in the audit log. `rest`
// follows "commenters".
Response HandleCommentersApi(const HandlerContext& ctx, const Request& request,
                             const std::vector<std::string_view>& rest);

}  // namespace herald
